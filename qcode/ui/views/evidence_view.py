"""The ToR evidence board: items with evidence by force; passages of an item, quotable first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.evidence import (
    FORCE,
    EvidenceBoard,
    Passage,
    evidence_board,
    export_item_bundle,
    item_passages,
)
from qcode.export.leaks import LeaksError
from qcode.ui.dialogs import workers
from qcode.ui.pseudonyms_box import PseudonymsBox, leak_names, refused
from qcode.ui.views.base import AnalysisView
from qcode.ui.views.undo_views import FlagQuotable

ROLE = Qt.ItemDataRole.UserRole
ALL = "All forces"
STAR = "★"
NONE_COLOUR = QColor("#B00020")


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return tree


class EvidenceView(AnalysisView):
    """Left: one row per ToR item. Right: the chosen item's passages (by force), to read,
    flag as quotable, or open in the window; one click writes the item's bundle."""

    WATCHES = frozenset({"codings", "codes", "documents", "attributes", "memos"})

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.board = EvidenceBoard(FORCE, [], [])
        self.items = _tree(
            ["ToR", "Item", "Passages", "Documents", "Forces", "Forces with none", "Quotable"],
            "Terms of reference",
        )
        for column, width in enumerate((44, 190, 64, 74, 150, 150, 64)):
            self.items.setColumnWidth(column, width)
        self.items.currentItemChanged.connect(lambda _c, _p: self.show_passages())
        self.group = QComboBox()
        self.group.setToolTip("Passages of one force only")
        self.group.currentIndexChanged.connect(lambda _i: self.show_passages())
        self.passages = _tree(
            [STAR, "Document", "Force", "Speaker", "¶", "Code", "Passage"], "Passages"
        )
        for column, width in enumerate((26, 150, 70, 90, 40, 150)):
            self.passages.setColumnWidth(column, width)
        self.passages.itemActivated.connect(lambda item, _c: self.go_to(item))
        self.passages.itemDoubleClicked.connect(lambda item, _c: self.go_to(item))
        self.title = QLabel("Choose an item")
        self.title.setWordWrap(True)
        self.flag_button = QPushButton("Flag &quotable")
        self.flag_button.setToolTip("Flag or unflag the chosen passage as a strong quote")
        self.flag_button.clicked.connect(lambda: self.toggle_quotable())
        self.bundle_button = QPushButton("&Bundle of this item…")
        self.bundle_button.setToolTip("Write the item's quotes (grouped by force) to a file")
        self.bundle_button.clicked.connect(self._ask_bundle)
        self.pseudonyms = PseudonymsBox()
        self._bundle_path: Path | None = None
        self._pseudonymised = False
        self.task = workers.TaskPanel()
        self.task.succeeded.connect(self._bundle_written)
        self.task.failed.connect(self._bundle_failed)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        group_label = QLabel("F&orce:")
        group_label.setBuddy(self.group)
        head.addWidget(group_label)
        head.addWidget(self.group)
        box.addLayout(head)
        box.addWidget(self.passages, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.flag_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pseudonyms)
        buttons.addWidget(self.bundle_button)
        box.addLayout(buttons)
        box.addWidget(self.task)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.items)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    # --- what is shown -----------------------------------------------------------------------
    def reload(self) -> None:
        chosen = self.current_item()
        self.items.clear()
        if self.project is None:
            self.board = EvidenceBoard(FORCE, [], [])
            self.show_passages()
            return
        self.board = evidence_board(self.project)
        self.pseudonyms.follow(self.project)
        for it in self.board.items:
            forces = ", ".join(f"{g} {n}" for g, n in it.groups.items())
            row = QTreeWidgetItem(
                [
                    it.item,
                    it.title,
                    str(it.passages),
                    str(it.documents),
                    forces,
                    ", ".join(it.without),
                    str(it.quotable),
                ]
            )
            row.setData(0, ROLE, it.item)
            row.setToolTip(1, "\n".join(it.codes))
            row.setToolTip(5, "Forces with no coded passage for this item")
            if it.without:
                row.setForeground(5, QBrush(NONE_COLOUR))
            for column in (2, 3, 6):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.items.addTopLevelItem(row)
            if it.item == chosen:
                self.items.setCurrentItem(row)
        current = self.group.currentText()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems([ALL, *self.board.groups])
        self.group.setCurrentText(current if current in self.board.groups else ALL)
        self.group.blockSignals(False)
        self.show_passages()

    def current_item(self) -> str:
        row = self.items.currentItem()
        return str(row.data(0, ROLE)) if row is not None else ""

    def choose(self, item: str) -> None:
        for i in range(self.items.topLevelItemCount()):
            if self.items.topLevelItem(i).data(0, ROLE) == item:
                self.items.setCurrentItem(self.items.topLevelItem(i))

    def show_passages(self) -> None:
        chosen = self.current_passage()
        self.passages.clear()
        item = self.current_item()
        self.flag_button.setEnabled(bool(item))
        self.bundle_button.setEnabled(bool(item))
        if self.project is None or not item:
            self.title.setText("Choose an item")
            return
        it = self.board.item(item)
        group = self.group.currentText()
        found = item_passages(self.project, item, group=None if group in ("", ALL) else group)
        self.title.setText(f"<b>{it.label}</b> · {len(found)} passage(s)")
        for p in found:
            row = QTreeWidgetItem(
                [
                    STAR if p.quotable else "",
                    p.document_name,
                    p.group,
                    p.speaker,
                    str(p.paragraph or ""),
                    p.code_path,
                    p.text,
                ]
            )
            row.setData(0, ROLE, p)
            row.setToolTip(6, p.text[:2000])
            self.passages.addTopLevelItem(row)
            if chosen is not None and p.coding_uuid == chosen.coding_uuid:
                self.passages.setCurrentItem(row)

    def current_passage(self) -> Passage | None:
        row = self.passages.currentItem()
        return row.data(0, ROLE) if row is not None else None

    # --- actions -----------------------------------------------------------------------------
    def go_to(self, row: QTreeWidgetItem) -> None:
        p: Passage = row.data(0, ROLE)
        self.passage_activated.emit(p.document_uuid, p.start, p.end)

    def toggle_quotable(self) -> bool:
        """Flag the chosen passage as quotable (or unflag it): one undoable step."""
        p = self.current_passage()
        if p is None or self.project is None:
            self.window_.say("Choose a passage first.")
            return False
        done = bool(self.window_.run(FlagQuotable(self.project, p.coding_uuid, not p.quotable)))
        self.sync()
        return done

    def export_bundle(self, path: Path, accepted: tuple[str, ...] = ()) -> bool:
        """Write the chosen item's bundle off the GUI thread (progress and Stop below the
        passages); False if it could not start. `task.succeeded` tells when it is written
        (or, pseudonymised, that names would still show: then the user is asked)."""
        item = self.current_item()
        if self.project is None or not item or self.task.busy:
            return False
        fmt = path.suffix.lower().lstrip(".") or "docx"
        project, privacy = self.project, self.pseudonyms.privacy(accepted)
        self._bundle_path, self._pseudonymised = path, privacy.pseudonymise

        def job(progress: Any, cancel: Any) -> list[Path] | LeaksError:
            with workers.separate_project(project) as own:
                try:
                    return export_item_bundle(
                        own, item, path, fmt, FORCE, progress, cancel, privacy=privacy
                    )
                except LeaksError as exc:
                    return exc

        self.task.run(job, f"Writing the bundle of ToR {item}…")
        return True

    def _bundle_written(self, written: object) -> None:
        if isinstance(written, LeaksError):
            names = leak_names(written)
            path = self._bundle_path
            if path is not None and self.pseudonyms.confirm_leaks(names):
                self.export_bundle(path, tuple(names))
            else:
                self.window_.error("Bundle", str(refused(names)))
            return
        if isinstance(written, list) and written:
            said = " (pseudonymised)" if self._pseudonymised else ""
            self.window_.say(f"Bundle written to {written[0]}{said}")

    def _bundle_failed(self, message: str) -> None:
        self.window_.error("Bundle", message)

    def _ask_bundle(self) -> None:
        item = self.current_item()
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Bundle of this item",
            f"ToR {item}.docx",
            "Word (*.docx);;PDF (*.pdf);;Excel (*.xlsx);;CSV (*.csv)",
        )
        if path:
            self.export_bundle(Path(path))


def build(window: Any) -> EvidenceView:
    return EvidenceView(window)
