"""The coding margin: one labelled stripe per coding, overlaps side by side, coders apart."""

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
#: Lanes the margin always has room for: adding a coding never narrows (re-wraps) the text;
#: more overlapping codings than this share the same width in narrower lanes.
RESERVED_LANES = 4
#: Narrowest a squeezed lane gets; the gap between two coders' lanes side by side.
MIN_LANE = 4
COMPARE_GAP = 5
_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "by"})


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
    coder_uuid: str = ""

    @property
    def coder_key(self) -> str:
        return self.coder_uuid or self.coder


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


def short_labels(name: str) -> list[str]:
    """Labels for a stripe, longest first: the name, its first words, its key words'
    initials ("Community engagement and tailored services" -> "Community engagement",
    "Community", "CETS")."""
    words = name.split()
    out = [name]
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n]).rstrip(":,;-–")
        if head.split()[-1].casefold() not in _SMALL_WORDS:
            out.append(head)
    key = [w for w in words if w.casefold() not in _SMALL_WORDS] or words
    if len(key) > 1:
        out.append("".join(w[0].upper() for w in key if w[0].isalnum()))
    return list(dict.fromkeys(o for o in out if o))


def stripe_label(name: str, room: int, metrics: QFontMetrics) -> str:
    """The longest short label that fits `room` pixels (the initials elided, at worst)."""
    labels = short_labels(name)
    for label in labels:
        if metrics.horizontalAdvance(label) <= room:
            return label
    return metrics.elidedText(labels[-1], Qt.TextElideMode.ElideRight, room)


def assign_lanes_by_coder(
    codings: list[ViewCoding], coders: tuple[str, ...]
) -> tuple[list[ViewCoding], int, list[int]]:
    """Each coder's codings in their own block of lanes, in the order given: (codings,
    lanes in all, the first lane of each coder's block). Other coders' codings are left out."""
    out: list[ViewCoding] = []
    firsts: list[int] = []
    offset = 0
    for coder in coders:
        mine, lanes = assign_lanes([c for c in codings if c.coder_key == coder])
        for c in mine:
            c.lane += offset
        firsts.append(offset)
        out += mine
        offset += max(1, lanes)
    out.sort(key=lambda c: (c.qstart, -c.qend, c.path))
    return out, offset, firsts


def describe(coding: ViewCoding) -> str:
    """What hovering a coding shows: code, coder and memo."""
    from html import escape

    text = f"<b>{escape(coding.path)}</b><br>coded by {escape(coding.coder)}"
    if coding.memo:
        text += f"<br><i>Memo:</i> {escape(coding.memo)}"
    return text


class CodingMargin(QWidget):
    """Paints the stripes of the codings visible in the text view; click selects a coding.

    Its width never changes with the number of lanes (the text never re-wraps). Coders'
    stripes can be hidden, and two coders compared in adjacent blocks of lanes."""

    coding_clicked = Signal(str)
    arrangement_changed = Signal()

    def __init__(self, view: TextView) -> None:
        super().__init__(view)
        self.view = view
        self.lanes = 0
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        self.label_font = font
        self._all: list[ViewCoding] = []
        self._document = ""
        #: Coders (UUID, or name when unknown) whose stripes and highlights are hidden.
        self.hidden_coders: set[str] = set()
        #: Two coders shown side by side (their codings only), or None.
        self.compared: tuple[str, str] | None = None
        self.blocks: list[int] = []

    def width_needed(self) -> int:
        return PAD * 2 + RESERVED_LANES * LANE_WIDTH

    def lane_width(self) -> int:
        lanes = self.lanes
        room = self.width_needed() - PAD * 2 - (COMPARE_GAP if self.compared else 0)
        if lanes <= RESERVED_LANES and not self.compared:
            return LANE_WIDTH
        return max(MIN_LANE, min(LANE_WIDTH, room // max(1, lanes)))

    def lane_x(self, lane: int) -> int:
        x = PAD + lane * self.lane_width()
        if self.compared and len(self.blocks) > 1 and lane >= self.blocks[1]:
            x += COMPARE_GAP
        return x

    # --- which codings, in which lanes ----------------------------------------------------
    def arrange(self, codings: list[ViewCoding]) -> tuple[list[ViewCoding], int]:
        """The codings the viewer shows (hidden coders left out) with their lanes."""
        self._all = list(codings)
        self._document = self.view.document_uuid
        return self._arranged()

    def _arranged(self) -> tuple[list[ViewCoding], int]:
        if self.compared is not None:
            shown, lanes, self.blocks = assign_lanes_by_coder(self._all, self.compared)
        else:
            visible = [c for c in self._all if c.coder_key not in self.hidden_coders]
            shown, lanes = assign_lanes(visible)
            self.blocks = []
        self.lanes = lanes
        return shown, lanes

    def coders(self) -> list[tuple[str, str]]:
        """(key, name) of the coders with codings in the open document."""
        return sorted({(c.coder_key, c.coder) for c in self._all}, key=lambda kv: kv[1])

    def set_hidden(self, coders: set[str]) -> None:
        """Hide these coders' stripes and highlights (show all others)."""
        self.hidden_coders = set(coders)
        self._rearrange()

    def compare(self, first: str | None, second: str | None = None) -> None:
        """Show two coders' codings in adjacent blocks of lanes (None: back to normal)."""
        self.compared = (first, second) if first and second and first != second else None
        self._rearrange()

    def _rearrange(self) -> None:
        if self.view.document_uuid != self._document:  # closed or another one since
            self._all = []
        self.view.codings, _ = self._arranged()
        self.view._refresh_highlights()
        self.update()
        self.arrangement_changed.emit()

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
            width = self.lane_width()
            gap = 3 if width >= 10 else 1
            out.append((c, QRect(self.lane_x(c.lane), top, width - gap, max(4, bottom - top))))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        painter.setFont(self.label_font)
        metrics = QFontMetrics(self.label_font)
        for coding, rect in self.stripes():
            colour = QColor(coding.colour)
            painter.fillRect(rect, colour)
            if rect.height() < 24 or rect.width() < metrics.height() - 2:
                continue
            painter.save()
            centre = rect.left() + rect.width() / 2 - (metrics.ascent() - metrics.descent()) / 2
            painter.translate(centre, rect.top())
            painter.rotate(90)
            label = stripe_label(coding.name, rect.height() - 6, metrics)
            painter.setPen(_ink(colour))
            painter.drawText(QPoint(3, 0), label)
            painter.restore()
        if self.compared and len(self.blocks) > 1:
            x = self.lane_x(self.blocks[1]) - COMPARE_GAP // 2 - 1
            painter.fillRect(QRect(x, 0, 1, self.height()), self.palette().mid())
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
