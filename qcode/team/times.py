"""Timestamps between PostgreSQL (datetimes) and merge states (whatever `read_state` keeps)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime

from qcode.merging import state as _state
from qcode.merging.state import ENTITIES, Row

#: Timestamp columns of the mergeable tables.
DATES = frozenset(
    c.name for _e, m in ENTITIES for c in m.__table__.columns if isinstance(c.type, DateTime)
)
#: Whether merge states hold timestamps as the text SQLite stores (else as datetimes).
AS_TEXT = hasattr(_state, "stamp_text")


def as_datetime(value: Any) -> Any:
    """A stored timestamp as a datetime (other values unchanged)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def for_state(rows: list[Row]) -> list[Row]:
    """Rows read from PostgreSQL, with timestamps as merge states keep them (in place)."""
    if not AS_TEXT or not rows:
        return rows
    names = [n for n in rows[0] if n in DATES]
    for row in rows:
        for name in names:
            value = row[name]
            if isinstance(value, datetime):
                row[name] = value.isoformat(sep=" ", timespec="microseconds")
    return rows


def stored(value: Any) -> Any:
    """A value as qcode stores it in SQLite: naive timestamps with microseconds, flags 0/1."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    return value
