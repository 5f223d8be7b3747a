"""Import the full demo corpus and time it, beside python-docx alone reading the same files.

Uses /tmp/qcode-demo-full/corpus when /tmp/qcode-demo-full/READY exists (read-only), else
writes a corpus into a temporary folder first. Prints seconds, words per second, peak memory.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path("/tmp/qcode-demo-full")
REPEATS = 3


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of the largest reader process."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan"), float("nan")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale,
    )


def corpus_folder(scratch: Path) -> tuple[Path, Path]:
    """(corpus folder, attribute sheet): the shared demo corpus, or a freshly written one."""
    if (SHARED / "READY").exists():
        return SHARED / "corpus", SHARED / "attributes.xlsx"
    from qcode.demo.build import CORPUS, SHEET, write_corpus
    from qcode.demo.corpus import plan

    print("(no shared corpus: writing one)")
    write_corpus(scratch, plan())
    return scratch / CORPUS, scratch / SHEET


def python_docx_alone(files: list[Path]) -> float:
    """Seconds python-docx takes to open each file and read its paragraphs and tables."""
    import docx

    began = time.perf_counter()
    for path in files:
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
    return time.perf_counter() - began


def main() -> int:
    from qcode.importers.bulk import import_paths
    from qcode.importers.registry import read_file
    from qcode.store import Project

    with tempfile.TemporaryDirectory(prefix="qcode-bench-") as tmp:
        scratch = Path(tmp)
        corpus, sheet = corpus_folder(scratch)
        files = sorted(p for p in corpus.rglob("*") if p.is_file())
        docx_files = [p for p in files if p.suffix == ".docx"]
        runs: list[float] = []
        for n in range(REPEATS):  # the machine may be shared: report the best and the median
            with Project.create(scratch / f"bench{n}.qcode", coder_name="bench") as project:
                began = time.perf_counter()
                report = import_paths(project, [corpus], attributes=sheet)
                runs.append(time.perf_counter() - began)
        peak = peak_mb()

        # Reading alone (no database), per format, with qcode's readers.
        per_format: dict[str, float] = defaultdict(float)
        for path in files:
            t = time.perf_counter()
            read_file(path)
            per_format[path.suffix] += time.perf_counter() - t
        bare = min(python_docx_alone(docx_files) for _ in range(2))

    words = report.words
    seconds = min(runs)
    print(
        f"files: {len(files)} ({len(report.imported)} imported, {len(report.skipped)} skipped, "
        f"{len(report.refused)} refused)"
    )
    for outcome in report.refused:
        print(f"  refused: {outcome.message}")
    print(
        f"import (read + segment + store), best of {REPEATS}: {seconds:.2f} s "
        f"(median {statistics.median(runs):.2f} s), {words:,} words, "
        f"{words / seconds:,.0f} words/s"
    )
    readers = f", {peak[1]:.0f} MB per reader process" if peak[1] else ""
    print(f"peak memory (max RSS): {peak[0]:.0f} MB{readers}")
    for suffix, t in sorted(per_format.items()):
        n = sum(1 for p in files if p.suffix == suffix)
        print(f"  qcode read {suffix:6} {n:4} files {t:6.2f} s ({1000 * t / n:5.1f} ms/file)")
    ours = per_format[".docx"]
    print(
        f"python-docx alone, same {len(docx_files)} .docx, best of 2: {bare:.2f} s "
        f"(qcode's .docx reader incl. speaker turns: {ours:.2f} s, "
        f"{bare / ours if ours else float('nan'):.1f}x faster)"
    )
    print(
        f"whole import (all {len(files)} files) / python-docx reading the .docx alone: "
        f"{seconds / bare:.2f}"
    )
    return 0 if not report.refused else 1


if __name__ == "__main__":
    sys.exit(main())
