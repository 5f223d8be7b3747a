"""The frozen application's entry point: the `qcode` command, or `--smoke PROJECT` (headless)."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # the bundle's own start-up is measured from here

import multiprocessing  # noqa: E402
import sys  # noqa: E402


def main() -> int:
    """Run qcode; `--smoke PROJECT [SECONDS]` opens the window on PROJECT and reports as JSON."""
    multiprocessing.freeze_support()  # the import and demo workers are spawned from this exe
    if sys.argv[1:2] == ["--smoke"]:
        from qcode.ui import smoke

        return smoke.main(sys.argv[2:], started=STARTED)
    from qcode.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
