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
    """Counts of live codings in live documents, by code and by document."""
    with project.read() as s:
        live = (
            select(Coding.code_uuid, Coding.document_uuid)
            .join(Document, Document.uuid == Coding.document_uuid)
            .where(Coding.deleted.is_(False), Document.deleted.is_(False))
            .subquery()
        )
        per_code = {
            code: int(n)
            for code, n in s.execute(
                select(live.c.code_uuid, func.count()).group_by(live.c.code_uuid)
            )
        }
        docs_per_code = {
            code: int(n)
            for code, n in s.execute(
                select(live.c.code_uuid, func.count(func.distinct(live.c.document_uuid))).group_by(
                    live.c.code_uuid
                )
            )
        }
        per_doc = {
            doc: int(n)
            for doc, n in s.execute(
                select(live.c.document_uuid, func.count()).group_by(live.c.document_uuid)
            )
        }
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
