"""Strictly increasing UTC timestamps for `updated_at` (last-writer-wins needs a total order)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

_lock = threading.Lock()
_last = datetime.min


def now() -> datetime:
    """Return the current UTC time (naive), never equal to or before the previous call's."""
    global _last
    with _lock:
        current = datetime.now(UTC).replace(tzinfo=None)
        if current <= _last:
            current = _last + timedelta(microseconds=1)
        _last = current
        return current
