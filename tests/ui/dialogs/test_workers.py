"""The background worker and its panel: results, failures, progress and cancel reach the GUI."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qcode.errors import QcodeError
from qcode.ui.dialogs.common import TaskDialog
from qcode.ui.dialogs.workers import CancelFn, ProgressFn, TaskPanel, Worker, start


def test_worker_runs_off_the_gui_thread(qtbot: QtBot) -> None:
    threads: list[object] = []

    def job(progress: ProgressFn, cancel: CancelFn) -> int:
        threads.append(threading.current_thread())
        return 42

    worker = Worker(job)
    with qtbot.waitSignal(worker.signals.finished, timeout=5_000) as blocker:
        QThreadPool.globalInstance().start(worker)
    assert blocker.args == [42]
    assert threads
    assert threads[0] is not threading.main_thread()


def test_failure_message_and_unexpected_error(qtbot: QtBot) -> None:
    def bad(progress: ProgressFn, cancel: CancelFn) -> None:
        raise QcodeError("interview.docx: encrypted file")

    worker = Worker(bad)
    with qtbot.waitSignal(worker.signals.failed, timeout=5_000) as blocker:
        QThreadPool.globalInstance().start(worker)
    assert blocker.args == ["interview.docx: encrypted file"]

    def bug(progress: ProgressFn, cancel: CancelFn) -> None:
        raise KeyError("oops")

    messages: list[str] = []
    start(bug, failed=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5_000)
    assert messages[0].startswith("Unexpected error: KeyError")


def test_panel_progress_cancel_and_gui_stays_responsive(qtbot: QtBot) -> None:
    panel = TaskPanel()
    qtbot.addWidget(panel)
    reached = threading.Event()

    def slow(progress: ProgressFn, cancel: CancelFn) -> str:
        for i in range(1000):
            progress(i, 1000, f"item {i}")
            if i == 5:
                reached.set()
            if cancel():
                return f"stopped at {i}"
            time.sleep(0.002)
        return "finished"

    with qtbot.waitSignal(panel.started):
        panel.run(slow, "Working…")
    assert panel.busy
    assert panel.cancel_button.isEnabled()
    qtbot.waitUntil(reached.is_set, timeout=5_000)
    # the event loop keeps turning while the job runs: progress arrives
    qtbot.waitUntil(lambda: panel.bar.maximum() == 1000, timeout=5_000)
    assert panel.label.text().startswith("item ")
    with pytest.raises(RuntimeError):
        panel.run(slow)
    with qtbot.waitSignal(panel.succeeded, timeout=5_000) as blocker:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].startswith("stopped at")
    assert panel.cancelled
    assert not panel.busy
    assert panel.label.text() == "Stopped"


def test_dialog_refuses_to_close_while_busy(qtbot: QtBot) -> None:
    dialog = TaskDialog()
    panel = TaskPanel(dialog)
    dialog.task_panel = panel
    qtbot.addWidget(dialog)
    dialog.show()

    def wait_for_cancel(progress: ProgressFn, cancel: CancelFn) -> None:
        while not cancel():
            time.sleep(0.005)

    panel.run(wait_for_cancel)
    with qtbot.waitSignal(panel.succeeded, timeout=5_000):
        dialog.reject()  # Escape while busy: stops the job, keeps the dialog
        assert dialog.isVisible()
    assert QThread.currentThread() is QApplication.instance().thread()
    dialog.reject()
    assert not dialog.isVisible()


def test_not_cancellable_job_has_no_stop(qtbot: QtBot) -> None:
    panel = TaskPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.succeeded, timeout=5_000):
        panel.run(lambda p, c: None, "Merging…", cancellable=False)
        assert not panel.cancel_button.isEnabled()


def test_merge_like_job_cannot_be_stopped_or_left(qtbot: QtBot) -> None:
    dialog = TaskDialog()
    panel = TaskPanel(dialog)
    dialog.task_panel = panel
    qtbot.addWidget(dialog)
    dialog.show()
    release = threading.Event()

    def writes(progress: ProgressFn, cancel: CancelFn) -> str:
        release.wait(5)
        return "written"

    with qtbot.waitSignal(panel.succeeded, timeout=5_000) as blocker:
        panel.run(writes, "Merging…", cancellable=False)
        dialog.reject()
        assert dialog.isVisible()  # a write in progress keeps its dialog
        assert panel.label.text() == "Merging…"  # and is not "stopping"
        release.set()
    assert blocker.args == ["written"]
    assert not panel.cancelled


def test_read_only_job_may_be_left(qtbot: QtBot) -> None:
    dialog = TaskDialog()
    panel = TaskPanel(dialog)
    dialog.task_panel = panel
    qtbot.addWidget(dialog)
    dialog.show()
    release = threading.Event()
    with qtbot.waitSignal(panel.succeeded, timeout=5_000):
        panel.run(lambda p, c: release.wait(5), "Counting…", cancellable=False, abandonable=True)
        dialog.reject()
        assert not dialog.isVisible()  # closed at once; the result arrives unseen
        release.set()
