"""Undoable actions of the analysis views: attribute values, memos, quotable flags."""

from __future__ import annotations

from pathlib import Path

from qcode.analysis.cases import Values, import_sheet, set_values
from qcode.analysis.quotable import mark_markers, set_quotable
from qcode.documents import get_document, set_document_memo
from qcode.memos import add_memo, delete_memo, list_memos, update_memo
from qcode.store import Project
from qcode.ui.undo import Command


# --- attributes ------------------------------------------------------------------------------
class SetAttributes(Command):
    """Edit a cell, or give many documents one value: undo writes back the values before."""

    def __init__(self, project: Project, changes: Values, text: str) -> None:
        super().__init__(project, text)
        self.changes, self.before = changes, {}

    def first(self) -> bool:
        self.before = set_values(self.project, self.changes, self.text())
        return self.before != self.changes

    def undo_it(self) -> None:
        set_values(self.project, self.before, "undo " + self.text())

    def redo_it(self) -> None:
        set_values(self.project, self.changes, "redo " + self.text())


class ImportSheet(SetAttributes):
    """Read a cases sheet (.csv/.xlsx): every value it changed is one step."""

    def __init__(self, project: Project, path: Path) -> None:
        super().__init__(project, {}, f"Import attributes from {path.name}")
        self.path = path
        self.unmatched: list[str] = []

    def first(self) -> bool:
        result = import_sheet(self.project, self.path)
        self.changes, self.before, self.unmatched = result.after, result.before, result.unmatched
        return bool(self.changes)


# --- memos -----------------------------------------------------------------------------------
class AddMemo(Command):
    def __init__(self, project: Project, kind: str, target: str, text: str, title: str) -> None:
        super().__init__(project, f"Add memo {title!r}" if title else "Add memo")
        self.args = (kind, target, text, title)
        self.uuid = ""

    def first(self) -> bool:
        self.uuid = add_memo(self.project, *self.args).uuid
        return True

    def undo_it(self) -> None:
        delete_memo(self.project, self.uuid)

    def redo_it(self) -> None:
        delete_memo(self.project, self.uuid, deleted=False)


class EditMemo(Command):
    def __init__(self, project: Project, uuid: str, text: str, title: str) -> None:
        super().__init__(project, f"Edit memo {title!r}" if title else "Edit memo")
        self.uuid, self.new = uuid, (text, title)
        self.old = ("", "")

    def first(self) -> bool:
        memo = next(m for m in list_memos(self.project) if m.uuid == self.uuid)
        self.old = (memo.text, memo.title)
        if self.old == self.new:
            return False
        update_memo(self.project, self.uuid, *self.new)
        return True

    def undo_it(self) -> None:
        update_memo(self.project, self.uuid, *self.old)

    def redo_it(self) -> None:
        update_memo(self.project, self.uuid, *self.new)


class DeleteMemo(Command):
    def __init__(self, project: Project, uuid: str, title: str) -> None:
        super().__init__(project, f"Delete memo {title!r}" if title else "Delete memo")
        self.uuid = uuid

    def first(self) -> bool:
        delete_memo(self.project, self.uuid)
        return True

    def undo_it(self) -> None:
        delete_memo(self.project, self.uuid, deleted=False)

    def redo_it(self) -> None:
        delete_memo(self.project, self.uuid)


class DocumentNote(Command):
    """The memo column of a document (what imports and older projects hold)."""

    def __init__(self, project: Project, document: str, text: str) -> None:
        super().__init__(project, "Document memo")
        self.document, self.text_, self.old = document, text, ""

    def first(self) -> bool:
        self.old = get_document(self.project, self.document).memo
        if self.old == self.text_:
            return False
        set_document_memo(self.project, self.document, self.text_)
        return True

    def rows(self) -> dict[str, list[str]]:
        return {"document": [self.document]}

    def undo_it(self) -> None:
        set_document_memo(self.project, self.document, self.old)

    def redo_it(self) -> None:
        set_document_memo(self.project, self.document, self.text_)


# --- quotable --------------------------------------------------------------------------------
class FlagQuotable(Command):
    def __init__(self, project: Project, coding: str, flag: bool) -> None:
        super().__init__(project, "Flag as quotable" if flag else "Unflag quotable")
        self.coding, self.flag = coding, flag
        self.markers: list[str] = []

    def first(self) -> bool:
        self.markers = set_quotable(self.project, self.coding, self.flag)
        return bool(self.markers)

    def undo_it(self) -> None:
        mark_markers(self.project, self.markers, deleted=self.flag)

    def redo_it(self) -> None:
        mark_markers(self.project, self.markers, deleted=not self.flag)
