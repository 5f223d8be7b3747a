"""The window's quote and memo exports: "Apply pseudonyms" ticked when the project has a list,
names replaced and the file read back, a name the list misses asked about (No: nothing
written), and names left as they are when the user unticks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qcode.analysis.matrix import MatrixSpec
from qcode.store import Project
from tests.analysis.named import NAME, PSEUDONYM, UNLISTED, build, list_all_but
from tests.analysis.test_export_pseudonyms import read_back, shows
from tests.ui.helpers import code_uuid
from tests.ui.views_helpers import open_from_menu

Setup = Callable[[Project], None]


def _window(qtbot: Any, tmp_path: Path, setup: Setup) -> Any:
    from qcode.ui.main_window import MainWindow

    path = tmp_path / "named.qcode"
    with Project.create(path, coder_name="Ann") as p:
        build(p)
        setup(p)
    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    said: list[str] = []  # every message, as a snapshot's own may follow in the status bar
    shown = win.say

    def say(message: str, timeout: int = 6000) -> None:
        said.append(message)
        shown(message, timeout)

    win.say = say
    win.said = said
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.show()
    qtbot.waitExposed(win)
    return win


def _told(w: Any, *words: str) -> bool:
    """Whether a status message said all these words."""
    return any(all(word in m for word in words) for m in w.said)


def _listed(p: Project) -> None:
    list_all_but(p)


def _unlisted(p: Project) -> None:
    list_all_but(p, UNLISTED)


def _none(p: Project) -> None:
    from qcode.export.pseudonyms import remove_pseudonym

    remove_pseudonym(p, NAME)


def _asked(box: Any, answer: bool) -> list[list[str]]:
    """Answer the leak question with `answer`; the names asked about, each time."""
    asked: list[list[str]] = []

    def confirm(names: list[str]) -> bool:
        asked.append(names)
        return answer

    box.confirm_leaks = confirm
    return asked


def _pane(qtbot: Any, tmp_path: Path, setup: Setup) -> tuple[Any, Any]:
    w = _window(qtbot, tmp_path, setup)
    w.codebook.select(code_uuid(w, "Briefings"))
    assert w.quotes.model.rowCount() == 1
    return w, w.quotes


def test_quotes_pane_pseudonymises_by_default_and_says_so(qtbot: Any, tmp_path: Path) -> None:
    _, pane = _pane(qtbot, tmp_path, _listed)
    assert pane.pseudonyms.isChecked()  # the project has pseudonyms
    out = pane.export_to(tmp_path / "chosen.docx")
    assert out is not None
    text = read_back(out)
    assert not shows(text, NAME)
    assert PSEUDONYM in text
    assert "(pseudonymised)" in pane.title.text()
    pane.pseudonyms.setChecked(False)  # the user's choice: names as they are
    pane.show_quotes("Briefings", pane.model.quotes())  # and it holds
    assert not pane.pseudonyms.isChecked()
    out = pane.export_to(tmp_path / "as is.docx")
    assert out is not None
    assert shows(read_back(out), NAME)
    assert "pseudonymised" not in pane.title.text()


def test_quotes_pane_asks_about_a_name_the_list_misses(qtbot: Any, tmp_path: Path) -> None:
    _, pane = _pane(qtbot, tmp_path, _unlisted)
    asked = _asked(pane.pseudonyms, False)
    folder = tmp_path / "out"
    folder.mkdir()
    assert pane.export_to(folder / "chosen.csv") is None
    assert any(UNLISTED in n for n in asked[0])
    assert list(folder.iterdir()) == []
    assert "Nothing was written" in pane.title.text()
    _asked(pane.pseudonyms, True)  # Yes: written, showing exactly the names accepted
    out = pane.export_to(folder / "chosen.csv")
    assert out is not None
    text = read_back(out)
    assert shows(text, UNLISTED)
    assert not shows(text, NAME)


def test_without_pseudonyms_the_box_starts_unticked(qtbot: Any, tmp_path: Path) -> None:
    w, pane = _pane(qtbot, tmp_path, _none)
    assert not pane.pseudonyms.isChecked()
    out = pane.export_to(tmp_path / "chosen.xlsx")
    assert out is not None
    assert shows(read_back(out), NAME)
    # a pseudonym added later ticks it again
    from qcode.export.pseudonyms import set_pseudonym

    set_pseudonym(w.project, NAME, PSEUDONYM)
    pane.show_quotes("Briefings", pane.model.quotes())
    assert pane.pseudonyms.isChecked()


def _evidence(qtbot: Any, w: Any) -> Any:
    view = open_from_menu(w, qtbot, "evidence")
    view.items.setCurrentItem(view.items.topLevelItem(0))
    assert view.current_item() == "3"
    return view


def test_evidence_bundle_pseudonymised_off_the_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path, _listed)
    view = _evidence(qtbot, w)
    assert view.pseudonyms.isChecked()
    out = tmp_path / "tor3.pdf"
    with qtbot.waitSignal(view.task.succeeded, timeout=60_000):
        assert view.export_bundle(out)
    assert _told(w, "written to", "(pseudonymised)")
    text = read_back(out)
    assert not shows(text, NAME)
    assert PSEUDONYM in text


def test_evidence_bundle_leak_refused_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path, _unlisted)
    view = _evidence(qtbot, w)
    asked = _asked(view.pseudonyms, False)
    folder = tmp_path / "out"
    folder.mkdir()
    with qtbot.waitSignal(view.task.succeeded, timeout=60_000):
        assert view.export_bundle(folder / "tor3.docx")
    assert any(UNLISTED in n for n in asked[0])
    assert "Nothing was written" in w.last_error
    assert list(folder.iterdir()) == []
    _asked(view.pseudonyms, True)  # Yes: the bundle is written again, accepting the names
    with qtbot.waitSignal(view.task.succeeded, timeout=60_000):  # the names, then asked
        assert view.export_bundle(folder / "tor3.docx")
    qtbot.waitUntil(lambda: not view.task.busy, timeout=60_000)  # the second run
    assert _told(w, "written to", "(pseudonymised)")
    assert shows(read_back(folder / "tor3.docx"), UNLISTED)


@pytest.mark.parametrize("answer", [False, True])
def test_memo_report(qtbot: Any, tmp_path: Path, answer: bool) -> None:
    w = _window(qtbot, tmp_path, _unlisted)
    view = open_from_menu(w, qtbot, "memos")
    assert view.pseudonyms.isChecked()
    _asked(view.pseudonyms, answer)
    out = tmp_path / "memos.docx"
    assert view.export_report(out) is answer
    if not answer:
        assert not out.exists()
        assert "Nothing was written" in w.last_error
        return
    text = read_back(out)
    assert not shows(text, NAME)
    assert shows(text, UNLISTED)  # accepted
    assert _told(w, "written to", "(pseudonymised)")


def test_matrix_framework_and_its_cell_quotes(qtbot: Any, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path, _listed)
    view = open_from_menu(w, qtbot, "matrix")
    assert view.pseudonyms.isChecked()
    assert view.quotes.pseudonyms is view.pseudonyms  # one box for both exports
    view.set_columns("force")
    assert view.spec() == MatrixSpec(by="force")
    out = view.export_to(tmp_path / "frame.docx")
    assert out is not None
    text = read_back(out)
    assert not shows(text, NAME)
    assert not shows(text, "Kent")
    assert PSEUDONYM in text
    assert "Force A" in text
    assert "(pseudonymised)" in view.status.text()
    view.pseudonyms.setChecked(False)
    out = view.export_to(tmp_path / "values.xlsx")
    assert out is not None
    assert shows(read_back(out), "Kent")
