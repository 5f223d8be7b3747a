"""Coding services: apply, remove, resize, recode, memo, in-vivo, list codings and quotes."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.tree import (
    SEPARATOR,
    CodeInfo,
    code_infos,
    code_path,
    descendants,
    find_code_by_path,
    insert_code_path,
    resolve_code,
)
from qcode.documents import resolve_document
from qcode.errors import InvalidOffsetsError, NotFoundError, QcodeError
from qcode.speakers.labels import parse_meta, spoken
from qcode.store import Action, Attribute, Code, Coder, Coding, Document, Project, Segment
from qcode.store.tombstones import tombstone

IN_VIVO_MAX = 60


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


_S = TypeVar("_S", bound=_HasStart)


@dataclass(frozen=True)
class CodingInfo:
    """One coding with the names a reader needs."""

    uuid: str
    document_uuid: str
    document_name: str
    code_uuid: str
    code_path: str
    coder_uuid: str
    coder_name: str
    start: int
    end: int
    memo: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Quote:
    """A coded passage with its provenance: where it is, who said it, who coded it."""

    coding_uuid: str
    code_uuid: str
    code_path: str
    document_uuid: str
    document_name: str
    kind: str
    start: int
    end: int
    text: str
    paragraph: int  # ordinal of the segment the passage starts in (0 if none)
    speaker: str
    coder_uuid: str
    coder_name: str
    memo: str
    attributes: dict[str, str] = field(default_factory=dict)
    time: str = ""  # when the turn starts (its metadata, else its label), if known


def check_span(doc: Document, start: int, end: int) -> None:
    """Refuse, never clamp, a passage outside [0, len(text)] or empty."""
    length = len(doc.text)
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidOffsetsError("start and end must be whole numbers")
    if start < 0 or end > length or start >= end:
        raise InvalidOffsetsError(
            f"passage [{start}, {end}) is not within {doc.name!r} (text positions 0 to {length},"
            " start before end)"
        )


def _get_coding(session: Session, uuid: str) -> Coding:
    coding = session.get(Coding, uuid)
    if coding is None or coding.deleted:
        raise NotFoundError(f"no coding {uuid!r} in this project")
    return coding


def _coding_info(
    session: Session, coding: Coding, paths: dict[str, str] | None = None
) -> CodingInfo:
    doc = session.get(Document, coding.document_uuid)
    coder = session.get(Coder, coding.coder_uuid)
    if paths is None:
        paths = {c.uuid: c.path for c in code_infos(session)}
    return CodingInfo(
        uuid=coding.uuid,
        document_uuid=coding.document_uuid,
        document_name=doc.name if doc else "",
        code_uuid=coding.code_uuid,
        code_path=paths.get(coding.code_uuid, ""),
        coder_uuid=coding.coder_uuid,
        coder_name=coder.name if coder else "",
        start=coding.start,
        end=coding.end,
        memo=coding.memo,
        created_at=coding.created_at,
        updated_at=coding.updated_at,
    )


def insert_coding(
    session: Session,
    doc: Document,
    code: Code,
    start: int,
    end: int,
    coder_uuid: str,
    memo: str = "",
) -> tuple[Coding, bool]:
    """Add a coding inside the caller's transaction; (coding, created) — an identical live
    coding by the same coder is returned instead of a duplicate."""
    check_span(doc, start, end)
    existing = session.scalars(
        select(Coding).where(
            Coding.document_uuid == doc.uuid,
            Coding.code_uuid == code.uuid,
            Coding.coder_uuid == coder_uuid,
            Coding.start == start,
            Coding.end == end,
            Coding.deleted.is_(False),
        )
    ).first()
    if existing is not None:
        return existing, False
    stamp = now()
    coding = Coding(
        document_uuid=doc.uuid,
        code_uuid=code.uuid,
        coder_uuid=coder_uuid,
        start=start,
        end=end,
        memo=memo,
        created_at=stamp,
        updated_at=stamp,
        updated_by=coder_uuid,
    )
    session.add(coding)
    session.flush()
    return coding, True


def apply_code(
    project: Project, document: str, code: str, start: int, end: int, memo: str = ""
) -> CodingInfo:
    """Code [start, end) of a document (code points) with a code, as the current coder."""
    with project.transaction(Action("apply code", "coding", touches={"codings"})) as s:
        doc = resolve_document(s, document)
        code_row = resolve_code(s, code)
        coding, _ = insert_coding(s, doc, code_row, start, end, project.coder_uuid, memo)
        return _coding_info(s, coding)


def find_text(
    project: Project, document: str, passage: str, occurrence: int = 1
) -> tuple[int, int]:
    """[start, end) of the n-th exact occurrence of `passage` in a document."""
    with project.read() as s:
        doc = resolve_document(s, document)
        if not passage:
            raise QcodeError("the passage to find is empty")
        pos = -1
        for _ in range(max(1, occurrence)):
            pos = doc.text.find(passage, pos + 1)
            if pos < 0:
                raise NotFoundError(f"{doc.name!r} does not contain the passage {passage!r}")
        return pos, pos + len(passage)


def remove_coding(project: Project, uuid: str) -> None:
    with project.transaction(Action("remove coding", "coding", uuid, touches={"codings"})) as s:
        _get_coding(s, uuid)
        tombstone(s, Coding, [uuid], now(), project.coder_uuid)


def restore_codings(project: Project, uuids: Iterable[str]) -> tuple[datetime, int]:
    """Bring removed codings back (undo of remove, or redo of apply); returns the stamp
    they were given and how many of them exist."""
    stamp = now()
    with project.transaction(Action("restore codings", "coding", touches={"codings"})) as s:
        n = tombstone(s, Coding, list(uuids), stamp, project.coder_uuid, deleted=False)
    return stamp, n


def remove_codings(project: Project, uuids: Iterable[str]) -> tuple[datetime, int]:
    """Remove many codings as one action (undo of a bulk apply); returns the stamp they
    were given and how many of them exist."""
    stamp = now()
    with project.transaction(Action("remove codings", "coding", touches={"codings"})) as s:
        n = tombstone(s, Coding, list(uuids), stamp, project.coder_uuid)
    return stamp, n


def resize_coding(project: Project, uuid: str, start: int, end: int) -> tuple[int, int]:
    """Move a coding's bounds; returns the old (start, end) for undo."""
    with project.transaction(Action("resize coding", "coding", uuid, touches={"codings"})) as s:
        coding = _get_coding(s, uuid)
        doc = s.get(Document, coding.document_uuid)
        assert doc is not None
        check_span(doc, start, end)
        old = (coding.start, coding.end)
        coding.start, coding.end = start, end
        coding.updated_at = now()
        coding.updated_by = project.coder_uuid
        return old


