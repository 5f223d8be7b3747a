"""The coding margin beside the text: one labelled stripe per coding, overlaps side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from qcode.ui.viewer import TextView

LANE_WIDTH = 15
PAD = 4


@dataclass(slots=True)
class ViewCoding:
    """A coding as the viewer shows it; `qstart`/`qend` are Qt (UTF-16) positions."""

    uuid: str
    code_uuid: str
    name: str
    path: str
    colour: str
    coder: str
    memo: str
    start: int
    end: int
    qstart: int
    qend: int
    lane: int = 0


def assign_lanes(codings: list[ViewCoding]) -> tuple[list[ViewCoding], int]:
    """Give each coding the first lane free at its start (interval partitioning); the
    codings sorted by start, and the number of lanes used."""
    ends: list[int] = []
    out: list[ViewCoding] = []
    for c in sorted(codings, key=lambda c: (c.start, -c.end, c.path)):
        lane = next((i for i, end in enumerate(ends) if end <= c.start), len(ends))
        if lane == len(ends):
            ends.append(c.end)
        else:
            ends[lane] = c.end
        c.lane = lane
        out.append(c)
    return out, len(ends)


def describe(coding: ViewCoding) -> str:
    """What hovering a coding shows: code, coder and memo."""
    from html import escape

    text = f"<b>{escape(coding.path)}</b><br>coded by {escape(coding.coder)}"
    if coding.memo:
        text += f"<br><i>Memo:</i> {escape(coding.memo)}"
    return text


class CodingMargin(QWidget):
    """Paints the stripes of the codings visible in the text view; click selects a coding."""

    coding_clicked = Signal(str)

    def __init__(self, view: TextView) -> None:
        super().__init__(view)
        self.view = view
        self.lanes = 0
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        self.label_font = font

    def width_needed(self) -> int:
        return PAD * 2 + max(1, self.lanes) * LANE_WIDTH if self.lanes else PAD

    def sizeHint(self) -> QSize:
        return QSize(self.width_needed(), 0)

    def stripes(self) -> list[tuple[ViewCoding, QRect]]:
        """The visible codings and the rectangle of each stripe (margin coordinates)."""
        view = self.view
        visible = view.visible_range()
        if visible is None:
            return []
        first, last = visible
        height = self.height()
        out = []
        for c in view.visible_codings(first, last + 1):
            top = view.y_of(c.qstart, top=True) if c.qstart >= first else -2
            bottom = view.y_of(max(c.qstart, c.qend - 1), top=False) if c.qend <= last else height
            x = PAD + c.lane * LANE_WIDTH
            out.append((c, QRect(x, top, LANE_WIDTH - 3, max(4, bottom - top))))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        painter.setFont(self.label_font)
        metrics = QFontMetrics(self.label_font)
        for coding, rect in self.stripes():
            colour = QColor(coding.colour)
            painter.fillRect(rect, colour)
            if rect.height() < 24:
                continue
            painter.save()
            centre = rect.left() + rect.width() / 2 - (metrics.ascent() - metrics.descent()) / 2
            painter.translate(centre, rect.top())
            painter.rotate(90)
            label = metrics.elidedText(coding.name, Qt.TextElideMode.ElideRight, rect.height() - 6)
            painter.setPen(_ink(colour))
            painter.drawText(QPoint(3, 0), label)
            painter.restore()
        painter.end()

    def coding_at(self, pos: QPoint) -> ViewCoding | None:
        for coding, rect in self.stripes():
            if rect.adjusted(-1, 0, 2, 0).contains(pos):
                return coding
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        coding = self.coding_at(event.position().toPoint())
        if coding is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), describe(coding), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        coding = self.coding_at(event.position().toPoint())
        if coding is not None and event.button() == Qt.MouseButton.LeftButton:
            self.coding_clicked.emit(coding.uuid)


def _ink(colour: QColor) -> QColor:
    """Black or white, whichever reads better on the colour."""
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return QColor("#000000") if luminance > 150 else QColor("#FFFFFF")
