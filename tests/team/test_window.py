"""File › Sync with team in the window: it pulls others' work, and the indicator follows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from qcode.coding import apply_code
from qcode.team import sync

from .helpers import code_some, live_codings, team

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.gui


def test_the_window_syncs_and_shows_what_is_not_synced(
    qtbot: Any, tmp_path: Path, team_url: str
) -> None:
    from qcode.ui.main_window import MainWindow

    lead, (ann,) = team(tmp_path, team_url, "Ann")
    code_some(ann, 3)
    sync(ann)
    win = MainWindow(coder="Lead")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(lead)
    indicator = win.sync_action.label
    assert "all synced" in indicator.text()
    assert win.act_sync in win.menuBar().actions()[0].menu().actions()

    apply_code(win.project, "Interview 01", "Training", 0, 5)
    win.sync_action.refresh()
    assert "1 change(s) not synced" in indicator.text()

    heard: list[object] = []
    win.watcher.changed_elsewhere.connect(heard.append)
    assert win.sync_action.start()
    qtbot.waitUntil(lambda: not win.sync_action.running, timeout=60_000)
    assert "all synced" in indicator.text(), win.last_error
    assert len(live_codings(lead)) == 4
    # a sync with nothing to pull commits only its bookkeeping: the window's own doing, no
    # "changed elsewhere" (and every pane read again) after it
    apply_code(win.project, "Interview 01", "Training", 6, 9)
    for _ in range(2):  # with a change to push, then with nothing to push or pull
        assert win.sync_action.start()
        qtbot.waitUntil(lambda: not win.sync_action.running, timeout=60_000)
        assert "all synced" in indicator.text(), win.last_error
        assert not win.watcher.look()
    assert heard == []
    win.close()
