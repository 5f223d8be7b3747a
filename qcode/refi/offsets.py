"""Vendor positions to our code points: try each counting convention, keep the one that lands."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")

#: Conventions in order of preference (the standard's first) when they land equally well.
CONVENTIONS = (
    "code points",  # the standard: code points of the text (our normalised text)
    "code points, LF",  # code points of the source with CRLF counted once (ATLAS.ti)
    "UTF-16, LF",  # UTF-16 units on LF text without BOM (NVivo Mac)
    "UTF-16, CRLF",  # UTF-16 units, CRLF as two, BOM not counted (NVivo Windows)
    "code points, CRLF",  # code points of the source as written
    "whole lines",  # line numbers (end exclusive)
)


@dataclass(frozen=True)
class Placed:
    """A selection placed on our text (start, end in code points), or why it did not land."""

    start: int
    end: int
    ok: bool
    reason: str = ""
    #: Landed, but not on word boundaries nor checked against a named text.
    loose: bool = False


def align(source: str, ours: str) -> list[int]:
    """For every position of `source`, the matching position in `ours` (a cleaned copy: lines
    stripped, blank runs shortened, controls removed, NFC): greedy, as `ours` is in order."""
    out = [0] * (len(source) + 1)
    j = 0
    n = len(ours)
    i = 0
    size = len(source)
    while i < size:
        for k in (512, 64, 8):  # long equal runs first: the texts mostly agree
            while source[i : i + k] == ours[j : j + k] and i + k <= size:
                out[i : i + k] = range(j, j + k)
                i += k
                j += k
        if i >= size:
            break
        out[i] = j
        ch = source[i]
        if j < n and ch == ours[j]:
            j += 1
            i += 1
            continue
        if j < n and not ch.isspace() and unicodedata.combining(ch) == 0:
            for k in range(2, 5):  # a decomposed letter that NFC joined
                if unicodedata.normalize("NFC", source[i : i + k]) == ours[j]:
                    for m in range(i, i + k):
                        out[m] = j
                    i += k
                    j += 1
                    break
            else:
                i += 1
            continue
        i += 1
    out[size] = j
    return out


def _utf16_to_cp(text: str) -> Callable[[int], int | None]:
    """UTF-16 unit index -> code point index of `text` (None inside a surrogate pair)."""
    units = [m.start() + n for n, m in enumerate(_ASTRAL.finditer(text))]

    def convert(unit: int) -> int | None:
        before = bisect_left(units, unit)
        if before < len(units) and units[before] + 1 == unit:
            return None
        if before and units[before - 1] + 1 == unit:
            return None
        return unit - before

    return convert


def _crlf_to_lf(crlf_text: str) -> Callable[[int], int]:
    """Code point index in the CRLF text -> index in its LF copy (a CR of a pair goes with
    its LF)."""
    pairs = [m.start() for m in _CRLF.finditer(crlf_text)]
    return lambda x: x - bisect_left(pairs, x)


class Text:
    """One source's text as the vendor saw it and as we store it, with the conversions."""

    def __init__(self, raw: str | None, ours: str) -> None:
        self.ours = ours
        if raw is None:  # no plain text (rich text only): only our text to count on
            raw = ours
        self.raw = raw.lstrip("\ufeff")
        self.lf = self.raw.replace("\r\n", "\n").replace("\r", "\n")
        #: Our text is the source's LF text unchanged (the usual case): positions map as they are.
        self._same = self.lf == ours
        self._lf_map: list[int] | None = None
        self._to_lf = _crlf_to_lf(self.raw)
        self._units: dict[str, Callable[[int], int | None]] = {}
        self._line_starts: list[int] | None = None

    def _map(self) -> list[int]:
        if self._lf_map is None:
            self._lf_map = align(self.lf, self.ours)
        return self._lf_map

    def to_ours(self, convention: str, start: int, end: int) -> tuple[int, int] | None:
        """The selection's code points in our text under `convention`, None if impossible."""
        if start < 0 or end < start:
            return None
        if convention == "code points":
            return (start, end) if end <= len(self.ours) else None
        if convention == "whole lines":
            if self._line_starts is None:
                self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.ours)]
            starts = self._line_starts
            if end > len(starts) or end <= start:
                return None
            stop = starts[end] - 1 if end < len(starts) else len(self.ours)
            return starts[start], stop
        basis = "raw" if convention.endswith("CRLF") else "lf"
        text = self.raw if basis == "raw" else self.lf
        if convention.startswith("UTF-16"):
            if basis not in self._units:
                self._units[basis] = _utf16_to_cp(text)
            convert = self._units[basis]
            a, b = convert(start), convert(end)
            if a is None or b is None:
                return None
            start, end = a, b
        if end > len(text):
            return None
        if basis == "raw":
            start, end = self._to_lf(start), self._to_lf(end)
        if self._same:
            return start, end
        mapping = self._map()
        return mapping[start], mapping[end]


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _word_edge(text: str, pos: int) -> bool:
    if pos <= 0 or pos >= len(text):
        return True
    return not (text[pos - 1].isalnum() and text[pos].isalnum())


def lands(text: str, start: int, end: int, name: str) -> int:
    """How well a placement fits: 3 when it matches the selection's own name text, 1 on word
    edges, 0 otherwise, -1 when the name says it is elsewhere."""
    if not 0 <= start < end <= len(text):
        return -1
    label = name.strip()
    if label:
        truncated = label.endswith(("…", "..."))
        want = _squash(label.rstrip("….").rstrip())
        got = _squash(text[start:end])
        if want and len(want) >= 8:
            if got.startswith(want) if truncated else got == want:
                return 3
            if not truncated and not got.startswith(want[: max(8, len(want) // 2)]):
                return -1
    return 1 if _word_edge(text, start) and _word_edge(text, end) else 0


def choose(
    items: Sequence[tuple[Text, Sequence[tuple[int, int, str]]]],
) -> tuple[str, list[list[Placed]]]:
    """The convention under which most selections of the file land, and every selection of
    every text placed by it (one convention per file: a vendor counts one way)."""
    best: tuple[int, str, list[list[Placed]]] | None = None
    for convention in CONVENTIONS:
        score = 0
        placed_all: list[list[Placed]] = []
        for text, selections in items:
            placed: list[Placed] = []
            for start, end, name in selections:
                where = text.to_ours(convention, start, end)
                if where is None:
                    placed.append(Placed(0, 0, False, f"[{start}, {end}) is outside the text"))
                    continue
                fit = lands(text.ours, where[0], where[1], name)
                score += max(fit, 0)
                reason = "its text differs from the selection's name" if fit < 0 else ""
                placed.append(Placed(where[0], where[1], fit >= 0, reason, loose=fit == 0))
            placed_all.append(placed)
        if best is None or score > best[0]:
            best = (score, convention, placed_all)
    assert best is not None
    return best[1], best[2]
