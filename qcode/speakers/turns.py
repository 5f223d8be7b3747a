"""Speaker services: list speakers and turns; rename, merge, reassign, split and join turns."""

# Every change is one transaction that rewrites only segment rows (the text, and so every
# coding's offsets, never change) and returns the documents' segments before and after, so
# that `restore_segments` undoes or redoes it exactly.

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from qcode.documents import resolve_document
from qcode.errors import NotFoundError, QcodeError
from qcode.importers.speakers import candidate
from qcode.speakers.labels import (
    LABEL_KEY,
    parse_meta,
    recorded_length,
    turn_label,
)
from qcode.store import Action, Document, Project, Segment, bump_change_counter

#: Longest speaker name accepted.
MAX_NAME = 80
#: Characters of a turn's words shown in listings.
PREVIEW = 70


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker with the number of their turns and of the documents they speak in."""

    name: str
    turns: int
    documents: int


@dataclass(frozen=True)
class Turn:
    """One segment of a document: its number, bounds, speaker, time and first words."""

    ordinal: int
    start: int
    end: int
    speaker: str
    time: str
    words_start: int  # where the words begin, after the label
    preview: str


@dataclass(frozen=True)
class SegmentRow:
    """A segment row exactly as stored (what undo puts back)."""

    id: int
    ordinal: int
    start: int
    end: int
    speaker: str
    meta: str


Snapshot = dict[str, tuple[SegmentRow, ...]]  # document UUID -> its segments


@dataclass(frozen=True)
class SpeakerEdit:
    """What a change did: the segments of the documents it touched, before and after."""

    name: str
    before: Snapshot
    after: Snapshot
    turns: int = 0  # turns whose speaker changed, or the turn split or joined
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return len(self.after)


def check_name(name: str) -> str:
    """A speaker name as stored: one line, no surrounding space, not empty, not too long."""
    clean = " ".join(name.split())
    if not clean:
        raise QcodeError("a speaker name cannot be empty")
    if len(clean) > MAX_NAME:
        raise QcodeError(f"a speaker name is at most {MAX_NAME} characters ({clean[:30]!r}…)")
    return clean


# --- reading ---------------------------------------------------------------------------------
def list_speakers(project: Project, document: str | None = None) -> list[SpeakerCount]:
    """Every speaker of the project (or of one document) with turn and document counts."""
    with project.read() as s:
        # counted by SQLite (a Python loop over every turn took seconds at 8x the demo)
        live = select(Document.uuid).where(Document.deleted.is_(False))
        query = (
            select(
                Segment.speaker,
                func.count(),
                func.count(func.distinct(Segment.document_uuid)),
            )
            .where(Segment.speaker != "", Segment.document_uuid.in_(live))
            .group_by(Segment.speaker)
        )
        if document:
            query = query.where(Segment.document_uuid == resolve_document(s, document).uuid)
        counts = [SpeakerCount(str(name), int(n), int(d)) for name, n, d in s.execute(query)]
    return sorted(counts, key=lambda c: (-c.turns, c.name.casefold(), c.name))


def list_turns(project: Project, document: str) -> list[Turn]:
    """The segments of one document in order, with speaker, time and first words."""
    with project.read() as s:
        doc = resolve_document(s, document)
        rows = _rows(s, doc.uuid)
        return [_turn(doc.text, r) for r in rows]


def _turn(text: str, r: SegmentRow) -> Turn:
    meta = parse_meta(r.meta)
    label = turn_label(text, r.start, r.end, r.speaker, meta)
    time = meta.get("time", "") or label.time
    words = " ".join(text[label.end : r.end].split())
    if len(words) > PREVIEW:
        words = words[: PREVIEW - 1].rstrip() + "…"
    return Turn(r.ordinal, r.start, r.end, r.speaker, time, label.end, words)


def _rows(s: Session, doc_uuid: str) -> tuple[SegmentRow, ...]:
    return tuple(
        SegmentRow(*row)
        for row in s.execute(
            select(
                Segment.id,
                Segment.ordinal,
                Segment.start,
                Segment.end,
                Segment.speaker,
                Segment.meta,
            )
            .where(Segment.document_uuid == doc_uuid)
            .order_by(Segment.ordinal)
        )
    )


def _write(s: Session, doc_uuid: str, rows: Iterable[SegmentRow]) -> None:
    """Replace a document's segments with `rows` (ids kept, so the index sees the same ids)."""
    s.execute(delete(Segment).where(Segment.document_uuid == doc_uuid))
    values = [
        {
            "id": r.id,
            "document_uuid": doc_uuid,
            "ordinal": r.ordinal,
            "start": r.start,
            "end": r.end,
            "speaker": r.speaker,
            "meta": r.meta,
        }
        for r in rows
    ]
    if values:
        s.execute(insert(Segment), values)


