"""Contrast ratios (WCAG 2) and highlight tints that keep text readable on light and dark."""

from __future__ import annotations

import colorsys

RGB = tuple[int, int, int]

LIGHT_BASE: RGB = (255, 255, 255)
LIGHT_TEXT: RGB = (0, 0, 0)
DARK_BASE: RGB = (30, 30, 30)
DARK_TEXT: RGB = (230, 230, 230)
#: The least contrast between text and any highlight under it, one or two deep (WCAG AA).
READABLE = 4.5
#: The least contrast between a highlight and the page, so that it shows at all.
VISIBLE = 1.2
#: The range of highlight opacities tried (0–255).
MIN_ALPHA, MAX_ALPHA = 20, 150


def parse(colour: str) -> RGB:
    """(r, g, b) of "#RRGGBB"."""
    value = colour.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"{colour!r} is not #RRGGBB")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(rgb: RGB) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""

    def channel(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(top: RGB, alpha: float, bottom: RGB) -> RGB:
    """`top` painted with opacity `alpha` over `bottom`."""
    r, g, b = (round(t * alpha + u * (1 - alpha)) for t, u in zip(top, bottom, strict=True))
    return r, g, b


def scheme(dark: bool) -> tuple[RGB, RGB]:
    """(page, text) colours of the light or dark scheme."""
    return (DARK_BASE, DARK_TEXT) if dark else (LIGHT_BASE, LIGHT_TEXT)


def highlight(colour: str, dark: bool = False) -> tuple[RGB, int]:
    """The tint and opacity (0–255) to paint a code's passages with: the code's hue, made
    light enough to show on a dark page (dark enough on a light one), and faint enough that
    text stays readable over it even where two passages overlap."""
    base, text = scheme(dark)
    hue, light, sat = colorsys.rgb_to_hls(*(c / 255 for c in parse(colour)))
    light = max(light, 0.5) if dark else min(light, 0.5)
    r, g, b = (round(c * 255) for c in colorsys.hls_to_rgb(hue, light, sat))
    tint = (r, g, b)
    best = MIN_ALPHA
    for alpha in range(MIN_ALPHA, MAX_ALPHA + 1, 5):
        once = over(tint, alpha / 255, base)
        if ratio(over(tint, alpha / 255, once), text) < READABLE:
            break  # any deeper and overlapping passages would be hard to read
        best = alpha
        if ratio(once, base) >= VISIBLE:
            break  # the faintest tint that shows
    return tint, best


def readable(colour: str, dark: bool) -> tuple[float, float, float]:
    """(text over one highlight, text over two, highlight against the page) contrasts."""
    base, text = scheme(dark)
    tint, alpha = highlight(colour, dark)
    once = over(tint, alpha / 255, base)
    twice = over(tint, alpha / 255, once)
    return ratio(once, text), ratio(twice, text), ratio(once, base)
