"""Benchmark: what reading a pseudonymised bundle back costs, beside writing it, per format.

Copies a demo project (default /tmp/qcode-demo-full/demo.qcode, else the path given) through
SQLite's backup API, adds every suggested pseudonym, then times for each format an export of
every theme without pseudonyms, the same export pseudonymised (which reads the files back),
and the suggestions on their own. Prints seconds and ratios; asserts nothing about speed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from qcode.codebook.tree import list_codes
from qcode.export.bundle import BundleOptions, export_bundle
from qcode.export.suggest import apply_suggestions, suggest
from qcode.store import Project
from qcode.store.snapshots import copy_file

DEMO = Path("/tmp/qcode-demo-full/demo.qcode")


def _copy(src: Path, dst: Path) -> None:
    copy_file(src, dst)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.exists():
        sys.exit(f"{source}: no demo project (make one with: qcode demo DIR)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.qcode"
        _copy(source, path)
        with Project.open(path) as project:
            t = time.perf_counter()
            items = suggest(project)
            suggest_s = time.perf_counter() - t
            apply_suggestions(project, items)
            codes = [c.uuid for c in list_codes(project) if c.depth == 0]
            print(f"{len(items)} suggestions in {suggest_s:.2f} s")
            print("format  plain s  pseudonymised+check s  ratio")
            for fmt in ("docx", "pdf", "xlsx", "csv"):
                times = []
                for pseudonymise in (False, True):
                    options = BundleOptions(
                        codes=codes, pseudonymise=pseudonymise, accept_leaks=["Name"]
                    )
                    t = time.perf_counter()
                    export_bundle(project, options, Path(folder) / f"b{pseudonymise}.{fmt}", fmt)
                    times.append(time.perf_counter() - t)
                print(f"{fmt:6}  {times[0]:7.2f}  {times[1]:21.2f}  {times[1] / times[0]:5.2f}")


if __name__ == "__main__":
    main()
