"""Memo services: free-text memos on the project, a document, a code or a coding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import NotFoundError, QcodeError
from qcode.store import Action, Code, Coder, Coding, Document, Memo, Project, ProjectRow

#: The title of a memo row that flags its coding as quotable (qcode.analysis.quotable): a
#: marker, not a memo to read.
QUOTABLE_TITLE = "★ quotable"

TARGET_KINDS: dict[str, type] = {
    "project": ProjectRow,
    "document": Document,
    "code": Code,
    "coding": Coding,
}


@dataclass(frozen=True)
class MemoInfo:
    uuid: str
    target_kind: str
    target_uuid: str
    title: str
    text: str
    coder_name: str
    created_at: datetime
    updated_at: datetime


def _check_target(project: Project, target_kind: str, target_uuid: str) -> None:
    model = TARGET_KINDS.get(target_kind)
    if model is None:
        raise QcodeError(f"memos attach to {', '.join(TARGET_KINDS)}, not {target_kind!r}")
    with project.read() as s:
        if model is ProjectRow:
            row = s.get(ProjectRow, 1)
            ok = row is not None and row.uuid == target_uuid
        else:
            found = s.get(model, target_uuid)
            ok = found is not None and not found.deleted
    if not ok:
        raise NotFoundError(f"no {target_kind} {target_uuid!r} to attach a memo to")


def add_memo(
    project: Project, target_kind: str, target_uuid: str, text: str, title: str = ""
) -> MemoInfo:
    """Attach a new memo by the current coder."""
    _check_target(project, target_kind, target_uuid)
    with project.transaction(Action("add memo", "memo", touches={"memos"})) as s:
        stamp = now()
        memo = Memo(
            target_kind=target_kind,
            target_uuid=target_uuid,
            title=title,
            text=text,
            coder_uuid=project.coder_uuid,
            created_at=stamp,
            updated_at=stamp,
            updated_by=project.coder_uuid,
        )
        s.add(memo)
        s.flush()
        return _info(s.get(Coder, project.coder_uuid), memo)


def _info(coder: Coder | None, memo: Memo) -> MemoInfo:
    return MemoInfo(
        uuid=memo.uuid,
        target_kind=memo.target_kind,
        target_uuid=memo.target_uuid,
        title=memo.title,
        text=memo.text,
        coder_name=coder.name if coder else "",
        created_at=memo.created_at,
        updated_at=memo.updated_at,
    )


def list_memos(
    project: Project, target_kind: str | None = None, target_uuid: str | None = None
) -> list[MemoInfo]:
    """Live memos, oldest first, optionally those of one target."""
    with project.read() as s:
        query = select(Memo).where(Memo.deleted.is_(False))
        if target_kind:
            query = query.where(Memo.target_kind == target_kind)
        if target_uuid:
            query = query.where(Memo.target_uuid == target_uuid)
        coders = {c.uuid: c for c in s.scalars(select(Coder))}
        return [
            _info(coders.get(m.coder_uuid or ""), m)
            for m in s.scalars(query.order_by(Memo.created_at))
        ]


def update_memo(project: Project, uuid: str, text: str, title: str | None = None) -> str:
    """Change a memo's text (and title); returns the old text for undo."""
    with project.transaction(Action("edit memo", "memo", uuid, touches={"memos"})) as s:
        memo = s.get(Memo, uuid)
        if memo is None or memo.deleted:
            raise NotFoundError(f"no memo {uuid!r}")
        old = memo.text
        memo.text = text
        if title is not None:
            memo.title = title
        memo.updated_at = now()
        memo.updated_by = project.coder_uuid
        return old


def delete_memo(project: Project, uuid: str, *, deleted: bool = True) -> None:
    """Tombstone a memo (deleted=False brings it back)."""
    with project.transaction(Action("delete memo", "memo", uuid, touches={"memos"})) as s:
        memo = s.get(Memo, uuid)
        if memo is None:
            raise NotFoundError(f"no memo {uuid!r}")
        memo.deleted = deleted
        memo.updated_at = now()
        memo.updated_by = project.coder_uuid


def passage_memos(session: Session, codings: Iterable[str]) -> dict[str, list[str]]:
    """Live memo rows on these codings (markers left out), as "title: text", oldest first."""
    wanted = list(codings)
    out: dict[str, list[str]] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(Memo.target_uuid, Memo.title, Memo.text)
            .where(
                Memo.deleted.is_(False),
                Memo.target_kind == "coding",
                Memo.target_uuid.in_(wanted[i : i + 500]),
                Memo.title != QUOTABLE_TITLE,
            )
            .order_by(Memo.created_at)
        )
        for target, title, text in rows:
            line = f"{title}: {text}" if title and text else title or text
            if line.strip():
                out.setdefault(target, []).append(line)
    return out
