"""Coding and codebook gestures: each turns a user action into one undo command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

from qcode.codebook.tree import SEPARATOR, CodeInfo
from qcode.text import sentence_bounds
from qcode.ui import undo
from qcode.ui.quick_code import describe_matches, match_codes

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

FAVOURITES_KEY = "favourite_codes"


class Gestures:
    """The window's coding actions; every change goes through `window.run(command)`."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.autocoding: Any = None  # the worker of a running "Code all hits"

    # --- helpers -------------------------------------------------------------------------
    def _selection(self) -> tuple[str, int, int] | None:
        viewer = self.w.viewer
        span = viewer.selection_span()
        if not viewer.document_uuid or span is None:
            self.w.say("Select some text in a document first.")
            return None
        return viewer.document_uuid, span[0], span[1]

    def _code(self, uuid: str) -> CodeInfo | None:
        return next((c for c in self.w.codebook.model.codes() if c.uuid == uuid), None)

    def choose_code(self, title: str, exclude: str = "") -> str | None:
        """Ask for a code by path (an editable list with completion)."""
        codes = [c for c in self.w.codebook.model.codes() if c.uuid != exclude]
        if not codes:
            self.w.say("The codebook is empty.")
            return None
        paths = [c.path for c in codes]
        path, ok = QInputDialog.getItem(self.w, title, "Code:", paths, 0, True)
        if not ok:
            return None
        found = match_codes(codes, path)
        if len(found) != 1:  # never nothing silently: say what the typed name matched
            self.w.error(title, describe_matches(path, found))
            return None
        return found[0].uuid

    # --- coding --------------------------------------------------------------------------
    def code_selection(self, code_uuid: str) -> bool:
        """Code the selected passage with a code (click, drag, key, quick-code)."""
        selected = self._selection()
        if selected is None:
            return False
        code = self._code(code_uuid)
        if code is not None and not code.codable:
            self.w.say(f"“{code.name}” is a heading: choose one of its sub-codes.")
            return False
        done = self.w.run(undo.ApplyCode(self.w.project, selected[0], code_uuid, *selected[1:]))
        if done:
            self.w.viewer.disarm()  # the next click on a code only shows its quotes
        if done and code is not None:
            self.w.say(f"Coded as “{code.path}”. Ctrl+Z undoes it.")
        return done

    def code_passage(self, code_uuid: str, document: str, start: int, end: int) -> bool:
        """Code a passage given by its place (a drop onto the codebook)."""
        return self.w.run(undo.ApplyCode(self.w.project, document, code_uuid, start, end))

    def favourite(self, number: int) -> bool:
        favourites = self.favourites()
        if not 1 <= number <= len(favourites):
            self.w.say(f"No code on key {number}: right-click a code to set one.")
            return False
        return self.code_selection(favourites[number - 1])

    def favourites(self) -> list[str]:
        """The codes on keys 1–9: chosen ones, else the first nine codable leaf codes."""
        codes = self.w.codebook.model.codes()
        live = {c.uuid for c in codes}
        chosen = self.w.project.settings().get(FAVOURITES_KEY) if self.w.project else None
        if isinstance(chosen, list):
            return [u if u in live else "" for u in chosen][:9]
        parents = {c.parent_uuid for c in codes}
        return [c.uuid for c in codes if c.codable and c.uuid not in parents][:9]

    def set_favourite(self, code_uuid: str, number: int) -> None:
        """Put a code on key `number` (0: take it off its key)."""
        if self.w.project is None:
            return
        favourites = [u for u in self.favourites()]
        favourites += [""] * (9 - len(favourites))
        favourites = ["" if u == code_uuid else u for u in favourites]
        if number:
            favourites[number - 1] = code_uuid
        self.w.project.put_setting(FAVOURITES_KEY, favourites)
        self.w.codebook.model.set_favourites(favourites)

    def quick_code(self, code_uuid: str) -> None:
        self.code_selection(code_uuid)
        self.w.viewer.setFocus()

    def quick_create(self, name: str) -> None:
        """A name typed in the quick-code box that is no code yet: create it, then code."""
        if self._selection() is None or self.w.project is None:
            return
        answer = QMessageBox.question(
            self.w, "New code", f"There is no code “{name}”. Create it and code the selection?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        stack = self.w.undo_stack
        stack.beginMacro(f"Code with new code “{name}”")
        try:
            add = undo.AddCode(self.w.project, name.replace(SEPARATOR, "-"))
            if self.w.run(add):
                self.code_selection(add.uuid)
        finally:
            stack.endMacro()
        self.w.viewer.setFocus()

    def in_vivo(self) -> None:
        selected = self._selection()
        if selected is not None:
            self.w.run(undo.InVivo(self.w.project, *selected))

    def remove(self, coding: str) -> None:
        self.w.run(undo.RemoveCodings(self.w.project, [coding]))

    def recode(self, coding: str) -> None:
        current = next((c for c in self.w.viewer.codings if c.uuid == coding), None)
        target = self.choose_code("Recode", exclude=current.code_uuid if current else "")
        if target:
            self.w.run(undo.Recode(self.w.project, coding, target))

    def resize(self, coding: str) -> None:
        span = self.w.viewer.selection_span()
        if span is None:
            self.w.say("Select the new extent of the passage first.")
            return
        self.w.run(undo.Resize(self.w.project, coding, *span))

    def extend(self, coding: str) -> None:
        """Widen a coding to the whole sentences it touches."""
        current = next((c for c in self.w.viewer.codings if c.uuid == coding), None)
        if current is not None:
            start, end = sentence_bounds(self.w.viewer.text, current.start, current.end)
            self.w.run(undo.Resize(self.w.project, coding, start, end))

    def memo(self, coding: str) -> None:
        current = next((c for c in self.w.viewer.codings if c.uuid == coding), None)
        text, ok = QInputDialog.getMultiLineText(
            self.w, "Coding memo", "Memo:", current.memo if current else ""
        )
        if ok:
            self.w.run(undo.CodingMemo(self.w.project, coding, text.strip()))

    def code_all_hits(self, query: str, code: str, unit: str, filters: dict[str, Any]) -> None:
        """Code every hit off the GUI thread (progress, Stop), then push one undo step."""
        if self.w.project is None:
            return
        from qcode.ui.autocode_run import CodeAllHits

        self.autocoding = CodeAllHits(self.w, query, code, unit, filters)
        self.autocoding.start()

    # --- codebook ------------------------------------------------------------------------
    def add_code(self, parent_uuid: str | None = None) -> None:
        if self.w.project is None:
            return
        values = self.w.dialogs.edit_code(None, parent_uuid)
        if values is None:
            return
        parent = values.pop("parent", values.pop("parent_uuid", parent_uuid)) or None
        name = str(values.pop("name", "")).strip()
        if not name:
            return
        parent_code = self._code(parent) if parent else None
        path = f"{parent_code.path}{SEPARATOR}{name}" if parent_code else name
        fields = {k: v for k, v in values.items() if k in undo._EDITABLE and v not in ("", None)}
        command = undo.AddCode(self.w.project, path, **fields)
        if self.w.run(command):
            self.w.codebook.select(command.uuid)

    def edit_code(self, uuid: str) -> None:
        if self.w.project is None or not uuid:
            return
        values = self.w.dialogs.edit_code(uuid, None)
        if values is not None:
            self.w.run(undo.EditCode(self.w.project, uuid, values))

    def delete_code(self, uuid: str) -> None:
        code = self._code(uuid)
        if code is None:
            return
        answer = QMessageBox.question(
            self.w,
            "Delete code",
            f"Delete “{code.path}”, its sub-codes and all their codings?\n(Ctrl+Z brings "
            "them back.)",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.w.run(undo.DeleteCode(self.w.project, uuid))

    def merge_code(self, uuid: str) -> None:
        target = self.choose_code("Merge into", exclude=uuid)
        if target:
            self.w.run(undo.MergeCodes(self.w.project, uuid, target))

    def move_code(self, uuid: str, parent: str | None, position: int | None) -> None:
        self.w.run(undo.MoveCode(self.w.project, uuid, parent, position))

    def delete_document(self, uuid: str) -> None:
        doc = next((d for d in self.w.documents.model.documents() if d.uuid == uuid), None)
        if doc is None:
            return
        answer = QMessageBox.question(
            self.w, "Delete document", f"Remove “{doc.name}” and its codings from the project?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.w.run(undo.DeleteDocument(self.w.project, uuid, doc.name))
