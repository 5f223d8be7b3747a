"""What other processes changed in a project file: SQLite's data version and per-row stamps."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from qcode.store.models import Code, Coding, Document
from qcode.store.project import Project

#: The tables whose rows an undoable action may touch, by the name undo commands use.
TABLES: dict[str, type[Code] | type[Coding] | type[Document]] = {
    "code": Code,
    "coding": Coding,
    "document": Document,
}

#: A row as it was: (updated_at, deleted); None when the row does not exist.
Stamp = tuple[datetime, bool] | None

#: How long a look at the file may wait for a writer before it tries again later (seconds).
LOOK_TIMEOUT = 0.2

_CHUNK = 500
#: Past this many rows, one scan of the table beats looking each up (42,000 codings: 85
#: lookups of 500 took ~1 s on the GUI thread at every undo of a code all hits, at 8x).
_SCAN = 5000


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
    """The current stamp of each (table, uuid) asked for; a missing row stamps as None."""
    stamps: dict[tuple[str, str], Stamp] = {}
    with project.read() as s:
        for table, uuids in rows.items():
            model = TABLES[table]
            keep = set(uuids)
            if len(keep) > _SCAN:  # thousands (code all hits): one pass over the table
                found: dict[str, Stamp] = {}
                every = select(model.uuid, model.updated_at, model.deleted)
                for uuid, updated_at, deleted in s.execute(every):
                    if uuid in keep:
                        found[uuid] = (updated_at, bool(deleted))
                stamps.update(((table, key), found.get(key)) for key in keep)
                continue
            wanted = sorted(keep)
            for key in wanted:
                stamps[(table, key)] = None
            for k in range(0, len(wanted), _CHUNK):
                chunk = wanted[k : k + _CHUNK]
                query = select(model.uuid, model.updated_at, model.deleted).where(
                    model.uuid.in_(chunk)
                )
                for uuid, updated_at, deleted in s.execute(query):
                    stamps[(table, uuid)] = (updated_at, bool(deleted))
    return stamps


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
