"""Document services: add (with segments and attributes), list, look up, rename, delete."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import InvalidNameError, NotFoundError, QcodeError
from qcode.ids import new_uuid, text_sha256

# the kinds live in their own module (no SQLAlchemy), shown here too for the callers of old
from qcode.kinds import KIND_LABELS as KIND_LABELS
from qcode.kinds import KINDS as KINDS
from qcode.kinds import check_kind as check_kind
from qcode.store import (
    Action,
    Attribute,
    Coding,
    Document,
    Project,
    Segment,
    bump_change_counter,
)
from qcode.store.tombstones import tombstone
from qcode.text import Span, normalise, paragraphs


@dataclass(frozen=True)
class DocumentInfo:
    """A document as services hand it out (no text, which can be large)."""

    uuid: str
    name: str
    kind: str
    sha256: str
    source_filename: str
    imported_at: datetime
    length: int
    memo: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentInfo:
    """A paragraph or speaker turn of a document."""

    id: int
    ordinal: int
    start: int
    end: int
    speaker: str
    meta: dict[str, str] = field(default_factory=dict)


def _info(doc: Document, length: int | None = None) -> DocumentInfo:
    return DocumentInfo(
        uuid=doc.uuid,
        name=doc.name,
        kind=doc.kind,
        sha256=doc.sha256,
        source_filename=doc.source_filename,
        imported_at=doc.imported_at,
        length=len(doc.text) if length is None else length,
        memo=doc.memo,
        attributes={a.key: a.value for a in doc.attributes if not a.deleted},
    )


def resolve_document(session: Session, ref: str) -> Document:
    """The live document whose UUID or name is `ref`; NotFoundError otherwise."""
    doc = session.get(Document, ref)
    if doc is None or doc.deleted:
        doc = session.scalars(
            select(Document).where(Document.name == ref, Document.deleted.is_(False))
        ).first()
    if doc is None:
        raise NotFoundError(f"no document {ref!r} in this project")
    return doc


def find_by_sha256(session: Session, sha256: str) -> Document | None:
    return session.scalars(
        select(Document).where(Document.sha256 == sha256, Document.deleted.is_(False))
    ).first()


def unique_name(session: Session, name: str) -> str:
    """`name`, or `name (2)`, `name (3)` ... whichever no live document has yet."""
    taken = set(
        session.scalars(
            select(Document.name).where(Document.deleted.is_(False), Document.name.like(f"{name}%"))
        )
    )
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def insert_document(
    session: Session,
    name: str,
    text: str,
    *,
    coder_uuid: str | None,
    kind: str = "other",
    source_filename: str = "",
    attributes: Mapping[str, str] | None = None,
    spans: Sequence[Span] | None = None,
    span_meta: Sequence[Mapping[str, str]] | None = None,
    uuid: str | None = None,
) -> Document:
    """Insert a document, its segments and attributes inside the caller's transaction.

    `text` must already be normalised; `spans` default to its paragraphs.
    """
    name = name.strip()
    if not name:
        raise InvalidNameError("a document needs a name")
    if not text.strip():
        raise QcodeError(f"{name}: the document has no text")
    if text != normalise(text):
        raise QcodeError(f"{name}: text must be normalised before it is stored")
    kind = check_kind(kind)
    if session.scalars(
        select(Document.uuid).where(Document.name == name, Document.deleted.is_(False))
    ).first():
        raise InvalidNameError(f"a document named {name!r} already exists")
    spans = list(spans) if spans is not None else paragraphs(text)
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            raise QcodeError(f"{name}: segment [{span.start}, {span.end}) outside the text")
    stamp = now()
    doc = Document(
        uuid=uuid or new_uuid(),
        name=name,
        kind=kind,
        text=text,
        sha256=text_sha256(text),
        source_filename=source_filename,
        imported_at=stamp,
        updated_at=stamp,
        updated_by=coder_uuid,
    )
    session.add(doc)
    session.flush()
    metas = list(span_meta) if span_meta is not None else [{} for _ in spans]
    if spans:
        session.execute(
            insert(Segment),
            [
                {
                    "document_uuid": doc.uuid,
                    "ordinal": i,
                    "start": span.start,
                    "end": span.end,
                    "speaker": span.speaker,
                    "meta": json.dumps(dict(meta)) if meta else "{}",
                }
                for i, (span, meta) in enumerate(zip(spans, metas, strict=True), start=1)
            ],
        )
    for key, value in (attributes or {}).items():
        session.add(
            Attribute(
                document_uuid=doc.uuid,
                key=key,
                value=value,
                updated_at=stamp,
                updated_by=coder_uuid,
            )
        )
    bump_change_counter(session)
    return doc


def add_document(
    project: Project,
    name: str,
    text: str,
    *,
    kind: str = "other",
    source_filename: str = "",
    attributes: Mapping[str, str] | None = None,
    spans: Sequence[Span] | None = None,
) -> DocumentInfo:
    """Add one document (text normalised here) as one transaction."""
    normalised = normalise(text)
    if spans is not None and normalised != text:
        raise QcodeError(f"{name}: segments need text that is already normalised")
    text = normalised
    with project.transaction(Action("add document", "document", touches={"documents"})) as s:
        doc = insert_document(
            s,
            name,
            text,
            coder_uuid=project.coder_uuid,
            kind=kind,
            source_filename=source_filename,
            attributes=attributes,
            spans=spans,
        )
        s.flush()
        s.refresh(doc, ["attributes"])
        return _info(doc)


def list_documents(project: Project, kind: str | None = None) -> list[DocumentInfo]:
    """Live documents ordered by kind then name, with their attributes (texts are not read)."""
    columns = (
        Document.uuid,
        Document.name,
        Document.kind,
        Document.sha256,
        Document.source_filename,
        Document.imported_at,
        func.length(Document.text),
        Document.memo,
    )
    with project.read() as s:
        query = select(*columns).where(Document.deleted.is_(False))
        if kind:
            query = query.where(Document.kind == check_kind(kind))
        rows = s.execute(query.order_by(Document.kind, Document.name)).all()
        attrs: dict[str, dict[str, str]] = {}
        for doc_uuid, key, value in s.execute(
            select(Attribute.document_uuid, Attribute.key, Attribute.value).where(
                Attribute.deleted.is_(False)
            )
        ):
            attrs.setdefault(doc_uuid, {})[key] = value
        return [
            DocumentInfo(
                uuid=uuid,
                name=name,
                kind=doc_kind,
                sha256=sha256,
                source_filename=source,
                imported_at=imported,
                length=length,
                memo=memo,
                attributes=attrs.get(uuid, {}),
            )
            for uuid, name, doc_kind, sha256, source, imported, length, memo in rows
        ]


@dataclass(frozen=True)
class DocumentEntry:
    """A live document as a list shows it: name, kind and attributes (nothing past its text)."""

    uuid: str
    name: str
    kind: str
    attributes: dict[str, str] = field(default_factory=dict)


#: Live documents' uuid, name and kind. These columns come before `text` in a row, and the
#: `deleted` index says which rows are live: SQLite never walks a text's overflow pages (a
#: column after the text, or the text's length, costs reading every text: ~0.4 s at 8x).
_ENTRIES = (
    "SELECT uuid, name, kind FROM document WHERE rowid IN"
    " (SELECT rowid FROM document INDEXED BY ix_document_deleted WHERE deleted = 0)"
)


def document_entries(project: Project) -> list[DocumentEntry]:
    """Live documents with their attributes, for lists (the window's documents pane): the
    same documents as `list_documents`, read in milliseconds however long their texts."""
    with project.read() as s:
        rows = s.execute(sql(_ENTRIES)).all()
        attrs: dict[str, dict[str, str]] = {}
        for doc_uuid, key, value in s.execute(
            select(Attribute.document_uuid, Attribute.key, Attribute.value).where(
                Attribute.deleted.is_(False)
            )
        ):
            attrs.setdefault(doc_uuid, {})[key] = value
    return [
        DocumentEntry(str(uuid), str(name), str(kind), attrs.get(uuid, {}))
        for uuid, name, kind in rows
    ]


def attribute_values(project: Project) -> dict[str, list[str]]:
    """Every attribute key of live documents with its distinct non-empty values, both sorted."""
    with project.read() as s:
        rows = s.execute(
            select(Attribute.key, Attribute.value)
            .join(Document, Document.uuid == Attribute.document_uuid)
            .where(Attribute.deleted.is_(False), Document.deleted.is_(False))
            .distinct()
        ).all()
    values: dict[str, set[str]] = {}
    for key, value in rows:
        if value:
            values.setdefault(key, set()).add(value)
    return {k: sorted(v, key=str.casefold) for k, v in sorted(values.items())}


def get_document(project: Project, ref: str) -> DocumentInfo:
    with project.read() as s:
        return _info(resolve_document(s, ref))


def document_text(project: Project, ref: str) -> str:
    with project.read() as s:
        return resolve_document(s, ref).text


def segments(project: Project, ref: str) -> list[SegmentInfo]:
    with project.read() as s:
        doc = resolve_document(s, ref)
        rows = s.scalars(
            select(Segment).where(Segment.document_uuid == doc.uuid).order_by(Segment.ordinal)
        )
        return [
            SegmentInfo(r.id, r.ordinal, r.start, r.end, r.speaker, json.loads(r.meta or "{}"))
            for r in rows
        ]


def rename_document(project: Project, ref: str, new_name: str) -> DocumentInfo:
    new_name = new_name.strip()
    if not new_name:
        raise InvalidNameError("a document needs a name")
    with project.transaction(Action("rename document", "document", touches={"documents"})) as s:
        doc = resolve_document(s, ref)
        clash = s.scalars(
            select(Document.uuid).where(
                Document.name == new_name, Document.deleted.is_(False), Document.uuid != doc.uuid
            )
        ).first()
        if clash:
            raise InvalidNameError(f"a document named {new_name!r} already exists")
        doc.name = new_name
        doc.updated_at = now()
        doc.updated_by = project.coder_uuid
        return _info(doc)


def set_document_kind(project: Project, ref: str, kind: str) -> None:
    with project.transaction(Action("set document kind", "document", touches={"documents"})) as s:
        doc = resolve_document(s, ref)
        doc.kind = check_kind(kind)
        doc.updated_at = now()
        doc.updated_by = project.coder_uuid
        bump_change_counter(s)


def set_document_memo(project: Project, ref: str, memo: str) -> None:
    with project.transaction(Action("document memo", "document", touches={"documents"})) as s:
        doc = resolve_document(s, ref)
        doc.memo = memo
        doc.updated_at = now()
        doc.updated_by = project.coder_uuid


def set_attributes(project: Project, ref: str, values: Mapping[str, str]) -> None:
    """Set (or with an empty value, remove) attributes of a document, as one action."""
    with project.transaction(
        Action("set attributes", "document", touches={"documents", "attributes"})
    ) as s:
        doc = resolve_document(s, ref)
        write_attributes(s, doc.uuid, values, project.coder_uuid)
        bump_change_counter(s)


def write_attributes(
    session: Session, document_uuid: str, values: Mapping[str, str], coder_uuid: str | None
) -> None:
    """Upsert attributes inside the caller's transaction (empty value = tombstone)."""
    existing = {
        a.key: a
        for a in session.scalars(select(Attribute).where(Attribute.document_uuid == document_uuid))
    }
    stamp = now()
    for key, value in values.items():
        key = key.strip()
        if not key:
            continue
        row = existing.get(key)
        if row is None:
            if value:
                session.add(
                    Attribute(
                        document_uuid=document_uuid,
                        key=key,
                        value=value,
                        updated_at=stamp,
                        updated_by=coder_uuid,
                    )
                )
            continue
        row.value = value
        row.deleted = not value
        row.updated_at = stamp
        row.updated_by = coder_uuid


def delete_document(project: Project, ref: str) -> list[str]:
    """Tombstone a document and its codings; returns the codings' UUIDs (for undo)."""
    project.snapshot("delete-document")
    with project.transaction(
        Action("delete document", "document", touches={"documents", "codings"})
    ) as s:
        doc = resolve_document(s, ref)
        stamp = now()
        coding_uuids = list(
            s.scalars(
                select(Coding.uuid).where(
                    Coding.document_uuid == doc.uuid, Coding.deleted.is_(False)
                )
            )
        )
        tombstone(s, Coding, coding_uuids, stamp, project.coder_uuid)
        doc.deleted = True
        doc.updated_at = stamp
        doc.updated_by = project.coder_uuid
        bump_change_counter(s)
        return coding_uuids


def restore_document(project: Project, uuid: str, coding_uuids: Iterable[str] = ()) -> None:
    """Undo `delete_document`: bring the document and the given codings back."""
    with project.transaction(
        Action("restore document", "document", uuid, touches={"documents", "codings"})
    ) as s:
        doc = s.get(Document, uuid)
        if doc is None:
            raise NotFoundError(f"no document {uuid!r} in this project")
        stamp = now()
        doc.deleted = False
        doc.updated_at = stamp
        doc.updated_by = project.coder_uuid
        tombstone(s, Coding, list(coding_uuids), stamp, project.coder_uuid, deleted=False)
        bump_change_counter(s)
