"""Run long services off the GUI thread: a QRunnable worker with progress, result and cancel."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from qcode.errors import QcodeError
from qcode.store import Change, Project
from qcode.store.external import BUSY_MESSAGE, is_busy

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]
#: A job receives `progress(done, total, label)` and `cancel() -> bool` and returns its result.
Job = Callable[[ProgressFn, CancelFn], Any]

#: Progress signals closer together than this are dropped (except the last one of a run).
PROGRESS_INTERVAL = 0.03

#: How long closing a project or the window waits for stopped jobs to end (milliseconds).
STOP_WAIT_MS = 10_000

#: The workers started and not yet ended (the window stops them all when it closes).
_running: set[Worker] = set()
_running_lock = threading.Lock()


class WorkerSignals(QObject):
    """The signals of one worker; they live in the GUI thread and arrive there queued."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    #: Emitted last, whatever the outcome.
    done = Signal()


class Worker(QRunnable):
    """One job on the thread pool. `cancel()` asks the job to stop at its next check."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self._last_progress = 0.0
        # Owned by the application (not by Python references), deleted in the GUI thread.
        self.signals = WorkerSignals(QCoreApplication.instance())
        self.signals.done.connect(self.signals.deleteLater)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self.signals.progress.emit(int(done), int(total), str(label))

    def run(self) -> None:
        signals = self.signals
        try:
            result = self._job(self._progress, self.is_cancelled)
        except QcodeError as exc:
            signals.failed.emit(str(exc))
        except Exception as exc:  # a bug in a service must not kill the application
            if is_busy(exc):
                signals.failed.emit(BUSY_MESSAGE)
            elif self.is_cancelled():  # stopped midway (e.g. its project closed): expected
                log.debug("stopped job ended with %s: %s", type(exc).__name__, exc)
                signals.failed.emit("Stopped")
            else:
                log.exception("background job failed")
                signals.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            signals.finished.emit(result)
        finally:
            with _running_lock:
                _running.discard(self)
            signals.done.emit()


def stop_all(wait_ms: int = STOP_WAIT_MS, pool: QThreadPool | None = None) -> bool:
    """Ask every running job to stop and wait for them, at most `wait_ms`; True if all ended.

    Used when a project or the window closes, so that no job goes on with a closed project
    (and nothing prints a traceback on the way out)."""
    with _running_lock:
        running = list(_running)
    for worker in running:
        worker.cancel()
    if not running:
        return True
    return bool((pool or QThreadPool.globalInstance()).waitForDone(wait_ms))


def _track(worker: Worker) -> None:
    with _running_lock:
        _running.add(worker)


@contextmanager
def separate_project(project: Project) -> Iterator[Project]:
    """The same file opened again, same coder, for a background job.

    The job then never runs the GUI's `project.listeners` on its own thread; the dialog calls
    `announce` in the GUI thread when the job is over.
    """
    other = Project.open(project.path, coder_name=project.coder_name)
    other.coder_uuid = project.coder_uuid
    try:
        yield other
    finally:
        other.close()


def refresh_index(project: Project, progress: ProgressFn | None = None) -> str:
    """Bring the search index up to date on this (worker) thread, so that the GUI's own
    check afterwards is instant. Returns "" or why the index could not be updated."""
    try:
        from qcode.search import ensure_index
    except ImportError:
        return ""
    try:
        ensure_index(project, progress)
    except QcodeError as exc:
        return f"The search index was not updated: {exc}"
    except Exception as exc:  # the import itself succeeded: say so, do not fail it
        log.exception("search index update failed")
        return f"The search index was not updated ({type(exc).__name__}); it is rebuilt later."
    return ""


def announce(project: Project, action: str, touches: Iterable[str]) -> None:
    """Tell the project's listeners (views, caches) what a background job changed."""
    change = Change(action, frozenset(touches))
    for listener in list(project.listeners):
        listener(change)


def start(
    job: Job,
    finished: Callable[[Any], None] | None = None,
    failed: Callable[[str], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> Worker:
    """Start `job` on the pool (the global one by default) and return its worker.

    Pass the handlers here: they are connected before the job starts, so even a job that
    ends at once is heard (signals connected later may miss it).
    """
    worker = Worker(job)
    if finished is not None:
        worker.signals.finished.connect(finished)
    if failed is not None:
        worker.signals.failed.connect(failed)
    if progress is not None:
        worker.signals.progress.connect(progress)
    _track(worker)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


class TaskPanel(QWidget):
    """A progress bar, a label and a Cancel button that run one job at a time.

    `succeeded(result)` or `failed(message)` arrive in the GUI thread when the job ends;
    `cancelled` is True afterwards if the user asked it to stop.
    """

    succeeded = Signal(object)
    failed = Signal(str)
    started = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker: Worker | None = None
        self.cancelled = False
        self.cancellable = True
        self.abandonable = False
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label = QLabel()
        self.label.setMinimumWidth(200)
        self.cancel_button = QPushButton("S&top")
        self.cancel_button.setToolTip("Stop the work in progress")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 2)
        layout.addWidget(self.label, 3)
        layout.addWidget(self.cancel_button)
        self.hide()  # shown while a job runs, and afterwards if it failed or was stopped

    @property
    def busy(self) -> bool:
        return self.worker is not None

    @property
    def blocks_close(self) -> bool:
        """A job is running that must end (or be stopped) before its dialog closes."""
        return self.busy and not self.abandonable

    def run(
        self,
        job: Job,
        label: str = "Working…",
        cancellable: bool = True,
        abandonable: bool = False,
    ) -> Worker:
        """Start `job`. `cancellable`: it checks `cancel()`, so Stop is offered.
        `abandonable`: it only reads, so its dialog may close before it ends."""
        if self.worker is not None:
            raise RuntimeError("a job is already running")
        self.cancelled = False
        self.cancellable, self.abandonable = cancellable, abandonable
        self.bar.setRange(0, 0)  # busy indicator until the first progress report
        self.label.setText(label)
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setToolTip(
            "Stop the work in progress" if cancellable else "This work cannot be stopped midway"
        )
        worker = Worker(job)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker = worker
        self.show()
        self.started.emit()
        _track(worker)
        QThreadPool.globalInstance().start(worker)
        return worker

    def cancel(self) -> None:
        if self.worker is not None and self.cancellable:
            self.cancelled = True
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Stopping…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:  # a step of unknown length
            self.bar.setRange(0, 0)
        if label and not self.cancelled:
            self.label.setText(label)

    def _end(self) -> None:
        self.worker = None
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._end()
        self.bar.setValue(1)
        self.label.setText("Stopped" if self.cancelled else "Done")
        self.setVisible(self.cancelled)
        self.succeeded.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end()
        self.bar.setValue(0)
        self.label.setText("Stopped" if self.cancelled else "Failed")
        self.failed.emit(message)
