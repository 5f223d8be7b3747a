"""The ToR evidence board as a user works it: items with forces with and without evidence, an
item's passages by force, a passage flagged quotable (Ctrl+Z undoes), opened in the window, and
the item's bundle in one click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document as Docx
from PySide6.QtCore import QPoint, Qt

from qcode.analysis.quotable import quotable_codings
from qcode.coding import find_text
from qcode.store import Project
from tests.ui.helpers import open_doc
from tests.ui.views_helpers import open_from_menu, open_window, undo


@pytest.fixture
def opened(qtbot: Any, tmp_path: Path) -> tuple[Any, dict[str, str]]:
    return open_window(qtbot, tmp_path)


def _flagged(w: Any) -> set[str]:
    with Project.open(w.project.path, coder_name="check") as p:
        return quotable_codings(p)


def _click(qtbot: Any, tree: Any, column: int, text: str, double: bool = False) -> Any:
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(column) == text
    )
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    pos = QPoint(rect.left() + 12, rect.center().y())  # wide rows reach past the viewport
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert tree.currentItem() is item
    return item


def _rows(tree: Any, columns: range) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in columns] for i in range(tree.topLevelItemCount())
    ]


def test_items_show_forces_with_and_without_evidence(
    opened: tuple[Any, dict[str, str]], qtbot: Any
) -> None:
    w, _ = opened
    view = open_from_menu(w, qtbot, "evidence")
    assert _rows(view.items, range(7)) == [
        ["1", "Equality Act", "2", "2", "Kent 1", "Essex", "0"],
        ["3", "Training", "3", "2", "Essex 2, Kent 1", "", "0"],
        ["9", "Systemic issues", "0", "0", "", "Essex, Kent", "0"],
    ]


def test_click_through_to_a_passage_flag_it_and_undo(
    opened: tuple[Any, dict[str, str]], qtbot: Any
) -> None:
    w, codings = opened
    view = open_from_menu(w, qtbot, "evidence")
    _click(qtbot, view.items, 0, "3")
    assert view.passages.topLevelItemCount() == 3
    view.group.setCurrentText("Essex")
    assert [r[1] for r in _rows(view.passages, range(7))] == ["Focus group 01"] * 2
    _click(qtbot, view.passages, 6, "never vetted", double=True)
    start, end = find_text(w.project, "Focus group 01", "never vetted")
    assert w.viewer.selection_span() == (start, end)  # the window shows the passage
    assert "Focus group 01" in w.doc_title.text()
    qtbot.mouseClick(view.flag_button, Qt.MouseButton.LeftButton)
    assert _flagged(w) == {codings["vetted"]}
    assert view.passages.topLevelItem(0).text(0) == "★"  # quotable ones come first
    assert view.items.topLevelItem(1).text(6) == "1"
    undo(w, qtbot)
    assert _flagged(w) == set()
    assert view.items.topLevelItem(1).text(6) == "0"


def test_one_click_bundle_of_an_item(
    opened: tuple[Any, dict[str, str]], qtbot: Any, tmp_path: Path
) -> None:
    w, _ = opened
    view = open_from_menu(w, qtbot, "evidence")
    _click(qtbot, view.items, 0, "1")
    out = tmp_path / "tor1.docx"
    with qtbot.waitSignal(view.task.succeeded, timeout=60_000):
        assert view.export_bundle(out)  # off the GUI thread
    assert str(out) in w.statusBar().currentMessage()
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "box-ticking" in text
    assert "must be read" in text
    assert "never vetted" not in text


def test_flag_quotable_from_the_viewers_menu(
    opened: tuple[Any, dict[str, str]], qtbot: Any
) -> None:
    w, codings = opened
    open_doc(w, qtbot, "Focus group 01")
    start, _end = find_text(w.project, "Focus group 01", "never vetted")
    w.viewer.select_span(start + 3, start + 3)
    point = w.viewer.cursorRect().center()  # inside the coded passage
    assert [c.uuid for c in w.viewer.codings_at(w.viewer.offset_at(point))] == [codings["vetted"]]
    menu = w.viewer.build_menu(point)
    act = next(a for a in menu.actions() if a.text().endswith("passage as quotable"))
    assert act.text() == "Flag Training/Vetting passage as quotable"
    act.trigger()
    assert _flagged(w) == {codings["vetted"]}
    menu = w.viewer.build_menu(point)
    assert any(a.text() == "Unflag Training/Vetting passage as quotable" for a in menu.actions())
    undo(w, qtbot)
    assert _flagged(w) == set()


def test_cases_model_passes_the_model_tester(
    opened: tuple[Any, dict[str, str]], qtbot: Any, qtmodeltester: Any
) -> None:
    w, _ = opened
    view = open_from_menu(w, qtbot, "cases")
    qtmodeltester.check(view.model)
    view.add_attribute("wave")
    qtmodeltester.check(view.model)


def test_a_bundle_that_cannot_be_written_says_why(
    opened: tuple[Any, dict[str, str]], qtbot: Any, tmp_path: Path
) -> None:
    w, _ = opened
    view = open_from_menu(w, qtbot, "evidence")
    _click(qtbot, view.items, 0, "3")
    with qtbot.waitSignal(view.task.failed, timeout=60_000):
        assert view.export_bundle(tmp_path / "no such folder" / "tor3.docx")
    assert "no such folder" in w.last_error
