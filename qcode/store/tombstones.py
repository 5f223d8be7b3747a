"""Soft deletion: rows are tombstoned (deleted=True) so that merges can carry deletions."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, bindparam, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from qcode.store.models import Mutable

_CHUNK = 500
#: SQLite's page cache during a large tombstoning, in KiB as PRAGMA cache_size takes it
#: negative: the 2 MiB default spilled dirty pages of 42,000 rows and their indexes mid-way.
_CACHE = -65536


def tombstone(
    session: Session,
    model: type[Mutable],
    uuids: Sequence[str],
    stamp: datetime,
    coder_uuid: str | None,
    *,
    deleted: bool = True,
) -> int:
    """Mark rows of `model` deleted (with deleted=False: alive again) in the caller's session;
    returns how many rows exist among `uuids` (each is stamped, changed or not)."""
    if len(uuids) > _CHUNK:
        return _many(session, model, uuids, stamp, coder_uuid, deleted)
    column = model.uuid  # type: ignore[attr-defined]
    result = session.execute(
        update(model)
        .where(column.in_(list(uuids)))
        .values(deleted=deleted, updated_at=stamp, updated_by=coder_uuid)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def stored(stamp: datetime) -> str:
    """A timestamp as the project file holds it (as `external.row_stamps` reads it back)."""
    process = _to_text()
    return str(process(stamp) if process is not None else stamp)


@functools.cache
def _to_text() -> Any:
    # the dialect's own DATETIME (always with microseconds): the generic type has no
    # processor, and str() drops ".000000" from a stamp on a whole second
    dialect = sqlite.dialect()
    return DateTime().dialect_impl(dialect).bind_processor(dialect)


def _many(
    session: Session,
    model: type[Mutable],
    uuids: Sequence[str],
    stamp: datetime,
    coder_uuid: str | None,
    deleted: bool,
) -> int:
    """Thousands of rows (the undo of a code all hits: 42,000 at 8x) in one UPDATE, in the
    table's own row order: the UUIDs go to SQLite as one JSON array, the rows are found by a
    join and changed by rowid, so that SQLite walks the table and its indexes forward instead
    of in UUID order (85 statements of 500 UUIDs cost about twice as much)."""
    table = str(model.__tablename__)  # type: ignore[attr-defined]
    statement = text(
        f'UPDATE "{table}" SET deleted = :deleted, updated_at = :stamp, updated_by = :coder '
        f'WHERE rowid IN (SELECT t.rowid FROM json_each(:uuids) AS u JOIN "{table}" AS t '
        "ON t.uuid = u.value ORDER BY t.rowid)"
    ).bindparams(bindparam("stamp", type_=DateTime()))
    values = {"deleted": deleted, "stamp": stamp, "coder": coder_uuid}
    conn = session.connection()
    pragma = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = {_CACHE}")  # no spilling of dirty pages
    try:
        result = conn.execute(statement, {**values, "uuids": json.dumps(list(uuids))})
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(pragma)}")
    return int(result.rowcount)
