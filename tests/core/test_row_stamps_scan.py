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

