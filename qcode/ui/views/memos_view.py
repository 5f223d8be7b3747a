"""The memo browser: every memo with its target, searchable; write, edit, delete, go to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.memo_index import (
    CODING_NOTE,
    DOCUMENT_NOTE,
    KIND_LABELS,
    MEMO_ROW,
    MemoEntry,
    memo_index,
    project_uuid,
)
from qcode.analysis.memo_report import export_memo_report
from qcode.errors import QcodeError
from qcode.text import Utf16Map
from qcode.ui.pseudonyms_box import PseudonymsBox, export_checked
from qcode.ui.undo import CodingMemo
from qcode.ui.views.base import AnalysisView
from qcode.ui.views.undo_views import AddMemo, DeleteMemo, DocumentNote, EditMemo

ALL = "All memos"
ENTRY_ROLE = Qt.ItemDataRole.UserRole
#: What a new memo is on: the project, the open document, the current code, the passage.
TARGETS = ("project", "document", "code", "coding")


def _label(text: str, buddy: QWidget) -> QLabel:
    """A caption whose accelerator (Alt + the letter after &) puts the cursor in `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class MemosView(AnalysisView):
    """The list (filter by words and kind) above an editor for the chosen memo."""

    WATCHES = frozenset({"memos", "documents", "codes", "codings"})

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.entries: list[MemoEntry] = []
        self.search = QLineEdit(placeholderText="Search memos (title, text, target, passage)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.kind = QComboBox()
        self.kind.addItem(ALL, "")
        for kind in TARGETS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.list = QTreeWidget()
        self.list.setAccessibleName("Memos")
        self.list.setHeaderLabels(["On", "Target", "Title", "Memo", "By"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 240, 150, 260)):
            self.list.setColumnWidth(column, width)
        self.list.currentItemChanged.connect(self._chosen)
        self.list.itemActivated.connect(lambda item, _c: self.go_to(item.data(0, ENTRY_ROLE)))
        self.list.itemDoubleClicked.connect(lambda item, _c: self.go_to(item.data(0, ENTRY_ROLE)))
        self.count = QLabel()
        self.target = QLabel("Choose a memo, or write a new one")
        self.target.setWordWrap(True)
        self.title = QLineEdit(placeholderText="Title")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Memo text")
        self.text.setTabChangesFocus(True)  # Tab goes on to the buttons, never types a tab
        self.new_on = QComboBox()
        self.new_on.setToolTip("What a new memo is on")
        for label, target in (
            ("New memo on the project", "project"),
            ("New memo on the open document", "document"),
            ("New memo on the current code", "code"),
            ("New memo on the coded passage at the cursor", "coding"),
        ):
            self.new_on.addItem(label, target)
        self.new_button = QPushButton("A&dd")
        self.new_button.clicked.connect(lambda: self.add_new())
        self.save_button = QPushButton("&Save")
        self.save_button.clicked.connect(lambda: self.save())
        self.delete_button = QPushButton("De&lete")
        self.delete_button.clicked.connect(lambda: self.delete())
        self.go_button = QPushButton("Show &passage")
        self.go_button.clicked.connect(lambda: self.go_to(self.current()))
        report = QPushButton("&Memo report…")
        report.clicked.connect(self._ask_report)
        self.pseudonyms = PseudonymsBox()
        top = QHBoxLayout()
        top.addWidget(_label("Sea&rch:", self.search))
        top.addWidget(self.search, 1)
        top.addWidget(_label("&Kind:", self.kind))
        top.addWidget(self.kind)
        top.addWidget(self.count)
        top.addWidget(self.pseudonyms)
        top.addWidget(report)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.go_button)
        buttons.addStretch(1)
        buttons.addWidget(_label("Ne&w:", self.new_on))
        buttons.addWidget(self.new_on)
        buttons.addWidget(self.new_button)
        editor = QWidget()
        box = QVBoxLayout(editor)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.target)
        fields = QGridLayout()
        fields.addWidget(_label("T&itle:", self.title), 0, 0)
        fields.addWidget(self.title, 0, 1)
        text_label = _label("Te&xt:", self.text)
        fields.addWidget(text_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(self.text, 1, 1)
        fields.setRowStretch(1, 1)
        box.addLayout(fields, 1)
        box.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._chosen(None)

    # --- what is shown -----------------------------------------------------------------------
    def reload(self) -> None:
        chosen = self.current()
        self.list.clear()
        self.entries = []
        if self.project is not None:
            self.entries = memo_index(self.project, self.search.text(), self.kind.currentData())
            self.pseudonyms.follow(self.project)
        for e in self.entries:
            flat = " ".join(e.text.split())
            item = QTreeWidgetItem([e.kind_label, e.target, e.title, flat[:200], e.coder_name])
            item.setData(0, ENTRY_ROLE, e)
            item.setToolTip(3, e.text[:2000])
            self.list.addTopLevelItem(item)
            if chosen is not None and (e.uuid, e.source) == (chosen.uuid, chosen.source):
                self.list.setCurrentItem(item)
        self.count.setText(f"{len(self.entries)} memo{'s' if len(self.entries) != 1 else ''}")

    def current(self) -> MemoEntry | None:
        item = self.list.currentItem()
        return item.data(0, ENTRY_ROLE) if item is not None else None

    def select(self, title_or_text: str) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            e: MemoEntry = item.data(0, ENTRY_ROLE)
            if title_or_text in (e.title, e.text):
                self.list.setCurrentItem(item)
                return True
        return False

    def _chosen(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        e: MemoEntry | None = item.data(0, ENTRY_ROLE) if item is not None else None
        self.save_button.setEnabled(e is not None)
        self.delete_button.setEnabled(e is not None and e.source == MEMO_ROW)
        self.go_button.setEnabled(e is not None and bool(e.document_uuid))
        self.title.setEnabled(e is None or e.source == MEMO_ROW)
        if e is None:
            self.target.setText("Choose a memo, or write a new one")
            return
        where = f"{e.kind_label}: {e.target}"
        if e.source != MEMO_ROW:
            where += " (the memo written on it in the window)"
        self.target.setText(where)
        self.title.setText(e.title)
        self.text.setPlainText(e.text)

    # --- actions -----------------------------------------------------------------------------
    def _run(self, command: Any) -> bool:
        done = bool(self.window_.run(command))
        self.sync()
        return done

    def save(self) -> bool:
        """Keep the edited title and text of the chosen memo (one undoable step)."""
        e = self.current()
        if e is None or self.project is None:
            return False
        text, title = self.text.toPlainText(), self.title.text().strip()
        if e.source == MEMO_ROW:
            return self._run(EditMemo(self.project, e.uuid, text, title))
        if e.source == DOCUMENT_NOTE and e.target_kind == "document":
            return self._run(DocumentNote(self.project, e.uuid, text))
        if e.source == CODING_NOTE:
            return self._run(CodingMemo(self.project, e.uuid, text))
        return False

    def delete(self) -> bool:
        e = self.current()
        if e is None or self.project is None or e.source != MEMO_ROW:
            return False
        return self._run(DeleteMemo(self.project, e.uuid, e.title))

    def target_for(self, kind: str) -> str:
        """The UUID a new memo of `kind` goes on (from the window), or "" with a reason said."""
        w = self.window_
        if self.project is None:
            return ""
        if kind == "project":
            return project_uuid(self.project)
        if kind == "document":
            if not w.viewer.document_uuid:
                w.say("Open a document first.")
            return str(w.viewer.document_uuid or "")
        if kind == "code":
            uuid = w.codebook.current_uuid()
            if not uuid:
                w.say("Choose a code in the codebook first.")
            return str(uuid or "")
        viewer = w.viewer
        span = viewer.selection_span()
        if span is None and viewer.text:
            at = Utf16Map(viewer.text).from_utf16(viewer.textCursor().position())
            span = (at, at)
        codings = viewer.codings_at(span[0]) if span is not None else []
        if not codings:
            w.say("Put the cursor in a coded passage first (memos link to coded passages).")
            return ""
        return str(codings[0].uuid)

    def add_new(self, kind: str | None = None, text: str | None = None, title: str = "") -> bool:
        """A new memo on the project, the open document, the current code or the passage at
        the viewer's cursor, with the editor's text (unless given)."""
        if self.project is None:
            return False
        kind = kind or self.new_on.currentData()
        target = self.target_for(kind)
        if not target:
            return False
        text = text if text is not None else self.text.toPlainText()
        title = title or self.title.text().strip()
        if not text.strip() and not title:
            self.window_.say("Write the memo first.")
            return False
        done = self._run(AddMemo(self.project, kind, target, text, title))
        if done:
            self.select(title or text)
        return done

    def go_to(self, entry: MemoEntry | None) -> None:
        """Show the memo's document, its passage selected."""
        if entry is not None and entry.document_uuid:
            self.passage_activated.emit(entry.document_uuid, entry.start, entry.end)

    def export_report(self, path: Path) -> bool:
        """Write the memos shown (by the search) as a report; with "Apply pseudonyms" ticked,
        pseudonymised and read back (a name still shown is asked about)."""
        project = self.project
        if project is None:
            return False
        words = self.search.text()
        try:
            export_checked(
                self.pseudonyms, lambda privacy: export_memo_report(project, path, words, privacy)
            )
        except QcodeError as exc:
            self.window_.error("Memo report", str(exc))
            return False
        self.window_.say(f"Memo report written to {path}{self.pseudonyms.said()}")
        return True

    def _ask_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Memo report", "memos.docx", "Word (*.docx);;PDF (*.pdf)"
        )
        if path:
            self.export_report(Path(path))


def build(window: Any) -> MemosView:
    return MemosView(window)
