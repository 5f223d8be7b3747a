"""Undoable user actions: one small QUndoCommand per gesture, each a call into a core service.

The window calls `Command.first()` itself (it may raise QcodeError, shown to the user, and
then nothing is pushed); `QUndoStack.push` then skips its initial `redo()`. Later undo/redo
calls go to `undo_it()`/`redo_it()`; a failure there is reported through `on_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoCommand

from qcode.codebook.tree import (
    TEXT_FIELDS,
    Deleted,
    add_code,
    delete_code,
    get_code,
    list_codes,
    merge_codes,
    move_code,
    rename_code,
    resolve_code,
    restore,
    unmerge,
    update_code,
)
from qcode.coding import (
    code_in_vivo,
    insert_coding,
    recode,
    remove_codings,
    resize_coding,
    restore_codings,
    set_coding_memo,
)
from qcode.documents import delete_document, resolve_document, restore_document
from qcode.store import Action, Project
from qcode.store.tombstones import stored

#: Called with a message when an undo or redo fails (e.g. a merge removed the coding).
ErrorHandler = Callable[[str], None]
#: Called with the exception when an undo or redo fails (the window's one error path).
FailureHandler = Callable[[BaseException], None]
#: Called before an undo/redo with the command and "undo"/"redo": a reason to refuse, or "".
Check = Callable[["Command", str], str]
#: Called after the command changed its rows (first time, undo, redo).
After = Callable[["Command"], None]

#: Rows an action touched, by table ("code", "coding", "document") -> UUIDs.
Rows = dict[str, list[str]]


class Command(QUndoCommand):
    """Base: `first()` does the action once; `undo_it`/`redo_it` reverse and repeat it."""

    def __init__(self, project: Project, text: str) -> None:
        super().__init__(text)
        self.project = project
        self.on_error: ErrorHandler | None = None
        self.on_failure: FailureHandler | None = None
        self.check: Check | None = None
        self.after: After | None = None
        self._skip_redo = False

    def first(self) -> bool:
        """Do the action; False when it changed nothing (then it is not pushed)."""
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError

    def redo_it(self) -> None:
        raise NotImplementedError

    def rows(self) -> Rows:
        """The rows this action changes (its undo and redo change the same ones)."""
        return {}

    def arm(self) -> None:
        """Mark the action done so that QUndoStack.push does not repeat it."""
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self.redo_it, "redo")

    def undo(self) -> None:
        self._guard(self.undo_it, "undo")

    def _guard(self, step: Callable[[], None], verb: str) -> None:
        """Run an undo or redo; refused or failed, the step leaves the history (QUndoStack
        drops a command made obsolete during its undo/redo) and the user is told why."""
        if self.check is not None:
            reason = self.check(self, verb)
            if reason:
                self.setObsolete(True)
                if self.on_error is not None:
                    self.on_error(reason)
                return
        try:
            step()
        except Exception as exc:  # never a traceback out of Qt's undo stack
            self.setObsolete(True)
            if self.on_failure is not None:
                self.on_failure(exc)
            elif self.on_error is not None:
                self.on_error(str(exc))
            return
        if self.after is not None:
            self.after(self)


# --- codings ---------------------------------------------------------------------------------
class ApplyCode(Command):
    def __init__(
        self, project: Project, document: str, code: str, start: int, end: int, memo: str = ""
    ) -> None:
        super().__init__(project, "Apply code")
        self.document, self.code, self.start, self.end, self.memo = (
            document,
            code,
            start,
            end,
            memo,
        )
        self.coding_uuid = ""

    def first(self) -> bool:
        action = Action("apply code", "coding", touches={"codings"})
        with self.project.transaction(action) as s:
            doc = resolve_document(s, self.document)
            code = resolve_code(s, self.code)
            coding, created = insert_coding(
                s, doc, code, self.start, self.end, self.project.coder_uuid, self.memo
            )
            self.coding_uuid = coding.uuid
            self.setText(f"Code “{code.name}”")
        return created

    def rows(self) -> Rows:
        return {"coding": [self.coding_uuid]}

    def undo_it(self) -> None:
        remove_codings(self.project, [self.coding_uuid])

    def redo_it(self) -> None:
        restore_codings(self.project, [self.coding_uuid])


class RemoveCodings(Command):
    def __init__(self, project: Project, uuids: list[str], text: str = "Remove coding") -> None:
        super().__init__(project, text)
        self.uuids = list(uuids)

    def first(self) -> bool:
        if not self.uuids:
            return False
        remove_codings(self.project, self.uuids)
        return True

    def rows(self) -> Rows:
        return {"coding": self.uuids}

    def undo_it(self) -> None:
        restore_codings(self.project, self.uuids)

    def redo_it(self) -> None:
        remove_codings(self.project, self.uuids)


class Recode(Command):
    def __init__(self, project: Project, coding: str, code: str) -> None:
        super().__init__(project, "Recode")
        self.coding, self.code, self.old = coding, code, ""

    def first(self) -> bool:
        self.old = recode(self.project, self.coding, self.code)
        self.setText(f"Recode as “{get_code(self.project, self.code).name}”")
        return self.old != self.code

    def rows(self) -> Rows:
        return {"coding": [self.coding]}

    def undo_it(self) -> None:
        recode(self.project, self.coding, self.old)

    def redo_it(self) -> None:
        recode(self.project, self.coding, self.code)


class Resize(Command):
    def __init__(self, project: Project, coding: str, start: int, end: int) -> None:
        super().__init__(project, "Resize coding")
        self.coding, self.new, self.old = coding, (start, end), (start, end)

    def first(self) -> bool:
        self.old = resize_coding(self.project, self.coding, *self.new)
        return self.old != self.new

    def rows(self) -> Rows:
        return {"coding": [self.coding]}

    def undo_it(self) -> None:
        resize_coding(self.project, self.coding, *self.old)

    def redo_it(self) -> None:
        resize_coding(self.project, self.coding, *self.new)


class CodingMemo(Command):
    def __init__(self, project: Project, coding: str, memo: str) -> None:
        super().__init__(project, "Coding memo")
        self.coding, self.memo, self.old = coding, memo, ""

    def first(self) -> bool:
        self.old = set_coding_memo(self.project, self.coding, self.memo)
        return self.old != self.memo

    def rows(self) -> Rows:
        return {"coding": [self.coding]}

    def undo_it(self) -> None:
        set_coding_memo(self.project, self.coding, self.old)

    def redo_it(self) -> None:
        set_coding_memo(self.project, self.coding, self.memo)


class InVivo(Command):
    def __init__(self, project: Project, document: str, start: int, end: int) -> None:
        super().__init__(project, "Code in vivo")
        self.document, self.start, self.end = document, start, end
        self.code_uuid = self.coding_uuid = ""
        self.created = False
        self.deleted: Deleted | None = None

    def first(self) -> bool:
        code, coding, self.created = code_in_vivo(self.project, self.document, self.start, self.end)
        self.code_uuid, self.coding_uuid = code.uuid, coding.uuid
        self.setText(f"Code in vivo “{code.name}”")
        return True

    def rows(self) -> Rows:
        return {"coding": [self.coding_uuid], "code": [self.code_uuid] if self.created else []}

    def undo_it(self) -> None:
        remove_codings(self.project, [self.coding_uuid])
        if self.created:
            self.deleted = delete_code(self.project, self.code_uuid)

    def redo_it(self) -> None:
        if self.deleted is not None:
            restore(self.project, self.deleted)
        restore_codings(self.project, [self.coding_uuid])


class Autocode(Command):
    """The "Code all hits" of a search: many codings as one step."""

    def __init__(
        self,
        project: Project,
        query: str,
        code: str,
        unit: str,
        filters: dict[str, Any],
        result: Any = None,
    ) -> None:
        super().__init__(project, "Code all hits")
        self.query, self.code, self.unit, self.filters = query, code, unit, filters
        self.result = result  # already done off the GUI thread, or None: do it in first()
        self.created: list[str] = []
        self.skipped = 0
        #: How the action, its undo or redo last left the rows, when known without reading
        #: them again (the window records it instead of reading 42,000 stamps back at 8x).
        self.left: dict[tuple[str, str], tuple[str, bool]] | None = None

    def first(self) -> bool:
        result = self.result
        if result is None:
            from qcode.search.autocode import autocode

            result = autocode(self.project, self.query, self.code, unit=self.unit, **self.filters)
        self.created, self.skipped = list(result.created), result.skipped
        stamps = getattr(result, "stamps", None)
        if stamps and len(stamps) == len(self.created):  # as the service wrote them
            pairs = zip(self.created, stamps, strict=True)
            self.left = {("coding", u): (at, False) for u, at in pairs}
        name = get_code(self.project, self.code).name
        self.setText(f"Code {len(self.created)} hits of “{self.query}” as “{name}”")
        return bool(self.created)

    def rows(self) -> Rows:
        return {"coding": self.created}

    def undo_it(self) -> None:
        self._leave(remove_codings(self.project, self.created), deleted=True)

    def redo_it(self) -> None:
        self._leave(restore_codings(self.project, self.created), deleted=False)

    def _leave(self, written: tuple[datetime, int], *, deleted: bool) -> None:
        """Every row got the one stamp, unless some are gone (then the window reads them)."""
        stamp, count = written
        rows = set(self.created)
        self.left = None
        if count == len(rows):
            left = (stored(stamp), deleted)
            self.left = {("coding", uuid): left for uuid in rows}


def _deleted_rows(codes: list[str], deleted: Deleted | None) -> Rows:
    if deleted is None:
        return {"code": codes}
    children = [uuid for uuid, _name in deleted.moved_children]
    return {
        "code": [*codes, *deleted.code_uuids, *children],
        "coding": [*deleted.coding_uuids, *deleted.moved_codings],
    }


# --- codebook --------------------------------------------------------------------------------
class AddCode(Command):
    def __init__(self, project: Project, path: str, **fields: Any) -> None:
        super().__init__(project, f"Add code “{path}”")
        self.path, self.fields = path, fields
        self.uuid = ""
        self.deleted: Deleted | None = None

    def first(self) -> bool:
        self.uuid = add_code(self.project, self.path, **self.fields).uuid
        return True

    def rows(self) -> Rows:
        return {"code": [self.uuid]}

    def undo_it(self) -> None:
        self.deleted = delete_code(self.project, self.uuid)

    def redo_it(self) -> None:
        if self.deleted is not None:
            restore(self.project, self.deleted)


class DeleteCode(Command):
    def __init__(self, project: Project, uuid: str) -> None:
        super().__init__(project, "Delete code")
        self.uuid = uuid
        self.deleted: Deleted | None = None

    def first(self) -> bool:
        self.setText(f"Delete code “{get_code(self.project, self.uuid).name}”")
        self.deleted = delete_code(self.project, self.uuid)
        return True

    def rows(self) -> Rows:
        return _deleted_rows([self.uuid], self.deleted)

    def undo_it(self) -> None:
        if self.deleted is not None:
            restore(self.project, self.deleted)

    def redo_it(self) -> None:
        self.deleted = delete_code(self.project, self.uuid)


class MergeCodes(Command):
    def __init__(self, project: Project, source: str, target: str) -> None:
        super().__init__(project, "Merge codes")
        self.source, self.target = source, target
        self.merged: Deleted | None = None

    def first(self) -> bool:
        src, dst = get_code(self.project, self.source), get_code(self.project, self.target)
        self.setText(f"Merge “{src.name}” into “{dst.name}”")
        self.merged = merge_codes(self.project, self.source, self.target)
        return True

    def rows(self) -> Rows:
        return _deleted_rows([self.source, self.target], self.merged)

    def undo_it(self) -> None:
        if self.merged is not None:
            unmerge(self.project, self.merged)

    def redo_it(self) -> None:
        self.merged = merge_codes(self.project, self.source, self.target)


def _place(project: Project, uuid: str) -> tuple[str | None, int]:
    """A code's parent and its index among its siblings."""
    infos = list_codes(project)
    me = next(c for c in infos if c.uuid == uuid)
    siblings = [c.uuid for c in infos if c.parent_uuid == me.parent_uuid]
    return me.parent_uuid, siblings.index(uuid)


