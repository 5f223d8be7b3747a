"""Schema version, numbered migrations, and the checks made before a project file is opened."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from qcode.errors import ProjectFileError
from qcode.store.models import Base
from qcode.store.versions import APPLICATION_ID as APPLICATION_ID
from qcode.store.versions import SCHEMA_VERSION as SCHEMA_VERSION


def _migrate_1_to_2(conn: Connection) -> None:
    """Schema 2: segment metadata (subtitle timestamps) and the pseudonym table."""
    conn.execute(text("ALTER TABLE segment ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'"))
    Base.metadata.tables["pseudonym"].create(conn)


#: Tables whose rows may carry another program's GUID as it was written (schema 3).
SOURCE_GUID_TABLES = ("coder", "document", "code", "coding", "memo")


def _migrate_2_to_3(conn: Connection) -> None:
    """Schema 3: a REFI-QDA GUID's case as received, and whether a code's colour was given."""
    for table in SOURCE_GUID_TABLES:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN source_guid TEXT NOT NULL DEFAULT ''"))
    # Codes already in a file kept the colour they show; only later imports record its absence.
    conn.execute(text("ALTER TABLE code ADD COLUMN colour_given BOOLEAN NOT NULL DEFAULT 1"))


#: MIGRATIONS[n] upgrades a file of schema n-1 to schema n.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _migrate_1_to_2, 3: _migrate_2_to_3}


def schema_v1_sql() -> str:
    """The DDL of schema 1 exactly as the first qcode wrote it (used by tests of migrations)."""
    return resources.files("qcode.store").joinpath("schema_v1.sql").read_text(encoding="utf-8")


def check_versions(path: Path, app_id: int, version: int) -> int:
    """Refuse a foreign, newer or unversioned file; returns the version of a readable one."""
    if app_id != APPLICATION_ID:
        raise ProjectFileError(f"{path}: not a qcode project (an SQLite file of another program)")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{path}: written by a newer qcode (project schema {version}; this qcode reads up "
            f"to {SCHEMA_VERSION}). Update qcode to open it."
        )
    if version < 1:
        raise ProjectFileError(f"{path}: damaged qcode project (no schema version)")
    return version


def read_versions(conn: Connection) -> tuple[int, int]:
    """(application_id, user_version) of an open SQLite file."""
    app_id = int(conn.execute(text("PRAGMA application_id")).scalar_one())
    version = int(conn.execute(text("PRAGMA user_version")).scalar_one())
    return app_id, version


def stamp(conn: Connection, version: int = SCHEMA_VERSION) -> None:
    """Mark the file as a qcode project of the given schema version."""
    conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
    conn.execute(text(f"PRAGMA user_version = {int(version)}"))


def create_schema(engine: Engine) -> None:
    """Create every table of the current schema in an empty file and stamp it."""
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        stamp(conn)


def upgrade(engine: Engine, path: Path) -> int:
    """Check the file's identity and version and run pending migrations in one transaction.

    Returns the version the file had before. Raises ProjectFileError for a foreign SQLite file
    or one written by a newer qcode.
    """
    with engine.connect() as conn:
        app_id, version = read_versions(conn)
    check_versions(path, app_id, version)
    if version < SCHEMA_VERSION:
        from qcode.store.engine import writer

        # IMMEDIATE: a second process opening the file at the same moment waits, then finds
        # the file migrated already (the version is read again under the write lock).
        with writer(engine).begin() as conn:
            _app_id, current = read_versions(conn)
            for target in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
            stamp(conn)
    return version
