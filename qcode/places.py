"""Where codings sit: their document and passage, removed or not (to show an undone step)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from qcode.store import Project
from qcode.store.models import Coding, Document


@dataclass(frozen=True)
class Place:
    """A passage of a document: its uuid and name, and [start, end) in code points."""

    document_uuid: str
    document_name: str
    start: int
    end: int


def coding_places(project: Project, uuids: Iterable[str]) -> list[Place]:
    """The places of these codings (tombstoned ones too), in the order given; unknown skipped."""
    wanted = [u for u in uuids if u]
    if not wanted:
        return []
    with project.read() as s:
        rows = s.execute(
            select(Coding.uuid, Coding.document_uuid, Document.name, Coding.start, Coding.end)
            .join(Document, Document.uuid == Coding.document_uuid)
            .where(Coding.uuid.in_(wanted[:900]))
        ).all()
    found = {row[0]: Place(row[1], row[2], row[3], row[4]) for row in rows}
    return [found[u] for u in wanted if u in found]
