"""Opens the dialogs of `qcode.ui.dialogs` lazily; a dialog not built yet disables its action."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QInputDialog

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

PACKAGE = "qcode.ui.dialogs"


def dialog_class(module: str, name: str) -> Any | None:
    """`qcode.ui.dialogs.<module>.<name>`, or None when that module is not there (yet)."""
    full = f"{PACKAGE}.{module}"
    try:
        if importlib.util.find_spec(PACKAGE) is None or importlib.util.find_spec(full) is None:
            return None
        return getattr(importlib.import_module(full), name, None)
    except (ImportError, AttributeError, ValueError):
        return None


def guard(action: QAction, module: str, name: str, tip: str) -> None:
    """Enable `action` only when its dialog exists; say why when it does not."""
    available = dialog_class(module, name) is not None
    action.setEnabled(available)
    action.setToolTip(tip if available else f"{tip} (not available in this build yet)")


class Dialogs:
    """The window's dialogs; each runs modally over the current project."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        #: The dialog shown last (tests and the window reach it here).
        self.current: QDialog | None = None

    def _open(self, module: str, name: str, *args: Any, **kwargs: Any) -> QDialog | None:
        cls = dialog_class(module, name)
        if cls is None:
            self.w.say("That dialog is not available in this build yet.")
            return None
        try:
            dialog: QDialog = cls(*args, **kwargs)
        except Exception as exc:  # the window's one error path: a message, never a traceback
            self.w.failure("qcode", exc)
            return None
        return dialog

    def _show(self, dialog: QDialog) -> QDialog:
        """Show a dialog window-modally without blocking; the views reload when it closes."""
        if self.current is not None and self.current is not dialog:
            self.current.deleteLater()
        self.current = dialog
        dialog.finished.connect(lambda _result: self.w.reload_all())
        panel = getattr(dialog, "task_panel", None)
        if panel is not None:  # its commits are this window's, not another program's
            self.w.watcher.hold_while_writing(panel)
        dialog.open()
        return dialog

    def import_files(self) -> QDialog | None:
        if self.w.project is None:
            return None
        dialog = self._open("import_dialog", "ImportDialog", self.w.project, self.w)
        if dialog is None:
            return None
        if hasattr(dialog, "imported"):
            dialog.imported.connect(lambda *_: (self.w.reload_all(), self.w.search.prepare_index()))
        return self._show(dialog)

    def export_bundle(self, codes: list[str] | None = None) -> QDialog | None:
        if self.w.project is None:
            return None
        dialog = self._open("export_dialog", "ExportDialog", self.w.project, self.w, codes=codes)
        return None if dialog is None else self._show(dialog)

    def summary(self) -> QDialog | None:
        return self._simple("summary_dialog", "SummaryDialog")

    def agreement(self) -> QDialog | None:
        return self._simple("agreement_dialog", "AgreementDialog")

    def pseudonyms(self) -> QDialog | None:
        return self._simple("pseudonym_dialog", "PseudonymDialog")

    def _simple(self, module: str, name: str) -> QDialog | None:
        if self.w.project is None:
            return None
        dialog = self._open(module, name, self.w.project, self.w)
        return None if dialog is None else self._show(dialog)

    def merge(self) -> QDialog | None:
        """Merge other coders' files into this project; the window then reads it again."""
        if self.w.project is None:
            return None
        dialog = self._open("merge_dialog", "MergeDialog", self.w.project.path, self.w)
        if dialog is None:
            return None
        if hasattr(dialog, "merged"):
            dialog.merged.connect(lambda *_: self.w.reopen_project())
        return self._show(dialog)

    def restore(self) -> QDialog | None:
        """File › Restore from a snapshot…; the window then reads the project again."""
        if self.w.project is None or self.w.read_only:
            return None
        dialog = self._open("restore_dialog", "RestoreDialog", self.w.project, self.w)
        if dialog is None:
            return None
        if hasattr(dialog, "restored"):
            dialog.restored.connect(lambda *_: self.w.after_restore())
        return self._show(dialog)

    def coder_name(self) -> str | None:
        current = self.w.project.coder_name if self.w.project else ""
        ask = dialog_class("coder_dialog", "ask_coder_name")
        if ask is not None:
            name = ask(self.w, current)
            return str(name) if name else None
        name, ok = QInputDialog.getText(self.w, "Coder", "Your name as a coder:", text=current)
        return name.strip() if ok and name.strip() else None

    def edit_code(self, uuid: str | None, parent: str | None) -> dict[str, Any] | None:
        """The code editor's values (the caller pushes the undo command), or None."""
        assert self.w.project is not None
        cls = dialog_class("code_editor", "CodeEditorDialog")
        if cls is None:
            codes = self.w.codebook.model.codes()
            current = next((c.name for c in codes if uuid and c.uuid == uuid), "")
            name, ok = QInputDialog.getText(self.w, "Code", "Name:", text=current)
            if not ok or not name.strip():
                return None
            values: dict[str, Any] = {"name": name.strip()}
            if parent:
                values["parent"] = parent
            return values
        dialog = cls(self.w.project, code_uuid=uuid, parent=self.w)
        if parent and hasattr(dialog, "set_parent"):
            dialog.set_parent(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dict(dialog.values())
        if parent and not uuid and not (values.get("parent") or values.get("parent_uuid")):
            values["parent"] = parent
        return values


def open_file(path: Path) -> None:
    """Open a file with the system's application for it."""
    from PySide6.QtCore import QUrl

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
