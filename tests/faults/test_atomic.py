"""Export temporaries name their writer; those of dead writers are cleared, no others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.export.atomic import clear_stale, create_partial, partial_name, writer_of
from tests.faults.helpers import ON_LINUX

pytestmark = pytest.mark.skipif(not ON_LINUX, reason="reads /proc")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_temporary_names_its_writer(tmp_path: Path) -> None:
    made = create_partial(tmp_path / "bundle.pdf")
    assert made.parent == tmp_path
    assert made.name.startswith(".bundle.qcode-partial-")
    assert made.suffix == ".pdf"
    assert writer_of(made) == os.getpid()
    assert made.stat().st_size == 0


def test_only_the_temporaries_of_dead_writers_are_cleared(tmp_path: Path) -> None:
    target = tmp_path / "bundle.pdf"
    dead = tmp_path / partial_name(target, _dead_pid())
    mine = tmp_path / partial_name(target)
    reused = tmp_path / partial_name(target, 1)  # PID 1 lives, but started after this file
    other = tmp_path / ".bundle.abc123.partial.pdf"  # not ours: never touched
    for path in (dead, mine, reused, other):
        path.write_bytes(b"x")
    os.utime(reused, (0, 0))  # 1970: older than process 1, so an earlier process wrote it
    assert sorted(clear_stale(tmp_path)) == sorted([dead, reused])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
