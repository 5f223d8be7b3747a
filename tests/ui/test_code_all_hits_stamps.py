"""Undo of code all hits is never refused for its own rows (issue 20: about 1 run in 7 at 8x)."""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from qcode.store.external import row_stamps
from tests.ui.helpers import code_uuid
from tests.ui.test_code_all_hits import CODE, search_for


def whole_seconds() -> Callable[[], datetime]:
    """A clock on whole seconds: the stamps SQLite stores as "…:05.000000" (the cause of
    the refusals: `str()` of such a datetime has no microseconds, so a recorded stamp
    differed from the file's whenever one of 42,000 codings fell on a whole second)."""
    ticks = itertools.count()
    start = datetime(2031, 5, 6, 7, 8, 9)
    return lambda: start + timedelta(seconds=next(ticks))


def test_codings_stamped_on_a_whole_second_do_not_refuse_their_own_undo(
    window, qtbot, monkeypatch: pytest.MonkeyPatch
):
    """The step the window pushes records the stamps the service wrote (code all hits runs in
    a child process; here the same command codes in this one, so that its clock is forced)."""
    import qcode.coding
    from qcode.ui.undo import Autocode

    w = window
    search_for(w, qtbot, "trust OR police")
    clock = whole_seconds()
    monkeypatch.setattr(importlib.import_module("qcode.search.autocode"), "now", clock)
    monkeypatch.setattr(qcode.coding, "now", clock)
    assert w.run(Autocode(w.project, "trust OR police", code_uuid(w, CODE), "hit", {}))
    created = w.undo_stack.command(0).created
    assert len(created) >= 3
    for step in (w.undo_stack.undo, w.undo_stack.redo, w.undo_stack.undo):
        step()
        assert w.last_error == ""  # was: "Not undone: someone else changed the same codings…"
        recorded = {key: w.row_guard._expected[key] for key in (("coding", u) for u in created)}
        assert recorded == row_stamps(w.project, {"coding": created})
    assert w.undo_stack.canRedo()  # the last undo was done, not refused and dropped
