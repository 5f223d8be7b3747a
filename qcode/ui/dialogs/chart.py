"""A small stacked horizontal bar chart painted with QPainter (no QtCharts needed)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from qcode.palette import colour_for

BAR_HEIGHT = 18
GAP = 6
MARGIN = 10


class StackedBarChart(QWidget):
    """One bar per label, split into series (e.g. source kinds), with a legend on top."""

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
        self.updateGeometry()
        self.update()

    def totals(self) -> list[int]:
        return [sum(row) for row in self.values]

    def sizeHint(self) -> QSize:
        rows = len(self.labels) + 2
        return QSize(600, MARGIN * 2 + rows * (BAR_HEIGHT + GAP))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

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
            # legend
            x = float(MARGIN)
            for j, name in enumerate(self.series):
                painter.fillRect(QRectF(x, MARGIN, 12, 12), QColor(colour_for(j)))
                painter.setPen(text_colour)
                painter.drawText(QRectF(x + 16, MARGIN - 2, 400, 16), name)
                x += 16 + metrics.horizontalAdvance(name) + 18
            label_width = min(
                max(metrics.horizontalAdvance(label) for label in self.labels) + 12,
                self.width() // 3,
            )
            top = MARGIN + BAR_HEIGHT + GAP
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
