"""The code editor: name, parent, colour and codebook fields; it returns values, never writes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qcode.codebook.tree import SEPARATOR, TEXT_FIELDS, CodeInfo, list_codes
from qcode.errors import QcodeError
from qcode.palette import PALETTE, colour_for, normalise_colour
from qcode.store import Project
from qcode.ui.dialogs.common import MessageLine

FIELD_LABELS = {
    "definition": "&Definition",
    "inclusion": "&Inclusion",
    "exclusion": "E&xclusion",
    "example": "Exa&mple",
}


class ColourPicker(QWidget):
    """The colour-blind-safe palette as swatches, plus "Other…" for any colour."""

    changed = Signal(str)

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = normalise_colour(colour)
        self.swatches: list[QToolButton] = []
        grid = QGridLayout()
        grid.setSpacing(3)
        for i, hexcode in enumerate(PALETTE):
            button = QToolButton()
            button.setFixedSize(22, 22)
            button.setCheckable(True)
            button.setToolTip(hexcode)
            button.setAccessibleName(f"Colour {hexcode}")
            button.setStyleSheet(
                f"QToolButton {{ background: {hexcode}; border: 1px solid #666; }}"
                "QToolButton:checked { border: 3px solid #000; }"
            )
            button.clicked.connect(lambda _=False, c=hexcode: self.set_colour(c))
            grid.addWidget(button, i // 8, i % 8)
            self.swatches.append(button)
        self.other = QPushButton("&Other…")
        self.other.clicked.connect(self.choose_other)
        self.preview = QToolButton()
        self.preview.setEnabled(False)
        self.preview.setFixedSize(36, 22)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(grid)
        row.addWidget(self.other)
        row.addWidget(self.preview)
        row.addStretch(1)
        self._show()

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = normalise_colour(colour)
        self._show()
        self.changed.emit(self._colour)

    def choose_other(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Code colour")
        if chosen.isValid():
            self.set_colour(chosen.name())

    def _show(self) -> None:
        for button, hexcode in zip(self.swatches, PALETTE, strict=True):
            button.setChecked(hexcode == self._colour)
        self.preview.setStyleSheet(f"background: {self._colour}; border: 1px solid #666;")
        self.preview.setToolTip(self._colour)


class CodeEditorDialog(QDialog):
    """Edit a code (`code_uuid`) or describe a new one; read `values()` after `accept`."""

    def __init__(
        self, project: Project, code_uuid: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.code_uuid = code_uuid
        self.codes = list_codes(project)
        by_uuid = {c.uuid: c for c in self.codes}
        self.code: CodeInfo | None = by_uuid.get(code_uuid) if code_uuid else None
        if code_uuid and self.code is None:
            raise QcodeError(f"no code {code_uuid!r} in this project")
        self.setWindowTitle(f"Edit code — {self.code.path}" if self.code else "New code")
        self.resize(620, 640)

        self.name = QLineEdit(self.code.name if self.code else "")
        self.name.setPlaceholderText("Short name, e.g. Box-ticking")
        self.parent_box = QComboBox()
        self.parent_box.addItem("(top level: a theme)", None)
        excluded = self._subtree(code_uuid) if code_uuid else set()
        for c in self.codes:
            if c.uuid not in excluded:
                self.parent_box.addItem("    " * c.depth + c.name, c.uuid)
                self.parent_box.setItemData(
                    self.parent_box.count() - 1, c.path, Qt.ItemDataRole.ToolTipRole
                )
        if self.code and self.code.parent_uuid:
            self.parent_box.setCurrentIndex(self.parent_box.findData(self.code.parent_uuid))
        self.colour = ColourPicker(self.code.colour if self.code else colour_for(len(self.codes)))
        self.texts: dict[str, QPlainTextEdit] = {}
        for key in ("definition", "inclusion", "exclusion", "example"):
            edit = QPlainTextEdit(getattr(self.code, key) if self.code else "")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            self.texts[key] = edit
        self.tor_item = QLineEdit(self.code.tor_item if self.code else "")
        self.tor_item.setPlaceholderText("Terms-of-reference item, e.g. 3")
        self.codable = QCheckBox("Can be &applied to passages (untick for a heading only)")
        self.codable.setChecked(self.code.codable if self.code else True)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Parent:", self.parent_box)
        form.addRow("&Colour:", self.colour)
        for key, label in FIELD_LABELS.items():
            form.addRow(label + ":", self.texts[key])
        form.addRow("&ToR item:", self.tor_item)
        form.addRow("", self.codable)
        self.message = MessageLine()
        self.message.clear_on_edit(self.name, self.parent_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.name.setFocus()

    def _subtree(self, uuid: str) -> set[str]:
        out = {uuid}
        for c in self.codes:  # parents come first, so one pass finds every descendant
            if c.parent_uuid in out:
                out.add(c.uuid)
        return out

    def parent_uuid(self) -> str | None:
        data = self.parent_box.currentData()
        return str(data) if data else None

    def set_parent(self, uuid: str | None) -> None:
        self.parent_box.setCurrentIndex(max(0, self.parent_box.findData(uuid)))

    def values(self) -> dict[str, Any]:
        """name, parent_uuid, path, colour, definition, inclusion, exclusion, example,
        tor_item and codable, as entered (text trimmed)."""
        name = " ".join(self.name.text().split())
        parent = self.parent_uuid()
        parent_path = next((c.path for c in self.codes if c.uuid == parent), "")
        out: dict[str, Any] = {
            "name": name,
            "parent_uuid": parent,
            "path": f"{parent_path}{SEPARATOR}{name}" if parent_path else name,
            "colour": self.colour.colour(),
            "tor_item": self.tor_item.text().strip(),
            "codable": self.codable.isChecked(),
        }
        for key in TEXT_FIELDS:
            if key in self.texts:
                out[key] = self.texts[key].toPlainText().strip()
        return out

    def changed_fields(self) -> dict[str, Any]:
        """For an edit: only the values that differ from the code as it was."""
        values = self.values()
        if self.code is None:
            return values
        return {k: v for k, v in values.items() if k != "path" and getattr(self.code, k, None) != v}

    def problem(self) -> str:
        """Why the values cannot be saved, or "" if they can."""
        values = self.values()
        name = values["name"]
        if not name:
            return "A code needs a name."
        if SEPARATOR in name:
            return f"A code name cannot contain {SEPARATOR!r}; choose the parent instead."
        for c in self.codes:
            if (
                c.parent_uuid == values["parent_uuid"]
                and c.uuid != self.code_uuid
                and c.name.casefold() == name.casefold()
            ):
                return f"{c.path!r} already exists; choose another name or parent."
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.error(problem)
            self.name.setFocus()
            return
        super().accept()