def _edit(
    project: Project,
    action: Action,
    changed: dict[str, tuple[SegmentRow, ...]],
    before: dict[str, tuple[SegmentRow, ...]],
    s: Session,
    turns: int,
) -> SpeakerEdit:
    for doc_uuid, rows in changed.items():
        _write(s, doc_uuid, rows)
    if changed:
        bump_change_counter(s)
    action.detail["turns"] = turns
    action.detail["documents"] = len(changed)
    return SpeakerEdit(
        action.name,
        {u: before[u] for u in changed},
        changed,
        turns,
        {k: str(v) for k, v in action.detail.items()},
    )


def _action(name: str, **detail: object) -> Action:
    return Action(name, "segment", detail=dict(detail), touches={"segments"})


# --- rename and merge ------------------------------------------------------------------------
def rename_speaker(
    project: Project,
    old: str,
    new: str,
    *,
    document: str | None = None,
    merge: bool = False,
) -> SpeakerEdit:
    """Give every turn of speaker `old` the name `new`, in the project or one document.

    Renaming to a name that already speaks there is a merge and must be asked for
    (`merge=True`); a merge into a name that does not speak there is refused too.
    """
    new = check_name(new)
    verb = "merge speakers" if merge else "rename speaker"
    action = _action(verb, old=old, new=new, document=document or "")
    with project.transaction(action) as s:
        scope = _scope(s, document)
        before = {u: _rows(s, u) for u in scope}
        names = {r.speaker for rows in before.values() for r in rows if r.speaker}
        if old not in names:
            raise NotFoundError(_no_speaker(old, names, document))
        if old == new:
            raise QcodeError(f"{old!r} is already called {new!r}")
        if merge and new not in names:
            raise NotFoundError(
                f"cannot merge {old!r} into {new!r}: {new!r} has no turns"
                + (f" in {document!r}" if document else "")
                + "; to give the turns a new name, rename instead"
            )
        if not merge and new in names:
            raise QcodeError(
                f"{new!r} already speaks"
                + (f" in {document!r}" if document else "")
                + f"; to put {old!r}'s turns under {new!r}, merge instead"
            )
        changed: dict[str, tuple[SegmentRow, ...]] = {}
        count = 0
        for doc_uuid, rows in before.items():
            if any(r.speaker == old for r in rows):
                count += sum(r.speaker == old for r in rows)
                text = _text(s, doc_uuid)
                changed[doc_uuid] = tuple(
                    _respoken(text, r, new) if r.speaker == old else r for r in rows
                )
        return _edit(project, action, changed, before, s, count)


def _text(s: Session, doc_uuid: str) -> str:
    return s.scalar(select(Document.text).where(Document.uuid == doc_uuid)) or ""


def _respoken(text: str, row: SegmentRow, speaker: str) -> SegmentRow:
    """The row with another speaker, its label's length pinned in its metadata first (the
    label still opens the turn though it may no longer name the speaker: INT → Interviewer)."""
    meta = parse_meta(row.meta)
    if recorded_length(meta) is None:
        label = turn_label(text, row.start, row.end, row.speaker, meta)
        meta[LABEL_KEY] = str(len(text[label.start : label.end].rstrip()))
    return _with(row, speaker=speaker, meta=json.dumps(meta, ensure_ascii=False))


def _scope(s: Session, document: str | None) -> list[str]:
    if document:
        return [resolve_document(s, document).uuid]
    return list(
        s.scalars(select(Document.uuid).where(Document.deleted.is_(False)).order_by(Document.uuid))
    )


def _no_speaker(name: str, names: set[str], document: str | None) -> str:
    where = f" in {document!r}" if document else ""
    close = sorted(n for n in names if n.casefold() == name.casefold())
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no speaker {name!r}{where}{hint}"


def _with(row: SegmentRow, **changes: object) -> SegmentRow:
    values = {**row.__dict__, **changes}
    return SegmentRow(**values)  # type: ignore[arg-type]


# --- one turn --------------------------------------------------------------------------------
def _turn_row(rows: tuple[SegmentRow, ...], ordinal: int, doc: Document) -> int:
    for i, r in enumerate(rows):
        if r.ordinal == ordinal:
            return i
    last = rows[-1].ordinal if rows else 0
    raise NotFoundError(f"{doc.name!r} has no turn {ordinal} (its turns are 1 to {last})")


def reassign_turn(project: Project, document: str, ordinal: int, speaker: str) -> SpeakerEdit:
    """Give one turn (by its number in the document) another speaker."""
    speaker = check_name(speaker)
    action = _action("reassign turn", document=document, turn=ordinal, speaker=speaker)
    with project.transaction(action) as s:
        doc = resolve_document(s, document)
        rows = _rows(s, doc.uuid)
        i = _turn_row(rows, ordinal, doc)
        if rows[i].speaker == speaker:
            raise QcodeError(f"turn {ordinal} of {doc.name!r} is already {speaker!r}'s")
        turn = _respoken(doc.text, rows[i], speaker)
        changed = {doc.uuid: (*rows[:i], turn, *rows[i + 1 :])}
        return _edit(project, action, changed, {doc.uuid: rows}, s, 1)