class MoveCode(Command):
    def __init__(
        self, project: Project, uuid: str, parent: str | None, position: int | None
    ) -> None:
        super().__init__(project, "Move code")
        self.uuid, self.parent, self.position = uuid, parent, position
        self.old: tuple[str | None, int] = (None, 0)

    def first(self) -> bool:
        self.old = _place(self.project, self.uuid)
        info = move_code(self.project, self.uuid, self.parent, self.position)
        self.setText(f"Move code “{info.name}”")
        return _place(self.project, self.uuid) != self.old

    def rows(self) -> Rows:
        return {"code": [self.uuid]}

    def undo_it(self) -> None:
        move_code(self.project, self.uuid, *self.old)

    def redo_it(self) -> None:
        move_code(self.project, self.uuid, self.parent, self.position)


_EDITABLE = (*TEXT_FIELDS, "colour", "codable")


class EditCode(Command):
    """Apply the values of the code editor (name, parent, colour and the text fields)."""

    def __init__(self, project: Project, uuid: str, values: dict[str, Any]) -> None:
        super().__init__(project, "Edit code")
        self.uuid = uuid
        self.new = dict(values)
        self.old: dict[str, Any] = {}

    def first(self) -> bool:
        info = get_code(self.project, self.uuid)
        self.old = {"name": info.name, "parent": info.parent_uuid}
        self.old.update({key: getattr(info, key) for key in _EDITABLE})
        self.new = {k: v for k, v in _normalised(self.new).items() if self.old.get(k) != v}
        self.old = {k: self.old[k] for k in self.new}
        if not self.new:
            return False
        self.setText(f"Edit code “{self.new.get('name', info.name)}”")
        self._apply(self.new)
        return True

    def _apply(self, values: dict[str, Any]) -> None:
        if "name" in values:
            rename_code(self.project, self.uuid, values["name"])
        if "parent" in values:
            move_code(self.project, self.uuid, values["parent"])
        fields = {k: v for k, v in values.items() if k in _EDITABLE}
        if fields:
            update_code(self.project, self.uuid, **fields)

    def rows(self) -> Rows:
        return {"code": [self.uuid]}

    def undo_it(self) -> None:
        self._apply(self.old)

    def redo_it(self) -> None:
        self._apply(self.new)


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """The editor's values with `parent_uuid` read as `parent` and unknown keys dropped."""
    out = dict(values)
    if "parent_uuid" in out:
        out["parent"] = out.pop("parent_uuid")
    if "parent" in out:
        out["parent"] = out["parent"] or None
    return {k: v for k, v in out.items() if k in ("name", "parent", *_EDITABLE)}


