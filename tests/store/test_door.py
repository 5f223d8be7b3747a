"""Issue 12 item 1, issue 11 items 5 and 7: one hardened door; refused files stay as they were."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from qcode.clone import clone_project
from qcode.codebook.tree import add_code
from qcode.errors import ProjectFileError
from qcode.merge import merge_projects
from qcode.merging.state import copy_database, open_engine
from qcode.store import SCHEMA_VERSION, Project
from qcode.store.schema import schema_v1_sql
from qcode.store.snapshots import restore, take
from tests.v1_project import write_v1_project


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(path: Path) -> Path:
    with Project.create(path, coder_name="Ann") as p:
        add_code(p, "Theme/One")
    return path


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _refused_unchanged(path: Path, match: str) -> None:
    """Every way in refuses the file, which stays byte-identical with no files beside it."""
    before = _sha(path)
    beside = sorted(p.name for p in path.parent.iterdir())
    doors: list[Callable[[], object]] = [
        lambda: Project.open(path),
        lambda: open_engine(path),
        lambda: copy_database(path, path.parent / "copy.qcode"),
        lambda: clone_project(path, path.parent / "clone.qcode", "Bea"),
    ]
    for door in doors:
        with pytest.raises(ProjectFileError, match=match):
            door()
    assert _sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == beside


def test_a_view_in_place_of_a_table_is_refused_at_once(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    _tamper(
        path,
        "DROP TABLE memo",
        "CREATE VIEW memo AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n AS uuid, '' AS target_kind, '' AS target_uuid, '' AS title, '' AS text, "
        "NULL AS coder_uuid, '' AS created_at, '' AS updated_at, NULL AS updated_by, "
        "0 AS deleted FROM r",
    )
    started = time.monotonic()
    _refused_unchanged(path, "view 'memo'")
    target = _project(tmp_path / "target.qcode")
    with pytest.raises(ProjectFileError, match="view 'memo'"):
        merge_projects(target, [path])
    assert time.monotonic() - started < 30  # a hang would never get here


def test_triggers_are_refused_and_never_fire(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    _tamper(
        path,
        "CREATE TRIGGER wipe AFTER INSERT ON coder BEGIN DELETE FROM code; END",
        "CREATE TRIGGER wipe2 AFTER UPDATE ON project BEGIN DELETE FROM code; END",
    )
    _refused_unchanged(path, "trigger 'wipe")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM code").fetchone()[0] == 2
    conn.close()


@pytest.mark.parametrize(
    ("sql", "match"),
    [
        ("CREATE TABLE extra (x)", "unknown table 'extra'"),
        ("ALTER TABLE code ADD COLUMN secret TEXT", "unknown column code.secret"),
        ("CREATE INDEX ix_mine ON code (name)", "indexes of table 'code'"),
        ("CREATE INDEX ix_expr ON coding (start + \"end\")", "indexes of table 'coding'"),
        ("DROP INDEX ix_code_deleted", "indexes of table 'code'"),
        ("CREATE VIRTUAL TABLE fts USING fts5(x)", "fts"),
    ],
)
def test_unknown_objects_are_refused(tmp_path: Path, sql: str, match: str) -> None:
    path = _project(tmp_path / "p.qcode")
    _tamper(path, sql)
    _refused_unchanged(path, match)


def test_a_changed_column_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    conn = sqlite3.connect(path)
    changed = '"end" TEXT,\n\tcreated_at'
    conn.executescript(schema_v1_sql().replace('"end" INTEGER NOT NULL,\n\tcreated_at', changed))
    conn.close()
    _refused_unchanged(path, "column coding.end")


def test_foreign_and_newer_files_are_left_byte_identical(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.db"
    _tamper(foreign, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
    _refused_unchanged(foreign, "another program")

    newer = _project(tmp_path / "newer.qcode")
    _tamper(newer, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    _refused_unchanged(newer, "newer qcode")

    wal = tmp_path / "wal.db"
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert not Path(f"{wal}-wal").exists()
    _refused_unchanged(wal, "another program")

    text_file = tmp_path / "notes.qcode"
    text_file.write_text("not a database at all, just some text " * 40, encoding="utf-8")
    _refused_unchanged(text_file, "not an SQLite database")


def test_a_schema_1_file_passes_the_door_and_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    write_v1_project(path)
    with Project.open(path) as p, p.engine.connect() as c:
        assert c.execute(text("PRAGMA user_version")).scalar_one() == SCHEMA_VERSION
    with Project.open(path) as p:  # and the migrated file passes again
        assert p.name == "Old"


def test_a_source_statement_is_bounded_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QCODE_SOURCE_STATEMENT_SECONDS", "0.5")
    path = _project(tmp_path / "p.qcode")
    engine = open_engine(path, source=True)
    endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    try:
        with engine.connect() as conn, pytest.raises(ProjectFileError, match="took too long"):
            conn.exec_driver_sql(endless).scalar()
        with engine.connect() as conn:  # the next statement has its own time
            assert conn.exec_driver_sql("SELECT count(*) FROM code").scalar() == 2
    finally:
        engine.dispose()


def test_trusted_schema_is_off_on_every_connection(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    with Project.open(path) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0


def test_a_snapshot_with_a_trigger_is_not_restored(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    bad = _project(tmp_path / "bad.qcode")
    _tamper(bad, "CREATE TRIGGER t AFTER INSERT ON code BEGIN DELETE FROM coding; END")
    with pytest.raises(ProjectFileError, match="trigger"):
        restore(path, bad)


def test_names_with_uri_characters(tmp_path: Path) -> None:
    path = _project(tmp_path / "study #1? 100% (copy).qcode")
    with Project.open(path) as p:
        add_code(p, "Theme/Two")
    snap = take(path, "odd name")
    restore(path, snap)
    copy = clone_project(path, tmp_path / "b #2?.qcode", "Bea")
    with Project.open(copy) as p, p.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM code").scalar() == 3


def test_a_file_without_its_project_row_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    _tamper(path, "DELETE FROM project")
    with pytest.raises(ProjectFileError, match="no project row"):
        Project.open(path)


def test_a_truncated_file_gives_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from qcode.cli import main
    from qcode.documents import add_document

    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        for i in range(40):
            add_document(p, f"Interview {i}", "Some words said in an interview. " * 400)
    with Project.open(path):
        pass
    _tamper(path)  # checkpointed, rollback journal: everything is in the one file
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert main(["documents", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: error: ")
    assert len(err.strip().splitlines()) == 1
