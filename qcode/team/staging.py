"""Pulled rows staged in a private SQLite file: checked as an untrusted file is, then merged."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.orm import Session

from qcode.integrity import values as v
from qcode.integrity.bookkeeping import foreign_alias_problems
from qcode.integrity.files import connect_checked
from qcode.integrity.rows import check_connection
from qcode.merging.combine import code_path
from qcode.merging.state import ENTITIES, Row, State
from qcode.store.models import Base, Document, ProjectRow
from qcode.team.server import Pulled
from qcode.team.times import stored

#: How many problems a refused pull lists.
SHOWN = 20


class PulledRowsError(Exception):
    """Rows from the team database that fail the checks a project file must pass."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons[:SHOWN]))


def stage(path: Path, local: Engine, current: State, pulled: Pulled) -> Engine:
    """Write the pulled rows (with the local rows they refer to) into a new SQLite file at
    `path`, check every row there as `qcode check` does, and return an engine on it; its
    documents and segments are where the merge takes new texts from.

    Raises PulledRowsError listing the rows that fail.
    """
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _private)
    with engine.begin() as conn:
        _LAYOUT.create_all(conn)
        conn.execute(insert(ProjectRow), [{
            "id": 1, "uuid": current.project_uuid, "name": current.project_name or "team",
            "settings": "{}"}])
        for entity, _model in ENTITIES:
            rows = list(pulled.rows[entity].values())
            if entity == "document":
                rows = _with_texts(local, rows, pulled.texts)
            # Codes and coders (small tables) come whole, for the tree and the references.
            if entity in ("code", "coder"):
                rows += [r for u, r in current.rows[entity].items()
                         if u not in pulled.rows[entity]]
            if entity == "document":
                rows += _referenced_documents(local, current, pulled)
            _insert(conn, entity, rows)
        _insert(conn, "segment", pulled.segments)
    reasons = _check(path) + _alias_problems(current, pulled)
    if reasons:
        engine.dispose()
        raise PulledRowsError(reasons)
    return engine


def _layout() -> MetaData:
    """The project file's tables without their uniqueness beyond the key: the server may hold
    two laptops' attributes for one (document, key), each checked here, folded by the merge."""
    out = MetaData()
    for table in Base.metadata.sorted_tables:
        copy = table.to_metadata(out)
        for constraint in list(copy.constraints):
            if isinstance(constraint, UniqueConstraint):
                copy.constraints.discard(constraint)
    return out


_LAYOUT = _layout()


def _insert(conn: Connection, table: str, rows: list[Row]) -> None:
    """Rows as SQLite stores them, through the driver (50,000 rows in well under a second)."""
    if not rows:
        return
    names = list(rows[0])
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({cols}) VALUES ({marks})",
        [tuple(stored(r[n]) for n in names) for r in rows],
    )


def _private(dbapi: Any, _record: Any) -> None:
    """A private scratch file: no journal to sync (it is thrown away after the sync)."""
    dbapi.execute("PRAGMA synchronous = OFF")
    dbapi.execute("PRAGMA journal_mode = MEMORY")


def _with_texts(local: Engine, rows: list[Row], texts: dict[str, str]) -> list[Row]:
    """Pulled documents with their texts: from the server for new ones, else the laptop's (a
    pulled row must describe the text the laptop holds: its SHA-256 is checked against it)."""
    known = [r["uuid"] for r in rows if r["uuid"] not in texts]
    mine = _local_texts(local, known)
    out: list[Row] = []
    for row in rows:
        body = texts.get(row["uuid"], mine.get(row["uuid"]))
        out.append({**row, "text": body if body is not None else ""})
    return out


def _local_texts(local: Engine, uuids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    with Session(local) as s:
        for i in range(0, len(uuids), 500):
            found.update(s.execute(select(Document.uuid, Document.text)
                                   .where(Document.uuid.in_(uuids[i : i + 500]))).all())
    return found


def _referenced_documents(local: Engine, current: State, pulled: Pulled) -> list[Row]:
    """The laptop's documents that pulled codings and attributes point into (for lengths)."""
    wanted: set[str] = set()
    for entity in ("coding", "attribute"):
        wanted.update(r["document_uuid"] for r in pulled.rows[entity].values())
    wanted = {u for u in wanted if u in current.rows["document"]
              and u not in pulled.rows["document"]}
    texts = _local_texts(local, sorted(wanted))
    return [{**current.rows["document"][u], "text": texts[u]} for u in sorted(wanted)]


def _check(path: Path) -> list[str]:
    conn: sqlite3.Connection = connect_checked(path)
    try:
        result = check_connection(conn)
    finally:
        conn.close()
    return [p.describe() for p in result.problems]


def _alias_problems(current: State, pulled: Pulled) -> list[str]:
    """Code folds from the server must be well formed and believable, as a file's are."""
    out: list[str] = []
    for loser, winner in sorted(pulled.aliases.items()):
        why = v.uuid_problem(loser) or v.uuid_problem(winner)
        if why:
            out.append(f"code fold {loser!r} -> {winner!r}: {why}")
    # The server keeps folded codes' rows (every laptop folds them alike): leave them out.
    theirs = {u: r for u, r in {**current.rows["code"], **pulled.rows["code"]}.items()
              if u not in pulled.aliases}
    bad = foreign_alias_problems(current.rows["code"], theirs, pulled.aliases, code_path)
    out += [f"code fold {old}: {why}" for old, why in sorted(bad.items())]
    return out


def server_state(path: Path, current: State, pulled: Pulled) -> State:
    """The pulled rows as a State to combine with the laptop's (texts in the staging file)."""
    state = State(path=path, project_uuid=current.project_uuid,
                  project_name=current.project_name)
    for entity, _model in ENTITIES:
        state.rows[entity] = dict(pulled.rows[entity])
    state.aliases = dict(pulled.aliases)
    state.origin = {u: (path, u) for u in pulled.rows["document"]}
    return state
