"""Text normalisation, paragraph segmentation and the one code-point/UTF-16 offset conversion."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'\u201d\u2019)]|$)")


def normalise(raw: str) -> str:
    """The canonical form stored in a project: no BOM, LF line endings, NFC, no trailing space.

    Offsets are code points into this form, so it must never change for a stored document.
    """
    text = raw.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


@dataclass(frozen=True)
class Span:
    """A paragraph or speaker turn: [start, end) in code points, with its speaker if known."""

    start: int
    end: int
    speaker: str = ""


def paragraphs(text: str) -> list[Span]:
    """Split normalised text into paragraphs: runs of non-blank lines (or single lines).

    A paragraph is a single line when the text has no blank lines at all (one paragraph per line,
    as most transcripts are typed), else a block between blank lines.
    """
    spans: list[Span] = []
    if not text:
        return spans
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else re.compile(r"\n")
    pos = 0
    for match in separator.finditer(text):
        _add_trimmed(text, pos, match.start(), spans)
        pos = match.end()
    _add_trimmed(text, pos, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


class Utf16Map:
    """Converts code-point offsets of one text to UTF-16 code units (Qt's positions) and back."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of characters outside the BMP (each takes two UTF-16 units).
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._length = len(text)

    def to_utf16(self, offset: int) -> int:
        """UTF-16 position of the code-point offset (0 <= offset <= len(text))."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside 0..{self._length}")
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """Code-point offset of a UTF-16 position (inside a surrogate pair rounds down)."""
        if position < 0:
            raise ValueError(f"position {position} is negative")
        lo, hi = 0, self._length
        while lo < hi:  # smallest offset whose UTF-16 position is > position, minus one
            mid = (lo + hi + 1) // 2
            if self.to_utf16(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        if self.to_utf16(lo) != position and lo == self._length:
            raise ValueError(f"position {position} beyond the end of the text")
        return lo


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the whole sentence(s) around a passage, never crossing a line break."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    left = line_start
    for match in _SENTENCE_END.finditer(text, line_start, start):
        left = match.end()
    while left < start and text[left].isspace():
        left += 1
    found = _SENTENCE_END.search(text, max(start, end - 1), line_end)
    right = found.end() if found else line_end
    return left, max(right, end)
