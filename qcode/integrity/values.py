"""Checks of single stored values: text, UUIDs, integers, flags, timestamps and JSON."""

from __future__ import annotations

import functools
import json
import operator
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

#: Timestamps later than now by more than this are implausible (clocks of laptops drift).
CLOCK_SKEW = timedelta(minutes=10)
#: No qcode project holds anything older than this (rows may predate their project: a
#: REFI-QDA import keeps the other program's dates).
EPOCH = datetime(2000, 1, 1)

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
#: How qcode stores a timestamp (SQLAlchemy's SQLite DATETIME, naive UTC), microseconds
#: optional; the time of day in range (whether the day exists is checked apart).
STAMP_RE = re.compile(rf"{_DAY} {_TIME}(?:\.[0-9]{{6}})?")
#: Exactly as SQLAlchemy writes it (microseconds always).
STORED_RE = re.compile(rf"{_DAY} {_TIME}\.[0-9]{{6}}")


def column_matches(pattern: re.Pattern[str], values: Sequence[Any]) -> bool:
    """True if every value is text that `pattern` (which matches no newline) fully matches:
    one pass in C over the joined column instead of one call per value."""
    if not set(map(type, values)) <= {str}:
        return False
    return lines_match(pattern, "\n".join(values) + "\n")


def lines_match(pattern: re.Pattern[str], text: str) -> bool:
    """True if every newline-ended line of `text` fully matches `pattern` (which matches
    no newline). In pieces of about 20,000 lines: the pattern engine slows down past that."""
    whole = _JOINED.get(pattern.pattern)
    if whole is None:
        whole = _JOINED[pattern.pattern] = re.compile(rf"(?:(?:{pattern.pattern})\n)*")
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", min(start + _PIECE, size - 1)) + 1 or size
        if whole.fullmatch(text, start, end) is None:
            return False
        start = end
    return True


#: Characters per piece of `lines_match` (20,000 timestamps, 14,000 UUIDs).
_PIECE = 500_000
_JOINED: dict[str, re.Pattern[str]] = {}


@functools.lru_cache(maxsize=4096)
def valid_day(day: str) -> bool:
    """The date part of a timestamp exists in the calendar (the pattern checks the rest)."""
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def days_valid(stamps: Sequence[str]) -> bool:
    """Every timestamp's day exists (each distinct day tested once)."""
    return all(map(valid_day, set(map(_DAY_PART, stamps))))


_DAY_PART = operator.itemgetter(slice(0, 10))


class BadText(bytes):
    """A TEXT value that is not valid UTF-8 (what `text_factory` returns instead of failing)."""


def text_factory(raw: bytes) -> str | BadText:
    """Decode TEXT strictly; invalid UTF-8 comes back marked instead of raising mid-query."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw)


def text_problem(value: Any, nullable: bool = False) -> str | None:
    """Why `value` is not usable text, or None."""
    if isinstance(value, str):
        return None
    if value is None:
        return None if nullable else "is missing (NULL)"
    if isinstance(value, BadText):
        return "is not valid UTF-8 text"
    return f"is {_kind(value)}, not text"


def uuid_problem(value: Any, nullable: bool = False) -> str | None:
    """Why `value` is not a canonical UUID string, or None."""
    if value is None and nullable:
        return None
    bad = text_problem(value)
    if bad:
        return bad
    if not UUID_RE.fullmatch(value):
        return f"{_show(value)} is not a well-formed UUID"
    return None


def int_problem(value: Any) -> str | None:
    if type(value) is int:
        return None
    if value is None:
        return "is missing (NULL)"
    return f"{_show(value)} is {_kind(value)}, not an integer"


def flag_problem(value: Any) -> str | None:
    if type(value) is int and value in (0, 1):
        return None
    return f"{_show(value)} is not 0 or 1"


def stamp(value: Any, lo: datetime, hi: datetime) -> tuple[datetime | None, str | None]:
    """The timestamp and None, or None and why it is unusable or implausible."""
    bad = text_problem(value)
    if bad:
        return None, bad
    if not STAMP_RE.fullmatch(value):
        return None, f"{_show(value)} is not a timestamp"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None, f"{_show(value)} is not a timestamp"
    if when > hi:
        return None, f"{value} is in the future (implausible; it would win every merge)"
    if when < lo:
        return None, f"{value} is before {lo:%Y} (implausible)"
    return when, None


def json_object(value: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The parsed JSON object and None, or None and why it is not one."""
    bad = text_problem(value)
    if bad:
        return None, bad
    try:
        data = json.loads(value)
    except ValueError:
        return None, f"{_show(value)} is not JSON"
    if not isinstance(data, dict):
        return None, f"{_show(value)} is not a JSON object"
    return data, None


def _kind(value: Any) -> str:
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, int):
        return "an integer"
    return "text"


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value if not isinstance(value, bytes) else bytes(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."
