"""Help › About: the version, the licence and the notices of every bundled library and font."""

from __future__ import annotations

from typing import Any

import pytest

from qcode import __version__


@pytest.mark.gui
def test_help_about_shows_version_licence_and_notices(window: Any) -> None:
    titles = [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "&About qcode…" in titles
    window.act_about.trigger()
    dialog = window.about_dialog
    assert dialog.isVisible()
    assert __version__ in dialog.summary.text()
    assert "GPL-3.0-or-later" in dialog.summary.text()
    body = dialog.notices.toPlainText()
    assert "PySide6_Essentials" in body
    assert "DejaVu Sans fonts" in body
    dialog.close()
