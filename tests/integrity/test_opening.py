"""Opening a damaged project gives its problem list (command line and window), never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from qcode.cli import main
from qcode.merge import merge_projects

from .hostile import hostile


def test_the_command_line_refuses_a_damaged_project_with_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lead, damaged = hostile(tmp_path, "offsets are decimals")
    assert main(["codings", str(damaged)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: ")
    assert "coding" in err
    assert "start" in err
    assert "qcode salvage" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "case", ["time of day 25:61:61", "February 30th", "February 30th, no microseconds"]
)
def test_the_quick_scan_on_opening_catches_timestamps_python_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    _lead, damaged = hostile(tmp_path, case)
    assert main(["codings", str(damaged)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: ")
    assert "coding" in err
    assert "is not a timestamp" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "case",
    ["segment meta not JSON", "invalid UTF-8", "cycle in the code tree", "updated_at garbage"],
)
def test_the_window_refuses_a_damaged_project_with_its_problems(
    qtbot: Any, tmp_path: Path, case: str
) -> None:
    from qcode.ui.main_window import MainWindow

    _lead, damaged = hostile(tmp_path, case)
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    conn = sqlite3.connect(damaged)  # as the coder's qcode left it: a WAL file
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert not win.open_project(damaged)
    assert win.project is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal/-shm left beside it
    assert "problem(s) found by qcode check" in win.last_error
    assert "qcode salvage" in win.last_error


def test_a_target_merged_with_skip_invalid_opens_in_the_window(qtbot: Any, tmp_path: Path) -> None:
    from qcode.ui.main_window import MainWindow

    lead, damaged = hostile(tmp_path, "segment meta not JSON")
    report = merge_projects(lead, [damaged], skip_invalid=True)
    assert report.skipped
    win = MainWindow(coder="Lead")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(lead)
    win.show()
    qtbot.waitExposed(win)
    names = [d.name for d in win.documents.model.documents()]
    assert "Interview 01" in names
    for name in names:
        index = win.documents.model.index_of(
            next(d.uuid for d in win.documents.model.documents() if d.name == name)
        )
        assert index.isValid()
