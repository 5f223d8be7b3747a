"""The TrueType fonts PDFs are written in (DejaVu Sans, shipped inside the package)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from qcode.data import data_dir
from qcode.errors import QcodeError

FAMILY = "QcodeSans"
FILES = {
    FAMILY: "DejaVuSans.ttf",
    f"{FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FAMILY}-Italic": "DejaVuSans-Oblique.ttf",
    f"{FAMILY}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
}


def font_dirs() -> list[Path]:
    """Where the fonts are looked for: $QCODE_FONTS_DIR, then the package's own copy.

    Never the system's fonts: the PDFs must look the same (byte for byte) on every machine,
    and an installed qcode always carries its fonts (qcode/data/fonts, with their licence).
    """
    dirs = [data_dir("fonts")]
    if os.environ.get("QCODE_FONTS_DIR"):
        dirs.insert(0, Path(os.environ["QCODE_FONTS_DIR"]))
    return dirs


def font_dir() -> Path:
    for folder in font_dirs():
        if all((folder / f).is_file() for f in FILES.values()):
            return folder
    raise QcodeError(
        "cannot write PDF: the DejaVu Sans fonts were not found in "
        + ", ".join(str(d) for d in font_dirs())
    )


@cache
def register_fonts() -> str:
    """Register the font family with reportlab once; returns its name."""
    folder = font_dir()
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, f"{FAMILY}-Bold")
    addMapping(FAMILY, 0, 1, f"{FAMILY}-Italic")
    addMapping(FAMILY, 1, 1, f"{FAMILY}-BoldItalic")
    return FAMILY
