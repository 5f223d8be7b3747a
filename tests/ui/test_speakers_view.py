"""The Speakers view as a user works it: rename, merge, reassign, split, join; Ctrl+Z undoes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from qcode.coding import list_codings
from qcode.speakers import list_speakers, list_turns
from qcode.store import Project
from tests.ui.helpers import open_doc


def _view(w: Any, qtbot: Any) -> Any:
    w.docks["speakers"].show()
    w.docks["speakers"].raise_()
    view = w.speakers_view
    qtbot.waitUntil(view.isVisible)
    return view


def _click_row(qtbot: Any, tree: Any, text: str, column: int = 0) -> None:
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(column) == text
    )
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tree.currentItem() is item


def _in_file(w: Any) -> list[tuple[str, int]]:
    """The speakers as a fresh connection reads them from the file."""
    with Project.open(w.project.path, coder_name="check") as p:
        return [(s.name, s.turns) for s in list_speakers(p)]


def _undo(w: Any, qtbot: Any) -> None:
    w.activateWindow()
    w.viewer.setFocus()
    qtbot.keyClick(w.viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_rename_then_merge_speakers_and_undo_with_ctrl_z(window: Any, qtbot: Any) -> None:
    w = window
    view = _view(w, qtbot)
    codings = sorted((c.start, c.end, c.code_path) for c in list_codings(w.project))
    assert _in_file(w) == [("Facilitator", 2), ("Officer A", 2), ("Officer B", 1)]
    _click_row(qtbot, view.speakers, "Officer A")
    qtbot.keyClicks(view.name, "Constable A")
    qtbot.mouseClick(view.rename_button, Qt.MouseButton.LeftButton)
    assert _in_file(w) == [("Constable A", 2), ("Facilitator", 2), ("Officer B", 1)]
    assert view.speakers.topLevelItem(0).text(0) == "Constable A"  # the view follows
    _click_row(qtbot, view.speakers, "Officer B")
    qtbot.keyClicks(view.name, "Constable A")  # an existing name: a merge
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert _in_file(w) == [("Constable A", 3), ("Facilitator", 2)]
    assert w.undo_stack.undoText() == "Merge speaker Officer B → Constable A"
    _undo(w, qtbot)
    qtbot.waitUntil(
        lambda: _in_file(w) == [("Constable A", 2), ("Facilitator", 2), ("Officer B", 1)]
    )
    _undo(w, qtbot)
    qtbot.waitUntil(lambda: _in_file(w) == [("Facilitator", 2), ("Officer A", 2), ("Officer B", 1)])
    assert sorted((c.start, c.end, c.code_path) for c in list_codings(w.project)) == codings


def test_reassign_split_and_join_turns_of_the_open_document(window: Any, qtbot: Any) -> None:
    w = window
    view = _view(w, qtbot)
    open_doc(w, qtbot, "Focus group 01")
    qtbot.waitUntil(lambda: view.turns.topLevelItemCount() == 5)
    _click_row(qtbot, view.turns, "3")
    qtbot.keyClicks(view.turn_speaker, "Officer C")
    qtbot.mouseClick(view.reassign_button, Qt.MouseButton.LeftButton)
    speakers = [t.speaker for t in list_turns(w.project, "Focus group 01")]
    assert speakers == ["Facilitator", "Officer A", "Officer C", "Facilitator", "Officer A"]
    # join turns 3 and 4, then split them again at the line "Facilitator: Does that …"
    _click_row(qtbot, view.turns, "3")
    qtbot.mouseClick(view.join_button, Qt.MouseButton.LeftButton)
    assert len(list_turns(w.project, "Focus group 01")) == 4
    at = w.viewer.text.index("Does that affect trust?")
    cursor = w.viewer.textCursor()
    cursor.setPosition(at)
    w.viewer.setTextCursor(cursor)
    view.turn_speaker.clear()
    qtbot.mouseClick(view.split_button, Qt.MouseButton.LeftButton)
    turns = list_turns(w.project, "Focus group 01")
    assert [t.speaker for t in turns] == speakers  # the label on the line names the speaker
    assert turns[3].preview == "Does that affect trust?"
    assert view.turns.topLevelItemCount() == 5
    for expected in (4, 5):  # undo the split, then the join
        _undo(w, qtbot)
        qtbot.waitUntil(lambda n=expected: len(list_turns(w.project, "Focus group 01")) == n)
    _undo(w, qtbot)  # and the reassignment
    qtbot.waitUntil(lambda: list_turns(w.project, "Focus group 01")[2].speaker == "Officer B")


def _menu_at(w: Any, words: str) -> Any:
    cursor = w.viewer.textCursor()
    cursor.setPosition(w.viewer.text.index(words) + 2)
    return w.viewer.build_menu(w.viewer.cursorRect(cursor).center())


def _trigger(menu: Any, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled()
    action.trigger()


def test_the_viewer_menu_joins_splits_and_reassigns_the_turn_there(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QInputDialog

    w = window
    open_doc(w, qtbot, "Focus group 01")
    menu = _menu_at(w, "In theory.")
    assert "Turn 3 (Officer B)" in [a.text() for a in menu.actions()]
    _trigger(menu, "Join with the next turn")
    assert [t.speaker for t in list_turns(w.project, "Focus group 01")] == [
        "Facilitator",
        "Officer A",
        "Officer B",
        "Officer A",
    ]
    _trigger(_menu_at(w, "Does that affect"), "Start a new turn at this line…")
    assert [t.speaker for t in list_turns(w.project, "Focus group 01")] == [
        "Facilitator",
        "Officer A",
        "Officer B",
        "Facilitator",
        "Officer A",
    ]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Sergeant Żaneta", True))
    _trigger(_menu_at(w, "In theory."), "Give this turn to…")
    assert list_turns(w.project, "Focus group 01")[2].speaker == "Sergeant Żaneta"
    assert not next(
        a for a in _menu_at(w, "Trust goes up").actions() if a.text() == "Join with the next turn"
    ).isEnabled()
    assert w.undo_stack.count() == 3


def test_rename_in_the_open_document_only(window: Any, qtbot: Any) -> None:
    w = window
    view = _view(w, qtbot)
    open_doc(w, qtbot, "Focus group 01")
    view.scope.setCurrentText("This document")
    qtbot.waitUntil(lambda: view.speakers.topLevelItemCount() == 3)
    _click_row(qtbot, view.speakers, "Facilitator")
    qtbot.keyClicks(view.name, "Moderator")
    qtbot.mouseClick(view.rename_button, Qt.MouseButton.LeftButton)
    with Project.open(w.project.path, coder_name="check") as p:
        assert [(s.name, s.turns) for s in list_speakers(p, "Focus group 01")] == [
            ("Moderator", 2),
            ("Officer A", 2),
            ("Officer B", 1),
        ]
    assert w.undo_stack.undoText() == "Rename speaker Facilitator → Moderator"
    assert [view.turns.topLevelItem(i).text(1) for i in (0, 3)] == ["Moderator", "Moderator"]


def test_opening_counts_the_speakers_once_off_the_gui_thread(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Issue 20: counting every turn took 0.3-1.2 s of opening at 8x, and again at every
    document shown; now a thread counts them once, until the turns change."""
    import threading

    from qcode.ui import speakers_view

    w = window
    view = _view(w, qtbot)
    calls: list[tuple[bool, str | None]] = []
    original = speakers_view.list_speakers

    def counting(project: Project, document: str | None = None) -> Any:
        calls.append((threading.current_thread() is threading.main_thread(), document))
        return original(project, document)

    monkeypatch.setattr(speakers_view, "list_speakers", counting)
    w.open_project(w.project.path)
    qtbot.waitUntil(lambda: view.speakers.topLevelItemCount() > 0, timeout=10000)
    assert calls == [(False, None)]
    shown = [
        (view.speakers.topLevelItem(i).text(0), int(view.speakers.topLevelItem(i).text(1)))
        for i in range(view.speakers.topLevelItemCount())
    ]
    assert shown == _in_file(w)
    open_doc(w, qtbot, "Interview 01")
    open_doc(w, qtbot, "Focus group 01")
    assert calls == [(False, None)]  # the same speakers, whichever document is shown
    assert view.speakers.topLevelItemCount() == len(shown)
