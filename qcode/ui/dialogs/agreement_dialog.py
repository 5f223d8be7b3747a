"""The agreement dialog: pick coders, unit and codes; see per-code statistics and disagreements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qcode.codebook.tree import list_codes
from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.dialogs.common import (
    CheckList,
    CodeChecklist,
    MessageLine,
    TaskDialog,
    coder_entries,
    tab_along,
)
from qcode.ui.dialogs.tables import Getter, RecordTableModel, table_view
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, separate_project

#: Widest a column may start (long code paths and passages are elided, full in the tooltip).
MAX_COLUMN = 340
UNITS = {
    "segment": "Speaker turn or paragraph",
    "sentence": "Sentence",
    "character": "Character",
}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.2%}"


def statistic(value: float | None) -> str:
    """A kappa or alpha to three places; a dash when it is not defined (no variation)."""
    return "–" if value is None else f"{value:.3f}"


def describe_scores(scores: Any) -> str:
    return (
        f"{scores.units} units · agreement {percent(scores.percent)} · "
        f"Cohen's κ {statistic(scores.cohen)} · Fleiss' κ {statistic(scores.fleiss)} · "
        f"Krippendorff's α {statistic(scores.alpha)}"
    )


SCORE_COLUMNS: list[tuple[str, Getter]] = [
    ("Units", lambda r: r.scores.units),
    ("Agreement", lambda r: percent(r.scores.percent)),
    ("Cohen's κ", lambda r: statistic(r.scores.cohen)),
    ("Fleiss' κ", lambda r: statistic(r.scores.fleiss)),
    ("Krippendorff's α", lambda r: statistic(r.scores.alpha)),
]
DISAGREEMENT_COLUMNS: list[tuple[str, Getter]] = [
    ("Document", lambda r: r.document_name),
    ("Unit", lambda r: r.unit),
    ("Code", lambda r: r.code_path),
    ("Coded by", lambda r: r.coded_by),
    ("Not coded by", lambda r: r.not_coded_by),
    ("Text", lambda r: r.text),
]


class AgreementDialog(TaskDialog):
    """Inter-coder agreement; a double-clicked (or Enter on a) disagreement emits
    `show_passage(document UUID, start, end)`, which opens it in the parent window's viewer."""

    show_passage = Signal(str, int, int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report: Any = None
        self.setWindowTitle("Inter-coder agreement")
        self.resize(1040, 680)

        self.coders = CheckList()
        names = coder_entries(project)
        self.coders.set_entries(names, checked=True)
        self.coders.setMaximumHeight(110)
        self.unit = QComboBox()
        for key, label in UNITS.items():
            self.unit.addItem(label, key)
        self.exclude_uncoded = QCheckBox("&Leave out units no coder coded")
        self.code_tree = CodeChecklist()
        self.code_tree.set_codes(list_codes(project))
        self.code_tree.setToolTip("Tick codes to restrict the comparison; none ticked: all codes")
        choose = QGroupBox("Compare")
        form = QFormLayout(choose)
        form.addRow("&Coders:", self.coders)
        form.addRow("&Unit:", self.unit)
        form.addRow("", self.exclude_uncoded)
        self.code_filter = self.code_tree.filter_box()
        form.addRow("C&odes:", self.code_filter)
        form.addRow("", self.code_tree)

        self.overall = QLabel()
        self.overall.setWordWrap(True)
        self.per_code = RecordTableModel([], [("Code", lambda r: r.code_path)], self)
        self.per_code_view = table_view(self.per_code)
        self.per_code_view.setSortingEnabled(False)
        self.disagreements = RecordTableModel([], DISAGREEMENT_COLUMNS, self)
        self.disagreements_view = table_view(self.disagreements)
        self.disagreements_view.activated.connect(self._jump)  # double-click or Enter
        self.disagreements_view.setToolTip("Double-click a disagreement to read it in its document")
        if parent is not None and hasattr(parent, "show_passage"):
            self.show_passage.connect(parent.show_passage)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.per_code_view, "Per code")
        self.tabs.addTab(self.disagreements_view, "Disagreements")
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.overall)
        results_layout.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(choose)
        splitter.addWidget(results)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 680])

        self.task = self._task_panel(self._on_done, self._on_failed)
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.compute_button = self.buttons.addButton(
            "Co&mpute", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.compute_button.clicked.connect(self.start)
        self.save_button = self.buttons.addButton(
            "&Save as Excel…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.choose_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.task, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # Enter computes (set once the buttons are in the dialog: before, Qt never learnt it)
        self.compute_button.setDefault(True)
        tab_along(self.buttons)
        if len(names) < 2:
            self.message.info("Agreement needs codings by at least two coders (merge their files).")

    def arguments(self) -> dict[str, Any]:
        coders = self.coders.checked()
        if len(coders) < 2:
            raise QcodeError("Tick at least two coders to compare.")
        return {
            "coders": coders,
            "unit": str(self.unit.currentData()),
            "codes": self.code_tree.checked() or None,
            "exclude_uncoded": self.exclude_uncoded.isChecked(),
        }

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(self.unit.findData(unit))

    def start(self) -> None:
        self.message.clear_message()
        try:
            args = self.arguments()
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        from qcode.agreement import agreement

        project = self.project
        coders = args.pop("coders")

        def job(progress: ProgressFn, cancel: CancelFn) -> Any:
            with separate_project(project) as background:
                return agreement(background, coders, **args)

        self.compute_button.setEnabled(False)
        self.task.run(job, "Comparing…", cancellable=False, abandonable=True)

    def _on_failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.message.error(message)

    def _on_done(self, report: Any) -> None:
        self.compute_button.setEnabled(True)
        self.report = report
        self.overall.setText("Overall: " + describe_scores(report.overall))
        coded: list[tuple[str, Getter]] = [
            (f"Coded by {name}", lambda r, n=name: r.coded.get(n, 0)) for name in report.coders
        ]
        self.per_code.set_records(
            report.per_code, [("Code", lambda r: r.code_path), *SCORE_COLUMNS, *coded]
        )
        self.disagreements.set_records(report.disagreements)
        for view in (self.per_code_view, self.disagreements_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount()):
                view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN))
        self.tabs.setTabText(1, f"Disagreements ({self.disagreements.rowCount()})")
        self.save_button.setEnabled(True)

    def _jump(self, index: QModelIndex) -> None:
        record = self.disagreements.record(index.row())
        document = getattr(record, "document_uuid", "") or record.document_name
        self.show_passage.emit(document, record.start, record.end)

    def choose_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save agreement report",
            str(self.project.path.with_name(f"{self.project.path.stem} agreement.xlsx")),
            "Excel workbook (*.xlsx)",
        )
        if path:
            self.save_xlsx(Path(path))

    def save_xlsx(self, path: Path) -> Path | None:
        if self.report is None:
            self.message.error("Compute the agreement first.")
            return None
        from qcode.agreement_export import export_agreement_xlsx

        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            export_agreement_xlsx(self.report, path)
        except QcodeError as exc:
            self.message.error(str(exc))
            return None
        self.message.info(f"Saved {path}")
        return path
