"""Undo and redo a REFI-QDA import: its added rows tombstoned or revived, changed rows swapped."""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.gather import store_sets
from qcode.refi.importer import QdpxReport
from qcode.store import Action, Attribute, Code, Coder, Coding, Document, Memo, Project
from qcode.store.models import Mutable
from qcode.store.tombstones import tombstone

MODELS: dict[str, type[Mutable]] = {
    "coder": Coder,
    "document": Document,
    "coding": Coding,
    "memo": Memo,
    "attribute": Attribute,
    "code": Code,
}
TOUCHES = {"documents", "codes", "codings", "memos", "coders", "attributes"}


def _apply(s: Session, project: Project, report: QdpxReport, *, undo: bool) -> None:
    stamp = now()
    added = dict(report.added)
    if report.codes is not None:
        added["code"] = list(report.codes.added_uuids)
    for entity, uuids in added.items():
        tombstone(s, MODELS[entity], uuids, stamp, project.coder_uuid, deleted=undo)
    for entity, rows in report.changed.items():
        for uuid, (before, after) in rows.items():
            row = s.get(MODELS[entity], uuid)
            if row is None:
                continue
            for name, value in (before if undo else after).items():
                setattr(row, name, value)
            row.updated_at, row.updated_by = stamp, project.coder_uuid
    sets = report.codes.sets_before if undo and report.codes else report.sets_after
    if sets is not None:
        store_sets(s, sets)


def undo_import(project: Project, report: QdpxReport) -> None:
    """Take back everything `import_qdpx` added or changed, in one transaction."""
    with project.transaction(Action("undo import REFI-QDA project", touches=TOUCHES)) as s:
        _apply(s, project, report, undo=True)


def redo_import(project: Project, report: QdpxReport) -> None:
    """Put an undone import back exactly as it was (the same rows, revived)."""
    with project.transaction(Action("redo import REFI-QDA project", touches=TOUCHES)) as s:
        _apply(s, project, report, undo=False)
