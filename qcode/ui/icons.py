"""The bundled SVG icons (qcode/data/icons, found through importlib.resources), cached by name."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from qcode.data import data_dir

ICON_DIR = data_dir("icons")


@cache
def icon(name: str) -> QIcon:
    """The icon `qcode/data/icons/<name>.svg` (an empty icon if it is missing)."""
    path = ICON_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def swatch(colour: str, size: int = 14) -> QIcon:
    """A small rounded square of a code's colour, for the codebook and quick-code lists."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour).darker(140))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)
