"""Code all hits' own commit is not taken for a change made elsewhere (issue 20)."""

from __future__ import annotations

import sqlite3
import time

from tests.ui.processes import script
from tests.ui.test_code_all_hits import search_for


def committed_autocodes(path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(
            conn.execute("SELECT count(*) FROM change_log WHERE action = 'autocode'").fetchone()[0]
        )


def test_a_look_between_the_childs_commit_and_the_step_sees_nothing_elsewhere(window, qtbot):
    """The child process commits, then the window hears of it a little later (a queued
    signal); a look of the watcher in between took the window's own codings for another
    program's: a second refresh of every count and quote, and "changed elsewhere" said."""
    w = window
    search_for(w, qtbot, "trust OR police")
    heard: list[object] = []
    w.watcher.changed_elsewhere.connect(heard.append)
    w.search.code_all.click()
    run = w.gestures.autocoding
    path = w.project.path
    deadline = time.monotonic() + 60
    while committed_autocodes(path) == 0:  # the GUI thread does not run meanwhile
        assert time.monotonic() < deadline, "the child never committed"
        time.sleep(0.01)
    assert not run.outcome  # not heard of yet
    assert not w.watcher.look()
    qtbot.waitUntil(lambda: run.outcome != "", timeout=60000)
    assert run.outcome == "done"
    w.watcher.look()  # and once the step is pushed, the commit is this window's own
    assert heard == []
    assert w.statusBar().currentMessage().startswith("Coded ")


APPLY_ELSEWHERE = """
    import sys
    from qcode.store import Project
    from qcode.coding import apply_code, find_text
    with Project.open(sys.argv[1], coder_name="Bea") as p:
        start, end = find_text(p, "Focus group 01", "rainbow lanyards")
        apply_code(p, "Focus group 01", "Impartiality/Trust", start, end)
"""


def test_what_others_commit_while_held_is_seen_once_released(window, qtbot):
    w = window
    heard: list[object] = []
    w.watcher.changed_elsewhere.connect(heard.append)
    w.watcher.hold()
    script(APPLY_ELSEWHERE, str(w.project.path))
    assert not w.watcher.look()
    w.watcher.release()
    assert w.watcher.look()
    assert heard == [{"codings"}]
