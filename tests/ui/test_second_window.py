"""A second window on one project: the owner file, read-only or not at all, a stale owner."""

from __future__ import annotations

import os
import signal

from qcode.store import owner
from tests.ui.helpers import click_code, open_doc, select_words
from tests.ui.processes import HOLD_OWNER, Background, script, start_window


def _window(qtbot, when_owned: str | None = None):
    from qcode.ui.main_window import MainWindow

    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    win.session.when_owned = when_owned
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_window_owns_its_project_until_it_closes(qtbot, project_file):
    w = _window(qtbot)
    assert w.open_project(project_file)
    held = owner.read_owner(project_file)
    assert held is not None
    assert held.coder == "Ann"
    assert held.pid == os.getpid()
    w.reopen_project()  # reading it again keeps it
    assert owner.read_owner(project_file) is not None
    w.close_project()
    assert not owner.owner_path(project_file).exists()


def test_beside_another_window_the_user_may_open_read_only(qtbot, project_file):
    other = Background(HOLD_OWNER, str(project_file), "Bea")
    try:
        assert other.ready == "owner"
        w = _window(qtbot, when_owned="read-only")
        assert w.open_project(project_file)
        assert w.read_only
        assert w.windowTitle() == "inspection — qcode (read-only)"
        for act in (w.act_add_code, w.act_import, w.act_load_codebook, w.act_restore):
            assert not act.isEnabled()
        assert w.act_search.isEnabled()
        assert not w.quick_box.isEnabled()
        open_doc(w, qtbot, "Interview 01")
        select_words(w, "impact assessment")
        click_code(w, qtbot, "Equality Act/Impact assessments")
        assert "read-only" in w.last_error
        assert w.undo_stack.count() == 0
        w.close_project()
        assert owner.read_owner(project_file).coder == "Bea"  # not ours to remove
    finally:
        assert other.stop()[0] == 0


def test_beside_another_window_the_user_may_cancel(qtbot, project_file):
    other = Background(HOLD_OWNER, str(project_file), "Bea")
    try:
        w = _window(qtbot, when_owned="cancel")
        assert not w.open_project(project_file)
        assert w.project is None
    finally:
        other.stop()


def test_the_question_names_who_has_it(qtbot, project_file, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    other = Background(HOLD_OWNER, str(project_file), "Bea")
    try:
        w = _window(qtbot)
        assert not w.open_project(project_file)  # the box closed without a choice: cancel
    finally:
        other.stop()
    assert len(asked) == 1
    assert "inspection.qcode is open in another window: Bea on" in asked[0]


def test_a_killed_window_leaves_a_stale_owner_that_is_replaced(qtbot, project_file):
    other = Background(HOLD_OWNER, str(project_file), "Bea")
    assert other.ready == "owner"
    other.kill()  # as a crash would: the owner file stays behind
    assert owner.read_owner(project_file).coder == "Bea"
    w = _window(qtbot, when_owned="cancel")
    assert w.open_project(project_file)  # not asked: the owner is dead
    assert not w.read_only
    assert owner.read_owner(project_file).coder == "Ann"


def test_a_read_only_window_follows_the_owners_changes(qtbot, project_file):
    other = Background(HOLD_OWNER, str(project_file), "Bea")
    try:
        w = _window(qtbot, when_owned="read-only")
        assert w.open_project(project_file)
        script(
            """
            import sys
            from qcode.store import Project
            from qcode.codebook.tree import add_code
            with Project.open(sys.argv[1], coder_name="Bea") as p:
                add_code(p, "Impartiality/Neutral language")
            """,
            str(project_file),
        )
        paths = lambda: [c.path for c in w.codebook.model.codes()]  # noqa: E731
        qtbot.waitUntil(lambda: "Impartiality/Neutral language" in paths(), timeout=10_000)
    finally:
        other.stop()




def test_sigterm_closes_the_window_cleanly(project_file, qtbot):
    proc = start_window(project_file)
    try:
        # the owner file appears once the window has the project open
        qtbot.waitUntil(lambda: owner.read_owner(project_file) is not None, timeout=60_000)
        assert owner.read_owner(project_file).pid == proc.pid
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert not owner.owner_path(project_file).exists()


def test_opening_another_project_hands_over_the_owner_files(qtbot, project_file, tmp_path):
    from qcode.store import Project

    second = tmp_path / "second.qcode"
    Project.create(second, coder_name="Ann").close()
    w = _window(qtbot)
    assert w.open_project(project_file)
    assert w.open_project(second)
    assert not owner.owner_path(project_file).exists()
    assert owner.read_owner(second).pid == os.getpid()
    w.close_project()
    assert not owner.owner_path(second).exists()
