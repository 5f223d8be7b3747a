"""The quotes pane: whole passages, filters, context, paging, jumping, exporting a selection."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt

from qcode.codebook.tree import resolve_code
from qcode.coding import insert_coding, set_coding_memo
from qcode.documents import add_document, resolve_document
from qcode.store import Action, Project
from tests.ui.matrix_window import click, code_uuid, open_window, selected

MANY = 450


def many_codings(p: Project) -> None:
    """A long focus group with MANY lines, each coded "Recording" (one transaction)."""
    text = "\n".join(f"P{i % 7}: line {i} about recording decisions." for i in range(MANY))
    add_document(p, "Long focus group", text, kind="focus_group", attributes={"force": "Force C"})
    with p.transaction(Action("bulk", "coding", touches={"codings"})) as s:
        doc = resolve_document(s, "Long focus group")
        code = resolve_code(s, "Recording")
        start = 0
        for line in text.split("\n"):
            insert_coding(s, doc, code, start, start + len(line), p.coder_uuid)
            start += len(line) + 1


def test_whole_passages_with_their_lines(qtbot, tmp_path: Path) -> None:
    def two_lines(p: Project) -> None:
        from tests.analysis.matrix_corpus import code

        code(
            p,
            "Interview A",
            "Interviewer: And the advisory group?\nOfficer 1: The advisory",
            "Advisory groups",
        )

    w = open_window(qtbot, tmp_path, two_lines)
    w.codebook.select(code_uuid(w, "Advisory groups"))
    texts = [w.quotes.model.index(r, 4).data() for r in range(w.quotes.model.rowCount())]
    # the whole passage with its line break (less the label opening the turn it starts in)
    assert "And the advisory group?\nOfficer 1: The advisory" in texts
    long = next(r for r, t in enumerate(texts) if "\n" in t)
    assert w.quotes.view.rowHeight(long) > w.quotes.view.rowHeight(0 if long else 1)


def test_filters_by_attribute_kind_coder_and_memo(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    pane = w.quotes
    w.codebook.select(code_uuid(w, "Advisory groups"))
    assert pane.model.rowCount() == 3
    pane.attribute.setCurrentIndex(pane.attribute.findData("force"))
    pane.value.setCurrentIndex(pane.value.findData("Force B"))
    assert pane.model.rowCount() == 1
    assert "1 quote in 1 document (filtered from 3)" in pane.title.text()
    pane.attribute.setCurrentIndex(0)
    pane.coder.setCurrentIndex(pane.coder.findData("Ben"))
    assert [pane.model.quote(r).coder_name for r in range(pane.model.rowCount())] == ["Ben"]
    pane.coder.setCurrentIndex(0)
    pane.kind.setCurrentIndex(pane.kind.findData("interview"))
    assert pane.model.rowCount() == 2
    pane.kind.setCurrentIndex(0)
    quote = pane.model.quote(0)
    set_coding_memo(w.project, quote.coding_uuid, "ask the lead about this")
    w.reload_all()
    qtbot.keyClicks(pane.memo, "the lead")
    assert pane.model.rowCount() == 1
    assert pane.model.quote(0).coding_uuid == quote.coding_uuid


def test_context_shows_the_turn_and_its_neighbours(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    pane = w.quotes
    w.codebook.select(code_uuid(w, "Advisory groups"))
    row = next(r for r in range(pane.model.rowCount()) if pane.model.quote(r).coder_name == "Ben")
    qtbot.mouseClick(pane.context_button, Qt.MouseButton.LeftButton)
    assert pane.context.isVisible()
    click(qtbot, pane.view, row, 4)
    text = pane.context.toPlainText()
    assert "Officer 1: The advisory group is useful, but only the loudest voices are heard." in text
    assert "And the advisory group?" not in text
    pane.around.setValue(1)
    assert "Interviewer: And the advisory group?" in pane.context.toPlainText()


def test_go_to_passage_and_click_jump_to_it(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    pane = w.quotes
    w.codebook.select(code_uuid(w, "Recording"))
    pane.view.setCurrentIndex(pane.model.index(0, 4))
    qtbot.mouseClick(pane.go, Qt.MouseButton.LeftButton)
    assert selected(w) == "Recording is risk averse."


def test_pages_through_any_number_of_quotes(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path, many_codings)
    pane = w.quotes
    w.codebook.select(code_uuid(w, "Recording"))
    assert pane.model.total() == MANY + 1
    assert pane.model.rowCount() == pane.model.PAGE  # the first page
    assert f"{MANY + 1} quotes in 2 documents" in pane.title.text()
    bar = pane.view.verticalScrollBar()

    def all_fetched() -> bool:  # scrolling to the end fetches the next page
        bar.setValue(bar.maximum())
        return pane.model.rowCount() == MANY + 1

    qtbot.waitUntil(all_fetched, timeout=5000)
    assert pane.model.rowCount() == MANY + 1
    click(qtbot, pane.view, MANY, 4)
    assert selected(w) == pane.model.quote(MANY).text


def test_export_the_selection(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    pane = w.quotes
    w.codebook.select(code_uuid(w, "Training"))
    assert pane.model.rowCount() == 4
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 2):
        pane.view.selectionModel().select(pane.model.index(row, 0), flags)
    chosen = {pane.model.quote(r).text for r in (0, 2)}
    with qtbot.waitSignal(pane.exported):
        out = pane.export_to(tmp_path / "selection.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    assert {v for r in rows for v in r if v in chosen} == chosen
    assert sum(1 for r in rows if any(v in chosen for v in r)) == 2