def line_at(text: str, prefix: str, occurrence: int = 1) -> int:
    """Offset of the n-th line of `text` that starts with `prefix` (leading space ignored)."""
    wanted = prefix.strip()
    if not wanted:
        raise QcodeError("give the start of the line to split at")
    seen = 0
    pos = 0
    for line in text.split("\n"):
        if line.lstrip().startswith(wanted):
            seen += 1
            if seen == max(1, occurrence):
                return pos
        pos += len(line) + 1
    raise NotFoundError(
        f"no line starts with {wanted!r}"
        + (f" ({seen} found, occurrence {occurrence} asked)" if seen else "")
    )


def split_turn(project: Project, document: str, at: int, speaker: str | None = None) -> SpeakerEdit:
    """Start a new turn at the line containing offset `at` (where a label was missed).

    The new turn's speaker is `speaker`, else the label read at the start of that line (its
    time goes into the turn's metadata). The turns after it are renumbered.
    """
    action = _action("split turn", document=document, at=at)
    with project.transaction(action) as s:
        doc = resolve_document(s, document)
        text = doc.text
        if not 0 <= at <= len(text):
            raise QcodeError(f"position {at} is outside {doc.name!r} (0 to {len(text)})")
        cut = text.rfind("\n", 0, at) + 1
        while cut < len(text) and text[cut] in " \t":
            cut += 1
        rows = _rows(s, doc.uuid)
        i = next((k for k, r in enumerate(rows) if r.start < cut < r.end), -1)
        if i < 0:
            raise QcodeError(
                f"the line at position {at} of {doc.name!r} already starts a turn or is"
                " outside every turn"
            )
        line = text[cut : text.find("\n", cut) if "\n" in text[cut:] else len(text)]
        found = candidate(line)
        meta: dict[str, str] = {}
        if speaker is None or not speaker.strip():
            if found is None:
                raise QcodeError(
                    f"no speaker label at the start of {line[:40]!r}; give the speaker"
                )
            speaker = found[0].speaker
        speaker = check_name(speaker)
        if found is not None and found[0].time:
            meta["time"] = found[0].time
        # The label on the line opens the new turn (whoever the user says speaks there).
        meta[LABEL_KEY] = str(len(line[: found[0].length].rstrip()) if found else 0)
        old = rows[i]
        head_end = cut
        while head_end > old.start and text[head_end - 1].isspace():
            head_end -= 1
        new_id = _next_id(s)
        head = _with(old, end=head_end)
        tail = SegmentRow(
            new_id, old.ordinal + 1, cut, old.end, speaker, json.dumps(meta, ensure_ascii=False)
        )
        later = tuple(_with(r, ordinal=r.ordinal + 1) for r in rows[i + 1 :])
        changed = {doc.uuid: (*rows[:i], head, tail, *later)}
        action.detail.update(turn=old.ordinal, speaker=speaker)
        return _edit(project, action, changed, {doc.uuid: rows}, s, 1)


def _next_id(s: Session) -> int:
    return int(s.scalar(select(func.max(Segment.id))) or 0) + 1


def join_turns(project: Project, document: str, ordinal: int) -> SpeakerEdit:
    """Join turn `ordinal` with the turn after it; the joined turn keeps the first's speaker."""
    action = _action("join turns", document=document, turn=ordinal)
    with project.transaction(action) as s:
        doc = resolve_document(s, document)
        rows = _rows(s, doc.uuid)
        i = _turn_row(rows, ordinal, doc)
        if i + 1 >= len(rows):
            raise QcodeError(f"turn {ordinal} is the last of {doc.name!r}; nothing follows it")
        first, second = rows[i], rows[i + 1]
        joined = _with(first, end=second.end)
        later = tuple(_with(r, ordinal=r.ordinal - 1) for r in rows[i + 2 :])
        changed = {doc.uuid: (*rows[:i], joined, *later)}
        return _edit(project, action, changed, {doc.uuid: rows}, s, 1)


# --- undo and redo ---------------------------------------------------------------------------
def restore_segments(
    project: Project,
    snapshot: Snapshot,
    name: str = "restore turns",
    *,
    expected: Snapshot | None = None,
) -> None:
    """Put the documents' segments back exactly as in `snapshot` (undo or redo of an edit).

    With `expected`, the documents' segments must be exactly those now (else someone else
    changed the turns since, and nothing is done).
    """
    with project.transaction(_action(name, documents=len(snapshot))) as s:
        for doc_uuid, rows in snapshot.items():
            doc = s.get(Document, doc_uuid)
            if doc is None or doc.deleted:
                raise NotFoundError("the document of these turns has been deleted")
            if expected is not None and _rows(s, doc_uuid) != expected.get(doc_uuid):
                raise QcodeError(f"the turns of {doc.name!r} were changed since; not undone")
            if any(not 0 <= r.start <= r.end <= len(doc.text) for r in rows):
                raise QcodeError(f"the turns no longer fit the text of {doc.name!r}")
            _write(s, doc_uuid, rows)
        if snapshot:
            bump_change_counter(s)
