"""Bulk import of files and folders: kinds, attribute sheet, duplicates, progress and cancel."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from qcode.documents import check_kind
from qcode.errors import QcodeError
from qcode.importers.assemble import Parsed
from qcode.importers.attributes import AttributeSheet, read_attribute_sheet
from qcode.importers.registry import format_name, read_file
from qcode.importers.speakers import compile_pattern
from qcode.importers.storing import Batch, FileOutcome, Item, Status, store, warnings
from qcode.procs import die_with_parent
from qcode.store import Document, Project

__all__ = ["FileOutcome", "ImportReport", "import_paths", "preview_import", "warnings"]

#: Files read ahead of storing at most: their number, characters, and seconds of reading.
PENDING_FILES = 50
PENDING_CHARS = 20_000_000
PENDING_SECONDS = 1.0

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass
class ImportReport:
    """The outcome of every file, rows of the attribute sheet that matched nothing, timing."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    unmatched_rows: list[str] = field(default_factory=list)
    #: Rows of the attribute sheet whose files were skipped as already imported.
    skipped_rows: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    dry_run: bool = False

    def _with(self, status: Status) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported(self) -> list[FileOutcome]:
        return self._with("imported")

    @property
    def skipped(self) -> list[FileOutcome]:
        return self._with("skipped")

    @property
    def refused(self) -> list[FileOutcome]:
        return self._with("refused")

    @property
    def words(self) -> int:
        return sum(o.words for o in self.outcomes)

    def describe(self) -> str:
        verb = "would be imported" if self.dry_run else "imported"
        text = (
            f"{len(self.imported)} {verb}, {len(self.skipped)} skipped, "
            f"{len(self.refused)} refused ({self.words:,} words in {self.seconds:.1f} s)"
        )
        if self.cancelled:
            text += "; cancelled before the end"
        if self.unmatched_rows:
            text += f"; {len(self.unmatched_rows)} row(s) of the attribute sheet matched no file"
        if self.skipped_rows:
            text += (
                f"; {len(self.skipped_rows)} row(s) of the attribute sheet belong to files "
                "skipped as already imported (their attributes were not changed)"
            )
        return text


def _hidden(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if ".qcode" in path.name:  # project files and their -wal / -shm companions
        return True
    return any(p.startswith(".") for p in parts) or path.name.startswith("~$")


def collect(
    paths: Iterable[Path | str], exclude: Iterable[Path] = ()
) -> list[tuple[Path, Path | None]]:
    """(file, folder it was found in, or None when named itself) for every file named or found
    (recursively, sorted) in a folder named; hidden files and Word lock files are left out."""
    excluded = {p.resolve() for p in exclude}
    out: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)),
                key=lambda p: [_natural(part) for part in p.relative_to(path).parts],
            )
            items: list[tuple[Path, Path | None]] = [(p, path) for p in found]
        else:
            items = [(path, None)]
        for item, root in items:
            resolved = item.resolve()
            if resolved in seen or resolved in excluded:
                continue
            seen.add(resolved)
            out.append((item, root))
    return out


def _natural(text: str) -> list[tuple[int, str]]:
    """Sort key so that 'Interview 9' comes before 'Interview 10'."""
    return [(int(t), "") if t.isdigit() else (0, t.lower()) for t in re.split(r"(\d+)", text)]


#: Batches at least this long are read in worker processes while the main one stores.
PARALLEL_FROM = 16


def _read(path: Path, speaker_pattern: str | None) -> Parsed | str:
    """Read one file (in a worker process or here): the parsed text, or why it was refused."""
    try:
        return read_file(path, speaker_pattern)
    except QcodeError as exc:
        return str(exc)
    except Exception as exc:  # a reader bug must not end the batch; say what happened
        return f"{path.name}: could not be read ({exc!r})"


def _ready() -> bool:
    return True


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None where they cannot start (e.g. a program read from stdin):
    then the batch is read in this process, and no file is blamed for it."""
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,  # readers end with this process, however it ends
        initargs=(os.getpid(),),
    )
    try:
        pool.submit(_ready).result(timeout=120)
    except Exception:
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


class _Reader:
    """Reads the batch's files in order, a few files ahead in worker processes when it pays."""

    def __init__(self, paths: list[Path | None], pattern: str | None, workers: int) -> None:
        self.paths, self.pattern = paths, pattern
        self.ahead = 2 * workers
        self.futures: dict[int, Future[Parsed | str]] = {}
        self.pool = _start_pool(workers) if workers > 1 else None

    def get(self, index: int) -> Parsed | str:
        path = self.paths[index]
        assert path is not None
        if self.pool is None:
            return _read(path, self.pattern)
        for j in range(index, min(len(self.paths), index + self.ahead)):
            other = self.paths[j]
            if j not in self.futures and other is not None:
                self.futures[j] = self.pool.submit(_read, other, self.pattern)
        try:
            return self.futures.pop(index).result()
        except BrokenExecutor:  # a reader process died (out of memory, a crash in a library)
            self.close()
            self.pool = None  # read the rest here, one by one
            self.futures.clear()
            return f"{path.name}: the reader process stopped while reading this file"

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _workers(requested: int | None, files: int) -> int:
    if requested is not None:
        return max(1, requested)
    cores = os.cpu_count() or 1
    if files < PARALLEL_FROM or cores < 4:  # measured: on 2 cores, one process is as fast
        return 1
    return min(4, cores - 1)  # leave a core for this process, which stores


