"""The project file: creation, reopening, refusals, and migration from schema 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from qcode.documents import add_document, list_documents
from qcode.errors import ProjectFileError
from qcode.store import SCHEMA_VERSION, Project
from qcode.store.schema import APPLICATION_ID
from tests.v1_project import write_v1_project


def test_new_project_is_stamped_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    Project.create(path, coder_name="Ann").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    with Project.open(path) as p, p.engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_reopen_keeps_data_and_coder(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Doc", "Hello there.")
        ann = p.coder_uuid
    with Project.open(path, coder_name="Ann") as p:
        assert p.coder_uuid == ann
        assert [d.name for d in list_documents(p)] == ["Doc"]
    with Project.open(path, coder_name="Bob") as p:
        assert p.coder_uuid != ann
        assert p.coder_name == "Bob"


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    path.write_text("precious")
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "precious"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a qcode project"),
        (b"PK\x03\x04 this is a zip", "not a qcode project"),
        (b"just some text\n" * 20, "not a qcode project"),
    ],
)
def test_open_refuses_non_projects(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.qcode"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=reason):
        Project.open(path)


def test_open_refuses_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project"):
        Project.open(tmp_path / "missing.qcode")
    with pytest.raises(ProjectFileError, match="folder"):
        Project.open(tmp_path)


def test_open_refuses_foreign_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="another program"):
        Project.open(path)


def test_open_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="newer qcode"):
        Project.open(path)


def test_migration_from_schema_1(tmp_path: Path) -> None:
    old = tmp_path / "old.qcode"
    write_v1_project(old)
    with Project.open(old, coder_name="Ann") as p:
        with p.engine.connect() as c:
            assert c.execute(text("PRAGMA user_version")).scalar_one() == SCHEMA_VERSION
            meta = c.execute(text("SELECT meta FROM segment")).scalar_one()
        assert meta == "{}"
        assert [d.name for d in list_documents(p)] == ["Old doc"]
        migrated = inspect(p.engine)
        fresh_path = tmp_path / "fresh.qcode"
        with Project.create(fresh_path) as fresh:
            current = inspect(fresh.engine)
            for table in current.get_table_names():
                assert table in migrated.get_table_names()
                want = {c["name"] for c in current.get_columns(table)}
                have = {c["name"] for c in migrated.get_columns(table)}
                assert want == have, table


def test_transaction_rolls_back_whole_action(project: Project) -> None:
    from qcode.store import Document

    def crash_mid_action() -> None:
        with project.transaction("two documents") as s:
            s.add(Document(name="A", text="a", sha256="a"))
            s.flush()
            raise RuntimeError("crash mid-action")

    with pytest.raises(RuntimeError):
        crash_mid_action()
    assert list_documents(project) == []


def test_listeners_hear_committed_actions(sample: Project) -> None:
    heard = []
    sample.listeners.append(heard.append)
    add_document(sample, "Second", "More text.")
    assert heard[-1].action == "add document"
    assert "documents" in heard[-1].entities


def test_change_log_records_actions(sample: Project) -> None:
    from sqlalchemy import select

    from qcode.store import ChangeLog

    with sample.read() as s:
        actions = list(s.scalars(select(ChangeLog.action)))
    assert actions.count("add document") == 1
    assert actions.count("add code") == 3
