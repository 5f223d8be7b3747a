"""The frozen application's entry point: the `qcode` command, or `--smoke PROJECT` (headless)."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # the bundle's own start-up is measured from here

import multiprocessing  # noqa: E402
import sys  # noqa: E402


def main() -> int:
    """Run qcode; a lone `PROJECT.qcode` opens it; `--smoke PROJECT [SECONDS]` opens the window
    on PROJECT headless and reports as JSON."""
    multiprocessing.freeze_support()  # the import and demo workers are spawned from this exe
    if sys.argv[1:2] == ["--smoke"]:
        from qcode.ui import smoke

        return smoke.main(sys.argv[2:], started=STARTED)
    from qcode.cli import main as cli_main

    args = sys.argv[1:]
    if len(args) == 1 and args[0].lower().endswith(".qcode"):
        args = ["gui", args[0]]  # a double-clicked project (Windows, macOS, Linux file managers)
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
