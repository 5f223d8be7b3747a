"""First run: the start page, a new inspection with the shipped codebook, the demo, who is
coding (asked once), and `qcode gui` without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qcode import settings
from qcode.codebook.shipped import shipped_codebook
from qcode.store import Project
from qcode.ui import first_run
from qcode.ui.app import display_problem


@pytest.fixture
def bare(qtbot: Any) -> Any:
    """The window with no project open."""
    from qcode.ui.main_window import MainWindow

    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_no_project_shows_the_start_page_with_recent_projects(qtbot, tmp_path):
    from qcode.ui.main_window import MainWindow

    older, newer = tmp_path / "older.qcode", tmp_path / "newer.qcode"
    for path in (older, newer):
        Project.create(path, coder_name="Ann").close()
        settings.add_recent_project(path)
    settings.add_recent_project(tmp_path / "gone.qcode")  # deleted since: not listed
    w = MainWindow(coder="Ann")
    qtbot.addWidget(w)
    w.show()
    assert w.pages.currentWidget() is w.start_page
    assert w.start_page.paths() == [newer.resolve(), older.resolve()]
    w.start_page.recent_chosen.emit(older)
    assert w.project is not None
    assert w.project.path == older
    assert w.pages.currentWidget() is not w.start_page
    w.close_project()
    assert w.pages.currentWidget() is w.start_page
    assert w.start_page.paths()[0] == older.resolve()


def test_new_inspection_offers_the_shipped_codebook(bare, monkeypatch, tmp_path):
    w = bare
    target = tmp_path / "inspection"
    offered: list[str] = []

    def yes(_parent: Any, title: str, _text: str, *_a: Any) -> Any:
        offered.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", yes)
    w.start_page.new_button.click()
    assert w.project.path == target.with_suffix(".qcode")
    assert offered == ["Terms-of-reference codebook"]
    codes = w.codebook.model.codes()
    assert len(codes) > 10
    assert w.undo_stack.count() == 1  # one undoable step
    w.undo_stack.undo()
    assert w.codebook.model.codes() == []


def test_the_shipped_codebook_is_in_the_file_menu(window):
    w = window
    before = len(w.codebook.model.codes())
    assert shipped_codebook().is_file()
    w.act_shipped_codebook.trigger()
    assert len(w.codebook.model.codes()) > before


def test_open_the_demo_builds_it_once_then_opens_it(bare, qtbot):
    w = bare
    first_run.open_demo(w, scale=0.02)  # a small demo: the button's path, fewer transcripts
    assert not w.start_page.demo_button.isEnabled()  # building, with progress
    qtbot.waitUntil(lambda: w.project is not None, timeout=120000)
    assert w.project.path == first_run.demo_folder() / "demo.qcode"
    assert w.documents.model.documents()
    assert w.codebook.model.codes()
    w.close_project()
    first_run.open_demo(w, scale=0.02)  # built already: opened at once
    assert w.project is not None


def test_who_is_coding_is_asked_once(bare):
    w = bare
    dialog = first_run.ask_coder_once(w)
    assert dialog.isVisible()  # open, but not blocking the window's work
    assert dialog.name() == settings.coder_name()  # the login name only as the suggestion
    dialog.combo.setEditText("Priya Shah")
    dialog.accept()
    assert settings.coder_name() == "Priya Shah"
    assert w.coder_label.text() == "Coder: Priya Shah"
    assert first_run.ask_coder_once(w) is None


def test_a_cancelled_question_is_not_asked_again(bare):
    w = bare
    first_run.ask_coder_once(w).reject()
    assert first_run.ask_coder_once(w) is None


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({}, "neither DISPLAY nor WAYLAND_DISPLAY"),
        ({"QT_QPA_PLATFORM": "xcb"}, "neither DISPLAY"),
        ({"QT_QPA_PLATFORM": "wayland"}, "WAYLAND_DISPLAY is not set"),
        ({"DISPLAY": ":4711"}, "no X server answers on DISPLAY=:4711"),
        ({"QT_QPA_PLATFORM": "offscreen"}, ""),
        ({"WAYLAND_DISPLAY": "wayland-0"}, ""),
        ({"DISPLAY": "remote.example:0"}, ""),
    ],
)
def test_display_problem(env, problem):
    found = display_problem(env, "linux")
    assert (problem in found) if problem else found == ""
    assert display_problem({}, "win32") == ""


@pytest.mark.parametrize("platform", [None, "xcb"])
def test_qcode_gui_without_a_display_says_so_in_one_line(tmp_path, platform):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    env["QCODE_CONFIG_DIR"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode != 0
    assert done.returncode != 134  # not Qt's abort
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("qcode: error: no display is available")
