"""What the index is built from, read straight from the project file in a few SQL queries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from qcode.search import freshness
from qcode.store import Attribute, Document, Project, ProjectRow, Segment

_CHUNK = 50


def _query(s: Session) -> freshness.Query:
    return lambda statement: s.execute(sql(statement))


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
    drop or re-index. The segments enter by their ids and bounds (count, lowest and highest id,
    sums of ids, starts and ends) and their speakers, since search results are looked up by
    segment id: a restored or replaced file that reuses ids for other text changes the digest.
    Two aggregate queries, no document text read.
    """
    with project.read() as s:
        segs = {
            uuid: rest
            for uuid, *rest in s.execute(
                select(
                    Segment.document_uuid,
                    func.count(Segment.id),
                    func.min(Segment.id),
                    func.max(Segment.id),
                    func.total(Segment.id),
                    func.total(Segment.start),
                    func.total(Segment.end),
                    func.group_concat(Segment.speaker, "\x1f"),
                ).group_by(Segment.document_uuid)
            )
        }
        out: dict[str, str] = {}
        for uuid, kind, sha in freshness.live_documents(_query(s)):
            raw = f"{sha}|{kind}|{segs.get(uuid, [0])}"
            out[uuid] = hashlib.sha1(raw.encode("utf-8")).hexdigest()
        return out


def state_digest(project_uuid: str, prints: dict[str, str]) -> str:
    """One digest of the project state the index reflects: the project's UUID and every live
    document's fingerprint. It changes whenever any indexed text or segment changes, unlike the
    change counter, which a restored or copied file can repeat."""
    digest = hashlib.sha1(project_uuid.encode("utf-8"))
    for uuid in sorted(prints):
        digest.update(f"\n{uuid}={prints[uuid]}".encode())
    return digest.hexdigest()


def quick_key(project: Project) -> str:
    """`freshness.quick_key` of the project as it is now."""
    with project.read() as s:
        return freshness.quick_key(_query(s))


def project_state(project: Project) -> tuple[str, dict[str, str]]:
    """(state digest, per-document fingerprints) of the project as it is now."""
    prints = fingerprints(project)
    return state_digest(project_uuid(project), prints), prints


@dataclass(frozen=True)
class IndexDocument:
    """One document with what the index stores about each of its segments."""

    uuid: str
    kind: str
    text: str
    segments: list[tuple[int, int, int, str, int]]  # (id, start, end, speaker, ordinal)


def load_documents(project: Project, uuids: Iterable[str]) -> Iterator[IndexDocument]:
    """The given documents with text and segments, a few hundred at a time."""
    wanted = list(uuids)
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        with project.read() as s:
            segs: dict[str, list[tuple[int, int, int, str, int]]] = {}
            for sid, doc, start, end, speaker, ordinal in s.execute(
                select(
                    Segment.id,
                    Segment.document_uuid,
                    Segment.start,
                    Segment.end,
                    Segment.speaker,
                    Segment.ordinal,
                )
                .where(Segment.document_uuid.in_(chunk))
                .order_by(Segment.document_uuid, Segment.ordinal)
            ):
                segs.setdefault(doc, []).append((sid, start, end, speaker, ordinal))
            for uuid, kind, text in s.execute(
                select(Document.uuid, Document.kind, Document.text).where(Document.uuid.in_(chunk))
            ):
                yield IndexDocument(uuid, kind, text, segs.get(uuid, []))


def document_rows(project: Project) -> dict[str, DocumentRow]:
    """Every live document's name and kind, by UUID (a row per document, no text read)."""
    with project.read() as s:
        return {
            uuid: DocumentRow(uuid, name, kind)
            for uuid, name, kind in s.execute(
                select(Document.uuid, Document.name, Document.kind).where(
                    Document.deleted.is_(False)
                )
            )
        }
