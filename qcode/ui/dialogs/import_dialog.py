"""The import dialog: files or folders, kind, attribute sheet, progress, and what became of each."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.documents import KINDS
from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.dialogs.common import MessageLine, PathField, TaskDialog, kind_label, tab_along
from qcode.ui.dialogs.workers import (
    CancelFn,
    ProgressFn,
    announce,
    refresh_index,
    separate_project,
)

#: Extensions offered while the importer registry is not installed.
FALLBACK_EXTENSIONS = (".docx", ".txt", ".odt", ".rtf", ".pdf", ".md", ".vtt", ".srt")
STATUS_LABELS = {"imported": "Imported", "skipped": "Skipped", "refused": "Refused"}
PREVIEW_LABELS = {"imported": "Would import", "skipped": "Would skip", "refused": "Refused"}
WARNING_COLOUR = "#E69F00"
STATUS_COLOURS = {"imported": "#009E73", "skipped": "#0072B2", "refused": "#D55E00"}


def supported_extensions() -> tuple[str, ...]:
    try:
        from qcode.importers.registry import supported_extensions as registered
    except ImportError:
        return FALLBACK_EXTENSIONS
    return tuple(registered())


class ImportDialog(TaskDialog):
    """Import transcripts in the background; `imported(report)` once documents were added."""

    imported = Signal(object)
    #: A preview finished: the report of what an import would do (nothing was written).
    previewed = Signal(object)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report: Any = None
        self.setWindowTitle("Import transcripts")
        self.resize(760, 620)

        self.sources = QListWidget()
        self.sources.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.sources.setToolTip(
            "Files and folders to import (folders are searched recursively); "
            "you can also drop them here"
        )
        self.setAcceptDrops(True)
        add_files = QPushButton("Add &files…")
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton("Add f&older…")
        add_folder.clicked.connect(self.choose_folder)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        for b in (add_files, add_folder, remove):
            b.setAutoDefault(False)  # Enter in a field never opens a file chooser
            buttons.addWidget(b)
        buttons.addStretch(1)
        sources_box = QGroupBox("Files and folders")
        sources_row = QHBoxLayout(sources_box)
        sources_row.addWidget(self.sources, 1)
        sources_row.addLayout(buttons)

        self.kind = QComboBox()
        self.kind.addItem("From sub-folder name or attribute sheet", None)
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.sheet = PathField(
            "open",
            "Choose an attribute sheet",
            "Spreadsheets (*.csv *.xlsx)",
            "Optional: CSV or XLSX keyed by file name (force, role, rank, date…)",
        )
        self.speaker_pattern = QLineEdit()
        self.speaker_pattern.setPlaceholderText(
            "Optional regular expression for an unusual speaker-label style"
        )
        self.speaker_pattern.returnPressed.connect(self._enter)
        self.sheet.edit.returnPressed.connect(self._enter)
        self.speaker_pattern.setToolTip(
            "Matches a speaker label at the start of a line; name the speaker with a group "
            "called speaker, e.g. ^(?P<speaker>Witness \\d+) -"
        )
        form = QFormLayout()
        form.addRow("Source &kind:", self.kind)
        form.addRow("&Attribute sheet:", self.sheet)
        form.addRow("&Speaker pattern:", self.speaker_pattern)

        self.task = self._task_panel(self._on_done, self._on_failed)
        self.message = MessageLine()
        self.message.clear_on_edit(self.speaker_pattern, self.sheet, self.kind)
        # long texts wrap or are cut: a report never widens the dialog off the screen
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.task.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.show_only = QComboBox()
        self.show_only.addItem("All files", None)
        for status, label in STATUS_LABELS.items():
            self.show_only.addItem(f"{label} only", status)
        self.show_only.currentIndexChanged.connect(self._filter_results)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        show_label = QLabel("S&how:")
        show_label.setBuddy(self.show_only)
        summary_row.addWidget(show_label)
        summary_row.addWidget(self.show_only)
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["Result", "File", "Speakers (turns)", "Reason / check"])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setColumnWidth(0, 100)
        self.results.setColumnWidth(1, 200)
        self.results.setColumnWidth(2, 220)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.clicked.connect(self.start_import)
        self.preview_button = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.setToolTip(
            "Read every file and show the speakers found with their turns, and what to check "
            "(one speaker only, lines that look like labels but were not taken), "
            "without importing anything"
        )
        self.preview_button.clicked.connect(self.start_preview)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(sources_box, 2)
        layout.addLayout(form)
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addLayout(summary_row)
        layout.addWidget(self.results, 3)
        layout.addWidget(self.buttons)
        tab_along(self.buttons)
        # Enter presses Import and nothing else (set once the buttons are in the dialog: the
        # dialog otherwise made "Add files…", its first auto-default button, the default)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.import_button.setDefault(True)
        self._update_buttons()

    # --- choosing what to import -----------------------------------------------------------
    def add_paths(self, paths: list[Path | str]) -> None:
        present = set(self.paths())
        for path in paths:
            p = Path(path)
            if p not in present:
                self.sources.addItem(str(p))
                present.add(p)
        self._update_buttons()

    def paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def choose_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in supported_extensions())
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Choose transcripts", "", f"Transcripts ({patterns});;All files (*)"
        )
        self.add_paths(list(chosen))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder of transcripts")
        if chosen:
            self.add_paths([chosen])

    def remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._update_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.task.busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        local = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if local:
            self.add_paths(local)
            event.acceptProposedAction()

    def _enter(self) -> None:
        """Enter in a field presses Import, the one default button (no other button takes
        Enter, so it never opens "Add files…"); with nothing to import yet, it says so."""
        if not self.import_button.isEnabled() and not self.task.busy:
            self.message.error("Add files or a folder to import first.")

    def set_kind(self, kind: str | None) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _update_buttons(self) -> None:
        ready = bool(self.sources.count()) and not self.task.busy
        self.import_button.setEnabled(ready)
        self.preview_button.setEnabled(ready)

    # --- running --------------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        """The keyword arguments for `import_paths`; QcodeError if one is wrong."""
        pattern = self.speaker_pattern.text().strip() or None
        if pattern is not None:
            try:
                from qcode.importers.speakers import compile_pattern
            except ImportError:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise QcodeError(f"speaker pattern {pattern!r} is not valid ({exc})") from exc
            else:
                compile_pattern(pattern)
        sheet = self.sheet.path()
        if sheet is not None and not sheet.is_file():
            raise QcodeError(f"{sheet}: attribute sheet not found")
        return {"kind": self.kind.currentData(), "attributes": sheet, "speaker_pattern": pattern}

    def start_preview(self) -> None:
        """Read the files and show what an import would do; nothing is written."""
        self.start_import(preview=True)

    def start_import(self, preview: bool = False) -> None:
        self.message.clear_message()
        paths = self.paths()
        if not paths:
            self.message.error("Add files or a folder to import first.")
            return
        missing = [p for p in paths if not p.exists()]
        if missing:
            self.message.error(f"{missing[0]}: not found")
            return
        try:
            options = self.options()
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        from qcode.importers.bulk import import_paths, preview_import

        project = self.project

        def job(progress: ProgressFn, cancel: CancelFn) -> tuple[Any, str]:
            with separate_project(project) as background:
                if preview:
                    return preview_import(
                        background, paths, progress=progress, cancel=cancel, **options
                    ), ""
                report = import_paths(
                    background, paths, progress=progress, cancel=cancel, **options
                )
                note = ""
                if report.imported:
                    progress(0, 0, "Updating the search index…")
                    note = refresh_index(background, progress)
                return report, note

        self.results.clear()
        self.summary.clear()
        self.task.run(job, "Reading the files…" if preview else "Importing…")
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        self._update_buttons()
        self.message.error(message)

    def _on_done(self, result: tuple[Any, str]) -> None:
        report, note = result
        self.report = report
        if note:
            self.message.error(note)
        self._update_buttons()
        self.show_report(report)
        if getattr(report, "dry_run", False):
            self.previewed.emit(report)
            return
        if report.imported:
            announce(self.project, "import documents", {"documents", "attributes"})
            self.imported.emit(report)

    def show_report(self, report: Any) -> None:
        self.results.clear()
        preview = bool(getattr(report, "dry_run", False))
        labels = PREVIEW_LABELS if preview else STATUS_LABELS
        items = []
        for outcome in report.outcomes:
            status = str(outcome.status)
            turns = ", ".join(f"{name} ({n})" for name, n in getattr(outcome, "turns", ()))
            warnings = list(getattr(outcome, "warnings", ()))
            reason = "; ".join(warnings) if warnings else outcome.message
            item = QTreeWidgetItem(
                [labels.get(status, status), Path(outcome.path).name, turns, reason]
            )
            item.setToolTip(1, str(outcome.path))
            item.setToolTip(2, turns)
            item.setToolTip(3, "\n".join([outcome.message, *warnings]))
            item.setForeground(0, QBrush(QColor(STATUS_COLOURS.get(status, "#000000"))))
            if warnings:
                item.setForeground(3, QBrush(QColor(WARNING_COLOUR)))
            item.setData(0, Qt.ItemDataRole.UserRole, status)
            items.append(item)
        self.results.addTopLevelItems(items)
        self._filter_results()
        if preview:
            checks = sum(1 for o in report.outcomes if getattr(o, "warnings", ()))
            text = (
                f"Preview: {len(report.imported)} would be imported, "
                f"{len(report.skipped)} skipped, {len(report.refused)} refused; "
                f"{checks} file(s) to check. Nothing was imported."
            )
        else:
            text = (
                f"{len(report.imported)} imported, {len(report.skipped)} skipped, "
                f"{len(report.refused)} refused"
            )
        if getattr(report, "cancelled", False) or self.task.cancelled:
            text += " — stopped before the end"
        unmatched = list(getattr(report, "unmatched_rows", []) or [])
        if unmatched:
            shown = ", ".join(unmatched[:5]) + (" …" if len(unmatched) > 5 else "")
            text += f". {len(unmatched)} attribute-sheet row(s) matched no file: {shown}"
        skipped_rows = list(getattr(report, "skipped_rows", []) or [])
        if skipped_rows:
            text += (
                f". {len(skipped_rows)} attribute-sheet row(s) belong to files skipped "
                "as already imported"
            )
        self.summary.setText(text)

    def _filter_results(self) -> None:
        wanted = self.show_only.currentData()
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            status = item.data(0, Qt.ItemDataRole.UserRole)
            item.setHidden(wanted is not None and status != wanted)

    def outcome_rows(self) -> list[tuple[str, str, str]]:
        """What the result list shows: (status, file name, reason) per row."""
        out = []
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            out.append((str(item.data(0, Qt.ItemDataRole.UserRole)), item.text(1), item.text(3)))
        return out

    def speaker_rows(self) -> list[tuple[str, str]]:
        """(file name, speakers with their turns) per row, as the result list shows them."""
        out = []
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            out.append((item.text(1), item.text(2)))
        return out
