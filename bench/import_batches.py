"""Import 400 small transcripts committing one document per transaction and in batches; print
the best of three runs of each (wall and CPU seconds) and their ratio."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from qcode.importers import storing
from qcode.importers.bulk import import_paths
from qcode.store import Project

FILES = 400
REPEATS = 3


def corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(FILES):
        lines = [f"Interviewer: question {i}.{j}?\nPC Smith: answer {i}.{j}." for j in range(5)]
        (folder / f"int {i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(folder: Path, scratch: Path, documents: int, n: int) -> tuple[float, float]:
    storing.BATCH_DOCUMENTS = documents
    with Project.create(scratch / f"p{documents}-{n}.qcode", coder_name="bench") as project:
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_paths(project, [folder], workers=1)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(report.imported) == FILES
    return wall, cpu


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        folder = corpus(scratch / "in")
        results = {}
        for documents in (1, storing.BATCH_DOCUMENTS):
            runs = [run(folder, scratch, documents, n) for n in range(REPEATS)]
            results[documents] = (min(w for w, _ in runs), min(c for _, c in runs))
            print(
                f"{documents:>3} per transaction: {results[documents][0]:.2f} s wall, "
                f"{results[documents][1]:.2f} s CPU (best of {REPEATS})"
            )
        one, many = results[1], results[max(results)]
        print(
            f"batched / one per transaction: wall {many[0] / one[0]:.2f}, "
            f"CPU {many[1] / one[1]:.2f}"
        )


if __name__ == "__main__":
    main()
