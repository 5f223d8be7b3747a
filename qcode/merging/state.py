"""The mergeable content of one project file, read into plain dictionaries."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, DateTime, Engine
from sqlalchemy.orm import Session

from qcode.errors import ProjectFileError
from qcode.integrity import values as v
from qcode.store import (
    Attribute,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    ProjectRow,
    Pseudonym,
)
from qcode.store.door import check_file, harden, uri
from qcode.store.engine import open_checked
from qcode.store.models import Base

Row = dict[str, Any]

#: Mergeable tables in the order rows are written (referenced tables first).
ENTITIES: tuple[tuple[str, type[Base]], ...] = (
    ("coder", Coder),
    ("document", Document),
    ("code", Code),
    ("attribute", Attribute),
    ("coding", Coding),
    ("memo", Memo),
    ("pseudonym", Pseudonym),
)
MODELS: dict[str, type[Base]] = dict(ENTITIES)
#: Columns holding a timestamp. A row keeps it as the text SQLAlchemy stores
#: ("YYYY-MM-DD HH:MM:SS.ffffff", naive UTC), which sorts as the times do: a merge compares
#: 100,000s of them and writes them back, and parsing and formatting each cost a third of it.
DATES: frozenset[str] = frozenset(
    c.name for _e, m in ENTITIES for c in m.__table__.columns if isinstance(c.type, DateTime)
)

#: Project settings keys the merge owns: code aliases, codes lifted out of a cycle of moves,
#: and the clone's base time.
ALIASES_KEY = "merge.code_aliases"
LIFTED_KEY = "merge.code_lifted"
BASE_KEY = "merge.base"


@dataclass
class State:
    """Every mergeable row of a project (document rows without their text), keyed by UUID."""

    path: Path
    rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    #: Code UUIDs folded into another code (loser -> winner), kept so later merges map them.
    aliases: dict[str, str] = field(default_factory=dict)
    #: Codes a merge lifted to the top level to break a cycle of moves: UUID -> (the parent
    #: their latest version really has, that version's `updated_at` in ISO format). While the
    #: code is not edited again, later merges combine its real version, not the lifted one.
    lifted: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: For each document: (file, UUID there) holding its text and segments.
    origin: dict[str, tuple[Path, str]] = field(default_factory=dict)
    #: For each document: a digest of its speaker turns (segment bounds and speakers), so that
    #: a merge can say when two files turn the same text into different turns.
    turns: dict[str, str] = field(default_factory=dict)
    #: When this file was handed out by `qcode clone` (None if unknown).
    base: datetime | None = None
    #: The project UUID and name (for reports).
    project_uuid: str = ""
    project_name: str = ""


def columns(entity: str) -> list[str]:
    """The stored columns of an entity, except a document's text."""
    names = [c.name for c in MODELS[entity].__table__.columns]
    return [n for n in names if not (entity == "document" and n == "text")]


def resolve(aliases: dict[str, str], uuid: str) -> str:
    """Follow a chain of aliases to the surviving UUID."""
    seen = {uuid}
    while uuid in aliases:
        uuid = aliases[uuid]
        if uuid in seen:
            break
        seen.add(uuid)
    return uuid


def stamp_text(value: Any) -> str:
    """A timestamp as stored by qcode ("YYYY-MM-DD HH:MM:SS.ffffff"), whichever way the file
    spells it; ValueError if it is not one (a naive time)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a timestamp")
    when = datetime.fromisoformat(value)
    if when.tzinfo is not None:
        raise ValueError(f"{value!r} is not a timestamp of qcode's (it has a time zone)")
    return when.isoformat(sep=" ", timespec="microseconds")


def stamp_time(value: str | datetime) -> datetime:
    """The time of a stored timestamp (see `stamp_text`)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def read_state(
    session: Session,
    path: Path,
    origin: Path | None = None,
    fetched: Mapping[str, tuple[Sequence[str], Sequence[tuple[Any, ...]]]] | None = None,
) -> State:
    """All mergeable rows of the open file `path` (read from its copy `origin` if given).

    `fetched` holds rows already read from that file (table -> column names, value tuples),
    as the row check reads them: those tables are not read again.
    """
    state = State(path=path)
    conn = session.connection()
    for entity, _model in ENTITIES:
        have = (fetched or {}).get(entity)
        if have is not None and set(columns(entity)) <= set(have[0]):
            state.rows[entity] = _to_rows(entity, have[0], have[1], path)
        else:
            state.rows[entity] = _read_rows(conn, entity, path)
    for uuid in state.rows["document"]:
        state.origin[uuid] = (origin or path, uuid)
    state.turns = _turns(conn)
    project = session.get(ProjectRow, 1)
    if project is None:
        raise ProjectFileError(f"{path}: damaged qcode project (no project row)")
    state.project_uuid, state.project_name = project.uuid, project.name
    settings = _settings(project.settings)
    aliases = settings.get(ALIASES_KEY, {})
    if isinstance(aliases, dict):
        state.aliases = {str(k): str(v) for k, v in aliases.items()}
    lifted = settings.get(LIFTED_KEY, {})
    if isinstance(lifted, dict):
        state.lifted = {
            str(k): (str(v[0]), str(v[1]))
            for k, v in lifted.items()
            if isinstance(v, list) and len(v) == 2
        }
    base = settings.get(BASE_KEY)
    if isinstance(base, str):
        try:
            state.base = datetime.fromisoformat(base)
        except ValueError:
            state.base = None
    return state


