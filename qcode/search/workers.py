"""Whoosh's parallel index writer with workers that die with qcode and stop when cancelled."""

from __future__ import annotations

import contextlib
import os
import signal
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from qcode.procs import die_with_parent

#: Seconds a cancelled worker gets to end on SIGTERM before it is killed.
STOP_WAIT = 5.0


class _Worker(SubWriterTask):  # type: ignore[misc]
    """A forked writer process that exits when qcode dies, whatever killed it, and leaves
    Ctrl+C to its parent (which cancels the build and stops it: no traceback from here)."""

    def __init__(self, *args: Any, parent: int) -> None:
        super().__init__(*args)
        self.daemon = True  # ended by multiprocessing at a normal exit of the parent
        self._parent = parent

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent(self._parent)
        super().run()


class ParallelWriter(MpWriter):  # type: ignore[misc]
    """`ix.writer(procs=n)` whose `cancel` stops the worker processes. (Whoosh's own only sets
    a flag in the parent's copy of each worker, so they wait for work forever.)"""

    def _new_task(self) -> _Worker:
        task = _Worker(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
            parent=os.getpid(),
        )
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        try:
            stop(self.tasks)
        finally:
            for q in (self.jobqueue, self.resultqueue):
                q.cancel_join_thread()
                q.close()
            SegmentWriter.cancel(self)


def stop(tasks: list[Any]) -> None:
    """End worker processes: SIGTERM, then SIGKILL for any still alive after STOP_WAIT s."""
    for task in tasks:
        with contextlib.suppress(ValueError, OSError):
            if task.is_alive():
                task.terminate()
    for task in tasks:
        with contextlib.suppress(ValueError, OSError):
            task.join(STOP_WAIT)
            if task.is_alive():
                task.kill()
                task.join(STOP_WAIT)


def parallel_writer(ix: Any, procs: int, **kwargs: Any) -> ParallelWriter:
    """What `ix.writer(procs=procs, **kwargs)` makes, with these workers."""
    return ParallelWriter(ix, procs=procs, **kwargs)
