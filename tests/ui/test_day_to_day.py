"""A day of coding without traps: Code all hits, armed clicks, ambiguous names, undo's place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text, quotes
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import normalise
from qcode.ui.models.quotes import PASSAGE_ROLE
from tests.ui.helpers import click_code, code_uuid, doc_uuid, live_codings, open_doc, select_words

TRAINING = normalise(
    "Interviewer: Tell me about the trainers.\n"
    "Officer 4: The trainers were good. Our trainers came from the college.\n"
)
VISITS = normalise("Facilitator: And the trainers?\nOfficer C: The trainers never visited us.\n")
CODES = (
    "Training/Trainers quality",
    "Training/Trainers availability",
    "Training/Trainers pay",
    "Impartiality/Symbols",
    "Impartiality/Trust",
)


@pytest.fixture
def day(qtbot: Any, tmp_path: Path) -> Any:
    """The window on a project where "trainers" is in two kinds of source and three codes."""
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "training.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Interview 07", TRAINING, kind="interview")
        add_document(p, "Focus group 03", VISITS, kind="focus_group")
        for code in CODES:
            add_code(p, code)
        start, end = find_text(p, "Focus group 03", "never visited")
        apply_code(p, "Focus group 03", "Impartiality/Trust", start, end)
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.show()
    qtbot.waitExposed(win)
    return win


def _search(w: Any, qtbot: Any, text: str) -> None:
    pane = w.search
    qtbot.waitUntil(lambda: not pane.indexing, timeout=20000)
    pane.query.setText(text)
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)


def _shown(w: Any) -> list[tuple[str, int, int]]:
    model = w.search.model
    return [tuple(model.index(r, 0).data(PASSAGE_ROLE)) for r in range(model.rowCount())]


# --- Code all hits codes what is shown --------------------------------------------------------
def test_code_all_hits_codes_exactly_the_hits_shown_after_a_filter_change(day, qtbot):
    w = day
    pane = w.search
    _search(w, qtbot, "trainers")
    everywhere = _shown(w)
    assert {d for d, _s, _e in everywhere} == {
        doc_uuid(w, "Interview 07"),
        doc_uuid(w, "Focus group 03"),
    }
    # the user changes the kind filter and does not search again: the hits follow the filter
    pane.kind.setCurrentIndex(pane.kind.findData("interview"))
    shown = _shown(w)
    assert shown
    assert {d for d, _s, _e in shown} == {doc_uuid(w, "Interview 07")}
    assert pane.summary.text().startswith(f"{len(shown)} hit")
    target = code_uuid(w, "Training/Trainers quality")
    pane.target.setCurrentIndex(pane.target.findData(target))
    pane.unit.setCurrentIndex(pane.unit.findData("hit"))
    pane.code_all.click()
    qtbot.waitUntil(lambda: w.undo_stack.count() == 1, timeout=20000)
    coded = sorted((q.document_uuid, q.start, q.end) for q in quotes(w.project, target))
    hits = [pane.model.hit(r) for r in range(pane.model.rowCount())]
    assert coded == sorted((h.document_uuid, s, e) for h in hits for s, e in h.matches)


def test_code_filter_change_searches_again(day, qtbot):
    w = day
    pane = w.search
    _search(w, qtbot, "visited")
    assert len(_shown(w)) == 1
    pane.code_filter.setCurrentIndex(
        pane.code_filter.findData(code_uuid(w, "Impartiality/Symbols"))
    )
    assert _shown(w) == []
    assert not pane.code_all.isEnabled()  # nothing shown: nothing to code


def test_search_results_page_through_every_hit(day, qtbot, monkeypatch):
    from qcode.ui import search_pane

    monkeypatch.setattr(search_pane, "PAGE_SIZE", 2)
    w = day
    pane = w.search
    _search(w, qtbot, "trainers")
    total = pane.total
    assert total > 2
    assert pane.next.isEnabled()
    assert not pane.previous.isEnabled()
    seen = _shown(w)
    while pane.next.isEnabled():
        pane.next.click()
        seen += _shown(w)
    assert len(seen) == len(set(seen)) == total
    assert pane.previous.isEnabled()
    pane.previous.click()
    assert pane.page == pane.pages - 1


def test_the_target_list_takes_typing(day, qtbot):
    w = day
    target = w.search.target
    target.setFocus()
    qtbot.keyClicks(target, "Trust")
    assert target.currentData() == code_uuid(w, "Impartiality/Trust")
    assert target.currentText() == "Trust"  # shown indented by a delegate, not by spaces


# --- browsing the codebook never codes --------------------------------------------------------
def test_clicking_codes_after_a_coding_only_shows_their_quotes(day, qtbot):
    w = day
    open_doc(w, qtbot, "Interview 07")
    select_words(w, "The trainers were good")
    assert w.viewer.armed
    assert "Click a code" in w.codebook.hint.text()
    click_code(w, qtbot, "Training/Trainers quality")
    assert live_codings(w) == [("Training/Trainers quality", "The trainers were good")]
    assert not w.viewer.armed
    assert "Select text" in w.codebook.hint.text()
    # the selection is still on screen; clicking other codes to read their quotes codes nothing
    click_code(w, qtbot, "Training/Trainers pay")
    click_code(w, qtbot, "Impartiality/Trust")
    assert len(live_codings(w)) == 1
    assert w.undo_stack.count() == 1
    assert "Trust" in w.quotes.title.text()
    # a fresh selection codes again
    select_words(w, "Our trainers came from the college")
    click_code(w, qtbot, "Training/Trainers pay")
    assert ("Training/Trainers pay", "Our trainers came from the college") in live_codings(w)


def test_a_passage_shown_from_the_quotes_is_not_coded_by_a_click(day, qtbot):
    w = day
    click_code(w, qtbot, "Impartiality/Trust")
    w.quotes.view.clicked.emit(w.quotes.model.index(0, 0))  # shows "never visited", selected
    assert w.viewer.selection_span() is not None
    assert not w.viewer.armed
    click_code(w, qtbot, "Training/Trainers pay")
    assert live_codings(w) == [("Impartiality/Trust", "never visited")]


# --- names that mean several codes, or none ---------------------------------------------------
def test_quick_code_with_an_ambiguous_name_lists_the_matches(day, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("offered to create a new code")

    monkeypatch.setattr(QMessageBox, "question", never)
    w = day
    open_doc(w, qtbot, "Interview 07")
    select_words(w, "The trainers were good")
    w.act_quick.trigger()
    qtbot.keyClicks(w.quick_box, "trainers")
    qtbot.keyClick(w.quick_box, Qt.Key.Key_Return)
    assert "matches 3 codes" in w.statusBar().currentMessage()
    popup = w.quick_box.completer().popup()
    assert popup.isVisible()
    listed = {popup.model().index(r, 0).data() for r in range(popup.model().rowCount())}
    assert listed == {p for p in CODES if p.startswith("Training/")}
    assert w.quick_box.text() == "trainers"
    assert w.undo_stack.count() == 0
    assert live_codings(w) == []


@pytest.mark.parametrize(
    ("typed", "why"),
    [("zzz", "No code matches “zzz”"), ("trainers", "“trainers” matches 3 codes")],
)
def test_recode_says_why_it_did_nothing(day, qtbot, monkeypatch, typed, why):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (typed, True))
    w = day
    open_doc(w, qtbot, "Focus group 03")
    coding = w.viewer.codings[0].uuid
    w.gestures.recode(coding)
    assert why in w.last_error
    assert live_codings(w) == [("Impartiality/Trust", "never visited")]


def test_recode_with_a_short_unique_name(day, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("pay", True))
    w = day
    open_doc(w, qtbot, "Focus group 03")
    w.gestures.recode(w.viewer.codings[0].uuid)
    assert live_codings(w) == [("Training/Trainers pay", "never visited")]


# --- undo shows where it happened -------------------------------------------------------------
def test_undo_in_another_document_shows_that_document_and_passage(day, qtbot):
    w = day
    open_doc(w, qtbot, "Interview 07")
    start, end = select_words(w, "Our trainers came from the college")
    click_code(w, qtbot, "Training/Trainers quality")
    open_doc(w, qtbot, "Focus group 03")
    w.act_undo.trigger()
    assert w.viewer.document_uuid == doc_uuid(w, "Interview 07")
    assert w.viewer.selection_span() == (start, end)
    assert "Interview 07" in w.statusBar().currentMessage()
    assert not w.viewer.armed  # shown, not offered for coding
    open_doc(w, qtbot, "Focus group 03")
    w.act_redo.trigger()
    assert w.viewer.document_uuid == doc_uuid(w, "Interview 07")
    assert live_codings(w) == [("Training/Trainers quality", "Our trainers came from the college")]


def test_the_hits_follow_a_deleted_filter_code_and_only_then_search_again(day, qtbot, monkeypatch):
    import qcode.search
    from qcode.ui import undo

    w = day
    pane = w.search
    trust = code_uuid(w, "Impartiality/Trust")
    pane.code_filter.setCurrentIndex(pane.code_filter.findData(trust))
    _search(w, qtbot, "visited")
    assert len(_shown(w)) == 1
    calls: list[str] = []
    real = qcode.search.search
    monkeypatch.setattr(
        qcode.search, "search", lambda *a, **k: (calls.append(a[1]), real(*a, **k))[1]
    )
    assert w.run(undo.AddCode(w.project, "Leadership"))
    assert calls == []  # a new code changes nothing shown: no search
    assert w.run(undo.DeleteCode(w.project, trust))
    assert calls == ["visited"]  # the filter is gone: the hits are searched again without it
    assert pane.code_filter.currentData() == ""
    assert "code" not in pane._last_filters
    assert w.run(undo.AddCode(w.project, "Supervision"))
    assert calls == ["visited"]  # no filter, a new code: still no search
