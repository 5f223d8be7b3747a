"""The summary's bar chart: quotes per theme, stacked by source kind, as PNG or PDF drawing."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from qcode.export.fonts import FAMILY, FILES, font_dir, register_fonts
from qcode.export.summary import ThemeSummary
from qcode.palette import PALETTE

MAX_BARS = 20
MAX_SERIES = 8
#: Okabe-Ito colours that print well next to each other, then the rest of the palette.
SERIES_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#332288",
    "#999933",
    *PALETTE,
)


@dataclass(frozen=True)
class ChartData:
    """Bars (top-level themes, most quotes first) and their stacked series (columns)."""

    title: str
    labels: list[str]
    series: list[str]
    values: list[list[int]]  # values[bar][series]

    def total(self, bar: int) -> int:
        return sum(self.values[bar])


def chart_data(summary: ThemeSummary) -> ChartData:
    rows = [r for r in summary.rows if r.depth == 0]
    rows = sorted(rows, key=lambda r: -r.total_quotes)[:MAX_BARS]
    stacked = len(summary.columns) <= MAX_SERIES
    series = summary.columns if stacked else ["All sources"]
    values = [[r.quotes.get(c, 0) for c in series] if stacked else [r.total_quotes] for r in rows]
    return ChartData(
        f"Quotes per theme, by {summary.by_label}", [r.name for r in rows], series, values
    )


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def chart_png(data: ChartData, width: int = 1800) -> bytes:
    """The chart as PNG bytes (drawn with Pillow, in the bundled font)."""
    folder = font_dir()
    font = ImageFont.truetype(str(folder / FILES[FAMILY]), 26)
    bold = ImageFont.truetype(str(folder / FILES[f"{FAMILY}-Bold"]), 30)
    bar_h, gap, top = 34, 18, 130
    height = top + max(1, len(data.labels)) * (bar_h + gap) + 40
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 16), data.title, fill="#1F3A5F", font=bold)
    x = 20
    for i, name in enumerate(data.series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        draw.rectangle((x, 72, x + 26, 98), fill=colour)
        draw.text((x + 34, 70), name, fill="#1A1A1A", font=font)
        x += 34 + int(draw.textlength(name, font=font)) + 40
    label_w = 560
    plot_w = width - label_w - 120
    biggest = max([data.total(i) for i in range(len(data.labels))] + [1])
    for i, label in enumerate(data.labels):
        y = top + i * (bar_h + gap)
        draw.text((20, y + 2), _short(label), fill="#1A1A1A", font=font)
        x = label_w
        for j, value in enumerate(data.values[i]):
            w = round(plot_w * value / biggest)
            if w:
                colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
                draw.rectangle((x, y, x + w, y + bar_h), fill=colour)
            x += w
        draw.text((x + 10, y + 2), str(data.total(i)), fill="#595959", font=font)
    draw.line((label_w, top - 8, label_w, height - 30), fill="#888888", width=2)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def chart_drawing(data: ChartData, width: float) -> Drawing:
    """The chart as a reportlab drawing (vector, for the PDF)."""
    register_fonts()
    bar_h = 16
    height = 60 + max(1, len(data.labels)) * (bar_h + 6)
    d = Drawing(width, height)
    d.add(
        String(
            0,
            height - 12,
            data.title,
            fontName=f"{FAMILY}-Bold",
            fontSize=10,
            fillColor=colors.HexColor("#1F3A5F"),
        )
    )
    chart = HorizontalBarChart()
    chart.x, chart.y = 170, 10
    chart.width, chart.height = width - 200, height - 60
    chart.data = [
        [data.values[bar][j] for bar in reversed(range(len(data.labels)))]
        for j in range(len(data.series))
    ] or [[0]]
    chart.categoryAxis.categoryNames = [_short(label, 34) for label in reversed(data.labels)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FAMILY
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FAMILY
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.barWidth = bar_h
    for j in range(len(data.series)):
        chart.bars[j].fillColor = colors.HexColor(SERIES_COLOURS[j % len(SERIES_COLOURS)])
        chart.bars[j].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 0, height - 28
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = FAMILY, 7.5
    legend.dx = legend.dy = 7
    legend.deltax = 90
    legend.colorNamePairs = [
        (colors.HexColor(SERIES_COLOURS[j % len(SERIES_COLOURS)]), name)
        for j, name in enumerate(data.series)
    ]
    d.add(legend)
    return d
