"""Storing read files in short batches: whole documents, a bounded hold on the write lock."""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from qcode.documents import insert_document, unique_name
from qcode.errors import QcodeError
from qcode.ids import text_sha256
from qcode.importers.assemble import Parsed
from qcode.importers.attributes import AttributeSheet, kind_from_label
from qcode.store import Action, Project

Status = Literal["imported", "skipped", "refused"]

#: Documents stored in one transaction at most ...
BATCH_DOCUMENTS = 50
#: ... and the longest a transaction stays open to take one more (seconds): another process
#: (the window, a `qcode code` in a shell) waits at most about this long for the write lock.
BATCH_SECONDS = 0.5
#: After holding the lock that long (in one or several transactions close together), the
#: importer lets go for this long: SQLite's busy handler looks again at least every 100 ms,
#: so a process waiting for the lock gets its turn instead of starving.
YIELD_SECONDS = 0.12
#: Missed labels quoted in a warning.
SHOWN_MISSED = 3


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
class Item:
    """A file of the batch, read (or refused, or skipped) but not yet stored."""

    path: Path
    root: Path | None
    parsed: Parsed | str | None = None
    outcome: FileOutcome | None = None

    @property
    def chars(self) -> int:
        return len(self.parsed.text) if isinstance(self.parsed, Parsed) else 0


@dataclass
class Batch:
    """What every file of an import shares: options, and the texts and names already taken."""

    forced_kind: str | None
    sheet: AttributeSheet | None
    known: dict[str, str]  # sha256 -> document name
    names: set[str]
    dry_run: bool
    skipped_rows: set[str]
    #: Seconds the write lock was held since the importer last let go of it for long.
    held: float = 0.0
    #: When the last transaction ended (time.monotonic()).
    released: float = 0.0

    def begin(self) -> None:
        """Before a transaction: let a waiting process in if the lock was held long."""
        now = time.monotonic()
        if now - self.released >= YIELD_SECONDS:
            self.held = 0.0
        elif self.held >= BATCH_SECONDS:
            time.sleep(YIELD_SECONDS)  # a turn for others; no condition to poll here
            self.held = 0.0

    def end(self, began: float) -> None:
        self.released = time.monotonic()
        self.held += self.released - began


@dataclass(frozen=True)
class _Plan:
    sha: str
    kind: str
    attributes: dict[str, str]


def folder_kind(path: Path, root: Path) -> str | None:
    for part in reversed(path.relative_to(root).parts[:-1]):
        kind = kind_from_label(part)
        if kind:
            return kind
    return None


def _decide(item: Item, batch: Batch) -> FileOutcome | _Plan:
    """The outcome of a file that needs no writing, or the plan to store it."""
    if item.outcome is not None:
        return item.outcome
    path, parsed = item.path, item.parsed
    if isinstance(parsed, str) or parsed is None:
        return FileOutcome(path, "refused", parsed or f"{path.name}: not read")
    sha = text_sha256(parsed.text)
    if sha in batch.known:
        if batch.sheet is not None:
            row = batch.sheet.row_name(path)
            if row is not None:
                batch.skipped_rows.add(row)
        return FileOutcome(
            path,
            "skipped",
            f"{path.name}: same text as {batch.known[sha]!r}, already in the project",
        )
    sheet = batch.sheet
    kind = (
        batch.forced_kind
        or (sheet.kind_for(path) if sheet else None)
        or (folder_kind(path, item.root) if item.root is not None else None)
        or "other"
    )
    attrs = (sheet.attributes_for(path) if sheet else None) or {}
    if batch.dry_run:
        name = _free_name(batch.names, _base_name(path))
        batch.names.add(name)
        batch.known[sha] = name
        return _imported(path, parsed, None, name, kind, "would be imported")
    return _Plan(sha, kind, attrs)


def _base_name(path: Path) -> str:
    return path.stem.strip() or path.name


