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
from typing import Literal

from sqlalchemy import select

from qcode.documents import check_kind, insert_document, unique_name
from qcode.errors import QcodeError
from qcode.ids import text_sha256
from qcode.importers.assemble import Parsed
from qcode.importers.attributes import AttributeSheet, kind_from_label, read_attribute_sheet
from qcode.importers.registry import format_name, read_file
from qcode.importers.speakers import compile_pattern
from qcode.store import Action, Document, Project

Status = Literal["imported", "skipped", "refused"]
Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a batch."""

    path: Path
    status: Status
    message: str
    document_uuid: str | None = None
    document_name: str = ""
    kind: str = ""
    segments: int = 0
    speakers: tuple[str, ...] = ()
    words: int = 0
    #: (speaker, number of turns), most turns first.
    turns: tuple[tuple[str, int], ...] = ()
    #: What the user should look at before importing: one speaker only, missed labels.
    warnings: tuple[str, ...] = ()


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


def _folder_kind(path: Path, root: Path) -> str | None:
    for part in reversed(path.relative_to(root).parts[:-1]):
        kind = kind_from_label(part)
        if kind:
            return kind
    return None


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
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
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
    """Import transcripts: each file is read, then stored whole in its own transaction.

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
    if len(files) > 20 and not dry_run:
        project.snapshot("import")
    with project.read() as s:
        rows = s.execute(select(Document.sha256, Document.name).where(~Document.deleted))
        known: dict[str, str] = {sha: name for sha, name in rows}
        names = set(s.scalars(select(Document.name).where(~Document.deleted)))
    total = len(files)
    skipped_rows: set[str] = set()
    readable = [
        None if (root is not None and format_name(p) is None) or not p.exists() else p
        for p, root in files
    ]
    reader = _Reader(readable, speaker_pattern, _workers(workers, len(files)))
    try:
        for done, (path, root) in enumerate(files):
            if cancel is not None and cancel():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, path.name)
            if root is None and not path.exists():
                outcome = FileOutcome(path, "refused", f"{path}: no such file or folder")
            elif readable[done] is None:
                outcome = FileOutcome(path, "skipped", f"{path.name}: not a transcript format")
            else:
                parsed = reader.get(done)
                outcome = _store(
                    project, path, root, parsed, forced_kind, sheet, known, names, dry_run
                )
                if outcome.status == "skipped" and sheet is not None:
                    row = sheet.row_name(path)
                    if row is not None:
                        skipped_rows.add(row)
            report.outcomes.append(outcome)
    finally:
        reader.close()
    if progress is not None and not report.cancelled:
        progress(total, total, "done")
    if sheet is not None:
        report.unmatched_rows = sheet.unmatched()
        report.skipped_rows = sorted(skipped_rows)
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


def _store(
    project: Project,
    path: Path,
    root: Path | None,
    parsed: Parsed | str,
    forced_kind: str | None,
    sheet: AttributeSheet | None,
    known: dict[str, str],
    names: set[str],
    dry_run: bool,
) -> FileOutcome:
    """Store one read file as one transaction (whole or not at all), or with `dry_run` say
    what would be stored."""
    if isinstance(parsed, str):
        return FileOutcome(path, "refused", parsed)
    sha = text_sha256(parsed.text)
    if sha in known:
        return FileOutcome(
            path, "skipped", f"{path.name}: same text as {known[sha]!r}, already in the project"
        )
    kind = (
        forced_kind
        or (sheet.kind_for(path) if sheet else None)
        or (_folder_kind(path, root) if root is not None else None)
        or "other"
    )
    attrs = (sheet.attributes_for(path) if sheet else None) or {}
    if dry_run:
        uuid, name = None, _free_name(names, path.stem.strip() or path.name)
        names.add(name)
        known[sha] = name
        return _imported(path, parsed, uuid, name, kind, "would be imported")
    try:
        with project.transaction(
            Action("import document", "document", detail={"file": path.name}, touches={"documents"})
        ) as s:
            doc = insert_document(
                s,
                unique_name(s, path.stem.strip() or path.name),
                parsed.text,
                coder_uuid=project.coder_uuid,
                kind=kind,
                source_filename=path.name,
                attributes=attrs,
                spans=parsed.spans,
                span_meta=parsed.metas,
            )
            uuid, name = doc.uuid, doc.name
    except QcodeError as exc:
        return FileOutcome(path, "refused", f"{path.name}: {exc}")
    except Exception as exc:  # the transaction rolled back: nothing of this file was kept
        return FileOutcome(path, "refused", f"{path.name}: could not be stored ({exc!r})")
    known[sha] = name
    names.add(name)
    return _imported(path, parsed, uuid, name, kind, "imported")


def _free_name(names: set[str], name: str) -> str:
    """Like `documents.unique_name`, against the names of the project and of this batch."""
    if name not in names:
        return name
    n = 2
    while f"{name} ({n})" in names:
        n += 1
    return f"{name} ({n})"


def _imported(
    path: Path, parsed: Parsed, uuid: str | None, name: str, kind: str, verb: str
) -> FileOutcome:
    return FileOutcome(
        path,
        "imported",
        f"{path.name}: {verb} as {name!r} ({kind}, {len(parsed.spans)} segments)",
        document_uuid=uuid,
        document_name=name,
        kind=kind,
        segments=len(parsed.spans),
        speakers=tuple(parsed.speakers),
        words=len(parsed.text.split()),
        turns=tuple(parsed.turn_counts()),
        warnings=tuple(warnings(parsed)),
    )


#: Missed labels quoted in a warning.
SHOWN_MISSED = 3


def warnings(parsed: Parsed) -> list[str]:
    """What to check in a file before trusting its speakers: a single speaker (a missed label
    puts someone else's words in their mouth), and lines that look like labels but were not
    taken as one."""
    out: list[str] = []
    turns = parsed.turn_counts()
    if len(turns) == 1:
        out.append(f"one speaker only ({turns[0][0]}, {turns[0][1]} turns)")
    if parsed.missed:
        shown = "; ".join(repr(_clip(line)) for line in parsed.missed[:SHOWN_MISSED])
        more = f" and {len(parsed.missed) - SHOWN_MISSED} more" if len(parsed.missed) > 3 else ""
        n = len(parsed.missed)
        out.append(f"{n} line(s) look like a speaker label but were not taken: {shown}{more}")
    return out


def _clip(line: str, width: int = 50) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


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
