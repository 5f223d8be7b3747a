"""Schema 3 (GUIDs as received, colours given): files of schema 1 and 2 open and migrate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from qcode.errors import ProjectFileError
from qcode.store import SCHEMA_VERSION, Project, door
from qcode.store.schema import MIGRATIONS
from tests.v1_project import write_v1_project


def write_v2_project(path: Path) -> None:
    """A schema-2 file as qcode 2 left it: schema 1, then the migration to 2, stamped 2."""
    write_v1_project(path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            MIGRATIONS[2](conn)
            conn.execute(text("PRAGMA user_version = 2"))
            conn.execute(
                text(
                    "INSERT INTO code (uuid, parent_uuid, name, colour, definition, inclusion,"
                    " exclusion, example, tor_item, sort_order, codable, created_at, updated_at,"
                    " deleted) VALUES ('c1', NULL, 'Old code', '#123456', '', '', '', '', '', 0,"
                    " 1, '2023-10-09 10:00:00', '2023-10-09 10:00:00', 0)"
                )
            )
    finally:
        engine.dispose()


def _columns(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def test_schema_is_3() -> None:
    assert SCHEMA_VERSION == 3


def test_fresh_and_migrated_files_have_one_shape() -> None:
    migrated, fresh = door.expected_shapes(3)
    assert migrated == fresh


def test_the_door_accepts_schema_2_as_it_is(tmp_path: Path) -> None:
    old = tmp_path / "old.qcode"
    write_v2_project(old)
    assert door.check_file(old) == 2  # checked, changed nothing
    assert "source_guid" not in _columns(old, "code")


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_migrates_to_3_keeping_its_rows(tmp_path: Path, version: int) -> None:
    old = tmp_path / "old.qcode"
    (write_v1_project if version == 1 else write_v2_project)(old)
    with Project.open(old, coder_name="Ann") as p, p.engine.connect() as c:
        assert c.execute(text("PRAGMA user_version")).scalar_one() == 3
        row = c.execute(text("SELECT name, source_guid FROM document")).one()
        assert tuple(row) == ("Old doc", "")
        if version == 2:  # a code already there keeps showing and exporting its colour
            code = c.execute(text("SELECT colour, colour_given, source_guid FROM code")).one()
            assert tuple(code) == ("#123456", 1, "")
    for table in ("coder", "document", "code", "coding", "memo"):
        assert "source_guid" in _columns(old, table)
    assert "colour_given" in _columns(old, "code")
    assert door.check_file(old) == 3
    with Project.open(old, coder_name="Ann"):
        pass  # opens again as a plain schema-3 file


def test_a_schema_2_file_with_schema_3_columns_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "odd.qcode"
    write_v2_project(odd)
    conn = sqlite3.connect(odd)
    conn.execute("ALTER TABLE code ADD COLUMN colour_given BOOLEAN NOT NULL DEFAULT 1")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match=r"unknown column code\.colour_given"):
        Project.open(odd, coder_name="Ann")
