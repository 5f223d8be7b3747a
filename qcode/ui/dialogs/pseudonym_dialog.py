"""The pseudonym list: terms replaced on export, suggestions to review, and a leak check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.codebook.tree import list_codes
from qcode.errors import QcodeError
from qcode.export.pseudonyms import list_pseudonyms, remove_pseudonym, set_pseudonym
from qcode.store import Project
from qcode.ui.dialogs.common import MessageLine, TaskDialog
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, separate_project

UUID_ROLE = Qt.ItemDataRole.UserRole


class PseudonymDialog(TaskDialog):
    """Add, change and remove pseudonyms; `changed` after each edit."""

    changed = Signal()

    def __init__(
        self, project: Project, parent: QWidget | None = None, options: Any = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.options = options  # BundleOptions to check for leaks; None: every code
        self.leaks: list[Any] = []
        self.setWindowTitle("Pseudonyms")
        self.resize(680, 560)
        intro = QLabel(
            "Each term is replaced in exported quotes and attributions (matching any case). "
            "The transcripts themselves are never changed."
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Term", "Replacement", "Whole word"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_to_form)

        self.term = QLineEdit()
        self.term.setPlaceholderText("e.g. Kent Police")
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText("e.g. Force C")
        self.whole_word = QCheckBox("&Whole words only")
        self.whole_word.setChecked(True)
        self.add_button = QPushButton("&Add or update")
        self.add_button.clicked.connect(self.add_from_form)
        self.replacement.returnPressed.connect(self.add_from_form)
        self.remove_button = QPushButton("&Remove selected")
        self.remove_button.clicked.connect(self.remove_selected)
        form = QFormLayout()
        form.addRow("&Term:", self.term)
        form.addRow("Re&placement:", self.replacement)
        row = QHBoxLayout()
        row.addWidget(self.whole_word)
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        form.addRow("", row)

        self.suggest_button = QPushButton("&Suggest names…")
        self.suggest_button.setToolTip(
            "Find speakers, forces, places, coders and capitalised names not on the list"
        )
        self.suggest_button.clicked.connect(self.find_suggestions)
        self.apply_button = QPushButton("Add tic&ked suggestions")
        self.apply_button.clicked.connect(self.apply_ticked)
        self.apply_button.setEnabled(False)
        self.suggestions: list[Any] = []
        self.suggest_table = QTableWidget(0, 4)
        self.suggest_table.setHorizontalHeaderLabels(["Term", "Replacement", "Kind", "Found in"])
        self.suggest_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.suggest_table.verticalHeader().hide()
        self.suggest_table.hide()

        self.check_button = QPushButton("&Check exports for leaks")
        self.check_button.setToolTip(
            "Write the export to a temporary folder, read it back and list any name it shows"
        )
        self.check_button.clicked.connect(self.check_leaks)
        self.task = self._task_panel(self._show_leaks, self._on_failed)
        self.leak_table = QTableWidget(0, 4)
        self.leak_table.setHorizontalHeaderLabels(["Name", "Where", "File", "Excerpt"])
        self.leak_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.leak_table.verticalHeader().hide()
        self.leak_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message = MessageLine()
        self.message.clear_on_edit(self.term, self.replacement)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 3)
        layout.addLayout(form)
        layout.addWidget(self.message)
        suggest_row = QHBoxLayout()
        suggest_row.addWidget(self.suggest_button)
        suggest_row.addStretch(1)
        suggest_row.addWidget(self.apply_button)
        layout.addLayout(suggest_row)
        layout.addWidget(self.suggest_table, 2)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.task, 1)
        layout.addLayout(check_row)
        layout.addWidget(self.leak_table, 2)
        layout.addWidget(buttons)
        self.refresh()

    # --- the list -------------------------------------------------------------------------
    def refresh(self) -> None:
        terms = list_pseudonyms(self.project)
        self.table.setRowCount(len(terms))
        for row, p in enumerate(terms):
            term = QTableWidgetItem(p.term)
            term.setData(UUID_ROLE, p.uuid)
            self.table.setItem(row, 0, term)
            self.table.setItem(row, 1, QTableWidgetItem(p.replacement))
            self.table.setItem(row, 2, QTableWidgetItem("yes" if p.whole_word else "no"))
        self.remove_button.setEnabled(bool(terms))

    def rows(self) -> list[tuple[str, str, bool]]:
        """What the table shows: (term, replacement, whole word)."""
        return [
            (
                self.table.item(r, 0).text(),
                self.table.item(r, 1).text(),
                self.table.item(r, 2).text() == "yes",
            )
            for r in range(self.table.rowCount())
        ]

    def _selection_to_form(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) == 1:
            r = rows.pop()
            self.term.setText(self.table.item(r, 0).text())
            self.replacement.setText(self.table.item(r, 1).text())
            self.whole_word.setChecked(self.table.item(r, 2).text() == "yes")

    def add_from_form(self) -> None:
        self.message.clear_message()
        try:
            set_pseudonym(
                self.project,
                self.term.text(),
                self.replacement.text(),
                whole_word=self.whole_word.isChecked(),
            )
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        self.term.clear()
        self.replacement.clear()
        self.term.setFocus()
        self.refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        if not rows:
            self.message.error("Select the terms to remove first.")
            return
        try:
            for r in rows:
                remove_pseudonym(self.project, str(self.table.item(r, 0).data(UUID_ROLE)))
        except QcodeError as exc:
            self.message.error(str(exc))
        self.refresh()
        self.changed.emit()

    # --- suggestions ----------------------------------------------------------------------
    def find_suggestions(self) -> None:
        """Fill the review list: every suggestion ticked, its replacement editable."""
        from qcode.export.suggest import suggest

        self.message.clear_message()
        self.suggestions = suggest(self.project)
        table = self.suggest_table
        table.setRowCount(len(self.suggestions))
        for row, item in enumerate(self.suggestions):
            term = QTableWidgetItem(item.term)
            term.setFlags(term.flags() & ~Qt.ItemFlag.ItemIsEditable)
            term.setCheckState(Qt.CheckState.Checked)
            table.setItem(row, 0, term)
            table.setItem(row, 1, QTableWidgetItem(item.replacement))
            for col, text in ((2, item.category), (3, item.source)):
                cell = QTableWidgetItem(text)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, col, cell)
        table.setVisible(bool(self.suggestions))
        self.apply_button.setEnabled(bool(self.suggestions))
        if self.suggestions:
            self.message.info(
                f"{len(self.suggestions)} name(s) found: untick any that are not names, edit "
                "the replacements, then add them."
            )
        else:
            self.message.info("No new names found: every name qcode can see is on the list.")

    def ticked(self) -> list[tuple[str, str]]:
        """(term, replacement) of the ticked suggestions, as edited."""
        table = self.suggest_table
        return [
            (table.item(r, 0).text(), table.item(r, 1).text())
            for r in range(table.rowCount())
            if table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def apply_ticked(self) -> None:
        chosen = self.ticked()
        try:
            for term, replacement in chosen:
                set_pseudonym(self.project, term, replacement)
        except QcodeError as exc:
            self.message.error(str(exc))
        else:
            self.message.info(f"Added {len(chosen)} pseudonym(s).")
        self.suggest_table.setRowCount(0)
        self.suggest_table.hide()
        self.apply_button.setEnabled(False)
        self.refresh()
        self.changed.emit()

    # --- leaks ----------------------------------------------------------------------------
    def leak_options(self) -> Any:
        from qcode.export.bundle import BundleOptions

        if self.options is not None:
            return self.options
        tops = [c.uuid for c in list_codes(self.project) if c.parent_uuid is None]
        return BundleOptions(codes=tops, include_subcodes=True, pseudonymise=True)

    def check_leaks(self) -> None:
        self.message.clear_message()
        options = self.leak_options()
        if not options.codes:
            self.message.info("There are no codes, so nothing would be exported.")
            return
        from qcode.export.bundle import bundle_leaks

        project = self.project

        def job(progress: ProgressFn, cancel: CancelFn) -> list[Any]:
            with separate_project(project) as background:
                return bundle_leaks(background, options)

        self.check_button.setEnabled(False)
        self.task.run(job, "Checking…", cancellable=False, abandonable=True)

    def _on_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.message.error(message)

    def _show_leaks(self, found: list[Any]) -> None:
        self.check_button.setEnabled(True)
        self.leaks = list(found)
        self.leak_table.setRowCount(len(self.leaks))
        for row, leak in enumerate(self.leaks):
            where = leak.where if leak.whole_word else f"{leak.where} (inside a word)"
            if not leak.listed:
                where += " — not on the list"
            for col, text in enumerate((leak.term, where, leak.file, leak.excerpt)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.leak_table.setItem(row, col, item)
        stopping = [x for x in self.leaks if x.whole_word]
        if stopping:
            self.message.error(
                f"{len(stopping)} place(s) would still show a name, so the export would stop: "
                "add pseudonyms for them (Suggest names…), or accept them when exporting."
            )
        elif self.leaks:
            self.message.error(
                f"{len(self.leaks)} place(s) show a term inside a longer word (the export "
                "goes ahead): widen the pseudonym if that word gives the name away."
            )
        else:
            self.message.info("No name would appear in the export.")
