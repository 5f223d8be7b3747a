"""Benchmark: merging two coders' copies of the demo corpus (50,000 codings each), agreement.

Copies /tmp/qcode-demo-full/demo.qcode (or the path given) to a temporary folder, clones it for
Ann and Bob, gives each 50,000 codings on random segments (Bob agrees with Ann on about 60%),
some code renames, removals and memos, then times `merge_projects` (dry run, real on fresh
copies of the lead --runs times, and again to show it is idempotent) and `agreement` over all
codes for each unit, and the row check every source passes first (goals: checking a
50,000-coding file < 1 s, the full merge < 3 s). `--no-agreement` leaves agreement out.

On a shared machine wall times swing with the load, so the merge is also given as a ratio to
a baseline timed in the same run: bare sqlite3 reading every coding of both files and
inserting the lead's missing ones in one transaction, the least any merge must do. CPU
seconds of this process are printed beside wall seconds. Prints numbers only.
"""

from __future__ import annotations

import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, select, update

from qcode.agreement import agreement
from qcode.clock import now
from qcode.clone import clone_project
from qcode.codebook.tree import code_infos
from qcode.coding import list_codings
from qcode.ids import new_uuid
from qcode.integrity.files import check_project, connect_checked
from qcode.integrity.guard import refuse_if_damaged
from qcode.integrity.rows import check_connection
from qcode.merge import merge_projects
from qcode.merging.state import copy_database
from qcode.store import Code, Coding, Project, Segment

T = TypeVar("T")
DEMO = Path("/tmp/qcode-demo-full/demo.qcode")
CODINGS = 50_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def add_codings(path: Path, coder: str, picks: list[tuple[str, int, int, str]]) -> None:
    """Bulk-insert codings (segment-sized passages) as `coder`, with a few edits after."""
    with Project.open(path, coder_name=coder) as p, p.transaction("bench codings") as s:
        rows = []
        for doc, start, end, code in picks:
            stamp = now()
            rows.append(dict(uuid=new_uuid(), document_uuid=doc, code_uuid=code,
                             coder_uuid=p.coder_uuid, start=start, end=end, memo="",
                             created_at=stamp, updated_at=stamp, updated_by=p.coder_uuid))
        s.execute(insert(Coding), rows)
        rng = random.Random(coder)
        for row in rng.sample(rows, 1000):  # removed later on
            s.execute(update(Coding).where(Coding.uuid == row["uuid"])
                      .values(deleted=True, updated_at=now()))
        for row in rng.sample(rows, 500):  # memos
            s.execute(update(Coding).where(Coding.uuid == row["uuid"])
                      .values(memo=f"memo by {coder}", updated_at=now()))
        subcodes = list(s.scalars(select(Code).where(Code.parent_uuid.isnot(None))))
        for sub in rng.sample(subcodes, 3):
            sub.name = f"{sub.name} ({coder})"
            sub.updated_at = now()
            sub.updated_by = p.coder_uuid


UNIT: list[float] = []