def import_paths(
    project: Project,
    paths: Iterable[Path | str],
    *,
    kind: str | None = None,
    attributes: Path | str | AttributeSheet | Mapping[str, Mapping[str, str]] | None = None,
    speaker_pattern: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    workers: int | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import transcripts: files are read a few at a time, then stored in short transactions
    (see `storing.store`), each document whole with its segments and attributes.

    The kind comes from `kind`, else the sheet's kind column, else a folder name
    (interviews, focus groups, national ...), else 'other'. A file whose text is already in
    the project (same SHA-256) is skipped. A file that cannot be read is refused with the
    reason; the rest of the batch goes on. `cancel()` is checked between files. Large batches
    are read by `workers` processes (default: with 4+ cores, cores - 1, at most 4) while this
    one stores. With `dry_run` every file is read and checked but nothing is stored (a preview
    of names, kinds, segments and speakers).
    """
    began = time.perf_counter()
    forced_kind = check_kind(kind) if kind else None
    compile_pattern(speaker_pattern)  # a bad pattern is the user's mistake: fail before work
    sheet = _sheet(attributes)
    if isinstance(paths, str | Path):
        paths = [paths]
    files = collect(paths, exclude=[sheet.source] if sheet else [])
    report = ImportReport(dry_run=dry_run)
    with project.read() as s:
        rows = s.execute(select(Document.sha256, Document.name).where(~Document.deleted))
        known: dict[str, str] = {sha: name for sha, name in rows}
        names = set(s.scalars(select(Document.name).where(~Document.deleted)))
    if len(files) > 20 and known and not dry_run:  # a large import into a project with work
        project.snapshot("import")
    batch = Batch(forced_kind, sheet, known, names, dry_run, set())
    total = len(files)
    readable = [
        None if (root is not None and format_name(p) is None) or not p.exists() else p
        for p, root in files
    ]
    reader = _Reader(readable, speaker_pattern, _workers(workers, len(files)))
    pending: list[Item] = []
    first_read = time.monotonic()
    try:
        for done, (path, root) in enumerate(files):
            if cancel is not None and cancel():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, path.name)
            if not pending:
                first_read = time.monotonic()
            item = Item(path, root)
            if root is None and not path.exists():
                item.outcome = FileOutcome(path, "refused", f"{path}: no such file or folder")
            elif readable[done] is None:
                item.outcome = FileOutcome(path, "skipped", f"{path.name}: not a transcript format")
            else:
                item.parsed = reader.get(done)
            pending.append(item)
            if (
                len(pending) >= PENDING_FILES
                or sum(p.chars for p in pending) >= PENDING_CHARS
                or time.monotonic() - first_read >= PENDING_SECONDS
            ):
                report.outcomes += store(project, pending, batch)
                pending = []
        report.outcomes += store(project, pending, batch)
    finally:
        reader.close()
    if progress is not None and not report.cancelled:
        progress(total, total, "done")
    if sheet is not None:
        report.unmatched_rows = sheet.unmatched()
        report.skipped_rows = sorted(batch.skipped_rows)
    report.seconds = time.perf_counter() - began
    return report


def _sheet(
    attributes: Path | str | AttributeSheet | Mapping[str, Mapping[str, str]] | None,
) -> AttributeSheet | None:
    if attributes is None:
        return None
    if isinstance(attributes, AttributeSheet):
        return attributes
    if isinstance(attributes, Path | str):
        return read_attribute_sheet(Path(attributes))
    sheet = AttributeSheet(Path("attributes"))
    for key, values in attributes.items():
        sheet.rows[key.lower()] = dict(values)
        sheet.keys[key.lower()] = key
        sheet.aliases.setdefault(Path(key.lower()).stem, key.lower())
    return sheet


def preview_import(
    project: Project,
    paths: Iterable[Path | str],
    *,
    kind: str | None = None,
    attributes: Path | str | AttributeSheet | Mapping[str, Mapping[str, str]] | None = None,
    speaker_pattern: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportReport:
    """What `import_paths` would do, file by file (names, kinds, speakers with their turn
    counts, warnings), reading every file and writing nothing to the project."""
    return import_paths(
        project,
        paths,
        kind=kind,
        attributes=attributes,
        speaker_pattern=speaker_pattern,
        progress=progress,
        cancel=cancel,
        dry_run=True,
    )
