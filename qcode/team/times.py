"""Timestamps between PostgreSQL (datetimes) and merge states (the text SQLite stores)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qcode.merging.state import DATES, Row


def as_datetime(value: Any) -> Any:
    """A stored timestamp as a datetime (other values unchanged)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def for_state(rows: list[Row]) -> list[Row]:
    """Rows read from PostgreSQL, with timestamps as merge states keep them (in place)."""
    if not rows:
        return rows
    names = [n for n in rows[0] if n in DATES]
    for row in rows:
        for name in names:
            row[name] = stored(row[name])
    return rows


def stored(value: Any) -> Any:
    """A value as qcode stores it in SQLite: naive timestamps with microseconds, flags 0/1."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    return value
