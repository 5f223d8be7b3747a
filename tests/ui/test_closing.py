"""Closing the window while background work runs: quiet, bounded, nothing left running."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QKeySequence


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
