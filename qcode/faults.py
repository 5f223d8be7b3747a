"""Named points where the fault-injection tests stop a qcode process (QCODE_FAULT_AT)."""

from __future__ import annotations

import os
import signal
import sys
import time

ENV = "QCODE_FAULT_AT"


def fault_point(label: str) -> None:
    """Nothing, unless `QCODE_FAULT_AT` is `<label>` or `<label>:<how>`: then this process
    ends here, `kill` (the default: SIGKILL), `term` (SIGTERM, default action) or `exit`
    (a Python exit with status 3); or, `slow`, it goes on after a fifth of a second (so that
    a test can act while it is in the middle of something). For tests of what a killed
    process leaves behind."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    name, _, how = wanted.partition(":")
    if name != label:
        return
    if how == "slow":
        time.sleep(0.2)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if how == "exit":
        os._exit(3)
    sig = signal.SIGTERM if how == "term" else getattr(signal, "SIGKILL", signal.SIGTERM)
    os.kill(os.getpid(), sig)
    time.sleep(5)  # the signal is delivered meanwhile; a handler that ignores it ends here:
    os._exit(1)