def timed(label: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return timed_runs(label, fn, *args, **kwargs)[0]


def timed_runs(label: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """Run once, print wall and CPU seconds; the result and the wall seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    ratio = f" = {took / UNIT[0]:6.1f} units" if UNIT else ""
    print(f"{label:<44} {took:8.2f} s (cpu {cpu:5.2f}){ratio}   peak RSS {peak_mb():7.0f} MB",
          flush=True)
    return result, took


def bare_sqlite(target: Path, sources: list[Path]) -> None:
    """The baseline: every coding (and coder) of the sources read with bare sqlite3, the
    ones the target lacks inserted into it in one transaction, foreign keys checked."""
    rows: dict[str, tuple[Any, ...]] = {}
    coders: dict[str, tuple[Any, ...]] = {}
    for src in sources:
        conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            coders.update((r[0], r) for r in conn.execute("SELECT * FROM coder"))
            rows.update((r[0], r) for r in conn.execute("SELECT * FROM coding"))
        finally:
            conn.close()
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -131072")  # as the merge's write
        conn.execute("BEGIN")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        have = {u for (u,) in conn.execute("SELECT uuid FROM coder")}
        new = [r for u, r in coders.items() if u not in have]
        if new:
            conn.executemany(f"INSERT INTO coder VALUES ({', '.join('?' * len(new[0]))})", new)
        have = {u for (u,) in conn.execute("SELECT uuid FROM coding")}
        new = [r for u, r in rows.items() if u not in have]
        conn.executemany(f"INSERT INTO coding VALUES ({', '.join('?' * len(new[0]))})", new)
        conn.execute("COMMIT")
    finally:
        conn.close()


def merge_runs(folder: Path, lead: Path, sources: list[Path], runs: int) -> None:
    """The baseline and the full merge, alternately on fresh copies of the lead: the minimum
    of each and their ratio."""
    base: list[float] = []
    full: list[float] = []
    for i in range(runs):
        copy = folder / f"lead-base-{i}.qcode"
        copy_database(lead, copy)
        base.append(timed_runs(f"baseline: bare sqlite3 (run {i + 1})", bare_sqlite, copy,
                               sources)[1])
        copy = folder / f"lead-run-{i}.qcode"
        copy_database(lead, copy)
        rep, took = timed_runs(f"merge lead <- ann, bob (run {i + 1})", merge_projects, copy,
                               sources)
        full.append(took)
    print("   " + rep.describe().replace("\n", "\n   "))
    print(f"full merge: min {min(full):.2f} s of {runs} runs; baseline min {min(base):.2f} s; "
          f"ratio {min(full) / min(base):.2f}")


def reference() -> float:
    """Seconds for a fixed amount of pure-Python work: timings below are also given in these
    units, so runs on a loaded or slower machine compare."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i & 7
    return time.perf_counter() - start


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--runs=")), 3)
    demo = Path(args[0]) if args else DEMO
    UNIT.append(reference())
    print(f"reference unit (3e6 loop steps): {UNIT[0]:.3f} s")
    with tempfile.TemporaryDirectory(prefix="qcode-bench-merge-") as tmp:
        folder = Path(tmp)
        lead = folder / "lead.qcode"
        copy_database(demo, lead)
        with Project.open(lead, coder_name="Lead") as p, p.read() as s:
            segs = [(r.document_uuid, r.start, r.end)
                    for r in s.execute(select(Segment.document_uuid, Segment.start, Segment.end))]
            codes = [c.uuid for c in code_infos(s) if c.codable and c.depth > 0]
        rng = random.Random(1)
        ann_picks = [(*rng.choice(segs), rng.choice(codes)) for _ in range(CODINGS)]
        bob_picks = [a if rng.random() < 0.6 else (*rng.choice(segs), rng.choice(codes))
                     for a in ann_picks]
        ann = clone_project(lead, folder / "ann.qcode", "Ann")
        bob = clone_project(lead, folder / "bob.qcode", "Bob")
        add_codings(ann, "Ann", ann_picks)
        add_codings(bob, "Bob", bob_picks)
        print(f"corpus: {len(segs):,} segments, {len(codes)} codes; "
              f"{CODINGS:,} codings per coder; file {lead.stat().st_size / 1e6:.0f} MB")
        conn = connect_checked(ann)
        try:
            found = timed("check ann's rows (50,000 codings)", check_connection, conn)
        finally:
            conn.close()
        assert found.ok, found.problems[:5]
        timed("qcode check ann (private copy + door + rows)", check_project, ann)
        timed("quick check on opening ann", refuse_if_damaged, ann)
        rep = timed("merge --dry-run lead <- ann, bob", merge_projects, lead, [ann, bob],
                    dry_run=True)
        merge_runs(folder, lead, [ann, bob], runs)
        rep = timed("merge lead <- ann, bob (one transaction)", merge_projects, lead, [ann, bob])
        rep = timed("merge lead <- ann, bob again (no change)", merge_projects, lead, [ann, bob])
        assert not rep.changed
        copy_database(bob, folder / "bob2.qcode")
        timed("merge bob <- ann (other direction)", merge_projects, folder / "bob2.qcode", [ann])
        if "--no-agreement" in sys.argv:
            return
        with Project.open(lead, coder_name="Lead") as p:
            n = len(list_codings(p))
            print(f"live codings in the merged project: {n:,}")
            for unit in ("segment", "sentence", "character"):
                rep_a = timed(f"agreement Ann/Bob, all codes, unit={unit}", agreement, p,
                              ["Ann", "Bob"], unit=unit)
                o = rep_a.overall
                print(f"   {len(rep_a.per_code)} codes, {len(rep_a.documents)} documents, "
                      f"{o.units:,} unit-codes: agreement {100 * o.percent:.1f}%, "
                      f"kappa {o.cohen:.3f}, alpha {o.alpha:.3f}, "
                      f"{len(rep_a.disagreements):,} disagreements")


if __name__ == "__main__":
    main()