# --- documents -------------------------------------------------------------------------------
class DeleteDocument(Command):
    def __init__(self, project: Project, uuid: str, name: str) -> None:
        super().__init__(project, f"Delete document “{name}”")
        self.uuid = uuid
        self.codings: list[str] = []

    def first(self) -> bool:
        self.codings = delete_document(self.project, self.uuid)
        return True

    def rows(self) -> Rows:
        return {"document": [self.uuid], "coding": self.codings}

    def undo_it(self) -> None:
        restore_document(self.project, self.uuid, self.codings)

    def redo_it(self) -> None:
        self.codings = delete_document(self.project, self.uuid)


class LoadCodebook(Command):
    """Load a codebook file (.qdc, .csv, .xlsx) into the project, merging by UUID and path."""

    def __init__(self, project: Project, path: Path) -> None:
        super().__init__(project, f"Load codebook “{path.name}”")
        self.path = path
        self.report: Any = None

    def first(self) -> bool:
        from qcode.codebook.loader import load_codebook_file

        self.report = load_codebook_file(self.project, self.path)
        return bool(self.report.added or self.report.updated)

    def rows(self) -> Rows:
        report = self.report
        if report is None:
            return {}
        return {"code": [*report.added_uuids, *report.before]}

    def undo_it(self) -> None:
        from qcode.codebook.loader import undo_load

        undo_load(self.project, self.report)

    def redo_it(self) -> None:
        self.first()


class CodesFromTor(Command):
    """One theme per item of a terms-of-reference document."""

    def __init__(self, project: Project, path: Path) -> None:
        super().__init__(project, f"Themes from “{path.name}”")
        self.path = path
        self.created: list[str] = []
        self.deleted: list[Deleted] = []

    def first(self) -> bool:
        from qcode.codebook.tor import codes_from_tor

        self.created = list(codes_from_tor(self.project, self.path).created_uuids)
        return bool(self.created)

    def rows(self) -> Rows:
        return {"code": self.created}

    def undo_it(self) -> None:
        self.deleted = [delete_code(self.project, uuid) for uuid in self.created]

    def redo_it(self) -> None:
        for deleted in self.deleted:
            restore(self.project, deleted)
