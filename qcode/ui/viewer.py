"""The document viewer: read-only text, bold speaker names, codings as highlights and stripes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from qcode.coding import CodingInfo
from qcode.contrast import highlight
from qcode.documents import SegmentInfo
from qcode.speakers.labels import turn_label
from qcode.text import Utf16Map
from qcode.ui.icons import icon
from qcode.ui.margin import CodingMargin, ViewCoding, describe
from qcode.ui.models.codebook import passage_mime

#: A speaker label at the start of a turn when the importer recorded none: "Officer 2:".
SPEAKER_LABEL = re.compile(r"[A-Z][\w.'’\- ]{0,40}?:(?=\s)")
MIN_SIZE, MAX_SIZE = 7.0, 32.0


class _SameOffsets:
    """The offset map of a text with no characters outside the BMP: positions are equal."""

    def __init__(self, length: int) -> None:
        self._length = length

    def to_utf16(self, offset: int) -> int:
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside 0..{self._length}")
        return offset

    def from_utf16(self, position: int) -> int:
        if not 0 <= position <= self._length:
            raise ValueError(f"position {position} outside 0..{self._length}")
        return position


def offset_map(text: str) -> Utf16Map | _SameOffsets:
    """`Utf16Map` for the text, or a cheaper identity when every character is in the BMP."""
    if not text or max(text) <= "\uffff":
        return _SameOffsets(len(text))
    return Utf16Map(text)


class TextView(QPlainTextEdit):
    """Shows one document. Positions given and returned are code points of the stored text."""

    remove_requested = Signal(str)
    recode_requested = Signal(str)
    resize_requested = Signal(str)
    extend_requested = Signal(str)
    memo_requested = Signal(str)
    code_requested = Signal()
    in_vivo_requested = Signal()
    #: A number key 1–9 pressed: code the selection with that favourite.
    favourite_pressed = Signal(int)
    #: The right-click menu is built (menu, code-point offset under the pointer): other views
    #: add their actions (the Speakers view adds split, join and reassign of the turn there).
    menu_built = Signal(QMenu, int)
    #: A passage the user just selected is ready to be coded by clicking a code (True), or
    #: there is none, or it was coded already, or the program selected it (False).
    armed_changed = Signal(bool)
    #: The text size changed (points): the window remembers it.
    text_size_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setCenterOnScroll(False)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        #: The size Ctrl+0 goes back to.
        self.default_size = font.pointSizeF()
        self.document().setDocumentMargin(10)
        self.setPlaceholderText("Open a document from the Documents pane.")
        self.setAccessibleName("Document text")
        self.document_uuid = ""
        self.text = ""
        self.codings: list[ViewCoding] = []
        self._map: Utf16Map | _SameOffsets = _SameOffsets(0)
        self._selected_coding = ""
        self._starts: list[int] = []
        self._longest = 0
        #: Clicking a code codes the selection only when it is armed: selected by the user
        #: since the last coding. Browsing the codebook afterwards never codes.
        self.armed = False
        self._placing = False
        self.selectionChanged.connect(self._selection_changed)
        self.setTabChangesFocus(True)
        self.margin = CodingMargin(self)
        self.margin.coding_clicked.connect(self.select_coding)
        self.updateRequest.connect(self._on_update_request)
        self._update_margin_width()

    # --- content -------------------------------------------------------------------------
    def show_document(
        self,
        uuid: str,
        text: str,
        segments: Sequence[SegmentInfo],
        codings: Sequence[CodingInfo],
        colours: dict[str, str],
    ) -> None:
        """Lay out a document once: plain text, then bold speaker labels in one edit block."""
        self.document_uuid = uuid
        self.text = text
        self._map = offset_map(text)
        self._selected_coding = ""
        self.setUpdatesEnabled(False)
        try:
            self.setPlainText(text)
            self._embolden_speakers(segments)
            self.set_codings(codings, colours)
        finally:
            self.setUpdatesEnabled(True)
        self.disarm()

    def clear_document(self) -> None:
        self.document_uuid = ""
        self.text = ""
        self._map = _SameOffsets(0)
        self.codings = []
        self._starts = []
        self.setPlainText("")
        self._update_margin_width(0)
        self.disarm()

    # --- text size -----------------------------------------------------------------------
    def text_size(self) -> float:
        return self.font().pointSizeF()

    def set_text_size(self, points: float) -> None:
        """Show the text at this size (7 to 32 points); the layout and stripes follow."""
        points = max(MIN_SIZE, min(MAX_SIZE, round(float(points) * 2) / 2))
        if points == self.text_size():
            return
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)
        self._update_margin_width()
        self.text_size_changed.emit(points)

    def zoom(self, step: int) -> None:
        """Ctrl++ (1), Ctrl+- (-1), Ctrl+0 (0: back to the default size)."""
        if step == 0:
            self.set_text_size(self.default_size)
        else:
            self.set_text_size(self.text_size() + step)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # --- the armed selection -------------------------------------------------------------
    def _selection_changed(self) -> None:
        if not self._placing:
            self._set_armed(self.selection_span() is not None)

    def disarm(self) -> None:
        """The selection was coded (or placed by the program): a click on a code only shows
        its quotes until the user selects again."""
        self._set_armed(False)

    def _set_armed(self, armed: bool) -> None:
        if armed != self.armed:
            self.armed = armed
            self.armed_changed.emit(armed)

    def _embolden_speakers(self, segments: Sequence[SegmentInfo]) -> None:
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for seg in segments:
            length = _speaker_length(self.text, seg)
            if length:
                cursor.setPosition(self._map.to_utf16(seg.start))
                cursor.setPosition(
                    self._map.to_utf16(seg.start + length), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.mergeCharFormat(bold)
        cursor.endEditBlock()

    def set_codings(self, codings: Sequence[CodingInfo], colours: dict[str, str]) -> None:
        """Show these codings: highlights (extra selections) and margin stripes; no re-layout."""
        to16 = self._map.to_utf16
        views = [
            ViewCoding(
                uuid=c.uuid,
                code_uuid=c.code_uuid,
                name=c.code_path.rsplit("/", 1)[-1],
                path=c.code_path,
                colour=colours.get(c.code_uuid, "#999999"),
                coder=c.coder_name,
                memo=c.memo,
                start=c.start,
                end=c.end,
                qstart=to16(c.start),
                qend=to16(c.end),
                coder_uuid=c.coder_uuid,
            )
            for c in codings
            if 0 <= c.start < c.end <= len(self.text)
        ]
        self.codings, lanes = self.margin.arrange(views)  # hidden coders left out
        self._update_margin_width(lanes)
        self._refresh_highlights()

    def _refresh_highlights(self) -> None:
        """Highlights are painted under the text by `paintEvent`: only a repaint is needed."""
        self._starts = [c.qstart for c in self.codings]
        self._longest = max((c.qend - c.qstart for c in self.codings), default=0)
        self.viewport().update()
        self.margin.update()

    def visible_codings(self, first: int, last: int) -> list[ViewCoding]:
        """Codings overlapping Qt positions [first, last), found by bisection on their starts."""
        hi = bisect.bisect_right(self._starts, last)
        lo = bisect.bisect_left(self._starts, first - self._longest)
        return [c for c in self.codings[lo:hi] if c.qend > first and c.qstart < last]

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.codings:
            self._paint_highlights(event.rect())
        super().paintEvent(event)

    def _paint_highlights(self, area: QRect) -> None:
        """Fill the coded passages of the blocks on screen, translucent so overlaps deepen."""
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        painter = QPainter(self.viewport())
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        brushes: dict[str, QColor] = {}
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            layout = block.layout()
            begin = block.position()
            end = begin + block.length() - 1
            if layout is not None and geometry.bottom() >= area.top():
                for coding in self.visible_codings(begin, end + 1):
                    colour = brushes.get(coding.colour)
                    if colour is None:
                        colour = brushes[coding.colour] = highlight_colour(coding.colour, dark)
                    a = max(coding.qstart, begin) - begin
                    b = min(coding.qend, end) - begin
                    for i in range(layout.lineCount()):
                        line = layout.lineAt(i)
                        start = line.textStart()
                        stop = start + line.textLength()
                        lo, hi = max(a, start), min(b, stop)
                        if lo >= hi:
                            continue
                        x1 = line.cursorToX(lo)
                        x2 = line.cursorToX(hi)
                        x1 = x1[0] if isinstance(x1, tuple) else x1
                        x2 = x2[0] if isinstance(x2, tuple) else x2
                        rect = QRectF(
                            geometry.left() + x1, geometry.top() + line.y(), x2 - x1, line.height()
                        )
                        painter.fillRect(rect, colour)
                        if coding.uuid == self._selected_coding:
                            pen = QColor(coding.colour)
                            pen = pen.lighter(150) if dark else pen.darker(150)
                            painter.fillRect(
                                QRectF(rect.left(), rect.bottom() - 2, rect.width(), 2), pen
                            )
            block = block.next()
        painter.end()

    # --- positions -----------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The selected passage in code points, trimmed of surrounding white space."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.text:
            return None
        start = self._map.from_utf16(cursor.selectionStart())
        end = self._map.from_utf16(cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end) and scroll it into the middle of the view."""
        if not self.text:
            return
        start, end = max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self._placing = True
        try:
            self.setTextCursor(cursor)
        finally:
            self._placing = False
        self.disarm()
        self.centerCursor()

    def select_coding(self, uuid: str) -> None:
        coding = next((c for c in self.codings if c.uuid == uuid), None)
        if coding is not None:
            self._selected_coding = uuid
            self.select_span(coding.start, coding.end)
            self._refresh_highlights()

    def offset_at(self, pos: QPoint) -> int:
        """The code-point offset under a point of the viewport."""
        return self._map.from_utf16(self.cursorForPosition(pos).position())

    def codings_at(self, offset: int) -> list[ViewCoding]:
        return [c for c in self.codings if c.start <= offset < c.end]

    def visible_range(self) -> tuple[int, int] | None:
        """First and last Qt positions of the blocks on screen."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return None
        first = block.position()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        last = first
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            last = block.position() + block.length()
            if geometry.bottom() >= bottom:
                break
            block = block.next()
        return first, last

    def y_of(self, position: int, top: bool) -> int:
        """Margin y of the top (or bottom) of the line holding a Qt position."""
        block = self.document().findBlock(position)
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        layout = block.layout()
        line = layout.lineForTextPosition(position - block.position()) if layout else None
        y0 = geometry.top() + self.viewportMargins().top()
        if line is None or not line.isValid():
            return int(y0 if top else geometry.bottom())
        return int(y0 + (line.y() if top else line.y() + line.height()))

    # --- drag, hover, context menu -------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:
        span = self.selection_span()
        if span is None or not self.document_uuid:
            return super().createMimeDataFromSelection()
        return passage_mime(self.document_uuid, *span, self.text[span[0] : span[1]])

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFrom(self, event.pos())
            here = self.codings_at(self.offset_at(point)) if self.text else []
            if here:
                QToolTip.showText(event.globalPos(), "<hr>".join(describe(c) for c in here), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.favourite_pressed.emit(int(key) - int(Qt.Key.Key_0))
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_menu(self.viewport().mapFrom(self, event.pos()))
        menu.exec(event.globalPos())

    def build_menu(self, point: QPoint) -> QMenu:
        """The right-click menu: coding actions for the highlight under the pointer."""
        menu = QMenu(self)
        has_selection = self.selection_span() is not None
        act = menu.addAction(icon("quickcode"), "Code selection…", self.code_requested.emit)
        act.setEnabled(has_selection)
        act = menu.addAction(icon("invivo"), "Code in vivo", self.in_vivo_requested.emit)
        act.setEnabled(has_selection)
        menu.addAction("Copy", self.copy).setEnabled(has_selection)
        here = self.codings_at(self.offset_at(point)) if self.text else []
        for c in here:
            menu.addSeparator()
            sub = menu if len(here) == 1 else menu.addMenu(c.path)
            if sub is menu:
                menu.addSection(c.path)
            _add(sub, "delete", "Remove coding", lambda u=c.uuid: self.remove_requested.emit(u))
            _add(sub, "code", "Recode…", lambda u=c.uuid: self.recode_requested.emit(u))
            act = _add(
                sub, "resize", "Resize to selection", lambda u=c.uuid: self.resize_requested.emit(u)
            )
            act.setEnabled(has_selection)
            _add(
                sub,
                "resize",
                "Extend to whole sentences",
                lambda u=c.uuid: self.extend_requested.emit(u),
            )
            _add(sub, "memo", "Memo…", lambda u=c.uuid: self.memo_requested.emit(u))
            _add(sub, "search", "Select passage", lambda u=c.uuid: self.select_coding(u))
        if self.text:
            self.menu_built.emit(menu, self.offset_at(point))
        return menu

    # --- margin plumbing -----------------------------------------------------------------
    def _update_margin_width(self, lanes: int | None = None) -> None:
        if lanes is not None:
            self.margin.lanes = lanes
        self.setViewportMargins(self.margin.width_needed(), 0, 0, 0)
        self._place_margin()

    def _place_margin(self) -> None:
        rect = self.contentsRect()
        self.margin.setGeometry(
            QRect(rect.left(), rect.top(), self.margin.width_needed(), rect.height())
        )

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        self.margin.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_margin()


@lru_cache(maxsize=512)
def _tint(colour: str, dark: bool) -> tuple[int, int, int, int]:
    try:
        (r, g, b), alpha = highlight(colour, dark)
    except ValueError:  # not #RRGGBB: grey
        (r, g, b), alpha = highlight("#999999", dark)
    return r, g, b, alpha


def highlight_colour(colour: str, dark: bool) -> QColor:
    """The translucent tint a code's passages are painted with, readable on either scheme."""
    return QColor(*_tint(colour, dark))


def _add(menu: QMenu, icon_name: str, text: str, slot: Any) -> Any:
    return menu.addAction(icon(icon_name), text, slot)


def _speaker_length(text: str, seg: SegmentInfo) -> int:
    """Length of the speaker label at the start of a segment ("Name:"), or 0."""
    if seg.speaker:  # the label quotes leave out ("Ruth (01:07:00):", "[IV]", "DS Khan<tab>")
        label = turn_label(text, seg.start, seg.end, seg.speaker, seg.meta)
        if label.end > label.start:
            return len(text[label.start : label.end].rstrip())
    match = SPEAKER_LABEL.match(text, seg.start, min(seg.end, seg.start + 45))
    return match.end() - seg.start if match else 0
