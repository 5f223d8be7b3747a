"""Fast read-only views of a project: coding counts, and one document's codings for display."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from qcode.codebook.tree import code_infos
from qcode.coding import CodingInfo
from qcode.documents import resolve_document
from qcode.store import Coder, Coding, Document, Project


@dataclass(frozen=True)
class CodingCounts:
    """How many live codings each code and each live document has (absent means none)."""

    per_code: dict[str, int] = field(default_factory=dict)
    per_document: dict[str, int] = field(default_factory=dict)
    documents_per_code: dict[str, int] = field(default_factory=dict)


def coding_counts(project: Project) -> CodingCounts:
    """Counts of live codings in live documents, by code and by document.

    One grouped query (code, document) gives all three counts: the window asks after every
    change, and three passes over 45,000 codings took ~0.5 s at 8x the demo.
    """
    live_docs = select(Document.uuid).where(Document.deleted.is_(False))
    query = (
        select(Coding.code_uuid, Coding.document_uuid, func.count())
        .where(Coding.deleted.is_(False), Coding.document_uuid.in_(live_docs))
        .group_by(Coding.code_uuid, Coding.document_uuid)
    )
    per_code: dict[str, int] = {}
    per_doc: dict[str, int] = {}
    docs_per_code: dict[str, int] = {}
    with project.read() as s:
        for code, doc, n in s.execute(query):
            per_code[code] = per_code.get(code, 0) + n
            per_doc[doc] = per_doc.get(doc, 0) + n
            docs_per_code[code] = docs_per_code.get(code, 0) + 1
    return CodingCounts(per_code, per_doc, docs_per_code)


def document_codings(project: Project, document: str) -> list[CodingInfo]:
    """The live codings (of live codes) of one document, in text order, in three queries.

    The same rows as `coding.list_codings(project, document=...)`, without reloading the
    document per coding (what a viewer needs each time a coding changes).
    """
    with project.read() as s:
        doc = resolve_document(s, document)
        paths = {c.uuid: c.path for c in code_infos(s)}
        coders = {uuid: name for uuid, name in s.execute(select(Coder.uuid, Coder.name))}
        rows = s.execute(
            select(
                Coding.uuid,
                Coding.code_uuid,
                Coding.coder_uuid,
                Coding.start,
                Coding.end,
                Coding.memo,
                Coding.created_at,
                Coding.updated_at,
            )
            .where(Coding.document_uuid == doc.uuid, Coding.deleted.is_(False))
            .order_by(Coding.start, Coding.end)
        ).all()
        return [
            CodingInfo(
                uuid=uuid,
                document_uuid=doc.uuid,
                document_name=doc.name,
                code_uuid=code,
                code_path=paths[code],
                coder_uuid=coder,
                coder_name=coders.get(coder, ""),
                start=start,
                end=end,
                memo=memo,
                created_at=created,
                updated_at=updated,
            )
            for uuid, code, coder, start, end, memo, created, updated in rows
            if code in paths
        ]
