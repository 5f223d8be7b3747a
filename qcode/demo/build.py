"""Build the demo: write the corpus and attribute sheet, then a project with it imported."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from pathlib import Path

from qcode.demo.codings import Tag, add_demo_codings
from qcode.demo.corpus import Source, plan, script
from qcode.demo.writers import write_source
from qcode.errors import QcodeError
from qcode.procs import die_with_parent
from qcode.store import Project

Progress = Callable[[int, int, str], None]
PROJECT_NAME = "demo.qcode"
CORPUS = "corpus"
SHEET = "attributes.xlsx"
DEMO_CODER = "Demo coder"


def _write(args: tuple[Path, Source]) -> tuple[str, list[Tag]]:
    folder, source = args
    turns = script(source)
    write_source(folder, source, turns)
    return source.stem, [tag for turn in turns for tag in turn.tags]


def write_sheet(path: Path, sources: list[Source]) -> None:
    """The attribute sheet: one row per file (file, kind, force, role, rank band, date ...)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sources"
    sheet.append(
        [
            "file",
            "kind",
            "force",
            "role",
            "rank band",
            "date",
            "interviewer",
            "participants",
            "format",
        ]
    )
    for s in sources:
        people = sum(1 for key in s.labels if key.startswith("p")) or 1
        sheet.append(
            [
                s.filename,
                s.kind,
                s.force,
                s.role,
                s.rank_band,
                s.day.isoformat(),
                s.interviewer,
                people,
                s.fmt,
            ]
        )
    book.save(path)


def write_corpus(
    out_dir: Path, sources: list[Source], progress: Progress | None = None, workers: int = 2
) -> dict[str, list[Tag]]:
    """Write every transcript (in worker processes when there are many) and return the themed
    sentences of each."""
    folder = out_dir / CORPUS
    tags: dict[str, list[Tag]] = {}
    jobs = [(folder, s) for s in sources]
    if workers > 1 and len(jobs) > 24:  # below that, starting processes costs more
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=die_with_parent,  # the writers end with this process
                initargs=(os.getpid(),),
            ) as pool:
                for n, (stem, found) in enumerate(pool.map(_write, jobs, chunksize=4), start=1):
                    tags[stem] = found
                    if progress:
                        progress(n, len(jobs), f"writing {stem}")
        except BrokenExecutor:  # processes cannot start here (e.g. a script read from stdin)
            tags.clear()
    for n, job in enumerate(jobs, start=1):
        if job[1].stem in tags:
            continue
        stem, found = _write(job)
        tags[stem] = found
        if progress:
            progress(n, len(jobs), f"writing {stem}")
    write_sheet(out_dir / SHEET, sources)
    return tags


def build_demo(
    out_dir: Path,
    scale: float = 1.0,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    length: float = 1.0,
    replace: bool = False,
) -> Path:
    """Write the synthetic corpus under `out_dir` and build `out_dir/demo.qcode` from it.

    `scale` multiplies the number of sources (1.0: 123 interviews, 90 focus groups, 54 national
    interviews), `length` their words. The same seed gives the same texts. The project is built
    under a temporary name and renamed at the end, so an interrupted build leaves no project.
    """
    from qcode.importers.bulk import import_paths

    if scale <= 0 or length <= 0:
        raise QcodeError("scale and length must be positive")
    out_dir = Path(out_dir)
    target = out_dir / PROJECT_NAME
    if target.exists() and not replace:
        raise QcodeError(f"{target} already exists; delete it first (or use --replace)")
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in (out_dir / CORPUS, out_dir / "demo.building.qcode"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink(missing_ok=True)
    sources = plan(scale, seed, length)
    tags = write_corpus(out_dir, sources, progress)
    building = out_dir / "demo.building.qcode"
    with Project.create(
        building, name="Activism and impartiality (demo)", coder_name=DEMO_CODER
    ) as project:
        note = _load_codebook(project)
        if note and progress:
            progress(0, 0, note)
        report = import_paths(
            project, [out_dir / CORPUS], attributes=out_dir / SHEET, progress=progress
        )
        for outcome in report.refused:
            if progress:
                progress(0, 0, f"warning: {outcome.message}")
        made = add_demo_codings(project, tags, seed=seed)
        if progress:
            progress(len(sources), len(sources), f"{report.describe()}; {made} demo codings")
    for suffix in ("", "-wal", "-shm"):
        (out_dir / f"{PROJECT_NAME}{suffix}").unlink(missing_ok=True)
    building.rename(target)
    return target


def _load_codebook(project: Project) -> str:
    """Load the shipped ToR codebook; a note (not an error) when it is not available."""
    try:
        from qcode.codebook.loader import load_codebook_file
        from qcode.codebook.shipped import shipped_codebook

        load_codebook_file(project, shipped_codebook())
    except (ImportError, QcodeError) as exc:
        return f"warning: the shipped codebook could not be loaded ({exc}); the demo has no codes"
    return ""
