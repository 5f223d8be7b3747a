"""Closing the window while background work runs: quiet, bounded, nothing left running."""

from __future__ import annotations

import logging
import shutil
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QKeySequence

from qcode.store import owner
from tests.ui.processes import start_window


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qcode.demo import build_demo

    return Path(build_demo(tmp_path_factory.mktemp("demo"), scale=0.15, length=0.5))


def test_ctrl_q_during_an_index_build_is_quiet(qtbot, demo_build, tmp_path, capfd):
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "demo.qcode"
    shutil.copy2(demo_build, path)  # closed file: a plain copy is safe here
    w = MainWindow(coder="Ann")
    w.quiet_errors = True
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(path)
    assert w.search.indexing  # the build runs off the GUI thread
    bar = w.search.progress
    qtbot.waitUntil(lambda: bar.maximum() > 1 or not w.search.indexing, timeout=30_000)
    assert w.search.indexing, "the build ended before the test could close the window midway"
    assert w.act_quit.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)  # Ctrl+Q
    w.act_quit.trigger()
    assert not w.isVisible()
    assert w.project is None
    running = QThreadPool.globalInstance().activeThreadCount()
    QThreadPool.globalInstance().waitForDone(60_000)
    qtbot.wait(200)  # queued signals of the stopped job arrive (and are ignored)
    err = capfd.readouterr().err
    assert running == 0  # closing waited for the stopped build
    assert "Traceback" not in err, err
    assert "Error" not in err, err


def test_sigterm_during_an_index_build_closes_quietly(demo_build, tmp_path, qtbot):
    path = tmp_path / "demo.qcode"
    shutil.copy2(demo_build, path)
    proc = start_window(path)
    try:
        # the owner file is written as the window opens the project; the build starts then
        qtbot.waitUntil(lambda: owner.read_owner(path) is not None, timeout=60_000)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    assert not owner.owner_path(path).exists()


def test_an_exception_escaping_a_slot_is_a_message_not_a_dead_window(window, caplog):
    from qcode.ui.app import _excepthook

    hook = _excepthook(window)
    try:
        raise KeyError("from a slot")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            hook(type(exc), exc, exc.__traceback__)
    assert "Unexpected error: KeyError" in window.last_error
    assert any(r.levelno == logging.ERROR for r in caplog.records)
