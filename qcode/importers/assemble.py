"""From an importer's blocks to stored text: normalised lines, then speaker turns or paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qcode.importers.base import Extracted, refuse
from qcode.importers.speakers import Label, scan_labels
from qcode.text import Span, normalise, paragraphs

# C0 controls other than tab and newline, DEL, and the zero-width no-break space (stray BOMs).
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127, 0xFEFF], None)
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")


@dataclass
class Parsed:
    """A document ready to store: normalised text and its segments (with metadata)."""

    text: str
    spans: list[Span]
    metas: list[dict[str, str]] = field(default_factory=list)
    #: Lines that look like a speaker label but were not taken as one (for the preview).
    missed: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        return sorted({s.speaker for s in self.spans if s.speaker})

    def turn_counts(self) -> list[tuple[str, int]]:
        """Each speaker with their number of turns, most turns first."""
        counts = Counter(s.speaker for s in self.spans if s.speaker)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class _Line:
    text: str
    block: int
    label: Label | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _clean(text: str) -> list[str]:
    text = _LINE_BREAKS.sub("\n", text).translate(_CONTROLS)
    return [unicodedata.normalize("NFC", line).strip() for line in text.split("\n")]


def _lines(extracted: Extracted) -> list[_Line]:
    out: list[_Line] = []
    for index, block in enumerate(extracted.blocks):
        lines = _clean(block.text)
        first = True
        for text in lines:
            line = _Line(text, index)
            if first and text:
                first = False
                if block.speaker is not None:
                    label = _clean(block.label)[0] if block.label else ""
                    length = len(label) if label and text.startswith(label) else 0
                    line.label = Label(length, block.speaker, block.meta.get("time", ""))
                line.meta = dict(block.meta)
            out.append(line)
    # No blank lines at either end, and never two in a row.
    kept: list[_Line] = []
    for line in out:
        if not line.text and (not kept or not kept[-1].text):
            continue
        kept.append(line)
    while kept and not kept[-1].text:
        kept.pop()
    return kept


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def build(path: Path, extracted: Extracted, pattern: re.Pattern[str] | None = None) -> Parsed:
    """Join the blocks into normalised text and find its segments.

    Subtitle cues are one segment each. Otherwise a line that starts with a speaker label opens
    a turn that runs (across wrapped lines and blank lines) until the next label; text before
    the first label, or a document without labels, is segmented by paragraph.
    """
    lines = _lines(extracted)
    text = "\n".join(line.text for line in lines)
    if not text.strip():
        raise refuse(path, "contains no text")
    if normalise(text) != text:  # cannot happen for cleaned lines; be safe all the same
        raise refuse(path, "its text could not be normalised")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text) + 1
    spans: list[Span] = []
    metas: list[dict[str, str]] = []

    if extracted.cues:
        by_block: dict[int, tuple[int, int, _Line]] = {}
        for line, start in zip(lines, starts, strict=True):
            if not line.text:
                continue
            seen = by_block.get(line.block)
            end = start + len(line.text)
            by_block[line.block] = (seen[0], end, seen[2]) if seen else (start, end, line)
        for start, end, head in by_block.values():
            spans.append(Span(start, end, head.label.speaker if head.label else ""))
            metas.append(head.meta)
        return Parsed(text, spans, metas)

    detected, missed = scan_labels([line.text for line in lines], pattern)
    missed_lines = [lines[i].text for i in missed if lines[i].label is None]
    for i, label in detected.items():
        if lines[i].label is None:  # a label the format marks (bold, voice tag) comes first
            lines[i].label = label
    turn_lines = [i for i, line in enumerate(lines) if line.label is not None]
    if not turn_lines:
        spans = paragraphs(text)
        return Parsed(text, spans, [{} for _ in spans], missed_lines)

    first = starts[turn_lines[0]]
    for span in paragraphs(text[:first]):
        spans.append(span)
        metas.append({})
    bounds = [starts[i] for i in turn_lines] + [len(text)]
    for n, i in enumerate(turn_lines):
        start, end = _trimmed(text, bounds[n], bounds[n + 1])
        if end <= start:
            continue
        turn = lines[i].label
        assert turn is not None
        meta = dict(lines[i].meta)
        if turn.time:
            meta.setdefault("time", turn.time)
        spans.append(Span(start, end, turn.speaker))
        metas.append(meta)
    return Parsed(text, spans, metas, missed_lines)
