"""Coder services: who has coded in this project, told apart by UUID even when names clash."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qcode.store import Coder, Project


@dataclass(frozen=True)
class CoderInfo:
    """A coder with a label that stays unique when two coders share a name."""

    uuid: str
    name: str
    label: str


def list_coders(project: Project) -> list[CoderInfo]:
    """Live coders by name, then by age; the second "Ann" is labelled "Ann (2)"."""
    with project.read() as s:
        rows = s.execute(
            select(Coder.uuid, Coder.name)
            .where(Coder.deleted.is_(False))
            .order_by(Coder.name, Coder.created_at)
        ).all()
    seen: dict[str, int] = {}
    out: list[CoderInfo] = []
    for uuid, name in rows:
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        out.append(CoderInfo(uuid, name, label))
    return out
