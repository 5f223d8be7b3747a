"""A small stacked horizontal bar chart painted with QPainter (no QtCharts needed)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from qcode.palette import colour_for

BAR_HEIGHT = 18
GAP = 6
MARGIN = 10


class StackedBarChart(QWidget):
    """One bar per label, split into series (e.g. source kinds), with a legend on top that
    wraps onto as many lines as the width needs (never cut off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[str] = []
        self.values: list[list[int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Bar chart")

    def set_data(
        self, labels: Sequence[str], series: Sequence[str], values: Sequence[Sequence[int]]
    ) -> None:
        """`values[i][j]` is bar i's amount in series j."""
        self.labels, self.series = list(labels), list(series)
        self.values = [list(v) for v in values]
        tips = [
            f"{label}: "
            + ", ".join(f"{s} {n}" for s, n in zip(self.series, row, strict=False) if n)
            for label, row in zip(self.labels, self.values, strict=False)
        ]
        self.setToolTip("\n".join(tips))
        self.setMinimumHeight(self.height_for(max(self.width(), 300)))
        self.updateGeometry()
        self.update()

    def totals(self) -> list[int]:
        return [sum(row) for row in self.values]

    def legend(self, width: int | None = None) -> list[tuple[QRectF, str, int]]:
        """Where each series' swatch and name go: (text rectangle, name, series), wrapped."""
        width = self.width() if width is None else width
        metrics = QFontMetrics(self.font())
        out: list[tuple[QRectF, str, int]] = []
        x, y = float(MARGIN), float(MARGIN)
        right = max(width - MARGIN, MARGIN + 60)
        for j, name in enumerate(self.series):
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, right - MARGIN - 16)
            span = 16 + metrics.horizontalAdvance(shown)
            if x > MARGIN and x + span > right:
                x, y = float(MARGIN), y + BAR_HEIGHT
            out.append((QRectF(x + 16, y - 2, span - 16 + 2, 16), shown, j))
            x += span + 18
        return out

    def legend_height(self, width: int | None = None) -> int:
        items = self.legend(width)
        rows = len({r.top() for r, _, _ in items}) if items else 1
        return rows * BAR_HEIGHT

    def height_for(self, width: int) -> int:
        return MARGIN * 2 + self.legend_height(width) + GAP + len(self.labels) * (BAR_HEIGHT + GAP)

    def sizeHint(self) -> QSize:
        return QSize(600, self.height_for(600))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.height_for(max(self.width(), 300)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.height_for(event.size().width())
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if not self.labels:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No codes to chart")
                return
            metrics = QFontMetrics(self.font())
            text_colour = self.palette().text().color()
            for rect, name, j in self.legend():
                painter.fillRect(
                    QRectF(rect.left() - 16, rect.top() + 2, 12, 12), QColor(colour_for(j))
                )
                painter.setPen(text_colour)
                painter.drawText(rect, name)
            label_width = min(
                max(metrics.horizontalAdvance(label) for label in self.labels) + 12,
                self.width() // 3,
            )
            top = MARGIN + self.legend_height() + GAP
            left = MARGIN + label_width
            scale_max = max([*self.totals(), 1])
            count_width = metrics.horizontalAdvance(str(scale_max)) + 8
            usable = max(self.width() - left - MARGIN - count_width, 10)
            for i, (label, row) in enumerate(zip(self.labels, self.values, strict=False)):
                y = top + i * (BAR_HEIGHT + GAP)
                painter.setPen(text_colour)
                shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
                painter.drawText(
                    QRectF(MARGIN, y, label_width - 8, BAR_HEIGHT),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    shown,
                )
                x = float(left)
                for j, amount in enumerate(row):
                    width = usable * amount / scale_max
                    if width > 0:
                        painter.fillRect(QRectF(x, y, width, BAR_HEIGHT), QColor(colour_for(j)))
                        x += width
                painter.setPen(text_colour)
                painter.drawText(
                    QRectF(x + 4, y, count_width, BAR_HEIGHT),
                    Qt.AlignmentFlag.AlignVCenter,
                    str(sum(row)),
                )
        finally:
            painter.end()
