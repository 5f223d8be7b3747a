"""Quotable flags on coded passages, kept as marker memos on the coding (no schema change)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from qcode.clock import now
from qcode.errors import NotFoundError
from qcode.memos import QUOTABLE_TITLE
from qcode.store import Action, Coding, Memo, Project

#: The title of the memo row that flags its coding as quotable. A flag is a memo row
#: (target_kind "coding"), so it merges as any memo does (per row, last writer wins), an
#: unflag is its tombstone, and a REFI-QDA export carries it as a note on the passage.
QUOTABLE = QUOTABLE_TITLE


def quotable_codings(project: Project, codings: Iterable[str] | None = None) -> set[str]:
    """UUIDs of codings flagged quotable (of `codings`, when given)."""
    with project.read() as s:
        query = select(Memo.target_uuid).where(
            Memo.deleted.is_(False), Memo.target_kind == "coding", Memo.title == QUOTABLE
        )
        found = set(s.scalars(query))
    return found if codings is None else found & set(codings)


def set_quotable(project: Project, coding: str, flag: bool) -> list[str]:
    """Flag or unflag a coded passage; returns the marker memos changed (for `mark_markers`).

    Flagging a flagged passage, or unflagging one that is not, changes nothing ([])."""
    action = Action("flag quotable" if flag else "unflag quotable", "coding", coding)
    action.touches = {"memos"}
    with project.transaction(action) as s:
        row = s.get(Coding, coding)
        if row is None or row.deleted:
            raise NotFoundError(f"no coding {coding!r} to flag")
        markers = list(
            s.scalars(
                select(Memo).where(
                    Memo.target_kind == "coding",
                    Memo.target_uuid == coding,
                    Memo.title == QUOTABLE,
                    Memo.deleted.is_(False),
                )
            )
        )
        stamp = now()
        if flag:
            if markers:
                return []
            memo = Memo(
                target_kind="coding",
                target_uuid=coding,
                title=QUOTABLE,
                text="",
                coder_uuid=project.coder_uuid,
                created_at=stamp,
                updated_at=stamp,
                updated_by=project.coder_uuid,
            )
            s.add(memo)
            s.flush()
            return [memo.uuid]
        for m in markers:
            m.deleted = True
            m.updated_at = stamp
            m.updated_by = project.coder_uuid
        return [m.uuid for m in markers]


def mark_markers(project: Project, markers: Iterable[str], deleted: bool) -> None:
    """Tombstone (or revive) the marker memos a `set_quotable` changed: undoing a flag
    tombstones its marker, undoing an unflag revives the markers, and redo the reverse."""
    uuids = list(markers)
    with project.transaction(Action("quotable undo/redo", "memo", touches={"memos"})) as s:
        stamp = now()
        for m in s.scalars(select(Memo).where(Memo.uuid.in_(uuids))):
            m.deleted = deleted
            m.updated_at = stamp
            m.updated_by = project.coder_uuid
