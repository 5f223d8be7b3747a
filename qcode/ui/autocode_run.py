"""'Code all hits' in the window: off the GUI thread with progress and Stop, then one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from qcode.ui import undo

if TYPE_CHECKING:
    from qcode.search.autocode_process import AutocodeProcess
    from qcode.ui.dialogs.workers import Worker
    from qcode.ui.main_window import MainWindow

#: What the window says when the user stopped it (the service wrote nothing).
STOPPED = "Code all hits stopped: nothing was coded."


class CodeAllHits:
    """One run of "Code all hits": the worker, its progress dialog, and the step it pushes.

    The service runs in a child process (the window's GUI thread keeps the GIL); it works out
    every passage while only reading and writes them in one transaction, so Stop (or closing
    the project) leaves the project exactly as it was and the undo history unchanged; when it
    ends, its codings are one undo step.
    """

    def __init__(
        self, window: MainWindow, query: str, code: str, unit: str, filters: dict[str, Any]
    ) -> None:
        self.w = window
        self.query, self.code, self.unit, self.filters = query, code, unit, filters
        self.project = window.project
        self.worker: Worker | None = None
        self.process: AutocodeProcess | None = None
        self.stopped = False
        self.outcome = ""  # "done", "nothing", "stopped" or "failed" once it ended
        #: every (done, total, label) the dialog showed, in order (the tests read it)
        self.reports: list[tuple[int, int, str]] = []
        self.dialog = QProgressDialog("Searching…", "S&top", 0, 0, window)
        self.dialog.setWindowTitle("Code all hits")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoReset(False)  # two phases: finding passages, writing codings
        self.dialog.setAutoClose(False)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> Worker | None:
        project = self.project
        if project is None:
            return None
        from qcode.search.autocode_process import AutocodeJob, AutocodeProcess
        from qcode.ui.dialogs.workers import start

        # In a child process: SQLite's GIL handovers at every row would starve this thread.
        self.process = AutocodeProcess(
            AutocodeJob(
                project.path,
                project.coder_name,
                project.coder_uuid,
                self.query,
                self.code,
                self.unit,  # type: ignore[arg-type]
                dict(self.filters),
            )
        )
        self.w.search.code_all.setEnabled(False)
        self.w.watcher.hold()  # the child's commit is this window's, told when it is heard of
        self.worker = start(self.process.run, self._finished, self._failed, self._progress)
        return self.worker

    def cancel(self) -> None:
        """Stop at the next document or batch; nothing is written."""
        if self.worker is not None and not self.outcome:
            self.stopped = True
            self.worker.cancel()
            self.dialog.setLabelText("Stopping…")

    def _alive(self) -> bool:
        return shiboken6.isValid(self.w) and shiboken6.isValid(self.dialog)

    def _progress(self, done: int, total: int, label: str) -> None:
        if not self._alive() or self.outcome:
            return
        self.reports.append((done, total, label))
        if not self.stopped:
            self.dialog.setLabelText(label)
        self.dialog.setRange(0, max(total, 0))
        self.dialog.setValue(min(done, total) if total > 0 else 0)

    def _end(self, outcome: str) -> bool:
        self.outcome = outcome
        if shiboken6.isValid(self.w):
            self.w.watcher.release()  # done, stopped or failed: looks go on
        if not self._alive():
            return False
        self.dialog.close()
        self.w.search.code_all.setEnabled(True)
        return self.w.project is self.project  # else the project was closed meanwhile

    def _finished(self, result: Any) -> None:
        if self.project is None or not self._end("done"):
            return
        command = undo.Autocode(
            self.project, self.query, self.code, self.unit, self.filters, result=result
        )
        if self.w.run(command):
            self.w.refresh_after_background({"codings"})
            self.w.say(
                f"Coded {len(command.created)} passages"
                + (f" ({command.skipped} already coded)" if command.skipped else "")
                + ". Ctrl+Z undoes it."
            )
        else:
            self.outcome = "nothing"
            self.w.say("Every hit was already coded.")

    def _failed(self, message: str) -> None:
        stopped = self.stopped
        if not self._end("stopped" if stopped else "failed"):
            return
        if stopped:
            self.w.say(STOPPED)
        else:
            self.w.error("Cannot code all hits", message)