def _turns(conn: Connection) -> dict[str, str]:
    """Each document's digest of its segments' bounds and speakers, in text order (the scan
    of the index on (document, start) hands each document's segments over in that order)."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute(
            "SELECT document_uuid,"
            " group_concat(start || ',' || \"end\" || ',' || ifnull(speaker, ''), char(31))"
            " FROM segment INDEXED BY ix_segment_document_start GROUP BY document_uuid"
        )
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return {str(doc): hashlib.sha1(str(turns).encode()).hexdigest() for doc, turns in rows}


def _read_rows(conn: Connection, entity: str, path: Path) -> dict[str, Row]:
    """Rows as plain dicts, read through the driver (much faster than ORM rows for 100,000s)."""
    names = columns(entity)
    sql = f"SELECT {', '.join(f'{n!r}'.replace(chr(39), chr(34)) for n in names)} FROM {entity}"
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql)
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    return _to_rows(entity, names, fetched, path)


def _to_rows(
    entity: str, names: Sequence[str], fetched: Sequence[tuple[Any, ...]], path: Path
) -> dict[str, Row]:
    """Value tuples (columns `names`, maybe more than the entity's) as rows keyed by UUID:
    timestamps as stored text, flags as bools. Column by column, so that the loops run in C."""
    if not fetched:
        return {}
    table = MODELS[entity].__table__
    wanted = columns(entity)
    position = {n: i for i, n in enumerate(names)}
    every = list(zip(*fetched, strict=True))
    picked: list[Sequence[Any]] = [every[position[n]] for n in wanted]
    keys = picked[wanted.index("uuid")]
    for i, name in enumerate(wanted):
        column = picked[i]
        if name in DATES and not (
            v.column_matches(v.STORED_RE, column) and v.days_valid(column)
        ):
            pairs = zip(column, keys, strict=True)
            picked[i] = [_stamp(x, path, entity, key, name) for x, key in pairs]
        elif isinstance(table.c[name].type, Boolean):
            picked[i] = list(map(bool, column))
    rows = map(dict, map(zip, repeat(wanted), zip(*picked, strict=True)))
    return dict(zip(keys, rows, strict=True))


def _stamp(value: Any, path: Path, entity: str, key: str, name: str) -> str:
    try:
        return stamp_text(value)
    except ValueError as exc:
        raise ProjectFileError(f"{path}: {entity} {key}: {name}: {exc}") from exc


def _settings(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def open_engine(path: Path, *, source: bool = False) -> Engine:
    """An engine on a project file through the store's door (identity, version and schema
    checked, then migrated), without adding a coder to it. With `source` (a coder's file),
    every statement is bounded in time."""
    engine, _warning = open_checked(path, source=source)
    return engine


def copy_database(source: Path, out: Path, *, durable: bool = True) -> None:
    """A consistent copy of an SQLite file (WAL content included) via the backup API.

    `durable=False` skips syncing to disk, for private temporary copies.
    """
    check_file(source)
    src = _connect_for_reading(source)
    try:
        dst = sqlite3.connect(out)
        if not durable:
            dst.execute("PRAGMA synchronous = OFF")
        try:
            src.backup(dst)
        except sqlite3.DatabaseError as exc:
            raise ProjectFileError(f"{source}: cannot be copied ({exc})") from exc
        finally:
            dst.close()
    finally:
        src.close()


def _connect_for_reading(source: Path) -> sqlite3.Connection:
    """A connection that only reads. Opened read-write where allowed, so that closing it
    checkpoints the WAL and leaves no -wal/-shm files beside a coder's file; read-only where
    the file or its folder cannot be written."""
    try:
        conn = sqlite3.connect(uri(source, "rw"), uri=True)
        harden(conn)
        return conn
    except sqlite3.Error:
        pass
    try:
        conn = sqlite3.connect(uri(source, "ro"), uri=True)
        harden(conn)
        return conn
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{source}: cannot be read ({exc})") from exc
