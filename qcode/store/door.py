"""The one door every project file passes: identified and shape-checked through SQLite alone."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qcode.errors import ProjectFileError

#: SQLite's own bookkeeping tables a qcode file may hold (ANALYZE, AUTOINCREMENT).
ALLOWED_INTERNAL = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})

Column = tuple[str, int, int, int]  # declared type, notnull, pk position, hidden
Index = tuple[int, str, int, tuple[str, ...]]  # unique, origin, partial, columns
ForeignKey = tuple[str, str, str, str]  # table, from, to, on_delete


@dataclass(frozen=True)
class TableShape:
    """What qcode compares of one table."""

    columns: tuple[tuple[str, Column], ...]
    indexes: tuple[tuple[str, Index], ...]
    foreign_keys: tuple[ForeignKey, ...]


Shape = dict[str, TableShape]


def uri(path: Path, mode: str = "ro") -> str:
    """An SQLite URI for the path (any character in the name escaped)."""
    return f"{Path(path).absolute().as_uri()}?mode={mode}"


def _ro_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that changes nothing in the file or beside it.

    With no -wal or -journal beside the file, nobody is in the middle of writing it (a WAL
    file in use always has its -wal), so it is read as immutable: no -wal/-shm files are
    created beside a file that may be refused.
    """
    quiet = not any(Path(f"{path}{s}").exists() for s in ("-wal", "-journal"))
    try:
        conn = sqlite3.connect(uri(path) + ("&immutable=1" if quiet else ""), uri=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path}: cannot be read ({exc})") from exc
    harden(conn)
    return conn


def harden(conn: sqlite3.Connection) -> None:
    """Distrust the file's schema: no functions with side effects in it, defensive mode on."""
    conn.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    flag = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and flag is not None:
        setconfig(flag, True)


def identify(path: Path) -> int:
    """The schema version of a qcode project file, refusing anything else (file left as is)."""
    return _inspect(path, shape=False)


def _versions(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(
            f"{path}: not a qcode project (not an SQLite database: {exc})"
        ) from exc
    return app_id, version


def _inspect(path: Path, *, shape: bool) -> int:
    path = Path(path)
    if not path.exists():
        raise ProjectFileError(f"{path}: no such project file")
    if path.is_dir():
        raise ProjectFileError(f"{path}: is a folder, not a qcode project file")
    from qcode.store import schema  # SQLAlchemy: not for callers that only need `uri`

    conn = _ro_connect(path)
    try:
        version = schema.check_versions(path, *_versions(conn, path))
        if shape:
            check_shape(conn, path, version)
    finally:
        conn.close()
    return version


def _table_shape(conn: sqlite3.Connection, table: str) -> TableShape:
    quoted = '"' + table.replace('"', '""') + '"'
    columns = tuple(
        (str(r[1]), (str(r[2]).upper(), int(r[3]), int(r[5]), int(r[6])))
        for r in conn.execute(f"PRAGMA table_xinfo({quoted})")
    )
    indexes = []
    for r in conn.execute(f"PRAGMA index_list({quoted})"):
        name, unique, origin, partial = str(r[1]), int(r[2]), str(r[3]), int(r[4])
        iq = '"' + name.replace('"', '""') + '"'
        cols = tuple(str(c[2]) for c in conn.execute(f"PRAGMA index_info({iq})"))
        if origin != "c":  # automatic indexes are named by position, not by qcode
            name = f"<{origin}:{','.join(cols)}>"
        indexes.append((name, (unique, origin, partial, cols)))
    fks = tuple(
        sorted(
            (str(r[2]), str(r[3]), str(r[4]), str(r[6]).upper())
            for r in conn.execute(f"PRAGMA foreign_key_list({quoted})")
        )
    )
    return TableShape(tuple(sorted(columns)), tuple(sorted(indexes)), fks)


def read_shape(conn: sqlite3.Connection, path: Path) -> Shape:
    """The tables of an open file; refuses views, triggers, virtual and foreign objects."""
    shape: Shape = {}
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, _tbl, sql in objects:
        if kind == "table":
            if name.startswith("sqlite_") and name in ALLOWED_INTERNAL:
                continue
            if not str(sql or "").lstrip().upper().startswith("CREATE TABLE"):
                raise ProjectFileError(f"{path}: refused: table {name!r} is not a plain table")
        elif kind == "index":
            continue
        else:
            raise ProjectFileError(
                f"{path}: refused: the file holds a {kind} {name!r}, which qcode never writes"
            )
    for kind, name, _tbl, _sql in objects:
        if kind == "table" and name not in ALLOWED_INTERNAL:
            shape[str(name)] = _table_shape(conn, str(name))
    return shape


def _shape_of_script(script: str) -> Shape:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(script)
        return read_shape(conn, Path(":memory:"))
    finally:
        conn.close()


@lru_cache(maxsize=8)
def expected_shapes(version: int) -> tuple[Shape, ...]:
    """The shapes qcode writes for a schema version: created fresh, or migrated from 1."""
    from sqlalchemy import create_engine

    from qcode.store import schema
    from qcode.store.models import Base

    shapes: list[Shape] = []
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT 1")
            for statement in _split(schema.schema_v1_sql()):
                conn.exec_driver_sql(statement)
            for target in range(2, version + 1):
                schema.MIGRATIONS[target](conn)
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            shapes.append(read_shape(raw, Path(":memory:")))
        if version == schema.SCHEMA_VERSION:
            fresh = create_engine("sqlite://")
            try:
                with fresh.begin() as conn:
                    Base.metadata.create_all(conn)
                    raw = conn.connection.dbapi_connection
                    assert isinstance(raw, sqlite3.Connection)
                    shapes.append(read_shape(raw, Path(":memory:")))
            finally:
                fresh.dispose()
    finally:
        engine.dispose()
    return tuple(shapes)


def _split(script: str) -> list[str]:
    lines = [ln for ln in script.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _difference(path: Path, found: Shape, expected: Shape) -> str:
    for name in sorted(found):
        if name not in expected:
            return f"unknown table {name!r}"
    for name in sorted(expected):
        if name not in found:
            return f"table {name!r} is missing"
    for name in sorted(expected):
        want, got = expected[name], found[name]
        want_cols, got_cols = dict(want.columns), dict(got.columns)
        for col in got_cols:
            if col not in want_cols:
                return f"unknown column {name}.{col}"
        for col, spec in want_cols.items():
            if col not in got_cols:
                return f"column {name}.{col} is missing"
            if got_cols[col] != spec:
                return f"column {name}.{col} is not as qcode writes it"
        if got.indexes != want.indexes:
            extra = sorted(set(dict(got.indexes)) ^ set(dict(want.indexes)))
            which = f" ({', '.join(extra)})" if extra else ""
            return f"the indexes of table {name!r} are not as qcode writes them{which}"
        if got.foreign_keys != want.foreign_keys:
            return f"the foreign keys of table {name!r} are not as qcode writes them"
    return ""


def check_shape(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a file whose schema is not exactly what qcode writes for `version`."""
    try:
        found = read_shape(conn, path)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{path}: refused: its schema cannot be read ({exc})") from exc
    reasons = []
    for expected in expected_shapes(version):
        reason = _difference(path, found, expected)
        if not reason:
            return
        reasons.append(reason)
    raise ProjectFileError(f"{path}: refused: {reasons[0]} (not a file qcode wrote)")


def check_file(path: Path) -> int:
    """Identify the file and check its whole schema, changing nothing; returns its version."""
    return _inspect(path, shape=True)
