"""A session on (a small build of) the demo project, as an inspector would work through it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import click_code, live_codings, select_words


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build_demo = pytest.importorskip("qcode.demo").build_demo
    return Path(build_demo(tmp_path_factory.mktemp("demo"), scale=0.03, length=0.3))


@pytest.fixture
def demo_window(qtbot, demo_build, tmp_path):
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "demo.qcode"
    shutil.copy2(demo_build, path)
    win = MainWindow(coder="Inspector B")
    win.quiet_errors = True
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(path)
    return win


def test_a_coding_session_on_the_demo_project(demo_window, qtbot, tmp_path):
    import openpyxl

    w = demo_window
    model = w.documents.model
    kinds = [model.index(k, 0).data(Qt.ItemDataRole.UserRole + 2) for k in range(model.rowCount())]
    assert kinds == ["interview", "focus_group", "national_interview"]
    group = next(d for d in model.documents() if d.kind == "focus_group")
    w.documents.select(group.uuid)
    w.documents.view.activated.emit(w.documents.view.currentIndex())
    assert w.viewer.document_uuid == group.uuid
    before = len(w.viewer.codings)
    assert before == sum(1 for _ in w.viewer.codings)
    # code the first sentence of the second turn by click, another by key
    line = w.viewer.text.split("\n")[1]
    words = line.split(":", 1)[-1].strip()[:40]
    select_words(w, words)
    target = next(c for c in w.codebook.model.codes() if c.codable and c.depth > 0)
    click_code(w, qtbot, target.path)
    assert (target.path, words) in live_codings(w)
    assert len(w.viewer.codings) == before + 1
    w.act_undo.trigger()
    assert len(w.viewer.codings) == before
    w.act_redo.trigger()
    assert len(w.viewer.codings) == before + 1
    # the quotes pane of the clicked code follows, once the event loop has run
    assert w.codebook.current_uuid() == target.uuid
    model = w.quotes.model
    qtbot.waitUntil(lambda: words in [model.index(r, 4).data() for r in range(model.rowCount())])
    # export that code's quotes as a spreadsheet
    w.act_export.trigger()
    dialog = w.dialogs.current
    dialog.open_result = False
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.output.set_path(tmp_path / "quotes.xlsx")
    with qtbot.waitSignal(dialog.exported, timeout=30000) as done:
        dialog.export_button.click()
    book = openpyxl.load_workbook(Path(done.args[0][0]), read_only=True)
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    book.close()
    assert any(words in cell for cell in cells)
    dialog.reject()
