"""Speaker-turn labels: recognise the common transcript styles at the start of a line."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qcode.errors import QcodeError
from qcode.export.common_words import common_words
from qcode.importers.label_words import HEADINGS, NOT_NAMES, shape

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_WORD = r"[\w.'’&\-()/]+"
_NAME = rf"[^\W\d_][\w.'’\-/]*(?:[ \t]{_WORD}){{0,4}}"

#: [Name] or [Name 00:01:02] or [Name] (00:01:02): at the start of a line.
_BRACKET = re.compile(
    rf"\[(?P<name>[^\]\n]{{1,40}}?)(?:[ \t]+(?P<t1>{_TIME}))?\]"
    rf"(?:[ \t]*[(\[]?(?P<t2>{_TIME})[)\]]?)?[ \t]*:?"
)
#: Name (00:01:02): or Name [00:01:02]
_PAREN_TIME = re.compile(rf"(?P<name>{_NAME})[ \t]*[(\[](?P<t1>{_TIME})[)\]][ \t]*:?")
#: Name 00:01:02 alone on its line (the words follow below), or Name 00:01:02 then text.
_NAME_TIME = re.compile(
    rf"(?P<name>{_NAME})[ \t]+(?P<t1>{_TIME})[ \t]*:?[ \t]*$"
    rf"|(?P<name2>{_NAME})[ \t]+(?P<t2>\d{{1,2}}:\d{{2}}:\d{{2}})[ \t]*[:\-–—]?(?=[ \t])"
)
#: Name: (a colon followed by a space or the end of the line).
_COLON = re.compile(rf"(?P<name>{_NAME})[ \t]*:(?=[ \t]|$)")

#: A timestamp heading the line before the name: "[00:01:02] Name: ..." or "00:01:02 Name: ...".
_LEADING_TIME = re.compile(rf"[(\[]?(?P<time>{_TIME})[)\]]?[ \t]+(?=\S)")

#: Labels accepted even when they occur only once.
_KNOWN = re.compile(
    r"(?:interviewer|interviewee|int|iv|ivr|ive|i|r|q|a|resp|respondent|facilitator|moderator"
    r"|chair|note[ -]?taker|participant|officer|speaker|p|inspector|staff|member|voice"
    r"|male|female|m|f)(?:[ \t]*\d{1,3}[a-z]?)?",
    re.IGNORECASE,
)
#: Words before a colon that head a line but are not speakers.
_NOT_SPEAKER_WORDS = (
    "date time location venue place force duration present attendees attendance note notes "
    "title subject ref reference transcript file recording audio length role rank interview "
    "focus group session project tape start end summary background agenda key example examples "
    "section part topic theme page total also however "
    "for instance e.g i.e ps nb nota bene warning caution update action actions outcome "
    "inaudible crosstalk laughter laughs pause silence unclear redacted overlapping "
    "re fw fwd from to cc bcc sent"
)
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_WORDS.split())
_ANNOTATIONS = re.compile(
    r"(?:inaudible|crosstalk|cross[- ]talk|laugh\w*|pause\w*|silence|unclear|redacted|"
    r"overlapping|interruption|name redacted|end of (?:recording|transcript|interview)|"
    r"music|background noise|phone rings?|indistinct|\d+[:.]\d+.*)",
    re.IGNORECASE,
)


#: A figure after a colon: '1,200', '12%', '£3.5m', '(240)'.
_FIGURE = re.compile(r"[(\[]?[£$€]?\d[\d.,]*\s*(?:%|k|m|bn|per ?cent)?[)\]]?", re.IGNORECASE)


#: Labels whose turn may be a bare figure ('A: 12', 'P3: 40%').
_ANSWERS = re.compile(
    r"(?:a|r|i|int|iv|resp|respondent|interviewee|participant|speaker|p)[ \t]*\d{0,3}[a-z]?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Label:
    """A recognised speaker label: its length in the line, the speaker, and a timestamp."""

    length: int
    speaker: str
    time: str = ""


def compile_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """The user's override regex; it should match a label at the start of a line and may name
    the speaker in a group called `speaker` (else group 1, else the whole label)."""
    if not pattern:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise QcodeError(
            f"speaker pattern {pattern!r} is not a valid regular expression ({exc})"
        ) from exc
    if compiled.match(""):
        raise QcodeError(f"speaker pattern {pattern!r} matches empty text; it must match a label")
    return compiled


def clean_name(raw: str) -> str:
    """A speaker name as stored: no brackets, colon, timestamp or surrounding space."""
    name = raw.strip().rstrip(":").strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1].strip()
    name = re.sub(rf"[ \t]*[(\[]?{_TIME}[)\]]?$", "", name).strip()
    return re.sub(r"\s+", " ", name.strip("*_ ").rstrip(":").strip())


def label_name(label: str) -> str:
    """The speaker named by a label that the format marks explicitly (a bold 'Name:' in Word,
    a speaker column): '' when it does not look like a name."""
    name = clean_name(label)
    if not name or len(name) > 50 or len(name.split()) > 6:
        return ""
    if not (name[0].isupper() or name[0].isdigit()) or name.endswith((".", "?", "!", ",")):
        return ""
    if _ANNOTATIONS.fullmatch(name) or not any(ch.isalpha() for ch in name):
        return ""
    if name.lower() in _NOT_SPEAKERS:  # a bold 'Note:' or 'Date:' heads a paragraph, no turn
        return ""
    return name


#: Longest bold prefix taken as a speaker label.
MAX_BOLD_LABEL = 60


def bold_label(pieces: list[tuple[str, bool]]) -> str:
    """The bold text at the start of a paragraph, given as (text, bold) pieces, when it ends
    with a colon (the colon may follow the bold run: **Name**: ...); else ''."""
    prefix = ""
    i = 0
    while i < len(pieces) and (pieces[i][1] or not pieces[i][0].strip()):
        if not pieces[i][1] and prefix:
            break
        prefix += pieces[i][0]
        i += 1
    if not prefix.strip() or len(prefix) > MAX_BOLD_LABEL:
        return ""
    if prefix.rstrip().endswith(":"):
        return prefix.strip()
    rest = "".join(t for t, _ in pieces[i : i + 2]).lstrip()
    if rest.startswith(":") and prefix == prefix.rstrip():
        return prefix.strip() + ":"
    return ""


def is_time(text: str) -> bool:
    """Whether `text` is a timestamp such as 00:01:02 or (1:02)."""
    return re.fullmatch(rf"[(\[]?{_TIME}[)\]]?", text.strip()) is not None


def speaker_column(names: list[str]) -> set[str]:
    """Which first-cell names of a table are speakers. A table is a transcript when one of its
    names is a usual label or heads two rows; then every name there is a speaker except words
    such as Date or Venue (so a cover table of 'Date | 9 October' rows names no one)."""
    names = [n for n in names if n.lower() not in _NOT_SPEAKERS]
    counts = Counter(n.lower() for n in names)
    usual = any(_usual(n) for n in names)
    return set(names) if usual or any(c >= 2 for c in counts.values()) else set()


def _custom(line: str, pattern: re.Pattern[str]) -> Label | None:
    match = pattern.match(line)
    if not match or match.end() == 0:
        return None
    if "speaker" in pattern.groupindex:
        raw = match.group("speaker") or ""
    elif pattern.groups:
        raw = match.group(1) or ""
    else:
        raw = match.group(0)
    name = clean_name(raw)
    return Label(match.end(), name) if name else None


def candidate(line: str) -> tuple[Label, bool] | None:
    """A possible label at the start of `line` and whether its style alone makes it certain
    (bracketed names and timestamps are; a bare 'Word:' needs more evidence)."""
    if not line or len(line) < 2:
        return None
    lead = _LEADING_TIME.match(line)
    if lead:
        inner = candidate(line[lead.end() :])
        if inner is None:
            return None
        label, certain = inner
        time = label.time or lead.group("time")
        return Label(lead.end() + label.length, label.speaker, time), certain
    if line[0] == "[":
        m = _BRACKET.match(line)
        if m:
            name = clean_name(m.group("name"))
            if name and name[0].isupper() and not _ANNOTATIONS.fullmatch(name):
                time = m.group("t1") or m.group("t2") or ""
                return Label(m.end(), name, time), True
        return None
    if not line[0].isupper():
        return None
    m = _PAREN_TIME.match(line)
    if m:
        return Label(m.end(), clean_name(m.group("name")), m.group("t1")), True
    m = _NAME_TIME.match(line)
    if m:
        name = m.group("name") or m.group("name2")
        time = m.group("t1") or m.group("t2")
        return Label(m.end(), clean_name(name), time), True
    m = _COLON.match(line)
    if m:
        name = clean_name(m.group("name"))
        if name and name.lower() not in _NOT_SPEAKERS:
            return Label(m.end(), name), False
    return None


def find_labels(lines: list[str], pattern: re.Pattern[str] | None = None) -> dict[int, Label]:
    """Which lines start a speaker turn: {line index: label} (see `scan_labels`)."""
    return scan_labels(lines, pattern)[0]


def _usual(speaker: str) -> bool:
    """A label that names a speaker by its words alone: a usual transcript label (Interviewer,
    INT, Q, P1), a rank or role (Constable, Chief Officer), or a rank or honorific and a name
    (PC Smith, Ch Insp O'Neill, Dr Rees)."""
    bare = re.sub(r"\s*\(.*\)$", "", speaker)
    if _KNOWN.fullmatch(bare):
        return True
    return shape(bare) in ("role", "rank_name", "honorific_name")


def _field_value(rest: str) -> bool:
    """Whether the words after a label are only a person's name or rank, as in a header's
    'Interviewer: Jane Smith' or 'Case officer: DS Patel' (a turn says something)."""
    if not rest or rest[-1] in ".?!…,;:" or len(rest.split()) > 5:
        return False
    kind = shape(rest)
    if kind in ("rank_name", "honorific_name"):
        return True
    words = rest.split()
    return (
        kind == "name" and len(words) >= 2 and not any(w.lower() in common_words() for w in words)
    )


def _heading(speaker: str) -> bool:
    """A report heading such as 'Recommendation 3' or 'Areas for improvement'."""
    return speaker.split()[0].lower() in HEADINGS


def _name_like(speaker: str) -> bool:
    """A label that may be a name when the document alternates between other speakers; a
    single common word ('Training:', 'Scrutiny:') heads a topic, not a turn."""
    words = speaker.split()
    if not words or words[0].lower() in _NOT_SPEAKERS or words[0].lower() in NOT_NAMES:
        return False
    if len(words) == 1 and shape(speaker) == "name" and words[0].lower() in common_words():
        return False
    return shape(speaker) is not None


def label_only(line: str) -> bool:
    """Whether `line` is nothing but a speaker label ending in a colon ('Analyst:', 'PC Smith:'),
    as a PDF's text layer gives a bold label set apart from the words that follow it."""
    stripped = line.strip()
    if not stripped.endswith(":"):
        return False
    hit = candidate(stripped)
    if hit is None or hit[0].length < len(stripped):
        return False
    speaker = hit[0].speaker
    return hit[1] or _usual(speaker) or _name_like(speaker)


def scan_labels(
    lines: list[str], pattern: re.Pattern[str] | None = None
) -> tuple[dict[int, Label], dict[int, Label]]:
    """Which lines start a speaker turn, and which look like a label but were not taken.

    With `pattern`, only the user's regex is used. Otherwise certain styles (bracketed names,
    timestamps) count at once. A bare 'Name:' counts when the name is a usual label, a rank or
    role, a rank or honorific with a name, or heads at least two lines of the document; or,
    when the document alternates (two speakers already, or the line falls between two turns
    of its one speaker), when it is shaped like a name (one to three capitalised words such
    as Jo Bloggs or Żaneta Kowalczyk, not a single common word).
    """
    found: dict[int, Label] = {}
    if pattern is not None:
        for i, line in enumerate(lines):
            label = _custom(line, pattern)
            if label:
                found[i] = label
        return found, {}
    pending: dict[int, Label] = {}
    counts: Counter[str] = Counter()
    for i, line in enumerate(lines):
        hit = candidate(line)
        if hit is None:
            continue
        label, certain = hit
        if certain:
            found[i] = label
        elif _FIGURE.fullmatch(line[label.length :].strip()) and not _ANSWERS.fullmatch(
            label.speaker
        ):
            continue  # 'Constable: 1,200' counts officers in a report; nobody speaks
        elif _field_value(line[label.length :].strip()):
            continue  # 'Interviewer: Jane Smith' in a header names who took part
        else:
            pending[i] = label
            counts[label.speaker.lower()] += 1
    rest: dict[int, Label] = {}
    for i, label in pending.items():
        repeated = counts[label.speaker.lower()] >= 2
        if _usual(label.speaker) or (repeated and not _heading(label.speaker)):
            found[i] = label
        else:
            rest[i] = label
    missed: dict[int, Label] = {}
    several = len({label.speaker.lower() for label in found.values()}) >= 2
    for i, label in rest.items():
        # Alternation: two speakers already, or a line between two turns of the one speaker.
        alternating = several or (len(found) >= 2 and min(found) < i < max(found))
        if alternating and _name_like(label.speaker):
            found[i] = label
        elif _name_like(label.speaker):
            missed[i] = label
    return dict(sorted(found.items())), missed
