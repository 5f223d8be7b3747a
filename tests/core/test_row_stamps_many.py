"""Stamps and tombstones of many rows at once (issue 20: the undo of code all hits at 8x)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from qcode.clock import now
from qcode.coding import apply_code, list_codings, remove_codings, restore_codings
from qcode.store import Project, external, tombstones
from qcode.store.models import Coding


def _codings(project: Project, n: int) -> list[str]:
    for start in range(0, 6 * n, 6):
        apply_code(project, "Interview 01", "Equality Act/Impact assessments", start, start + 5)
    return [c.uuid for c in list_codings(project)]


def _stored(project: Project) -> dict[str, tuple[str, bool]]:
    """Every coding's (updated_at, deleted) as SQLite holds them, read without qcode."""
    conn = sqlite3.connect(f"file:{project.path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT uuid, updated_at, deleted FROM coding").fetchall()
    finally:
        conn.close()
    return {uuid: (at, bool(deleted)) for uuid, at, deleted in rows}


@pytest.mark.parametrize("scan", [False, True])
def test_stamps_are_the_stored_ones_and_a_missing_row_is_none(
    sample: Project, monkeypatch: pytest.MonkeyPatch, scan: bool
) -> None:
    if scan:  # the one pass over the table that most of a table's rows take
        monkeypatch.setattr(external, "_FEW", 2)
        monkeypatch.setattr(external, "_SHARE", 1000)
    uuids = _codings(sample, 10)
    remove_codings(sample, uuids[:3])
    stamps = external.row_stamps(sample, {"coding": [*uuids, "no-such-row"], "code": []})
    stored = _stored(sample)
    assert stamps[("coding", "no-such-row")] is None
    assert {key[1]: stamp for key, stamp in stamps.items() if stamp} == {
        u: stored[u] for u in uuids
    }
    assert sum(1 for s in stamps.values() if s is not None and s[1]) == 3


@pytest.mark.parametrize("many", [False, True])
def test_a_large_tombstoning_stamps_every_row_and_only_those(
    sample: Project, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    uuids = _codings(sample, 12)
    before = _stored(sample)
    if many:  # the one-statement path that thousands of rows take
        monkeypatch.setattr(tombstones, "_CHUNK", 2)
    chosen = [*uuids[:8], uuids[0], "no-such-row"]
    remove_codings(sample, chosen)
    after = _stored(sample)
    changed = {u for u in uuids if after[u] != before[u]}
    assert changed == set(uuids[:8])
    assert len({after[u] for u in changed}) == 1  # one stamp, deleted
    assert all(after[u][1] for u in changed)
    stamps = external.row_stamps(sample, {"coding": uuids})
    assert {key[1]: s for key, s in stamps.items()} == {u: after[u] for u in uuids}
    restore_codings(sample, uuids[:8])
    assert not any(deleted for _at, deleted in _stored(sample).values())


def test_tombstone_counts_the_rows_that_exist(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    uuids = _codings(sample, 6)
    for chunk in (500, 2):
        monkeypatch.setattr(tombstones, "_CHUNK", chunk)
        with sample.transaction("test") as s:
            n = tombstones.tombstone(s, Coding, [*uuids, "gone", uuids[0]], now(), None)
            assert n == len(uuids)
            left = s.scalars(select(Coding.deleted).where(Coding.uuid.in_(uuids))).all()
            assert all(left)
