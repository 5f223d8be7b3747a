"""The Speakers view: speakers with their turn counts, and the turns of the open document."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.documents import document_text, get_document
from qcode.errors import QcodeError
from qcode.importers.speakers import candidate
from qcode.speakers import SpeakerCount, list_speakers, list_turns
from qcode.store import Change, Project
from qcode.text import Utf16Map
from qcode.ui.undo import Command
from qcode.ui.undo_speakers import JoinTurns, ReassignTurn, RenameSpeaker, SplitTurn

PROJECT, DOCUMENT = "Whole project", "This document"


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _label(text: str, buddy: QWidget) -> QLabel:
    """A caption whose accelerator (Alt + the letter after &) puts the cursor in `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _labelled(text: str, field: QWidget) -> QWidget:
    return _row(_label(text, field), field)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit | QComboBox) else 0)
    return holder


class SpeakersView(QWidget):
    """Rename or merge speakers (project or document); reassign, split and join turns.

    Every change goes through `run` as one undoable command."""

    passage_activated = Signal(str, int, int)
    #: (generation, speakers or None) from the thread that lists a newly opened project's.
    _listed = Signal(int, object)

    def __init__(
        self,
        run: Callable[[Command], bool],
        cursor_offset: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._run = run
        self._cursor_offset = cursor_offset
        self.project: Project | None = None
        self.document = ""  # UUID of the document open in the viewer
        #: Called after the turns changed (the window redraws the document's speaker labels).
        self.on_turns_changed: Callable[[], None] | None = None
        self._stale = False
        #: The project's speakers as last counted (None: to count), which counting is the
        #: latest (a late count of an older project or of older turns is dropped), and the
        #: one a thread is doing now (-1: none).
        self._everyone: list[SpeakerCount] | None = None
        self._generation = 0
        self._listing = -1
        self._listed.connect(self._fill_listed)
        self.scope = QComboBox()
        self.scope.addItems([PROJECT, DOCUMENT])
        self.scope.setToolTip("Speakers of the whole project, or of the open document only")
        self.scope.currentIndexChanged.connect(lambda _index: self.refresh())
        self.speakers = _tree(["Speaker", "Turns", "Documents"], "Speakers")
        self.name = QLineEdit(placeholderText="New name (an existing one merges)")
        self.name.setClearButtonEnabled(True)
        self.name.returnPressed.connect(self.rename)
        self.rename_button = QPushButton("&Rename")
        self.rename_button.setToolTip("Give the selected speaker's turns the name typed")
        self.rename_button.clicked.connect(self.rename)
        self.turns_title = QLabel("No document open")
        self.turns = _tree(["Turn", "Speaker", "Time", "Words"], "Turns")
        self.turns.itemActivated.connect(self._show_turn)
        self.turns.itemClicked.connect(self._show_turn)
        self.turn_speaker = QLineEdit(placeholderText="Speaker")
        self.turn_speaker.setClearButtonEnabled(True)
        self.reassign_button = QPushButton("Give t&urn")
        self.reassign_button.setToolTip("Give the selected turn to the speaker typed")
        self.reassign_button.clicked.connect(self.reassign)
        self.split_button = QPushButton("S&plit at cursor")
        self.split_button.setToolTip(
            "Start a new turn at the line of the text cursor (speaker: the one typed, else the"
            " label on that line)"
        )
        self.split_button.clicked.connect(self.split)
        self.join_button = QPushButton("&Join with next")
        self.join_button.setToolTip("Join the selected turn with the turn after it")
        self.join_button.clicked.connect(self.join)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(_labelled("Sho&w:", self.scope))
        layout.addWidget(self.speakers, 2)
        layout.addWidget(_row(_label("&New name:", self.name), self.name, self.rename_button))
        layout.addWidget(self.turns_title)
        layout.addWidget(self.turns, 3)
        layout.addWidget(
            _row(_label("&Speaker:", self.turn_speaker), self.turn_speaker, self.reassign_button)
        )
        layout.addWidget(_row(self.split_button, self.join_button))

    # --- what is shown -----------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.document = ""
        self._forget()
        if project is not None:
            project.listeners.append(self._on_change)
        self.refresh(later=True)

    def set_document(self, uuid: str) -> None:
        if uuid != self.document:
            self.document = uuid
            self.refresh()

    def _forget(self) -> None:
        """The project's speakers must be counted again (another project, or turns changed)."""
        self._generation += 1
        self._everyone = None
        self._listing = -1

    def _on_change(self, change: Change) -> None:
        if change.entities & {"segments", "documents"}:
            self._forget()
            self.refresh()
        if "segments" in change.entities and self.on_turns_changed is not None:
            self.on_turns_changed()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self, later: bool = False) -> None:
        """List the speakers and turns again (later, when shown, if the view is hidden).

        The project's speakers are counted once per change of the turns, not per document
        shown (SQLite counts every turn: 0.3-1.2 s at 8x the demo). With `later` (a project
        just opened) a thread counts them and they are shown when counted."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        selected_speaker = self.selected_speaker()
        selected_turn = self.selected_turn()
        self.speakers.clear()
        self.turns.clear()
        project = self.project
        if project is None:
            self.turns_title.setText("No project open")
            return
        in_document = self.scope.currentText() == DOCUMENT
        try:
            turns = list_turns(project, self.document) if self.document else []
            title = get_document(project, self.document).name if self.document else ""
            if in_document:
                speakers = list_speakers(project, self.document) if self.document else []
            else:
                speakers = self._project_speakers(project, later)
        except QcodeError:  # the document went away
            self.document = ""
            turns, title = [], ""
            speakers = [] if in_document else self._project_speakers(project, later)
        self._fill_speakers(speakers, selected_speaker)
        self.turns_title.setText(f"Turns of {title}" if title else "No document open")
        for t in turns:
            item = QTreeWidgetItem([str(t.ordinal), t.speaker, t.time, t.preview])
            item.setData(0, Qt.ItemDataRole.UserRole, (t.ordinal, t.start, t.end))
            self.turns.addTopLevelItem(item)
            if t.ordinal == selected_turn:
                self.turns.setCurrentItem(item)

    def _project_speakers(self, project: Project, later: bool) -> list[SpeakerCount]:
        """The project's speakers as last counted; none yet while a thread counts them."""
        if self._everyone is None:
            if self._listing == self._generation:
                return []  # being counted: shown when done
            if later:
                self._listing = self._generation
                self._list_later(project, self._generation)
                return []
            self._everyone = list_speakers(project)
        return self._everyone

    def _fill_speakers(self, speakers: list[SpeakerCount], selected: str) -> None:
        for s in speakers:
            item = QTreeWidgetItem([s.name, str(s.turns), str(s.documents)])
            item.setData(0, Qt.ItemDataRole.UserRole, s.name)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.speakers.addTopLevelItem(item)
            if s.name == selected:
                self.speakers.setCurrentItem(item)
        completer = QCompleter([s.name for s in speakers], self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name.setCompleter(completer)

    def _list_later(self, project: Project, generation: int) -> None:
        """Count the project's speakers off the GUI thread (SQLite lets go of Python's lock
        while it counts); the result comes back through a queued signal."""

        def work() -> None:
            try:
                speakers: list[SpeakerCount] | None = list_speakers(project)
            except Exception:  # closed meanwhile, or busy: the next refresh lists them
                speakers = None
            with contextlib.suppress(RuntimeError):  # the view is gone (the window closed)
                self._listed.emit(generation, speakers)

        threading.Thread(target=work, name="qcode-speakers", daemon=True).start()

    def _fill_listed(self, generation: int, speakers: list[SpeakerCount] | None) -> None:
        if generation != self._generation:
            return  # the project or its turns changed since: counted again
        self._listing = -1
        self._everyone = speakers
        if speakers is not None and self.scope.currentText() == PROJECT:
            selected = self.selected_speaker()
            self.speakers.clear()
            self._fill_speakers(speakers, selected)

    def selected_speaker(self) -> str:
        item = self.speakers.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else ""

    def selected_turn(self) -> int:
        item = self.turns.currentItem()
        return int(item.data(0, Qt.ItemDataRole.UserRole)[0]) if item is not None else 0

    def _show_turn(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        _, start, end = item.data(0, Qt.ItemDataRole.UserRole)
        if self.document:
            self.passage_activated.emit(self.document, start, end)

    # --- actions -----------------------------------------------------------------------------
    def rename(self) -> bool:
        old, new = self.selected_speaker(), self.name.text().strip()
        if self.project is None or not old or not new or new == old:
            return False
        document = self.document if self.scope.currentText() == DOCUMENT else None
        existing = {
            self.speakers.topLevelItem(i).text(0) for i in range(self.speakers.topLevelItemCount())
        }
        done = self._run(RenameSpeaker(self.project, old, new, document, new in existing))
        if done:
            self.name.clear()
        return done

    def reassign(self) -> bool:
        turn, speaker = self.selected_turn(), self.turn_speaker.text().strip()
        if self.project is None or not self.document or not turn or not speaker:
            return False
        return self._run(ReassignTurn(self.project, self.document, turn, speaker))

    def split(self) -> bool:
        at = self._cursor_offset()
        if self.project is None or not self.document or at is None:
            return False
        speaker = self.turn_speaker.text().strip() or None
        return self._run(SplitTurn(self.project, self.document, at, speaker))

    def join(self) -> bool:
        turn = self.selected_turn()
        if self.project is None or not self.document or not turn:
            return False
        return self._run(JoinTurns(self.project, self.document, turn))

    # --- the document viewer's right-click menu ----------------------------------------------
    def add_turn_actions(self, menu: QMenu, offset: int) -> None:
        """Add split, join and reassign for the turn under the pointer to the viewer's menu."""
        project, document = self.project, self.document
        if project is None or not document:
            return
        try:
            turns = list_turns(project, document)
        except QcodeError:
            return
        here = [t for t in turns if t.start <= offset <= t.end]
        if not here:
            return
        turn = here[-1]
        last = turns[-1].ordinal
        who = turn.speaker or "no speaker"
        menu.addSection(f"Turn {turn.ordinal} ({who})")
        menu.addAction("Start a new turn at this line…", lambda: self._split_at(offset))
        menu.addAction("Give this turn to…", lambda: self._reassign_turn(turn.ordinal))
        act = menu.addAction(
            "Join with the next turn",
            lambda: self._run(JoinTurns(project, document, turn.ordinal)),
        )
        act.setEnabled(turn.ordinal < last)

    def _names(self) -> list[str]:
        return [s.name for s in list_speakers(self.project)] if self.project else []

    def _split_at(self, offset: int) -> bool:
        if self.project is None or not self.document:
            return False
        text = self._text()
        start = text.rfind("\n", 0, offset) + 1
        line = text[start : text.find("\n", offset) if "\n" in text[offset:] else len(text)]
        speaker: str | None = None
        if candidate(line) is None:  # no label there to read the speaker from: ask
            name, ok = QInputDialog.getItem(
                self, "New turn", f"Who speaks from “{line[:40]}…”?", self._names(), 0, True
            )
            if not ok or not name.strip():
                return False
            speaker = name.strip()
        return self._run(SplitTurn(self.project, self.document, offset, speaker))

    def _reassign_turn(self, ordinal: int) -> bool:
        if self.project is None or not self.document:
            return False
        name, ok = QInputDialog.getItem(
            self, "Give turn", f"Who speaks turn {ordinal}?", self._names(), 0, True
        )
        if not ok or not name.strip():
            return False
        return self._run(ReassignTurn(self.project, self.document, ordinal, name.strip()))

    def _text(self) -> str:
        return document_text(self.project, self.document) if self.project else ""


def install(window: Any) -> SpeakersView:
    """Add the Speakers view to the main window as a dock tabbed with the codebook."""
    viewer = window.viewer

    def cursor_offset() -> int | None:
        if not viewer.text:
            return None
        return Utf16Map(viewer.text).from_utf16(viewer.textCursor().position())

    def reopen() -> None:  # the viewer's bold labels follow the turns
        if viewer.document_uuid:
            window.open_document(viewer.document_uuid)

    view = SpeakersView(window.run, cursor_offset)
    view.on_turns_changed = reopen
    dock: QDockWidget = window._dock("Speakers", view, Qt.DockWidgetArea.RightDockWidgetArea)
    window.docks["speakers"] = dock
    window.tabifyDockWidget(window.docks["codebook"], dock)
    window.docks["codebook"].raise_()
    # Every document the viewer shows (from the list, a quote, a search hit) is the view's.
    viewer.textChanged.connect(lambda: view.set_document(viewer.document_uuid))
    viewer.menu_built.connect(view.add_turn_actions)
    view.passage_activated.connect(window.show_passage)
    return view
