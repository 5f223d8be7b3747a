"""Colour-blind-safe code colours (Okabe-Ito, Tol's muted), checks, and sub-code shades."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from typing import Protocol

from qcode.errors import QcodeError

#: Okabe & Ito (2008) followed by Tol's "muted" set: distinguishable with common colour blindness.
PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)

_HEX6 = re.compile(r"^#?([0-9a-fA-F]{6})$")
_HEX3 = re.compile(r"^#?([0-9a-fA-F]{3})$")


def colour_for(index: int) -> str:
    """The palette colour for the index-th code (cycling)."""
    return PALETTE[index % len(PALETTE)]


def normalise_colour(value: str) -> str:
    """`#RRGGBB` upper-case from `#RGB`, `RRGGBB` or `#rrggbb`; QcodeError otherwise."""
    value = value.strip()
    if m := _HEX6.match(value):
        return "#" + m.group(1).upper()
    if m := _HEX3.match(value):
        return "#" + "".join(ch * 2 for ch in m.group(1)).upper()
    raise QcodeError(f"{value!r} is not a colour; write it as #RRGGBB")


class _Coloured(Protocol):
    @property
    def uuid(self) -> str: ...
    @property
    def parent_uuid(self) -> str | None: ...
    @property
    def colour(self) -> str: ...


#: The lightness (HLS) range sub-code shades spread over: every shade stays a colour.
LIGHTEST, DARKEST = 0.84, 0.24


def shade_levels(n: int) -> list[float]:
    """`n` lightness levels spread over the range, ordered so that neighbours are far apart
    (lightest, darkest, second lightest, second darkest, ...)."""
    if n <= 0:
        return []
    step = (LIGHTEST - DARKEST) / max(1, n - 1) if n > 1 else 0.0
    levels = [LIGHTEST - k * step for k in range(n)]
    order = [k // 2 if k % 2 == 0 else n - 1 - k // 2 for k in range(n)]
    return [levels[k] for k in order]


def with_lightness(colour: str, light: float) -> str:
    """The colour's hue and saturation at another lightness (HLS)."""
    rgb = normalise_colour(colour)
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, sat = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, light)), sat)
    return "#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def display_colours(codes: Iterable[_Coloured]) -> dict[str, str]:
    """The colour to draw each code with (by UUID): its own, except that sub-codes sharing
    their parent's colour get shades of its hue, neighbouring siblings far apart."""
    codes = list(codes)
    stored = {c.uuid: c.colour.upper() for c in codes}
    shared: dict[str, list[str]] = {}
    for c in codes:
        if c.parent_uuid is not None and stored[c.uuid] == stored.get(c.parent_uuid):
            shared.setdefault(c.parent_uuid, []).append(c.uuid)
    out: dict[str, str] = {}
    for c in codes:  # parents come before their children (depth-first order)
        out.setdefault(c.uuid, c.colour)
        children = shared.get(c.uuid, [])
        for child, light in zip(children, shade_levels(len(children)), strict=True):
            out[child] = with_lightness(out[c.uuid], light)
    return out