def _insert(project: Project, s: Session, item: Item, plan: _Plan, batch: Batch) -> FileOutcome:
    """One document with its segments and attributes, under a savepoint: a file that cannot
    be stored leaves nothing behind and the rest of the transaction goes on."""
    path, parsed = item.path, item.parsed
    assert isinstance(parsed, Parsed)
    try:
        with s.begin_nested():
            doc = insert_document(
                s,
                unique_name(s, _base_name(path)),
                parsed.text,
                coder_uuid=project.coder_uuid,
                kind=plan.kind,
                source_filename=path.name,
                attributes=plan.attributes,
                spans=parsed.spans,
                span_meta=parsed.metas,
            )
            uuid, name = doc.uuid, doc.name
    except QcodeError as exc:
        return FileOutcome(path, "refused", f"{path.name}: {exc}")
    except Exception as exc:  # rolled back to the savepoint: nothing of this file was kept
        return FileOutcome(path, "refused", f"{path.name}: could not be stored ({exc!r})")
    batch.known[plan.sha] = name
    batch.names.add(name)
    return _imported(path, parsed, uuid, name, plan.kind, "imported")


def store(project: Project, items: list[Item], batch: Batch) -> list[FileOutcome]:
    """Store read files in order, in transactions of at most `BATCH_DOCUMENTS` documents that
    stay open at most about `BATCH_SECONDS`; each document is whole or absent, so a kill at
    any moment leaves only whole documents. Returns the outcome of every item, in order."""
    outcomes: list[FileOutcome] = []
    i = 0
    while i < len(items):
        staged: list[tuple[FileOutcome, str | None]] = []  # outcome, sha it added
        files: list[str] = []
        try:
            with ExitStack() as stack:
                session: Session | None = None
                began = 0.0
                while i < len(items):
                    if session is not None and (
                        len(files) >= BATCH_DOCUMENTS or time.monotonic() - began >= BATCH_SECONDS
                    ):
                        break
                    item = items[i]
                    i += 1
                    decided = _decide(item, batch)
                    if isinstance(decided, FileOutcome):
                        staged.append((decided, None))
                        continue
                    if session is None:
                        batch.begin()
                        action = Action(
                            "import documents",
                            "document",
                            detail={"files": files},
                            touches={"documents"},
                        )
                        began = time.monotonic()
                        stack.callback(batch.end, began)
                        session = stack.enter_context(project.transaction(action))
                    outcome = _insert(project, session, item, decided, batch)
                    if outcome.status == "imported":
                        files.append(item.path.name)
                        staged.append((outcome, decided.sha))
                    else:
                        staged.append((outcome, None))
        except Exception as exc:  # the commit failed: nothing of this transaction was kept
            reason = str(exc) if isinstance(exc, QcodeError) else repr(exc)
            undone: list[tuple[FileOutcome, str | None]] = []
            for outcome, sha in staged:
                if sha is not None:
                    batch.known.pop(sha, None)
                    batch.names.discard(outcome.document_name)
                    outcome = FileOutcome(
                        outcome.path,
                        "refused",
                        f"{outcome.path.name}: could not be stored ({reason})",
                    )
                undone.append((outcome, None))
            staged = undone
        outcomes += [outcome for outcome, _ in staged]
    return outcomes


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


def warnings(parsed: Parsed) -> list[str]:
    """What to check in a file before trusting its speakers: a single speaker (a missed label
    puts someone else's words in their mouth), and lines that look like labels but were not
    taken as one."""
    out: list[str] = []
    turns = parsed.turn_counts()
    if len(turns) == 1:
        out.append(f"one speaker only ({turns[0][0]}, {turns[0][1]} turns)")
    if parsed.missed:
        n = len(parsed.missed)
        shown = "; ".join(repr(_clip(line)) for line in parsed.missed[:SHOWN_MISSED])
        more = f" and {n - SHOWN_MISSED} more" if n > SHOWN_MISSED else ""
        out.append(f"{n} line(s) look like a speaker label but were not taken: {shown}{more}")
    return out


def _clip(line: str, width: int = 50) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"
