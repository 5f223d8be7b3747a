"""Light or dark, following the system's colour scheme (Qt 6.5+), with a readable dark palette."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from qcode.contrast import DARK_BASE, DARK_TEXT

#: Roles of the dark palette (the page and text colours are those the highlights are checked on).
DARK_ROLES = {
    QPalette.ColorRole.Window: (45, 45, 48),
    QPalette.ColorRole.WindowText: DARK_TEXT,
    QPalette.ColorRole.Base: DARK_BASE,
    QPalette.ColorRole.AlternateBase: (40, 40, 44),
    QPalette.ColorRole.Text: DARK_TEXT,
    QPalette.ColorRole.Button: (55, 55, 60),
    QPalette.ColorRole.ButtonText: DARK_TEXT,
    QPalette.ColorRole.ToolTipBase: (50, 50, 55),
    QPalette.ColorRole.ToolTipText: DARK_TEXT,
    QPalette.ColorRole.PlaceholderText: (150, 150, 150),
    QPalette.ColorRole.Highlight: (38, 79, 120),
    QPalette.ColorRole.HighlightedText: (255, 255, 255),
    QPalette.ColorRole.Link: (110, 170, 255),
    QPalette.ColorRole.BrightText: (255, 120, 120),
}
DISABLED_TEXT = (120, 120, 120)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, (r, g, b) in DARK_ROLES.items():
        palette.setColor(role, QColor(r, g, b))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(*DISABLED_TEXT))
    return palette


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether a palette (the application's by default) shows light text on a dark page."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def system_scheme() -> Qt.ColorScheme:
    """The system's colour scheme as Qt reports it (Unknown where it cannot tell)."""
    hints = QGuiApplication.styleHints()
    reader = getattr(hints, "colorScheme", None)
    return reader() if reader is not None else Qt.ColorScheme.Unknown


def apply_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Dark: the Fusion style with the dark palette; Light: the platform's own palette;
    Unknown: leave things as the platform made them."""
    if scheme == Qt.ColorScheme.Dark:
        app.setStyle("Fusion")  # the native Windows style ignores a dark palette
        app.setPalette(dark_palette())
    elif scheme == Qt.ColorScheme.Light:
        app.setPalette(QPalette())  # an empty palette: the platform's light one


class SchemeFollower(QObject):
    """Applies the system's scheme now and again whenever the user switches it."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        apply_scheme(app, system_scheme())
        signal = getattr(QGuiApplication.styleHints(), "colorSchemeChanged", None)
        if signal is not None:
            signal.connect(self.changed)

    def changed(self, scheme: Qt.ColorScheme) -> None:
        apply_scheme(self.app, scheme)


def follow_system(app: QApplication) -> SchemeFollower:
    return SchemeFollower(app)
