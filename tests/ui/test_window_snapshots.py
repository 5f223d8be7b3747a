"""Snapshots from the window: hourly while working, File › Restore, the location warning."""

from __future__ import annotations

from qcode.store.snapshots import list_snapshots, take
from tests.ui.helpers import click_code, code_uuid, live_codings, open_doc, select_words


def test_opening_takes_the_hourly_snapshot_off_the_gui_thread(window, qtbot):
    w = window
    path = w.project.path
    qtbot.waitUntil(lambda: len(list_snapshots(path)) == 1, timeout=20_000)
    assert list_snapshots(path)[0].reason == "hourly"
    w.session.snapshot_if_due()  # the newest is minutes old: nothing more
    qtbot.waitUntil(lambda: w.session._snapshot_job is None, timeout=20_000)
    assert len(list_snapshots(path)) == 1
    assert w.session.hourly.isActive()


def test_restore_from_a_snapshot_brings_the_state_back(window, qtbot):
    w = window
    path = w.project.path
    qtbot.waitUntil(lambda: w.session._snapshot_job is None, timeout=20_000)
    take(path, "before-test")
    open_doc(w, qtbot, "Interview 01")
    select_words(w, "impact assessment")
    click_code(w, qtbot, "Equality Act/Impact assessments")
    assert ("Equality Act/Impact assessments", "impact assessment") in live_codings(w)
    assert w.act_restore.isEnabled()
    w.act_restore.trigger()
    dialog = w.dialogs.current
    assert dialog.count() == len(list_snapshots(path)) >= 2
    row = next(
        r for r in range(dialog.count()) if dialog.tree.topLevelItem(r).text(1) == "before-test"
    )
    dialog.select(row)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored, timeout=30_000):
        dialog.restore_button.click()
    assert ("Equality Act/Impact assessments", "impact assessment") not in live_codings(w)
    assert w.undo_stack.count() == 0  # the history of the replaced state ends
    reasons = [s.reason for s in list_snapshots(path)]
    assert "before-restore" in reasons  # the state before the restore was kept
    assert "before-restore" in dialog.message.text() or "Restored" in dialog.message.text()
    counts = w.codebook.model.index_of(code_uuid(w, "Equality Act/Impact assessments"))
    assert counts.siblingAtColumn(1).data() == "0"


def test_a_network_folder_is_warned_about_once(qtbot, project_file, monkeypatch):
    from qcode.ui.main_window import MainWindow

    monkeypatch.setenv("QCODE_ASSUME_NETWORK", "1")
    w = MainWindow(coder="Ann")
    w.quiet_errors = True
    qtbot.addWidget(w)
    warnings: list[str] = []
    original = w.error

    def record(title: str, message: str, details: str = "") -> None:
        warnings.append(title)
        original(title, message, details)

    w.error = record
    assert w.open_project(project_file)
    assert warnings == ["Project location"]
    w.reopen_project()
    assert warnings == ["Project location"]
