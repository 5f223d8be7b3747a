"""What other processes changed in a project file: SQLite's data version and per-row stamps."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from qcode.store.models import Code, Coding, Document
from qcode.store.project import Project

#: The tables whose rows an undoable action may touch, by the name undo commands use.
TABLES: dict[str, type[Code] | type[Coding] | type[Document]] = {
    "code": Code,
    "coding": Coding,
    "document": Document,
}

#: A row as it was: (updated_at as stored, deleted); None when the row does not exist.
Stamp = tuple[str, bool] | None

#: How long a look at the file may wait for a writer before it tries again later (seconds).
LOOK_TIMEOUT = 0.2
#: Stamps of at least this many rows, more than 1/_SHARE of a table, are read by one scan of
#: the table (42,000 of 44,000 codings at 8x: 40-95 ms scanned, 130-270 ms looked up).
_FEW = 1000
_SHARE = 4



@dataclass(frozen=True)
class Look:
    """One look at the file: whether anyone committed since the last look, and the change log."""

    changed: bool
    #: Change-log entries added since the previous look, and the highest change-log id now.
    new_entries: int = 0
    last_entry: int = 0
    #: The log went backwards (the file was replaced by an older copy, e.g. a restore).
    rewound: bool = False
    #: The `entity` of each new change-log entry ("coding", "code", "document", …).
    entities: frozenset[str] = frozenset()


class FileWatch:
    """A dedicated read-only connection to the project file, for `PRAGMA data_version`.

    SQLite changes that number on this connection whenever *another* connection (in this
    process or any other) commits, so one cheap query per tick tells whether to look closer.
    The file is only ever opened through SQLite.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            uri, uri=True, timeout=LOOK_TIMEOUT, check_same_thread=False, isolation_level=None
        )
        self._version = self._data_version()
        self._last_entry = self._max_entry()

    def _data_version(self) -> int:
        assert self._conn is not None
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def _max_entry(self) -> int:
        assert self._conn is not None
        row = self._conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()
        return int(row[0])

    def look(self) -> Look:
        """Whether the file changed since the last look; a busy file counts as unchanged
        (the next look sees it)."""
        if self._conn is None:
            return Look(False)
        try:
            version = self._data_version()
            if version == self._version:
                return Look(False)
            last = self._max_entry()
            rows = self._conn.execute(
                "SELECT entity, count(*) FROM change_log WHERE id > ? GROUP BY entity",
                (self._last_entry,),
            ).fetchall()
        except sqlite3.OperationalError:
            return Look(False)
        rewound = last < self._last_entry
        entries = sum(int(n) for _entity, n in rows)
        look = Look(True, entries, last, rewound, frozenset(str(e) for e, _n in rows))
        self._version, self._last_entry = version, last
        return look

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def row_stamps(project: Project, rows: Mapping[str, Iterable[str]]) -> dict[tuple[str, str], Stamp]:
    """The current stamp of each (table, uuid) asked for; a missing row stamps as None.

    Stamps are read as SQLite holds them (the timestamp's text, not parsed: they are only
    compared), by one statement per table that joins the UUIDs, sent as one JSON array, to
    the table's UUID index: 42,000 rows (the undo of a code all hits at 8x) in one pass of C,
    where lookups of 500 at a time through SQLAlchemy took about a second."""
    stamps: dict[tuple[str, str], Stamp] = {}
    with project.read() as s:
        raw = s.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        for table, uuids in rows.items():
            keep = set(uuids)
            if not keep:
                continue
            name = str(TABLES[table].__tablename__)
            if _most_of(raw, name, len(keep)):  # one pass in the table's order, filtered here
                every = raw.execute(f'SELECT uuid, updated_at, deleted FROM "{name}"')
                found = {u: (str(at), bool(d)) for u, at, d in every.fetchall() if u in keep}
            else:  # the rows found by the UUID index, then read in the table's order
                query = (
                    f'SELECT uuid, updated_at, deleted FROM "{name}" WHERE rowid IN '
                    f'(SELECT t.rowid FROM json_each(?) AS u JOIN "{name}" AS t '
                    "ON t.uuid = u.value)"
                )
                hits = raw.execute(query, (json.dumps(sorted(keep)),)).fetchall()
                found = {u: (str(at), bool(d)) for u, at, d in hits}
            stamps.update({(table, key): found.get(key) for key in keep})
    return stamps


def _most_of(raw: sqlite3.Connection, table: str, wanted: int) -> bool:
    """Whether `wanted` rows are a large part of `table` (its highest rowid: no count)."""
    if wanted < _FEW:
        return False
    top = raw.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    return wanted * _SHARE > int(top or 0)


def is_busy(exc: BaseException) -> bool:
    """An SQLite "database is locked/busy" error, raw or wrapped by SQLAlchemy."""
    inner = getattr(exc, "orig", None) or exc
    if not isinstance(inner, sqlite3.OperationalError):
        return False
    text = str(inner).lower()
    return "locked" in text or "busy" in text


BUSY_MESSAGE = (
    "The project file is busy: another program (perhaps a qcode command) is writing to it. "
    "Nothing was changed; try again when it has finished."
)
