"""The window's opening scan: damage its one-pass checks look for ends in the clear refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from .conftest import FOCUS_GROUP


def _damage(path: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def _window(qtbot: Any) -> Any:
    from qcode.ui.main_window import MainWindow

    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    return win


LAST_TURN = ("UPDATE segment SET \"end\" = ? WHERE id = (SELECT max(id) FROM segment "
             "WHERE document_uuid = (SELECT uuid FROM document WHERE name = 'Focus group 01'))")


def test_a_turn_ending_at_the_last_character_opens(qtbot: Any, project_file: Path) -> None:
    _damage(project_file, LAST_TURN, len(FOCUS_GROUP))
    win = _window(qtbot)
    assert win.open_project(project_file)
    assert win.project is not None


@pytest.mark.parametrize(
    ("damage", "params", "field"),
    [
        # Past the last code point, still inside the UTF-8 bytes (the text holds an emoji).
        (LAST_TURN, (len(FOCUS_GROUP) + 1,), "start, end"),
        ("UPDATE segment SET speaker = CAST(X'4F666669636572C3' AS TEXT) WHERE id = "
         "(SELECT min(id) FROM segment WHERE speaker != '')", (), "speaker"),
        ("UPDATE segment SET meta = '{}{}' WHERE id = (SELECT max(id) FROM segment)", (),
         "meta"),
        ("UPDATE document SET updated_at = '2025-02-29 10:00:00.000000' "
         "WHERE name = 'Interview 01'", (), "updated_at"),
    ],
)
def test_the_window_refuses_what_the_one_pass_checks_find(
    qtbot: Any, project_file: Path, damage: str, params: tuple[object, ...], field: str
) -> None:
    _damage(project_file, damage, *params)
    win = _window(qtbot)
    assert not win.open_project(project_file)
    assert win.project is None
    assert "problem(s) found by qcode check" in win.last_error
    assert field in win.last_error
    assert "qcode salvage" in win.last_error
