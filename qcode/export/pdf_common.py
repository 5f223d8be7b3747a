"""reportlab helpers shared by the bundle and summary PDFs: styles, pages, outline, numbering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from qcode.export.docx_common import xml_safe
from qcode.export.fonts import FAMILY, register_fonts

ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#595959")
SHADE = colors.HexColor("#EEF2F7")
RULE = colors.HexColor("#B8C4D6")
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 2.3 * cm, 2.2 * cm, 2.0 * cm


def para_text(text: str) -> str:
    """Plain text as reportlab paragraph markup (escaped, line breaks kept)."""
    return escape(xml_safe(text)).replace("\n", "<br/>")


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "Body",
        fontName=FAMILY,
        fontSize=10,
        leading=14.5,
        alignment=TA_LEFT,
        textColor=colors.HexColor("#1A1A1A"),
        spaceAfter=5,
    )
    bold = f"{FAMILY}-Bold"

    def make(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "kicker": make("Kicker", fontSize=12, leading=16, textColor=ACCENT),
        "title": make(
            "Title", fontName=bold, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=10
        ),
        "subtitle": make("Subtitle", fontSize=13, leading=18, spaceAfter=4),
        "h1": make(
            "H1",
            fontName=bold,
            fontSize=16,
            leading=21,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=4,
        ),
        "h2": make(
            "H2",
            fontName=bold,
            fontSize=12,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=4,
        ),
        "small": make("Small", fontSize=8.5, leading=11.5, textColor=MUTED),
        "cell": make("Cell", fontSize=9, leading=12, spaceAfter=0),
        "cell_bold": make("CellBold", fontName=bold, fontSize=9, leading=12, spaceAfter=0),
        "quote": make("Quote", leftIndent=14, spaceBefore=6, spaceAfter=1),
        "attribution": make(
            "Attribution", fontSize=7.8, leading=10.5, textColor=MUTED, leftIndent=14, spaceAfter=7
        ),
        "memo": make(
            "Memo",
            fontName=f"{FAMILY}-Italic",
            fontSize=8,
            leading=10.5,
            textColor=MUTED,
            leftIndent=22,
            spaceAfter=8,
        ),
        "toc1": make("TOC1", fontSize=10, leading=15),
    }


class RuledParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph with a vertical rule on its left: a block quote that can split pages."""

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(2)
        x = self.style.leftIndent - 7
        canv.line(x, 0, x, self.height)
        canv.restoreState()
        super().draw()


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes a PDF bookmark (outline entry) and a contents line."""

    def __init__(
        self, text: str, style: ParagraphStyle, level: int, key: str, outline: str | None = None
    ) -> None:
        super().__init__(para_text(text), style)
        self.outline_level = level
        self.outline_key = key
        self.outline_text = xml_safe(outline or text)


def numbered_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that knows the page count when it draws each page's footer."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages: a title page without furniture, then pages with a running header."""

    def __init__(
        self,
        path: str,
        header: str,
        on_flowable: Callable[[Any], None] | None = None,
        *,
        wide: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(
            path,
            pagesize=landscape(A4) if wide else A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        self.header = header
        self.on_flowable = on_flowable
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    "title", [frame], onPage=self._title_band, autoNextPageTemplate="body"
                ),
                PageTemplate("body", [frame], onPage=self._running_header),
            ]
        )

    def _title_band(self, canv: Canvas, doc: Any) -> None:
        """A navy band across the top of the first page, and a thin rule under it."""
        width, height = self.pagesize
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, height - 1.4 * cm, width, 1.4 * cm, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(FAMILY, 8)
        canv.drawString(MARGIN_X, height - 0.85 * cm, xml_safe(self.header)[:120])
        canv.restoreState()

    def _running_header(self, canv: Canvas, doc: Any) -> None:
        canv.saveState()
        width, height = self.pagesize
        canv.setFont(FAMILY, 7.5)
        canv.setFillColor(MUTED)
        y = height - MARGIN_TOP + 0.9 * cm
        canv.drawString(MARGIN_X, y, xml_safe(self.header)[:140])
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 4, width - MARGIN_X, y - 4)
        canv.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(
                flowable.outline_text,
                flowable.outline_key,
                flowable.outline_level,
                closed=flowable.outline_level > 0,
            )
            if flowable.outline_level == 0:
                self.notify(
                    "TOCEntry", (0, escape(flowable.outline_text), self.page, flowable.outline_key)
                )
        if self.on_flowable is not None:
            self.on_flowable(flowable)


def footer_drawer(left: str, first_page: bool = False) -> Callable[[Canvas, int, int], None]:
    """Footer: `left` text and "Page n of N" (on the first page only if `first_page`)."""

    def draw(canv: Canvas, page: int, total: int) -> None:
        if page == 1 and not first_page:
            return
        width = canv._pagesize[0]
        canv.saveState()
        canv.setFont(FAMILY, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, MARGIN_BOTTOM - 0.9 * cm, xml_safe(left)[:120])
        canv.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 0.9 * cm, f"Page {page} of {total}")
        canv.restoreState()

    return draw
