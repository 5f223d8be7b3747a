"""What the index is built from, read straight from the project file in a few SQL queries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from qcode.store import Attribute, Document, Project, ProjectRow, Segment

_CHUNK = 400


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """A segment as search results need it (cached per index generation)."""

    id: int
    document_uuid: str
    ordinal: int
    start: int
    end: int
    speaker: str


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A live document's name and kind."""

    uuid: str
    name: str
    kind: str


def project_uuid(project: Project) -> str:
    with project.read() as s:
        row = s.get(ProjectRow, 1)
        return row.uuid if row else ""


def live_attributes(project: Project) -> dict[str, dict[str, str]]:
    """document UUID -> {key: value} of the live attributes of live documents."""
    with project.read() as s:
        rows = s.execute(
            select(Attribute.document_uuid, Attribute.key, Attribute.value)
            .join(Document, Document.uuid == Attribute.document_uuid)
            .where(Attribute.deleted.is_(False), Document.deleted.is_(False))
        )
        out: dict[str, dict[str, str]] = {}
        for doc, key, value in rows:
            out.setdefault(doc, {})[key] = value
        return out


def fingerprints(project: Project) -> dict[str, str]:
    """document UUID -> a digest of everything indexed about it (text, kind, segments).

    Comparing these with the ones recorded in the index says exactly which documents to add,
    drop or re-index.
    """
    with project.read() as s:
        counts = dict(
            s.execute(
                select(Segment.document_uuid, func.count(Segment.id)).group_by(
                    Segment.document_uuid
                )
            ).all()
        )
        out: dict[str, str] = {}
        for uuid, kind, sha in s.execute(
            select(Document.uuid, Document.kind, Document.sha256).where(Document.deleted.is_(False))
        ):
            raw = f"{sha}|{kind}|{counts.get(uuid, 0)}"
            out[uuid] = hashlib.sha1(raw.encode("utf-8")).hexdigest()
        return out


@dataclass(frozen=True)
class IndexDocument:
    """One document with what the index stores about each of its segments."""

    uuid: str
    kind: str
    text: str
    segments: list[tuple[int, int, int, str]]  # (id, start, end, speaker)


def load_documents(project: Project, uuids: Iterable[str]) -> Iterator[IndexDocument]:
    """The given documents with text and segments, a few hundred at a time."""
    wanted = list(uuids)
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        with project.read() as s:
            segs: dict[str, list[tuple[int, int, int, str]]] = {}
            for sid, doc, start, end, speaker in s.execute(
                select(
                    Segment.id, Segment.document_uuid, Segment.start, Segment.end, Segment.speaker
                )
                .where(Segment.document_uuid.in_(chunk))
                .order_by(Segment.document_uuid, Segment.ordinal)
            ):
                segs.setdefault(doc, []).append((sid, start, end, speaker))
            for uuid, kind, text in s.execute(
                select(Document.uuid, Document.kind, Document.text).where(Document.uuid.in_(chunk))
            ):
                yield IndexDocument(uuid, kind, text, segs.get(uuid, []))


def segment_rows(project: Project) -> dict[int, SegmentRow]:
    """Every segment of every live document, by id."""
    with project.read() as s:
        return {
            sid: SegmentRow(sid, doc, ordinal, start, end, speaker)
            for sid, doc, ordinal, start, end, speaker in s.execute(
                select(
                    Segment.id,
                    Segment.document_uuid,
                    Segment.ordinal,
                    Segment.start,
                    Segment.end,
                    Segment.speaker,
                )
                .join(Document, Document.uuid == Segment.document_uuid)
                .where(Document.deleted.is_(False))
            )
        }


def document_rows(project: Project) -> dict[str, DocumentRow]:
    with project.read() as s:
        return {
            uuid: DocumentRow(uuid, name, kind)
            for uuid, name, kind in s.execute(
                select(Document.uuid, Document.name, Document.kind).where(
                    Document.deleted.is_(False)
                )
            )
        }


def document_texts(project: Project) -> dict[str, str]:
    """The text of every live document, by UUID."""
    with project.read() as s:
        return dict(
            s.execute(select(Document.uuid, Document.text).where(Document.deleted.is_(False))).all()
        )
