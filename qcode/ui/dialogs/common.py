"""Widgets the dialogs share: message line, path picker, check lists and a busy-aware dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from qcode import documents
from qcode.codebook.tree import CodeInfo
from qcode.coders import list_coders
from qcode.documents import KIND_LABELS
from qcode.store import Project
from qcode.ui.dialogs.workers import TaskPanel

#: Item data role holding the UUID (or key) of a checklist entry.
KEY_ROLE = Qt.ItemDataRole.UserRole


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def swatch(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class MessageLine(QLabel):
    """A line inside a dialog for errors and results (no modal box to dismiss)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def error(self, message: str) -> None:
        self.setStyleSheet("color: #B00020; font-weight: bold;")
        self.setText(message)
        self.show()

    def info(self, message: str) -> None:
        self.setStyleSheet("")
        self.setText(message)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()

    def clear_on_edit(self, *inputs: QWidget) -> None:
        """An error about these inputs goes away as soon as one of them is changed (it would
        otherwise stay after the input was fixed)."""
        for widget in inputs:
            for name in ("textChanged", "changed", "currentIndexChanged", "toggled"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(self._input_changed)
                    break

    def _input_changed(self, *_: object) -> None:
        if self.is_error:
            self.clear_message()

    @property
    def is_error(self) -> bool:
        return not self.isHidden() and "B00020" in self.styleSheet()


class PathField(QWidget):
    """A path in a line edit with a Browse… button: mode "open", "save" or "folder"."""

    changed = Signal(str)

    def __init__(
        self,
        mode: str = "open",
        caption: str = "Choose a file",
        filters: str = "",
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode, self.caption, self.filters = mode, caption, filters
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.textChanged.connect(self.changed)
        self.setFocusProxy(self.edit)  # a label's accelerator (its buddy) reaches the field
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button = QPushButton("Bro&wse…")
        self.button.setAutoDefault(False)  # Enter in a dialog never opens a file chooser
        self.button.clicked.connect(self.browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)

    def browse(self) -> None:
        start = self.edit.text()
        if self.mode == "folder":
            chosen = QFileDialog.getExistingDirectory(self, self.caption, start)
        elif self.mode == "save":
            chosen, _ = QFileDialog.getSaveFileName(self, self.caption, start, self.filters)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.caption, start, self.filters)
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | str) -> None:
        self.edit.setText(str(path))


class CheckList(QListWidget):
    """A list of checkable entries, each with a key; `checked()` gives the checked keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)

    def set_entries(
        self, entries: Iterable[tuple[str, str]], checked: bool | Iterable[str] = True
    ) -> None:
        """`entries` are (key, label); `checked` is all/none or the keys to check."""
        wanted = None if isinstance(checked, bool) else set(checked)
        self.clear()
        for key, label in entries:
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = checked if wanted is None else key in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.addItem(item)

    def entries(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def keys(self) -> list[str]:
        return [str(i.data(KEY_ROLE)) for i in self.entries()]

    def checked(self) -> list[str]:
        return [
            str(i.data(KEY_ROLE)) for i in self.entries() if i.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        for item in self.entries():
            on = str(item.data(KEY_ROLE)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class CodeChecklist(QTreeWidget):
    """The codebook as a tree of checkable codes (colour swatch, definition as tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}

    def set_codes(self, codes: Sequence[CodeInfo], checked: Iterable[str] = ()) -> None:
        wanted = set(checked)
        self.clear()
        self._items = {}
        for code in codes:  # parents come before their children in list_codes
            parent = self._items.get(code.parent_uuid or "")
            item = QTreeWidgetItem([code.name])
            item.setData(0, KEY_ROLE, code.uuid)
            item.setIcon(0, swatch(code.colour))
            if code.definition:
                item.setToolTip(0, code.definition)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = code.uuid in wanted or code.path in wanted
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if parent is None:
                self.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self._items[code.uuid] = item
        self.expandAll()

    def filter(self, text: str) -> int:
        """Show only codes whose path contains `text` (any case), with their ancestors;
        returns how many codes match."""
        needle = text.strip().casefold()
        shown: set[str] = set()
        matches = 0
        for uuid, item in self._items.items():
            if needle in self._path(item).casefold():
                matches += 1
                shown.add(uuid)
                parent = item.parent()
                while parent is not None:
                    shown.add(str(parent.data(0, KEY_ROLE)))
                    parent = parent.parent()
        for uuid, item in self._items.items():
            item.setHidden(uuid not in shown)
        return matches

    @staticmethod
    def _path(item: QTreeWidgetItem) -> str:
        parts = []
        node: QTreeWidgetItem | None = item
        while node is not None:
            parts.append(node.text(0))
            node = node.parent()
        return "/".join(reversed(parts))

    def filter_box(self) -> QLineEdit:
        """A search line that filters this tree as the user types."""
        box = QLineEdit()
        box.setPlaceholderText("Filter codes…")
        box.setClearButtonEnabled(True)
        box.textChanged.connect(self.filter)
        return box

    def item_for(self, uuid: str) -> QTreeWidgetItem | None:
        return self._items.get(uuid)

    def checked(self) -> list[str]:
        """Checked code UUIDs, in codebook order."""
        return [
            uuid
            for uuid, item in self._items.items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, uuids: Iterable[str]) -> None:
        wanted = set(uuids)
        for uuid, item in self._items.items():
            on = uuid in wanted
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_all(self, on: bool) -> None:
        self.set_checked(self._items if on else ())


class TaskDialog(QDialog):
    """A dialog that, while its job runs, stops the job instead of closing under it."""

    task_panel: QWidget | None = None

    def _task_panel(self, done: Callable[[Any], None], failed: Callable[[str], None]) -> TaskPanel:
        """The dialog's progress panel wired to its handlers; closing then stops its job."""
        panel = TaskPanel()
        panel.succeeded.connect(done)
        panel.failed.connect(failed)
        self.task_panel = panel
        return panel

    def _busy(self) -> bool:
        panel = self.task_panel
        return bool(panel is not None and getattr(panel, "blocks_close", False))

    def reject(self) -> None:
        if self._busy():
            self.task_panel.cancel()  # type: ignore[union-attr]
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy():
            self.task_panel.cancel()  # type: ignore[union-attr]
            event.ignore()
            return
        super().closeEvent(event)


def tab_along(box: QDialogButtonBox) -> None:
    """Tab goes along the box's buttons as they are laid out (Qt keeps the order they were
    added in, so a Close made first came before Export); call once the box is in its dialog."""
    layout = box.layout()
    items = (layout.itemAt(i) for i in range(layout.count()))
    buttons = [w for item in items if isinstance(w := item.widget(), QAbstractButton)]
    if len(buttons) < 2:
        return
    chain = set(buttons)
    first = box.nextInFocusChain()
    while first not in chain:
        first = first.nextInFocusChain()
    before = first.previousInFocusChain()
    for button in buttons:
        QWidget.setTabOrder(before, button)
        before = button


def coder_names(project: Project) -> list[str]:
    """The names of the project's live coders, alphabetically (one entry per name)."""
    return sorted({c.name for c in list_coders(project)}, key=str.casefold)


def attribute_values(project: Project) -> dict[str, list[str]]:
    """Every attribute key of live documents with its distinct values, both sorted."""
    return documents.attribute_values(project)


def coder_entries(project: Project) -> list[tuple[str, str]]:
    """(uuid, label) of the live coders; two coders sharing a name are told apart."""
    return [(c.uuid, c.label) for c in list_coders(project)]
