"""File › Import / Export REFI-QDA project in the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qcode.store import Project
from tests.refi.helpers import DOC, coded, project_xml, selection, write_qdpx

TEXT = "Interviewer: Why?\nAnn: Because the review was late.\n"
AT = (TEXT.index("review"), TEXT.index("review") + len("review"))


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "w.qcode"
    Project.create(path, coder_name="Ann").close()
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(path)
    return win


def test_import_then_export_from_the_file_menu(window: Any, tmp_path: Path) -> None:
    from qcode.ui.dialogs.qdpx_dialog import export_qdpx_file, import_qdpx_file

    assert window.act_import_qdpx.isEnabled()
    source = write_qdpx(
        tmp_path / "in.qdpx", project_xml(selection(1, *AT)), {f"sources/{DOC}.txt": TEXT.encode()}
    )
    assert import_qdpx_file(window, source)
    assert window.documents.model.rowCount() > 0
    assert [row[2] for row in coded(window.project)] == ["review"]
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    assert coded(window.project) == []
    window.undo_stack.redo()
    assert [row[2] for row in coded(window.project)] == ["review"]
    assert not import_qdpx_file(window, source)  # nothing new the second time
    out = export_qdpx_file(window, tmp_path / "out.qdpx")
    assert out is not None
    assert out.exists()
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nope")
    assert not import_qdpx_file(window, bad)
    assert "bad.qdpx" in window.last_error
