"""The quote-bundle export dialog: codes, filters, grouping, format and pseudonyms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qcode import settings
from qcode.codebook.tree import list_codes
from qcode.documents import KINDS
from qcode.errors import QcodeError
from qcode.store import Project
from qcode.ui.dialogs.common import (
    CheckList,
    CodeChecklist,
    MessageLine,
    PathField,
    TaskDialog,
    attribute_values,
    coder_names,
    kind_label,
    tab_along,
)
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, separate_project
from qcode.ui.pseudonyms_box import ask_to_show_names

FORMAT_LABELS = {
    "docx": "Word document (.docx)",
    "pdf": "PDF (.pdf)",
    "xlsx": "Excel workbook (.xlsx)",
    "csv": "CSV, one row per quote (.csv)",
}
ANY = "(any)"
SETTINGS_KEY = "export_dialog"


class ExportDialog(TaskDialog):
    """Export quote bundles in the background; `exported(paths)` when files were written."""

    exported = Signal(list)

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        codes: list[str] | None = None,
        open_result: bool = True,
        documents: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        #: Open the written file (or folder) with the desktop's application when done.
        self.open_result = open_result
        self.written: list[Path] = []
        #: Only these documents (UUIDs or names), e.g. those selected in the documents pane.
        self.documents = list(documents) if documents else None
        self.setWindowTitle("Export quote bundle")
        self.resize(1000, 700)
        self.codes = list_codes(project)

        # --- left: the codes ---------------------------------------------------------------
        self.code_tree = CodeChecklist()
        self.code_tree.setToolTip("Tick the themes and codes to export")
        wanted = set(codes or ())
        by_path = {c.path: c.uuid for c in self.codes}
        self.code_tree.set_codes(self.codes, {by_path.get(w, w) for w in wanted})
        all_button = QPushButton("Select &all")
        all_button.clicked.connect(lambda: self.code_tree.set_all(True))
        none_button = QPushButton("Select &none")
        none_button.clicked.connect(lambda: self.code_tree.set_all(False))
        self.subcodes = QCheckBox("Include su&b-codes")
        self.subcodes.setToolTip(
            "A ticked theme brings in the quotes of all its sub-codes, in one section"
        )
        self.subcodes.setChecked(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.code_filter = self.code_tree.filter_box()
        filter_row = QHBoxLayout()
        filter_label = QLabel("Fi&lter:")
        filter_label.setBuddy(self.code_filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.code_filter, 1)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.code_tree, 1)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.subcodes)

        # --- right: filters and layout ------------------------------------------------------
        self.kinds = CheckList()
        self.kinds.set_entries([(k, kind_label(k)) for k in KINDS])
        self.kinds.setMaximumHeight(90)
        self.attributes = attribute_values(project)
        self.where: dict[str, QComboBox] = {}
        where_form = QFormLayout()
        for key, values in self.attributes.items():
            combo = QComboBox()
            combo.addItem(ANY, None)
            for value in values:
                combo.addItem(value, value)
            self.where[key] = combo
            where_form.addRow(f"{key}:", combo)
        where_widget = QWidget()
        where_widget.setLayout(where_form)
        where_scroll = QScrollArea()
        where_scroll.setWidgetResizable(True)
        where_scroll.setWidget(where_widget)
        where_scroll.setMaximumHeight(130)
        self.coders = CheckList()
        self.coders.set_entries([(n, n) for n in coder_names(project)])
        self.coders.setMaximumHeight(80)
        filters = QGroupBox("Which quotes")
        filters_form = QFormLayout(filters)
        filters_form.addRow("Source &kinds:", self.kinds)
        attributes_label = QLabel("Att&ributes:")
        attributes_label.setBuddy(next(iter(self.where.values()), where_scroll))
        filters_form.addRow(attributes_label, where_scroll)
        filters_form.addRow("&Coders:", self.coders)
        if self.documents:
            self.only_documents = QCheckBox(
                f"Only the {len(self.documents)} &document(s) selected in the window"
            )
            self.only_documents.setChecked(True)
            filters_form.addRow("Documents:", self.only_documents)

        self.group_by = QComboBox()
        self.group_by.addItem("Source kind", "kind")
        self.group_by.addItem("Document", "document")
        for key in self.attributes:
            self.group_by.addItem(key, key)
        self.format = QComboBox()
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(label, fmt)
        self.pseudonymise = QCheckBox("Replace &pseudonymised terms")
        pseudonyms_button = QPushButton("Pse&udonyms…")
        pseudonyms_button.clicked.connect(self.edit_pseudonyms)
        pseudo_row = QHBoxLayout()
        pseudo_row.addWidget(self.pseudonymise)
        pseudo_row.addWidget(pseudonyms_button)
        pseudo_row.addStretch(1)
        self.coder_names = QComboBox()
        self.coder_names.addItem("as is (pseudonymised: Coder 1, Coder 2 …)", None)
        self.coder_names.addItem("Coder 1, Coder 2 …", "replace")
        self.coder_names.addItem("left out", "omit")
        self.coder_names.addItem("as is", "keep")
        self.coder_names.setToolTip("How coders are named in each quote's “coded by”")
        self.memos = QCheckBox("Include coding &memos")
        self.context = QCheckBox("Show the surrounding sen&tence")
        self.per_theme = QCheckBox("One file per t&heme (into a folder)")
        self.output = PathField("save", "Export to", "", "Where to write the bundle")
        layout_box = QGroupBox("Layout")
        layout_form = QFormLayout(layout_box)
        layout_form.addRow("&Group by:", self.group_by)
        layout_form.addRow("&Format:", self.format)
        layout_form.addRow("", pseudo_row)
        layout_form.addRow("C&oders named:", self.coder_names)
        layout_form.addRow("", self.memos)
        layout_form.addRow("", self.context)
        layout_form.addRow("", self.per_theme)
        layout_form.addRow("&Save as:", self.output)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(filters)
        right_layout.addWidget(layout_box)
        right_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 520])

        # --- bottom: progress and results --------------------------------------------------
        self.task = self._task_panel(self._on_done, self._on_failed)
        self.message = MessageLine()
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.files.setToolTip("Double-click to open")
        self.files.itemActivated.connect(self._open_item)
        self.files.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addWidget(self.files)
        layout.addWidget(self.buttons)
        self.export_button.setDefault(True)  # once in the dialog, or Qt never learns it
        tab_along(self.buttons)

        self._restore()
        self.format.currentIndexChanged.connect(self._suggest_output)
        self.per_theme.toggled.connect(self._suggest_output)
        self._suggest_output()

    # --- choices ---------------------------------------------------------------------------
    def fmt(self) -> str:
        return str(self.format.currentData())

    def set_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(self.format.findData(fmt))

    def set_group_by(self, key: str) -> None:
        self.group_by.setCurrentIndex(self.group_by.findData(key))

    def set_where(self, key: str, value: str | None) -> None:
        combo = self.where[key]
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _restore(self) -> None:
        """The choices of the last export on this computer (format, layout, folder)."""
        saved = settings.get(SETTINGS_KEY, {})
        if not isinstance(saved, dict):
            return
        if saved.get("format") in FORMAT_LABELS:
            self.set_format(str(saved["format"]))
        if self.group_by.findData(saved.get("group_by")) >= 0:
            self.set_group_by(str(saved["group_by"]))
        for key, box in self._flags().items():
            if isinstance(saved.get(key), bool):
                box.setChecked(saved[key])
        folder = saved.get("folder")
        if isinstance(folder, str) and Path(folder).is_dir():
            self.output.set_path(Path(folder) / f"{self.project.path.stem} quotes")

    def _remember(self) -> None:
        out = self.output.path()
        values: dict[str, object] = {
            "format": self.fmt(),
            "group_by": str(self.group_by.currentData()),
            **{key: box.isChecked() for key, box in self._flags().items()},
        }
        if out is not None:
            values["folder"] = str(out if self.per_theme.isChecked() else out.parent)
        settings.put(SETTINGS_KEY, values)

    def _flags(self) -> dict[str, QCheckBox]:
        return {
            "subcodes": self.subcodes,
            "pseudonymise": self.pseudonymise,
            "memos": self.memos,
            "context": self.context,
        }

    def _suggest_output(self) -> None:
        current = self.output.path()
        folder = current.parent if current else self.project.path.parent
        stem = current.stem if current and current.suffix else f"{self.project.path.stem} quotes"
        if self.per_theme.isChecked():
            self.output.mode = "folder"
            self.output.set_path(folder / stem)
        else:
            self.output.mode = "save"
            self.output.set_path(folder / f"{stem}.{self.fmt()}")

    def options(self) -> Any:
        """The BundleOptions the dialog describes; QcodeError if they cannot be exported."""
        from qcode.export.bundle import BundleOptions

        codes = self.code_tree.checked()
        if self.subcodes.isChecked():
            codes = self._drop_covered(codes)
        if not codes:
            raise QcodeError("Tick at least one code to export.")
        kinds = self.kinds.checked()
        if not kinds:
            raise QcodeError("Tick at least one source kind.")
        coders = self.coders.checked()
        if self.coders.count() and not coders:
            raise QcodeError("Tick at least one coder.")
        where = {k: str(c.currentData()) for k, c in self.where.items() if c.currentData()}
        return BundleOptions(
            codes=codes,
            include_subcodes=self.subcodes.isChecked(),
            kinds=None if len(kinds) == len(KINDS) else kinds,
            where=where or None,
            coders=None if len(coders) == self.coders.count() else coders,
            group_by=str(self.group_by.currentData()),
            pseudonymise=self.pseudonymise.isChecked(),
            include_memos=self.memos.isChecked(),
            context=self.context.isChecked(),
            one_file_per_theme=self.per_theme.isChecked(),
            coder_names=self.coder_names.currentData(),
            documents=self.documents
            if self.documents and self.only_documents.isChecked()
            else None,
        )

    def _drop_covered(self, uuids: list[str]) -> list[str]:
        """Without the codes whose ticked ancestor already brings their quotes in."""
        parent = {c.uuid: c.parent_uuid for c in self.codes}
        chosen = set(uuids)

        def covered(uuid: str) -> bool:
            up = parent.get(uuid)
            while up:
                if up in chosen:
                    return True
                up = parent.get(up)
            return False

        return [u for u in uuids if not covered(u)]

    def edit_pseudonyms(self) -> None:
        from qcode.ui.dialogs.pseudonym_dialog import PseudonymDialog

        try:
            options = self.options()
        except QcodeError:
            options = None
        dialog = PseudonymDialog(self.project, self, options=options)
        dialog.changed.connect(lambda: self.pseudonymise.setChecked(True))
        dialog.exec()
        dialog.deleteLater()

    # --- running ---------------------------------------------------------------------------
    def start_export(self, accepted: list[str] | None = None) -> None:
        """Export; a pseudonymised bundle that still shows names asks before going ahead."""
        self.message.clear_message()
        try:
            options = self.options()
            out = self.output.path()
            if out is None:
                raise QcodeError("Choose where to save the bundle.")
        except QcodeError as exc:
            self.message.error(str(exc))
            return
        options.accept_leaks = accepted
        from qcode.export.bundle import export_bundle
        from qcode.export.leaks import LeaksError

        project, fmt = self.project, self.fmt()

        def job(progress: ProgressFn, cancel: CancelFn) -> list[Path] | LeaksError:
            with separate_project(project) as background:
                try:
                    return export_bundle(
                        background, options, out, fmt, progress=progress, cancel=cancel
                    )
                except LeaksError as exc:
                    return exc

        self.files.clear()
        self.files.hide()
        self.export_button.setEnabled(False)
        self.task.run(job, "Exporting…")

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        if self.task.cancelled:
            self.message.info("Export stopped; no file was written.")
        else:
            self.message.error(message)

    def confirm_leaks(self, names: list[str]) -> bool:
        """Ask whether to export although these names would show (tests replace this)."""
        return ask_to_show_names(self, names, "bundle")

    def _on_done(self, paths: Any) -> None:
        self.export_button.setEnabled(True)
        from qcode.export.leaks import LeaksError

        if isinstance(paths, LeaksError):
            names = list(dict.fromkeys(x.term for x in paths.leaks))
            if self.confirm_leaks(names):
                self.start_export(accepted=names)
            else:
                self.message.error(f"Nothing was written: {len(names)} name(s) would still show.")
            return
        self.written = [Path(p) for p in paths]
        for path in self.written:
            item = QListWidgetItem(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.files.addItem(item)
        self.files.setVisible(bool(self.written))
        n = len(self.written)
        self.message.info(f"Exported {n} file{'s' if n != 1 else ''}.")
        self._remember()
        self.exported.emit(self.written)
        if self.open_result and self.written:
            target = self.written[0] if n == 1 else self.written[0].parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _open_item(self, item: QListWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole))))
