"""Start-up to a shown window on the demo: the frozen app (dist/qcode) against the source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "qcode" / ("qcode-cli.exe" if sys.platform == "win32" else "qcode")
RUNS = 3


def best_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(fastest wall time of the whole process, its own start-up-to-window time) in seconds."""
    walls, shown = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - started)
        shown.append(json.loads(done.stdout.splitlines()[-1])["shown_after_s"])
    return min(walls), min(shown)


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="qcode-bench-") as tmp:
        subprocess.run([sys.executable, "-m", "qcode", "demo", tmp, "--seed", "1"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        project = str(Path(tmp) / "demo.qcode")
        source_wall, _ = best_of([sys.executable, "-m", "qcode.ui.smoke", project], env)
        print(f"source: window shown and closed after {source_wall:.2f} s (whole process)")
        if not FROZEN.exists():
            print(f"no frozen app at {FROZEN}: run `make dist` to compare")
            return 0
        frozen_wall, frozen_shown = best_of([str(FROZEN), "--smoke", project], env)
        print(f"frozen: window shown {frozen_shown:.2f} s after start, "
              f"closed after {frozen_wall:.2f} s (whole process)")  # fmt: skip
        print(f"frozen / source start-up: {frozen_wall / source_wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
