"""Row stamps of many rows (issue 20: an undo of code all hits asks for 42,000) by one scan."""

from __future__ import annotations

import pytest

from qcode.coding import apply_code, list_codings, remove_codings
from qcode.store import Project, external


def test_a_scan_gives_the_stamps_the_lookups_give(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for start in range(0, 60, 6):
        apply_code(sample, "Interview 01", "Equality Act/Impact assessments", start, start + 5)
    uuids = [c.uuid for c in list_codings(sample)]
    remove_codings(sample, uuids[:3])
    rows = {"coding": [*uuids, "no-such-row"], "code": []}
    looked_up = external.row_stamps(sample, rows)
    monkeypatch.setattr(external, "_SCAN", 2)
    scanned = external.row_stamps(sample, rows)
    assert scanned == looked_up
    assert scanned[("coding", "no-such-row")] is None
    assert sum(1 for s in scanned.values() if s is not None and s[1]) == 3


def test_many_tombstones_in_one_prepared_statement(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcode.coding import restore_codings
    from qcode.store import tombstones

    monkeypatch.setattr(tombstones, "_MANY", 2)  # the path thousands of rows take
    for start in range(0, 30, 6):
        apply_code(sample, "Interview 01", "Equality Act/Impact assessments", start, start + 5)
    uuids = [c.uuid for c in list_codings(sample)]
    before = external.row_stamps(sample, {"coding": uuids})
    remove_codings(sample, uuids[1:])
    assert [c.uuid for c in list_codings(sample)] == uuids[:1]
    after = external.row_stamps(sample, {"coding": uuids})
    assert after[("coding", uuids[0])] == before[("coding", uuids[0])]
    changed = {after[("coding", u)] for u in uuids[1:]}
    assert len(changed) == 1  # one stamp for the whole action
    assert next(iter(changed))[1] is True  # type: ignore[index]
    restore_codings(sample, uuids[1:])
    assert sorted(c.uuid for c in list_codings(sample)) == sorted(uuids)