def recode(project: Project, uuid: str, code: str) -> str:
    """Give a coding another code; returns the old code's UUID for undo."""
    with project.transaction(Action("recode", "coding", uuid, touches={"codings"})) as s:
        coding = _get_coding(s, uuid)
        old = coding.code_uuid
        coding.code_uuid = resolve_code(s, code).uuid
        coding.updated_at = now()
        coding.updated_by = project.coder_uuid
        return old


def set_coding_memo(project: Project, uuid: str, memo: str) -> str:
    """Set a coding's memo; returns the old memo for undo."""
    with project.transaction(Action("coding memo", "coding", uuid, touches={"codings"})) as s:
        coding = _get_coding(s, uuid)
        old = coding.memo
        coding.memo = memo
        coding.updated_at = now()
        coding.updated_by = project.coder_uuid
        return old


def in_vivo_name(passage: str) -> str:
    """A code name from a selected passage: one line, no separator, at most 60 characters."""
    name = " ".join(passage.replace(SEPARATOR, "-").split()).strip(" \"'“”‘’.,;:")
    if len(name) > IN_VIVO_MAX:
        cut = name[:IN_VIVO_MAX].rsplit(" ", 1)[0]
        name = (cut or name[:IN_VIVO_MAX]) + "…"
    if not name:
        raise QcodeError("select some words to make an in-vivo code")
    return name


def code_in_vivo(
    project: Project, document: str, start: int, end: int, parent: str | None = None
) -> tuple[CodeInfo, CodingInfo, bool]:
    """Code a passage with a code named from its words (made now, or reused if it exists).

    One transaction. Returns (code, coding, whether the code was created).
    """
    with project.transaction(Action("code in vivo", "coding", touches={"codes", "codings"})) as s:
        doc = resolve_document(s, document)
        check_span(doc, start, end)
        name = in_vivo_name(doc.text[start:end])
        prefix = code_path(s, resolve_code(s, parent)) + SEPARATOR if parent else ""
        code = find_code_by_path(s, prefix + name)
        created = code is None
        if code is None:
            code = insert_code_path(s, prefix + name, project.coder_uuid)
        coding, _ = insert_coding(s, doc, code, start, end, project.coder_uuid)
        infos = code_infos(s)
        info = next(c for c in infos if c.uuid == code.uuid)
        return info, _coding_info(s, coding, {c.uuid: c.path for c in infos}), created


def list_codings(
    project: Project,
    *,
    code: str | None = None,
    document: str | None = None,
    coder: str | None = None,
    include_subcodes: bool = False,
) -> list[CodingInfo]:
    """Live codings filtered by code (path or UUID), document and coder (name or UUID)."""
    with project.read() as s:
        query = select(Coding).where(Coding.deleted.is_(False))
        if code:
            uuids = code_uuids(s, code, include_subcodes)
            query = query.where(Coding.code_uuid.in_(uuids))
        if document:
            query = query.where(Coding.document_uuid == resolve_document(s, document).uuid)
        if coder:
            query = query.where(Coding.coder_uuid.in_(coder_uuids(s, coder)))
        paths = {c.uuid: c.path for c in code_infos(s)}
        live_docs = set(s.scalars(select(Document.uuid).where(Document.deleted.is_(False))))
        rows = [
            c
            for c in s.scalars(query.order_by(Coding.document_uuid, Coding.start, Coding.end))
            if c.document_uuid in live_docs and c.code_uuid in paths
        ]
        return [_coding_info(s, c, paths) for c in rows]


