"""Colour-blind-safe code colours (Okabe-Ito, then Paul Tol's muted scheme) and colour checks."""

from __future__ import annotations

import re

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
