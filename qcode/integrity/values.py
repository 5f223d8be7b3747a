"""Checks of single stored values: text, UUIDs, integers, flags, timestamps and JSON."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

#: Timestamps later than now by more than this are implausible (clocks of laptops drift).
CLOCK_SKEW = timedelta(minutes=10)
#: No qcode project holds anything older than this (rows may predate their project: a
#: REFI-QDA import keeps the other program's dates).
EPOCH = datetime(2000, 1, 1)

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: How qcode stores a timestamp (SQLAlchemy's SQLite DATETIME, naive UTC).
STAMP_RE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?")


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
