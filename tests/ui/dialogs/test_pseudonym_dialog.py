"""The pseudonym dialog: add, update and remove terms, and find what an export would leak."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qcode.export.pseudonyms import list_pseudonyms, set_pseudonym
from qcode.store import Project
from qcode.ui.dialogs.pseudonym_dialog import PseudonymDialog


def _dialog(qtbot: QtBot, project: Project) -> PseudonymDialog:
    dialog = PseudonymDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_add_update_remove(qtbot: QtBot, sample: Project) -> None:
    dialog = _dialog(qtbot, sample)
    assert dialog.rows() == []
    qtbot.keyClicks(dialog.term, "Kent Police")
    qtbot.keyClicks(dialog.replacement, "Force C")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.rows() == [("Kent Police", "Force C", True)]
    assert dialog.term.text() == ""
    # the same term again updates its replacement
    qtbot.keyClicks(dialog.term, "kent police")
    qtbot.keyClicks(dialog.replacement, "Force D")
    dialog.whole_word.setChecked(False)
    qtbot.keyClick(dialog.replacement, Qt.Key.Key_Return)
    assert dialog.rows() == [("kent police", "Force D", False)]
    assert [(p.term, p.replacement) for p in list_pseudonyms(sample)] == [
        ("kent police", "Force D")
    ]
    dialog.table.selectRow(0)
    assert dialog.replacement.text() == "Force D"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.rows() == []
    assert list_pseudonyms(sample) == []


def test_bad_entry_shows_error(qtbot: QtBot, sample: Project) -> None:
    dialog = _dialog(qtbot, sample)
    qtbot.keyClicks(dialog.term, "Kent")
    dialog.add_from_form()
    assert dialog.message.is_error
    assert "replacement" in dialog.message.text()
    assert list_pseudonyms(sample) == []


def test_leak_check_finds_term_inside_word(qtbot: QtBot, coded: Project) -> None:
    set_pseudonym(coded, "advisory", "consultative")
    dialog = _dialog(qtbot, coded)
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    # whole-word replacement leaves nothing behind in the finished file
    assert [leak for leak in dialog.leaks if leak.whole_word] == []
    set_pseudonym(coded, "brief", "inform", whole_word=True)
    set_pseudonym(coded, "team", "unit", whole_word=True)
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.check_leaks()
    # "teams" keeps "team" inside a longer word: reported, marked as such
    assert any(leak.term == "team" and not leak.whole_word for leak in dialog.leaks)
    assert dialog.leak_table.rowCount() == len(dialog.leaks)
    assert dialog.message.is_error
    shown = [
        (dialog.leak_table.item(r, 0).text(), dialog.leak_table.item(r, 1).text())
        for r in range(dialog.leak_table.rowCount())
    ]
    assert ("team", "Word body (inside a word)") in shown


def test_suggestions_are_reviewed_edited_and_added(qtbot: QtBot, project: Project) -> None:
    from qcode.documents import add_document

    text = "Interviewer: Who signed it?\nSgt Morgan: Mary O’Neill did, in Hampshire."
    add_document(project, "Hampshire_interview_01", text, attributes={"force": "Hampshire"})
    dialog = _dialog(qtbot, project)
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    found = {dialog.suggest_table.item(r, 0).text() for r in range(len(dialog.suggestions))}
    assert {"Hampshire", "Mary O’Neill"} <= found
    rows = {dialog.suggest_table.item(r, 0).text(): r for r in range(len(dialog.suggestions))}
    assert dialog.suggest_table.item(rows["Hampshire"], 1).text() == "Force A"
    dialog.suggest_table.item(rows["Mary O’Neill"], 1).setText("the author")
    for term, row in rows.items():
        if term not in ("Hampshire", "Mary O’Neill"):
            dialog.suggest_table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.rows() == [("Hampshire", "Force A", True), ("Mary O’Neill", "the author", True)]
