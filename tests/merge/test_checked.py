"""Merged targets pass `qcode check`, including rows of a project made separately and earlier."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.documents import add_document
from qcode.integrity.files import check_project
from qcode.merge import merge_projects
from qcode.store import Project

from .helpers import TEXT_1, make_lead


def _backdate(path: Path, days: int) -> None:
    """As if the file had been made `days` ago (every timestamp moved back)."""
    conn = sqlite3.connect(path)
    try:
        shift = f"'-{days} days'"
        for table, cols in {
            "project": ("created_at", "updated_at"), "coder": ("created_at", "updated_at"),
            "document": ("imported_at", "updated_at"), "code": ("created_at", "updated_at"),
            "attribute": ("updated_at",), "coding": ("created_at", "updated_at"),
            "change_log": ("at",),
        }.items():
            sets = ", ".join(
                f"{c} = strftime('%Y-%m-%d %H:%M:%f000', {c}, {shift})" for c in cols
            )
            conn.execute(f"UPDATE {table} SET {sets}")
        conn.commit()
    finally:
        conn.close()


def test_an_older_separate_project_merges_into_a_target_that_passes_the_check(
    tmp_path: Path,
) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    other = tmp_path / "other.qcode"
    with Project.create(other, coder_name="Dee") as p:
        add_document(p, "Interview 01", TEXT_1, kind="interview")
        add_code(p, "Wellbeing")
        apply_code(p, "Interview 01", "Wellbeing", 0, 12)
    _backdate(other, 30)
    assert check_project(other).ok
    merge_projects(lead, [other])
    result = check_project(lead)
    assert result.ok, result.problems
