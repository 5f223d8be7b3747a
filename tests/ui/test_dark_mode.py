"""Dark mode: the window follows the system's scheme, and every highlight keeps text readable
(contrast ratios computed for the whole palette, one and two passages deep, on both schemes)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from qcode.contrast import READABLE, VISIBLE, highlight, over, parse, ratio, readable, scheme
from qcode.palette import PALETTE
from qcode.ui import theme
from tests.ui.helpers import open_doc


def test_contrast_ratio_matches_wcag():
    assert ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert ratio(parse("#777777"), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("colour", PALETTE)
def test_every_palette_highlight_is_readable_and_visible(colour, dark):
    once, twice, shows = readable(colour, dark)
    assert once >= READABLE
    assert twice >= READABLE  # two codes on the same words
    assert shows >= VISIBLE  # the highlight can be seen on the page


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_any_chosen_colour_keeps_text_readable(dark):
    steps = range(0, 256, 17)
    for r, g, b in itertools.product(steps, repeat=3):
        once, twice, _shows = readable(f"#{r:02X}{g:02X}{b:02X}", dark)
        assert min(once, twice) >= READABLE, (r, g, b)


def _pixel_under(w, words: str):
    viewer = w.viewer
    start = viewer.text.index(words)
    cursor = viewer.textCursor()
    cursor.setPosition(start + 1)
    rect = viewer.cursorRect(cursor)
    image = viewer.viewport().grab().toImage()
    # the top-left corner of the line under the first letters: the highlight, not a glyph
    return image.pixelColor(rect.left() + 1, rect.top() + 1)


@pytest.fixture
def restore_palette():
    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    yield
    app.setStyle(style)
    app.setPalette(palette)


def test_the_window_follows_the_system_scheme(window, qtbot, restore_palette):
    w = window
    app = QApplication.instance()
    follower = theme.SchemeFollower(app)
    open_doc(w, qtbot, "Focus group 01")
    code = next(c for c in w.codebook.model.codes() if c.path == "Impartiality/Symbols")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: theme.is_dark(w.viewer.palette()))
    base = w.viewer.palette().color(QPalette.ColorRole.Base)
    text = w.viewer.palette().color(QPalette.ColorRole.Text)
    assert (base.red(), base.green(), base.blue()) == scheme(True)[0]
    assert (text.red(), text.green(), text.blue()) == scheme(True)[1]
    tint, alpha = highlight(code.colour, dark=True)
    expected = over(tint, alpha / 255, scheme(True)[0])
    seen = _pixel_under(w, "rainbow lanyards")
    assert abs(seen.red() - expected[0]) <= 3
    assert abs(seen.green() - expected[1]) <= 3
    assert abs(seen.blue() - expected[2]) <= 3
    assert ratio((seen.red(), seen.green(), seen.blue()), scheme(True)[1]) >= READABLE
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: not theme.is_dark(w.viewer.palette()))
    tint, alpha = highlight(code.colour, dark=False)
    expected = over(tint, alpha / 255, (255, 255, 255))
    seen = _pixel_under(w, "rainbow lanyards")
    assert abs(seen.red() - expected[0]) <= 3
    follower.deleteLater()
