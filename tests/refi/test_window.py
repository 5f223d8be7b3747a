"""File › Import / Export REFI-QDA project in the window (the import runs on a worker)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from qcode.refi import importer
from qcode.store import Project
from tests.refi.helpers import DOC, coded, project_xml, selection, write_qdpx

TEXT = "Interviewer: Why?\nAnn: Because the review was late.\n"
AT = (TEXT.index("review"), TEXT.index("review") + len("review"))
#: Bound on every wait for the worker (it normally takes a fraction of a second).
WAIT_MS = 20_000


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


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_qdpx(
        tmp_path / "in.qdpx", project_xml(selection(1, *AT)), {f"sources/{DOC}.txt": TEXT.encode()}
    )


def run_import(qtbot: Any, window: Any, path: Path) -> Any:
    from qcode.ui.dialogs.qdpx_dialog import import_qdpx_file

    dialog = import_qdpx_file(window, path)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=WAIT_MS)
    return dialog


def test_import_runs_on_a_worker_and_is_one_undo_step(
    qtbot: Any, window: Any, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = importer.import_qdpx

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "import_qdpx", spy)
    assert window.act_import_qdpx.isEnabled()
    dialog = run_import(qtbot, window, source)
    assert dialog.outcome == "done"
    assert threads
    assert threads[0] is not threading.main_thread()
    assert window.documents.model.rowCount() > 0
    assert [row[2] for row in coded(window.project)] == ["review"]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert coded(window.project) == []
    window.undo_stack.redo()
    assert [row[2] for row in coded(window.project)] == ["review"]
    again = run_import(qtbot, window, source)
    assert again.outcome == "nothing new"  # nothing new the second time, no new undo step
    assert window.undo_stack.count() == 1


def test_stopping_the_import_stores_nothing(
    qtbot: Any, window: Any, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stop is pressed while the worker is placing codings: the transaction rolls back."""
    reached, go = threading.Event(), threading.Event()
    real = importer.import_qdpx

    def paused(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        def hold(done: int, total: int, label: str) -> None:
            if label.startswith("Placing") and not reached.is_set():
                reached.set()
                go.wait(WAIT_MS / 1000)
            if progress is not None:
                progress(done, total, label)

        return real(*args, progress=hold, **kwargs)

    monkeypatch.setattr(importer, "import_qdpx", paused)
    from qcode.ui.dialogs.qdpx_dialog import import_qdpx_file

    dialog = import_qdpx_file(window, source)
    assert dialog is not None
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    dialog.reject()  # closing while it runs stops the job instead
    assert dialog.isVisible()
    go.set()
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=WAIT_MS)
    assert dialog.outcome == "stopped"
    assert coded(window.project) == []
    assert window.documents.model.rowCount() == 0
    assert window.undo_stack.count() == 0


def test_a_bad_file_is_named_and_nothing_is_pushed(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nope")
    dialog = run_import(qtbot, window, bad)
    assert dialog.outcome == "failed"
    assert "bad.qdpx" in window.last_error
    assert window.undo_stack.count() == 0


def test_export_from_the_file_menu(qtbot: Any, window: Any, source: Path, tmp_path: Path) -> None:
    from qcode.ui.dialogs.qdpx_dialog import export_qdpx_file

    run_import(qtbot, window, source)
    out = export_qdpx_file(window, tmp_path / "out.qdpx")
    assert out is not None
    assert out.exists()
