"""The check's whole-column tests never pass a column that the value-by-value tests would fault."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.integrity import rows
from qcode.integrity import values as v

LO, HI = "2000-01-01 00:00:00", "2026-06-01 00:00:00"
GOOD = {
    "T": st.text(max_size=6),
    "N": st.text(min_size=1, max_size=6).filter(lambda s: bool(s.strip())),
    "R": st.uuids().map(str),
    "U": st.uuids().map(str),
    "U?": st.one_of(st.none(), st.uuids().map(str)),
    "I": st.integers(-(2**63), 2**63 - 1),
    "B": st.sampled_from([0, 1]),
    "D": st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 5, 31)).map(
        lambda d: d.isoformat(sep=" ", timespec="microseconds")),
    "J": st.sampled_from(["{}", '{"page": 3}', '{"a": [1, 2]}']),
}
ODD: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.integers(-3, 3), st.floats(allow_nan=False), st.binary(max_size=4),
    st.text(max_size=4), st.just(""), st.just("  \t"), st.just("\n"),
    st.sampled_from([
        "2026-02-30 10:00:00", "2026-01-01 25:00:00", "2026-01-01 10:60:00",
        "2026-01-01 10:00:00.12", "2026-01-01T10:00:00", "1999-12-31 23:59:59",
        "2026-07-01 00:00:00", "٢٠٢٦-01-01 10:00:00", "2026-01-01 10:00:00\n",
        "00000000-0000-4000-8000-00000000000G", "00000000-0000-4000-8000-000000000000\n",
        "[]", "{not json", "null", "1", 1.0, True, v.BadText(b"\xff"),
    ]),
)


def _slow(kind: str, values: tuple[Any, ...]) -> list[int]:
    """The value-by-value search alone (the column test switched off)."""
    column_ok = rows._column_ok
    rows._column_ok = lambda *args: False  # type: ignore[assignment]
    try:
        return rows._suspects(kind, values, LO, HI)
    finally:
        rows._column_ok = column_ok


@pytest.mark.parametrize("kind", sorted(GOOD))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_column_test_agrees_with_the_value_tests(kind: str, data: st.DataObject) -> None:
    good = data.draw(st.lists(GOOD[kind], min_size=1, max_size=30))
    odd = data.draw(st.lists(st.tuples(st.integers(0, 30), ODD), max_size=2))
    values = list(good)
    for at, value in odd:
        values.insert(min(at, len(values)), value)
    column = tuple(values)
    assert rows._suspects(kind, column, LO, HI) == _slow(kind, column)
    if not odd:
        assert rows._suspects(kind, column, LO, HI) == []


def test_long_columns_are_matched_in_pieces() -> None:
    stamps = [f"2025-01-01 10:00:{i % 60:02d}.{i:06d}" for i in range(60_000)]
    assert v.column_matches(v.STAMP_RE, stamps)
    for at in (0, 25_000, 59_999):
        broken = list(stamps)
        broken[at] = "2025-01-01 24:00:00.000000"
        assert not v.column_matches(v.STAMP_RE, broken)
