"""Coders side by side: show or hide each coder's stripes; compare two coders in adjacent lanes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from qcode.coders import list_coders
from qcode.ui.views.base import AnalysisView

KEY_ROLE = Qt.ItemDataRole.UserRole


class CodersView(AnalysisView):
    """Drives the viewer's margin: which coders' codings show, and a two-coder comparison."""

    WATCHES = frozenset({"coders", "codings"})

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setAccessibleName("Coders side by side")
        self.margin = window.viewer.margin
        self.list = QListWidget()
        self.list.setAccessibleName("Coders shown")
        self.list.setToolTip("Untick a coder to hide their stripes and highlights")
        self.list.itemChanged.connect(self._visibility_changed)
        self.list.setMaximumHeight(8 * self.list.fontMetrics().height() + 12)
        self.first = QComboBox()
        self.second = QComboBox()
        self.side_by_side = QCheckBox("Com&pare these two side by side")
        self.side_by_side.setToolTip(
            "The first coder's codings in the left lanes, the second's in the lanes beside them"
        )
        self.side_by_side.toggled.connect(self._compare)
        self.first.currentIndexChanged.connect(self._compare)
        self.second.currentIndexChanged.connect(self._compare)
        self.hint = QLabel(
            "Stripes of the open document. Statistics: Tools › Agreement between coders."
        )
        self.hint.setWordWrap(True)
        form = QFormLayout()
        first_label = QLabel("Fi&rst:")
        first_label.setBuddy(self.first)
        second_label = QLabel("Seco&nd:")
        second_label.setBuddy(self.second)
        form.addRow(first_label, self.first)
        form.addRow(second_label, self.second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        shown = QLabel("Coders sho&wn:")
        shown.setBuddy(self.list)
        layout.addWidget(shown)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.side_by_side)
        layout.addWidget(self.hint)
        self._filling = False

    def reload(self) -> None:
        coders = list_coders(self.project) if self.project is not None else []
        hidden = self.margin.hidden_coders
        self._filling = True
        self.list.clear()
        for first, combo in ((True, self.first), (False, self.second)):
            current = combo.currentData()
            combo.clear()
            for c in coders:
                combo.addItem(c.label, c.uuid)
            index = combo.findData(current)
            if index < 0:
                index = 0 if first else min(1, len(coders) - 1)
            combo.setCurrentIndex(index)
        for c in coders:
            item = QListWidgetItem(c.label)
            item.setData(KEY_ROLE, c.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Unchecked if c.uuid in hidden else Qt.CheckState.Checked
            )
            self.list.addItem(item)
        self.side_by_side.setEnabled(len(coders) >= 2)
        self._filling = False

    def set_shown(self, uuid: str, shown: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY_ROLE) == uuid:
                item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)

    def _visibility_changed(self, _item: QListWidgetItem) -> None:
        if self._filling:
            return
        hidden = {
            str(self.list.item(r).data(KEY_ROLE))
            for r in range(self.list.count())
            if self.list.item(r).checkState() != Qt.CheckState.Checked
        }
        self.margin.set_hidden(hidden)

    def _compare(self, *_: object) -> None:
        if self._filling:
            return
        on = self.side_by_side.isChecked()
        self.list.setEnabled(not on)
        if on:
            self.margin.compare(str(self.first.currentData()), str(self.second.currentData()))
        else:
            self.margin.compare(None)


def build(window: Any) -> CodersView:
    return CodersView(window)
