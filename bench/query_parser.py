"""Benchmark of the query parser: what a cold `qcode search` pays to import it, and parse times.

Run: `.venv/bin/python bench/query_parser.py [N]` (N: cold runs per measure, default 15). Prints
the best of N cold imports of `qcode.search.query` beside a bare `python -c pass` and beside the
Whoosh modules the old query path loaded (qparser, query, analysis, fields), then the median time
to parse each query form with our parser and with Whoosh's (the test oracle's configuration),
as ratios measured in the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for the tests' Whoosh oracle

from qcode.search.parser import parse
from qcode.search.syntax import check_query

QUERIES = [
    "impartiality",
    '"advisory group"',
    '"near words"~5',
    "recruit* OR recrui?",
    "relentles~2/1",
    "(bots OR café) AND NOT arrest",
    'kind:focus_group speaker:"Officer 2" force:(c OR d)',
    "advisory ANDMAYBE box^2 ANDNOT group",
]
ALIASES = {"force": "a_force", "rank_band": "a_rank_band"}


def cold(code: str, runs: int) -> float:
    """Best wall time of `python -c code` in a fresh process."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def per_call(fn: Callable[[], object], reps: int = 300) -> float:
    """Median seconds per call over rounds of `reps` calls."""
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        rounds.append((time.perf_counter() - start) / reps)
    return statistics.median(rounds)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    bare = cold("pass", runs)
    ours = cold("import qcode.search.query", runs)
    whoosh = cold("import whoosh.qparser, whoosh.query, whoosh.analysis, whoosh.fields", runs)
    print(f"cold imports, best of {runs}:")
    print(f"  python -c pass                          {bare * 1000:7.1f} ms")
    print(f"  import qcode.search.query               {ours * 1000:7.1f} ms")
    print(f"  Whoosh's qparser+query+analysis+fields  {whoosh * 1000:7.1f} ms (the old path's)")
    print(f"  qcode.search.query over bare python:    {(ours - bare) * 1000:7.1f} ms")
    print(f"  Whoosh's modules over bare python:      {(whoosh - bare) * 1000:7.1f} ms")

    from tests.search.whoosh_oracle import _parser

    print("\nparse, median per query (check + parse to a query tree):")
    print(f"  {'query':55} {'ours':>9} {'Whoosh':>9} {'ratio':>7}")
    for text in QUERIES:
        mine = per_call(lambda t=text: parse(check_query(t, ALIASES), ALIASES))  # type: ignore[misc]
        theirs = per_call(lambda t=text: _parser(ALIASES).parse(check_query(t, ALIASES)))  # type: ignore[misc]
        print(f"  {text:55} {mine * 1e6:7.0f}µs {theirs * 1e6:7.0f}µs {theirs / mine:6.1f}x")


if __name__ == "__main__":
    main()
