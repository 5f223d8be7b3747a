"""Code all hits in a process of its own, so that the window's GUI thread is never starved."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qcode.errors import QcodeError
from qcode.procs import die_with_parent
from qcode.search.autocode import AutocodeCancelled, AutocodeResult, Cancel, Progress, Unit

#: Seconds between two looks at `cancel` while the child works (the pipe wakes us at once).
POLL = 0.05
#: Seconds between two progress reports of the child (its last one always goes).
PROGRESS_EVERY = 0.03
#: Seconds the child is given to end once it answered (then it is killed).
EXIT_WAIT = 10.0
#: How much lower the child's scheduling priority is than the window's (POSIX nice).
NICENESS = 10
_STOP = "stop"
DIED = "code all hits ended unexpectedly: its process died"


class AutocodeCrashed(Exception):
    """The child failed unexpectedly (a bug, not a refusal): its type and message."""


@dataclass
class AutocodeJob:
    """What to code, in which file, as whom (sent to the child, so only plain values)."""

    path: Path
    coder_name: str | None
    coder_uuid: str
    query: str
    code: str
    unit: Unit = "hit"
    filters: dict[str, Any] = field(default_factory=dict)


class AutocodeProcess:
    """`run()` codes all hits in a spawned child process and returns its AutocodeResult.

    Why a process: a thread of the window's process doing this work makes SQLite release
    and take back the GIL at every row it steps, and a thread waiting for the GIL (the GUI
    thread) is woken each time only to find it taken again, then waits anew: 100-450 ms
    stalls of the window while only the worker ran (CPython's "convoy effect").

    The child reports progress through its pipe and looks for a stop message between
    documents and batches (as `autocode` calls `cancel`); a stopped child rolls its one
    transaction back, so `AutocodeCancelled` still means nothing was coded. The child dies
    with this process however it ends, and is killed if this side leaves by an exception.
    """

    def __init__(self, job: AutocodeJob) -> None:
        self.job = job
        #: set once the stop message was sent to the child (tests wait for it)
        self.stop_sent = threading.Event()
        self.child: Any = None  # the multiprocessing.Process, once started

    def run(self, progress: Progress | None = None, cancel: Cancel | None = None) -> AutocodeResult:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        child = context.Process(
            target=_serve, args=(os.getpid(), theirs, self.job), name="qcode-autocode", daemon=True
        )
        child.start()
        self.child = child
        theirs.close()
        answered = False
        try:
            while True:
                if cancel is not None and not self.stop_sent.is_set() and cancel():
                    mine.send(_STOP)
                    self.stop_sent.set()
                if not mine.poll(POLL):
                    if not child.is_alive() and not mine.poll():
                        raise QcodeError(DIED)
                    continue
                try:
                    kind, *values = mine.recv()
                except EOFError:  # the child is gone without a word
                    raise QcodeError(DIED) from None
                if kind == "progress":
                    if progress is not None:
                        progress(*values)
                    continue
                answered = True
                return _outcome(kind, values)
        finally:
            if answered:
                child.join(EXIT_WAIT)
            if child.is_alive():
                child.kill()
            child.join()
            mine.close()


def _outcome(kind: str, values: list[Any]) -> AutocodeResult:
    if kind == "done":
        result = values[0]
        assert isinstance(result, AutocodeResult)
        return result
    message = str(values[0])
    if kind == "cancelled":
        raise AutocodeCancelled(message)
    if kind == "error":
        raise QcodeError(message)
    raise AutocodeCrashed(message)


def autocode_in_process(
    job: AutocodeJob, progress: Progress | None = None, cancel: Cancel | None = None
) -> AutocodeResult:
    """Code all hits of `job` in a child process (see AutocodeProcess)."""
    return AutocodeProcess(job).run(progress, cancel)


# --- the child ------------------------------------------------------------------------------
def _serve(parent: int, conn: Any, job: AutocodeJob) -> None:
    """The child: code, reporting progress, and send what came of it as its last message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's: it stops us
    die_with_parent(parent)
    _background_priority()
    try:
        answer: tuple[Any, ...] = ("done", _code(conn, job))
    except AutocodeCancelled as exc:
        answer = ("cancelled", str(exc))
    except QcodeError as exc:
        answer = ("error", str(exc))
    except Exception as exc:
        from qcode.store.external import BUSY_MESSAGE, is_busy

        answer = ("error", BUSY_MESSAGE) if is_busy(exc) else ("crash", _name(exc))
    conn.send(answer)
    conn.close()


def _background_priority() -> None:
    """Yield the processors to the window whenever it has work: on a busy machine (2 cores
    shared) the GUI thread otherwise waited for a time slice 100-300 ms at a time."""
    with contextlib.suppress(AttributeError, OSError):  # os.nice: POSIX only
        os.nice(NICENESS)


def _name(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _code(conn: Any, job: AutocodeJob) -> AutocodeResult:
    from qcode.search.autocode import autocode
    from qcode.store import Project

    stopped = False
    last = 0.0

    def cancel() -> bool:
        nonlocal stopped
        while not stopped and conn.poll():
            stopped = conn.recv() == _STOP
        return stopped

    def progress(done: int, total: int, label: str) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < PROGRESS_EVERY:
            return
        last = now
        conn.send(("progress", int(done), int(total), str(label)))

    project = Project.open(job.path, coder_name=job.coder_name)
    try:
        project.coder_uuid = job.coder_uuid
        filters: dict[str, Sequence[str] | str | None] = dict(job.filters)
        return autocode(
            project,
            job.query,
            job.code,
            unit=job.unit,
            progress=progress,
            cancel=cancel,
            **filters,  # type: ignore[arg-type]
        )
    finally:
        project.close()
