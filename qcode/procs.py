"""Worker processes that die with their parent, however the parent died (even by SIGKILL)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent's PID by the portable watchdog.
WATCH_EVERY = 0.5
_watching = False


def _linux_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(WATCH_EVERY):
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int) -> None:
    """Make this (child) process exit when process `parent` dies: by the kernel on Linux, and
    everywhere by a daemon thread that looks at the parent's PID twice a second. Call it first
    thing in a worker (as a pool's `initializer`, with the parent's `os.getpid()`).

    On Linux the signal comes when the *thread* that started the worker ends: start workers
    from a thread that outlives them (the pools here are joined before their thread returns).
    """
    global _watching
    _linux_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if not _watching:
        _watching = True
        threading.Thread(
            target=_watch, args=(parent,), name="qcode-parent-watch", daemon=True
        ).start()


def living(pid: int) -> bool:
    """Whether a process of this PID exists on this machine (zombies count as dead)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would end the process there
        return _windows_living(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS, Windows): os.kill said it exists


def _windows_living(pid: int) -> bool:
    still_active = 259
    kernel = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and (
            code.value == still_active
        )
    finally:
        kernel.CloseHandle(handle)
