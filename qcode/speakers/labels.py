"""Where a turn's opening label ("Ruth (01:07:00): ") ends and what was said begins."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from qcode.importers.speakers import candidate

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
#: Longest label looked for at the start of a turn.
_MAX_LABEL = 90


@dataclass(frozen=True)
class TurnLabel:
    """The label opening a turn: text[start:end] is the label and the space after it."""

    start: int
    end: int
    name: str  # the name as written in the label ('' when there is no label)
    time: str = ""


def _by_name(line: str, speaker: str) -> re.Match[str] | None:
    """The speaker's own name opening the line as a label (bracketed, bold, timed or with a
    colon), however the importer's general rules would have read it."""
    name = re.escape(speaker).replace(r"\ ", r"\s+")
    match = re.match(
        rf"(?:[(\[]?(?P<lead>{_TIME})[)\]]?[ \t]+)?"
        rf"[*_\[]*(?P<name>{name})[*_\]]*"
        rf"(?:[ \t]*[(\[]?(?P<time>{_TIME})[)\]]?[ \t]*[:\-–—]?[*_]*"
        rf"|[ \t]*[:\-–—][*_]*| *\t|(?<=\])|[ \t]*$)",
        line,
        re.IGNORECASE,
    )
    return match


#: Segment metadata key: the length of the label that opens the turn, when a speaker edit
#: recorded it (the label no longer has to be recognised, e.g. after INT became Interviewer).
LABEL_KEY = "label"

Meta = Mapping[str, str] | None


def parse_meta(raw: str | None) -> dict[str, str]:
    """A segment's stored metadata (JSON) as a dict; {} when it is not a JSON object."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def recorded_length(meta: Meta) -> int | None:
    """The label length a speaker edit recorded in the segment's metadata, if any."""
    if not isinstance(meta, Mapping):
        return None
    value = meta.get(LABEL_KEY)
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _elsewhere(text: str, start: int, label: str) -> bool:
    """Whether `label` opens another line of the text too (evidence that it is a label)."""
    if text.startswith(label) and start != 0:
        return True
    pos = text.find("\n" + label)
    while pos >= 0:
        if pos + 1 != start:
            return True
        pos = text.find("\n" + label, pos + 1)
    return False


def _read(text: str, start: int, line: str, speaker: str) -> tuple[int, str, str]:
    """(length, name, time) of the label read at the start of a turn's first line."""
    found = candidate(line)
    if found is not None:
        label, certain = found
        written = line[: label.length].rstrip()
        if (
            certain
            or label.speaker.casefold() == speaker.casefold()
            or _elsewhere(text, start, written)
        ):
            return label.length, label.speaker, label.time
    match = _by_name(line, speaker)
    if match is not None and match.end() > 0:
        return match.end(), match.group("name"), match.group("time") or match.group("lead") or ""
    return 0, "", ""


def turn_label(text: str, start: int, end: int, speaker: str, meta: Meta = None) -> TurnLabel:
    """The label that opens the segment text[start:end] of a turn spoken by `speaker`.

    A segment without a speaker (a paragraph) has no label. The label is the length a speaker
    edit recorded in the segment's metadata; else what the importers recognise at the start of
    the turn's first line when its style is certain (brackets, timestamps), it names the
    speaker, or it opens other lines too; else the speaker's name written as a label. It ends
    after the whitespace that follows it (possibly the line break when the words start on the
    next line). When nothing there reads as a label, the label is empty.
    """
    if not speaker or not 0 <= start < end <= len(text):
        return TurnLabel(start, start, "")
    line_end = text.find("\n", start, end)
    line = text[start : line_end if line_end >= 0 else end][: _MAX_LABEL * 2]
    recorded = recorded_length(meta)
    if recorded is not None:
        length, name, time = recorded, line[:recorded].strip(), ""
        found = candidate(line)
        if found is not None and found[0].length == recorded:
            name, time = found[0].speaker, found[0].time
    else:
        length, name, time = _read(text, start, line, speaker)
    if not 0 < length <= _MAX_LABEL:
        return TurnLabel(start, start, "")
    stop = start + length
    while stop < end and text[stop].isspace():
        stop += 1
    if stop >= end:  # a label with nothing after it is not taken away from the turn
        return TurnLabel(start, start, "")
    return TurnLabel(start, stop, name, time)


def spoken_start(text: str, start: int, end: int, speaker: str, meta: Meta = None) -> int:
    """Where the words of the segment text[start:end] begin (after its label, if any)."""
    return turn_label(text, start, end, speaker, meta).end


def turn_time(text: str, start: int, end: int, speaker: str, meta: Meta = None) -> str:
    """The time a turn starts: from the segment's metadata, else from its label."""
    recorded = meta.get("time", "") if isinstance(meta, Mapping) else ""
    if recorded:
        return str(recorded)
    return turn_label(text, start, end, speaker, meta).time


def spoken(
    text: str,
    start: int,
    end: int,
    seg_start: int,
    seg_end: int,
    speaker: str,
    meta: Meta = None,
) -> tuple[int, int, str]:
    """A coded passage without the label of the turn it starts in, and the turn's time
    (`trim_passage` and `turn_time` at once, reading the label once)."""
    label = turn_label(text, seg_start, seg_end, speaker, meta)
    if seg_start <= start < label.end < end:
        start = label.end
    recorded = meta.get("time", "") if isinstance(meta, Mapping) else ""
    return start, end, str(recorded) or label.time


def trim_passage(
    text: str,
    start: int,
    end: int,
    seg_start: int,
    seg_end: int,
    speaker: str,
    meta: Meta = None,
) -> tuple[int, int]:
    """A passage [start, end) without the label of the turn it starts in (the words only).

    A passage lying wholly inside the label is returned as it is.
    """
    if start >= seg_start and start < seg_end:
        words = spoken_start(text, seg_start, seg_end, speaker, meta)
        if start < words < end:
            return words, end
    return start, end