def code_uuids(session: Session, code: str, include_subcodes: bool) -> list[str]:
    root = resolve_code(session, code).uuid
    return [root, *descendants(session, root)] if include_subcodes else [root]


def coder_uuids(session: Session, coder: str) -> list[str]:
    """UUIDs of coders named `coder` (or with that UUID); NotFoundError if none."""
    found = list(
        session.scalars(select(Coder.uuid).where((Coder.uuid == coder) | (Coder.name == coder)))
    )
    if not found:
        raise NotFoundError(f"no coder {coder!r} in this project")
    return found


def quotes(
    project: Project,
    code: str,
    *,
    include_subcodes: bool = False,
    coder: str | None = None,
) -> list[Quote]:
    """Every live passage coded with `code`, in document then text order, with provenance."""
    with project.read() as s:
        wanted = code_uuids(s, code, include_subcodes)
        query = select(Coding).where(Coding.deleted.is_(False), Coding.code_uuid.in_(wanted))
        if coder:
            query = query.where(Coding.coder_uuid.in_(coder_uuids(s, coder)))
        return _quotes(s, list(s.scalars(query)))


def quotes_of_codings(project: Project, uuids: Iterable[str]) -> list[Quote]:
    """The quotes of some codings (live ones of live documents), as `quotes` gives them."""
    wanted = list(dict.fromkeys(uuids))
    with project.read() as s:
        codings: list[Coding] = []
        for i in range(0, len(wanted), 500):
            codings += s.scalars(
                select(Coding).where(
                    Coding.uuid.in_(wanted[i : i + 500]), Coding.deleted.is_(False)
                )
            )
        return _quotes(s, codings)


def _quotes(s: Session, codings: list[Coding]) -> list[Quote]:
    paths = {c.uuid: c.path for c in code_infos(s)}
    coders = {c.uuid: c.name for c in s.scalars(select(Coder))}
    doc_ids = sorted({c.document_uuid for c in codings})
    docs = {
        d.uuid: d
        for d in s.scalars(
            select(Document).where(Document.uuid.in_(doc_ids), Document.deleted.is_(False))
        )
    }
    attrs: dict[str, dict[str, str]] = {}
    for a in s.scalars(
        select(Attribute).where(
            Attribute.document_uuid.in_(doc_ids), Attribute.deleted.is_(False)
        )
    ):
        attrs.setdefault(a.document_uuid, {})[a.key] = a.value
    segs: dict[str, list[SegmentBound]] = {}
    for doc_uuid, start, end, ordinal, speaker, meta in s.execute(
        select(
            Segment.document_uuid,
            Segment.start,
            Segment.end,
            Segment.ordinal,
            Segment.speaker,
            Segment.meta,
        )
        .where(Segment.document_uuid.in_(doc_ids))
        .order_by(Segment.document_uuid, Segment.start)
    ):
        segs.setdefault(doc_uuid, []).append(SegmentBound(start, ordinal, speaker, end, meta))
    out: list[Quote] = []
    for c in codings:
        doc = docs.get(c.document_uuid)
        if doc is None:
            continue
        seg = segment_at(segs.get(doc.uuid, []), c.start)
        start, end, time = _spoken(doc.text, c.start, c.end, seg)
        out.append(
            Quote(
                coding_uuid=c.uuid,
                code_uuid=c.code_uuid,
                code_path=paths.get(c.code_uuid, ""),
                document_uuid=doc.uuid,
                document_name=doc.name,
                kind=doc.kind,
                start=start,
                end=end,
                text=doc.text[start:end],
                paragraph=seg.ordinal if seg else 0,
                speaker=seg.speaker if seg else "",
                coder_uuid=c.coder_uuid,
                coder_name=coders.get(c.coder_uuid, ""),
                memo=c.memo,
                attributes=attrs.get(doc.uuid, {}),
                time=time,
            )
        )
    out.sort(key=lambda q: (q.document_name.casefold(), q.start, q.end, q.code_path))
    return out


class SegmentBound(NamedTuple):
    """Where a segment starts, its paragraph number and speaker (what a quote needs)."""

    start: int
    ordinal: int
    speaker: str
    end: int = -1
    meta: str = "{}"


def _spoken(text: str, start: int, end: int, seg: SegmentBound | None) -> tuple[int, int, str]:
    """A coded passage without the label opening its turn, and the turn's time."""
    if seg is None or not seg.speaker or seg.end < 0:
        return start, end, ""
    return spoken(text, start, end, seg.start, seg.end, seg.speaker, parse_meta(seg.meta))


def segment_at(segments: Sequence[_S], offset: int) -> _S | None:
    """The segment (sorted by start) that contains `offset`, or the last one before it."""
    i = bisect.bisect_right(segments, offset, key=lambda seg: seg.start) - 1
    return segments[i] if i >= 0 else None
