"""The merge dialog: choose coders' files, preview what a merge would change, then apply it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode.store import PROJECT_SUFFIX, Project
from qcode.store.project import make_engine
from qcode.ui.dialogs.common import MessageLine, TaskDialog, tab_along
from qcode.ui.dialogs.tables import RecordTableModel, humanise, table_view
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, refresh_index

COUNT_FIELDS = ("added", "updated", "deleted")


def count_rows(report: Any) -> list[dict[str, Any]]:
    """One row per entity with its added/updated/deleted counts (entities that changed)."""
    counts = getattr(report, "counts", None) or {}
    rows = []
    for entity, c in counts.items():
        values = {
            f: int(getattr(c, f, 0) if not isinstance(c, dict) else c.get(f, 0))
            for f in COUNT_FIELDS
        }
        if any(values.values()):
            rows.append({"entity": humanise(str(entity)) + "s", **values})
    return rows


def conflict_rows(report: Any) -> list[dict[str, str]]:
    """Conflicts, then codings that could not be placed, as (kind, what) rows."""
    rows = []
    for c in getattr(report, "conflicts", None) or []:
        kind = getattr(c, "kind", "conflict")
        rows.append({"kind": humanise(str(kind)), "what": getattr(c, "message", str(c))})
    for u in getattr(report, "unplaced", None) or []:
        rows.append(
            {
                "kind": "Coding not placed",
                "what": (
                    f"{u.code_path} by {u.coder_name} in {u.document_name!r} "
                    f"[{u.start}, {u.end}) from {Path(str(u.source)).name}: the text differs"
                ),
            }
        )
    for source, problems in (getattr(report, "skipped", None) or {}).items():
        for p in problems:
            rows.append({"kind": "Row left out (invalid)",
                         "what": f"{Path(str(source)).name}: {p.describe()}"})
    return rows


class MergeDialog(TaskDialog):
    """Merge other coders' project files into `project_path`; `merged(report)` after it."""

    merged = Signal(object)

    def __init__(self, project_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.preview: Any = None
        self.preview_of: list[Path] = []
        self.report: Any = None
        self.setWindowTitle(f"Merge into {self.project_path.name}")
        self.resize(780, 600)
        intro = QLabel(
            "Bring other coders' copies of this project into it. A backup of this project is "
            "written first; preview the merge to see what it will change."
        )
        intro.setWordWrap(True)

        self.sources = QListWidget()
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton("&Add files…")
        add.clicked.connect(self.choose_sources)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self.remove_selected)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        box = QGroupBox("Coders' files")
        row = QHBoxLayout(box)
        row.addWidget(self.sources, 1)
        row.addLayout(side)

        self.counts = RecordTableModel(
            [],
            [
                ("What", lambda r: r["entity"]),
                ("Added", lambda r: r["added"]),
                ("Updated", lambda r: r["updated"]),
                ("Deleted", lambda r: r["deleted"]),
            ],
            self,
        )
        self.counts_view = table_view(self.counts)
        self.counts_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.conflicts = RecordTableModel(
            [], [("Kind", lambda r: r["kind"]), ("Details", lambda r: r["what"])], self
        )
        self.conflicts_view = table_view(self.conflicts)
        self.conflicts_view.setWordWrap(True)
        self.conflicts_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.skip_invalid = QCheckBox(
            "Merge only the &valid rows of a damaged file (the others are listed below)"
        )
        self.skip_invalid.setToolTip(
            "Without this, a file in which qcode check finds problems is not merged at all."
        )
        self.skip_invalid.toggled.connect(self._forget_preview)

        self.task = self._task_panel(self._on_done, self._on_failed)
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.clicked.connect(self.start_preview)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.start_merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.summary)
        for text, view in (
            ("C&hanges:", self.counts_view),
            ("C&onflicts, codings that cannot be placed, rows left out:", self.conflicts_view),
        ):
            caption = QLabel(text)
            caption.setBuddy(view)
            layout.addWidget(caption)
            layout.addWidget(view, 1)
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        tab_along(self.buttons)
        self.preview_button.setDefault(True)  # Enter previews; merging is a deliberate Alt+M
        self._update_buttons()

    # --- sources --------------------------------------------------------------------------
    def paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def add_sources(self, paths: list[Path | str]) -> None:
        present = set(self.paths())
        for path in map(Path, paths):
            if path.resolve() == self.project_path.resolve():
                self.message.error(f"{path.name} is this project; choose the other coders' files")
                continue
            if path not in present:
                self.sources.addItem(str(path))
                present.add(path)
        self._update_buttons()

    def choose_sources(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            "Choose coders' project files",
            str(self.project_path.parent),
            f"qcode projects (*{PROJECT_SUFFIX})",
        )
        self.add_sources(list(chosen))

    def remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.task.busy
        have = bool(self.sources.count())
        self.preview_button.setEnabled(idle and have)
        previewed = self.preview is not None and self.preview_of == self.paths()
        self.merge_button.setEnabled(idle and have and previewed)
        self.merge_button.setToolTip("" if previewed else "Preview the merge first")

    # --- running --------------------------------------------------------------------------
    def _run(self, dry_run: bool) -> None:
        self.message.clear_message()
        sources = self.paths()
        if not sources:
            self.message.error("Add the coders' files to merge first.")
            return
        from qcode.merge import merge_projects

        target = self.project_path
        skip = self.skip_invalid.isChecked()

        def job(progress: ProgressFn, cancel: CancelFn) -> Any:
            report = merge_projects(
                target, sources, dry_run=dry_run, skip_invalid=skip, progress=progress
            )
            note = ""
            if not dry_run and getattr(report, "changed", True):
                progress(0, 0, "Updating the search index…")
                # read-only access: Project.open would sign in (and maybe add) a coder
                with Project(target, make_engine(target), "") as merged:
                    note = refresh_index(merged, progress)
            return dry_run, sources, report, note

        label = "Previewing…" if dry_run else "Merging…"
        self.task.run(job, label, cancellable=False)
        self._update_buttons()

    def _forget_preview(self) -> None:
        """A preview made with the other choice does not show what Merge would do."""
        self.preview, self.preview_of = None, []
        self._update_buttons()

    def start_preview(self) -> None:
        self._run(dry_run=True)

    def start_merge(self) -> None:
        if self.preview is None or self.preview_of != self.paths():
            self.message.error("Preview the merge of these files first.")
            return
        self._run(dry_run=False)

    def _on_failed(self, message: str) -> None:
        self._update_buttons()
        self.message.error(message)

    def _on_done(self, result: tuple[bool, list[Path], Any, str]) -> None:
        dry_run, sources, report, index_note = result
        self.show_report(report)
        if dry_run:
            self.preview, self.preview_of = report, sources
            total = sum(r["added"] + r["updated"] + r["deleted"] for r in self.counts.records())
            self.message.info(
                "Nothing to change: these files hold nothing new."
                if total == 0
                else "This is a preview: nothing has changed yet. Merge to apply it."
            )
        else:
            self.report = report
            self.preview, self.preview_of = None, []
            backup = getattr(report, "backup", None)
            note = f" A backup of the project was kept at {backup}." if backup else ""
            if index_note:
                self.message.error("Merged." + note + " " + index_note)
            else:
                self.message.info("Merged." + note)
            self.merged.emit(report)
        self._update_buttons()

    def show_report(self, report: Any) -> None:
        self.counts.set_records(count_rows(report))
        self.conflicts.set_records(conflict_rows(report))
        self.conflicts_view.resizeRowsToContents()
        describe = getattr(report, "describe", None)
        self.summary.setText(describe() if callable(describe) else "")
