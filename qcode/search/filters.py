"""Filters answered by SQL, not the index: segments coded (or not) with a code, by a coder."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, select

from qcode.coding import code_uuids, coder_uuids
from qcode.documents import resolve_document
from qcode.store import Coding, Project, Segment


def coded_segments(project: Project, code: str | None, coder: str | None) -> set[int]:
    """Ids of segments overlapping a live coding of `code` (with its sub-codes) by `coder`.

    Either may be None: no code means any code, no coder means any coder.
    """
    with project.read() as s:
        query = (
            select(Segment.id)
            .join(
                Coding,
                and_(
                    Coding.document_uuid == Segment.document_uuid,
                    Coding.start < Segment.end,
                    Coding.end > Segment.start,
                ),
            )
            .where(Coding.deleted.is_(False))
            .distinct()
        )
        if code:
            query = query.where(Coding.code_uuid.in_(code_uuids(s, code, True)))
        if coder:
            query = query.where(Coding.coder_uuid.in_(coder_uuids(s, coder)))
        return set(s.scalars(query))


def document_uuids(project: Project, refs: Sequence[str]) -> list[str]:
    """UUIDs of the documents named (or identified) by `refs`; NotFoundError for any unknown."""
    with project.read() as s:
        return [resolve_document(s, ref).uuid for ref in refs]
