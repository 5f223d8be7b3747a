"""The open index of a project: a connection to its index file, refreshed when stale.

Opening it reads nothing in proportion to the corpus: every search asks the index file for what
it needs (rows of the hits shown, words of a pattern, forms of a stem), and the project file only
for the names of the documents it shows and the attributes a query names.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qcode.search import cache, freshness
from qcode.search.analysis import value_keys
from qcode.search.buildlock import IndexBusyError, index_write_lock
from qcode.search.schema import INDEX_SCHEMA_VERSION, QUERY_FIELDS, attribute_alias, attribute_field
from qcode.search.store import Meta, index_dir, read_meta
from qcode.store.door import uri

if TYPE_CHECKING:  # the ORM (SQLAlchemy): loaded only where an index is built or brought up to date
    from qcode.search.indexer import Cancel, IndexStatus, Progress
    from qcode.store import Change, Project

_LOCK = threading.RLock()
_OPEN: dict[Path, LiveIndex] = {}
_CHUNK = 500


@dataclasses.dataclass(frozen=True, slots=True)
class SegmentRow:
    """A segment as a hit shows it (read from the index file for the hits shown only)."""

    rowid: int
    id: int
    document_uuid: str
    ordinal: int
    start: int
    end: int
    speaker: str
    text: str


class LiveIndex:
    """An open index file plus the small lookups every search needs (documents, attributes),
    which it reads from the project file with SQLite alone (no ORM)."""

    def __init__(self, path: Path, folder: Path, state: str) -> None:
        #: the project file
        self.path = path
        self.folder = folder
        # `freshness.quick_key` of the project when this was opened
        self.state = state
        self.lock = threading.RLock()
        self.db: sqlite3.Connection = cache.connect(folder)
        try:
            #: document number in the index -> (UUID, kind): one row per document
            self.doc_of: dict[int, tuple[str, str]] = {
                n: (u, k) for n, u, k in self.db.execute("SELECT id, uuid, kind FROM doc")
            }
        except BaseException:
            self.close()
            raise
        self.number_of = {uuid: n for n, (uuid, _kind) in self.doc_of.items()}
        self._names: dict[str, str] = {}
        self._attributes: tuple[dict[str, str], dict[str, dict[str, set[str]]]] | None = None
        self._forms: dict[str, list[str]] = {}
        self._speakers: list[tuple[str, list[str]]] | None = None
        self._rank: dict[int, int] | None = None
        self._project_db: sqlite3.Connection | None = None
        #: `file_version()` when the quick key was last found unchanged (-1: not yet)
        self.version = -1

    @property
    def project_db(self) -> sqlite3.Connection:
        """A read-only connection of this index's own to the project file (under `lock`)."""
        if self._project_db is None:
            self._project_db = read_only(self.path)
        return self._project_db

    def file_version(self) -> int:
        """SQLite's `data_version` of the project file, read on the index's own connection:
        it changes whenever any other connection, of this process or another, commits
        (a restore through the backup API included). While it stays the same, the file is the
        one the quick key was last checked against."""
        with self.lock:
            return int(self.project_db.execute("PRAGMA data_version").fetchone()[0])

    # -- documents ---------------------------------------------------------------------------

    def names(self, uuids: Iterable[str]) -> dict[str, str]:
        """Names of these documents (read from the project once per open index)."""
        asked = list(uuids)
        wanted = [u for u in asked if u not in self._names]
        with self.lock:
            for uuid, name in _among(
                self.project_db, "SELECT uuid, name FROM document WHERE uuid IN ({})", wanted
            ):
                self._names[uuid] = name
        return {u: self._names.get(u, "") for u in asked}

    def document_sort_key(self, uuid: str) -> tuple[str, str]:
        name = self.names([uuid])[uuid]
        return (name.casefold(), uuid)

    def order_key(self, rowid: int) -> tuple[int, int]:
        """Sort key putting segments in document order (by document name, then text order)."""
        if self._rank is None:
            names = self.names(u for u, _k in self.doc_of.values())
            ordered = sorted(
                self.doc_of, key=lambda n: (names[self.doc_of[n][0]].casefold(), self.doc_of[n][0])
            )
            self._rank = {n: i for i, n in enumerate(ordered)}
        return (self._rank.get(rowid >> cache.SHIFT, -1), rowid & cache.MASK)

    def numbers_of(self, uuids: Iterable[str]) -> frozenset[int]:
        """Index numbers of these documents (those not in the index left out)."""
        get = self.number_of.get
        return frozenset(n for n in map(get, uuids) if n is not None)

    def numbers_of_kinds(self, kinds: frozenset[str]) -> frozenset[int]:
        return frozenset(n for n, (_u, kind) in self.doc_of.items() if kind in kinds)

    # -- attributes and speakers -------------------------------------------------------------

    def _read_attributes(self) -> tuple[dict[str, str], dict[str, dict[str, set[str]]]]:
        if self._attributes is None:
            aliases: dict[str, str] = {}
            #: attribute field -> value word (or whole value) -> documents with it
            docs: dict[str, dict[str, set[str]]] = {}
            with self.lock:
                rows = self.project_db.execute(
                    "SELECT document_uuid, key, value FROM attribute WHERE deleted = 0"
                ).fetchall()
            for doc, key, value in rows:
                alias = attribute_alias(key)
                if doc not in self.number_of or not alias or alias in QUERY_FIELDS or not value:
                    continue
                field = aliases.setdefault(alias, attribute_field(key))
                values = docs.setdefault(field, {})
                for key in value_keys(value):
                    values.setdefault(key, set()).add(doc)
            self._attributes = (aliases, docs)
        return self._attributes

    @property
    def aliases(self) -> dict[str, str]:
        return self._read_attributes()[0]

    @property
    def attribute_docs(self) -> dict[str, dict[str, set[str]]]:
        return self._read_attributes()[1]

    def rows_of_speakers(self, wanted: Callable[[list[str]], bool]) -> frozenset[int]:
        """Row ids of the segments of every speaker whose name's words `wanted` accepts."""
        if self._speakers is None:
            with self.lock:
                names = [n for (n,) in self.db.execute("SELECT name FROM speaker")]
            self._speakers = [(name, sorted(set(value_keys(name)))) for name in names]
        chosen = [name for name, keys in self._speakers if name and wanted(keys)]
        out: set[int] = set()
        with self.lock:
            out.update(
                r for (r,) in _among(self.db, "SELECT id FROM seg WHERE speaker IN ({})", chosen)
            )
        return frozenset(out)

    # -- words -------------------------------------------------------------------------------

    def expand(self, pattern: str) -> set[str]:
        """Words of the corpus matching a wildcard pattern (`*` any run, `?` one character)."""
        from qcode.search.query import matching

        head = pattern.split("*", 1)[0].split("?", 1)[0]
        with self.lock:
            if head:
                rows = self.db.execute(
                    "SELECT word FROM vocab WHERE word >= ? AND word < ?", (head, head + "\uffff")
                )
            else:
                rows = self.db.execute("SELECT word FROM vocab")
            return matching([w for (w,) in rows], pattern)

    def forms(self, stem: str) -> list[str]:
        """Every word of the corpus with this stem (`group` -> group, groups, grouped)."""
        found = self._forms.get(stem)
        if found is None:
            if len(self._forms) > 10_000:
                self._forms.clear()
            with self.lock:
                found = [
                    w for (w,) in self.db.execute("SELECT word FROM vocab WHERE stem = ?", (stem,))
                ]
            self._forms[stem] = found
        return found

    def forms_of(self, stems: Iterable[str]) -> set[str]:
        return {w for s in stems for w in self.forms(s)}

    def fuzzy_stems(self, text: str, maxdist: int, prefix: int) -> set[str]:
        """Stems of the corpus within `maxdist` edits of `text` that share its first `prefix`
        characters (Whoosh's fuzzy terms)."""
        head = text[:prefix]
        with self.lock:
            if head:
                rows = self.db.execute(
                    "SELECT DISTINCT stem FROM vocab WHERE stem >= ? AND stem < ?",
                    (head, head + "\uffff"),
                )
            else:
                rows = self.db.execute("SELECT DISTINCT stem FROM vocab")
            stems = [s for (s,) in rows]
        return {
            s for s in stems if abs(len(s) - len(text)) <= maxdist and _within(s, text, maxdist)
        }

    def stems_between(self, start: str, end: str, startexcl: bool, endexcl: bool) -> set[str]:
        with self.lock:
            rows = self.db.execute(
                "SELECT DISTINCT stem FROM vocab WHERE stem BETWEEN ? AND ?", (start, end)
            )
            found = {s for (s,) in rows}
        if startexcl:
            found.discard(start)
        if endexcl:
            found.discard(end)
        return found

    # -- rows --------------------------------------------------------------------------------

    def rows(self, rowids: list[int]) -> dict[int, SegmentRow]:
        """The segments of these row ids, with their text."""
        out: dict[int, SegmentRow] = {}
        with self.lock:
            for rowid, sid, ordinal, start, stop, speaker, text in _among(
                self.db,
                "SELECT id, sid, ordinal, start, stop, speaker, text FROM seg WHERE id IN ({})",
                rowids,
            ):
                uuid = self.doc_of.get(rowid >> cache.SHIFT, ("", ""))[0]
                out[rowid] = SegmentRow(rowid, sid, uuid, ordinal, start, stop, speaker, text)
        return out

    def rowids_of_segments(self, segment_ids: Iterable[int]) -> frozenset[int]:
        """Row ids of these project segment ids (those not in the index left out)."""
        ids = list(segment_ids)
        out: set[int] = set()
        with self.lock:
            out.update(r for (r,) in _among(self.db, "SELECT id FROM seg WHERE sid IN ({})", ids))
        return frozenset(out)

    def close(self) -> None:
        self.db.close()
        if self._project_db is not None:
            self._project_db.close()

    @property
    def size(self) -> int:
        """Segments in the index."""
        with self.lock:
            return int(self.db.execute("SELECT count(*) FROM seg").fetchone()[0])


def _among(db: sqlite3.Connection, select: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of `select`, whose `IN ({})` takes the values, asked a chunk at a time (SQLite
    bounds the parameters of one statement); the caller holds the lock of `db`."""
    for i in range(0, len(values), _CHUNK):
        part = values[i : i + _CHUNK]
        yield from db.execute(select.format(",".join("?" * len(part))), part)


def _within(a: str, b: str, most: int) -> bool:
    """Whether the Levenshtein distance of two words is at most `most`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a project file, in autocommit (BEGIN and COMMIT by hand)."""
    return sqlite3.connect(uri(path, "ro"), uri=True, check_same_thread=False, isolation_level=None)


def open_current(path: Path) -> LiveIndex | None:
    """The index of a project file opened for searching with SQLite alone, or None when it is
    not known to be current (missing, of another index schema or project, behind the file,
    damaged) or the file is of an older project schema (to be migrated by opening it):
    then the caller opens the project and `open_index` brings the index up to date. Writes
    nothing. The file must be one known sound (the opening scan's verdict for it, remembered).
    """
    folder = index_dir(path)
    meta = read_meta(folder)
    if meta is None or meta.schema != INDEX_SCHEMA_VERSION:
        return None
    try:
        project_db = read_only(path)
    except sqlite3.Error:
        return None
    try:
        project_db.execute("BEGIN")  # one snapshot for the schema, the key and the counter
        try:
            query = project_db.execute
            current = freshness.current_schema(query)
            if current:
                key = freshness.quick_key(query)
                uuid, counter = freshness.identity(query)
        finally:
            project_db.execute("COMMIT")
        if not current or (uuid, counter, key) != (meta.project, meta.counter, meta.quick):
            project_db.close()
            return None
        live = LiveIndex(path, folder, key)
    except sqlite3.Error:
        project_db.close()
        return None
    live._project_db = project_db
    return live


def _status(live: LiveIndex, **extra: Any) -> IndexStatus:
    from qcode.search.indexer import IndexStatus

    return IndexStatus(live.folder, len(live.doc_of), live.size, **extra)


def _forget(folder: Path) -> None:
    old = _OPEN.pop(folder, None)
    if old is not None:
        old.close()


def _open(
    project: Project, progress: Progress | None, force: bool, cancel: Cancel | None = None
) -> tuple[LiveIndex, IndexStatus | None]:
    """The open index, and what was done to bring it up to date (None: it already was)."""
    from qcode.search import corpus, indexer

    folder = index_dir(project)
    live = _OPEN.get(folder)
    key = ""
    if live is not None and not force and folder.exists():
        with live.lock:
            version = live.file_version()
        if version == live.version:  # nothing committed to the file since the last check
            return live, None
        # a restored or replaced file, or a change by another process, changes the key even
        # where the change counter comes back to the same value
        key = corpus.quick_key(project)
        if live.state == key:
            live.version = version
            return live, None
    key = key or corpus.quick_key(project)
    _forget(folder)
    # one writer at a time per index, across processes; it may have just been brought up to date
    with index_write_lock(folder):
        indexer.clear_leftovers(folder)
        meta, reason = indexer.current_meta(project)
        if force:
            reason = "rebuild asked for"
        status: IndexStatus | None = None
        live = None
        if not reason and meta is not None:
            try:
                if meta.quick != key or meta.counter != project.change_counter():
                    # the full check (per-document text and segments) whenever the quick key
                    # differs from the one the index was last brought up to date with
                    status = _bring_up_to_date(project, meta, key, progress, cancel)
                live = LiveIndex(project.path, folder, key)
            except Exception as exc:  # a damaged index is rebuilt, whatever SQLite raised
                if isinstance(exc, IndexBusyError | indexer.IndexCancelled):
                    raise
                reason = f"the index could not be read ({type(exc).__name__})"
        if reason:
            state = corpus.project_state(project)
            built = indexer.build(project, progress, cancel, state, key)
            status = dataclasses.replace(built, reason=reason)
            live = LiveIndex(project.path, folder, key)
    assert live is not None
    _OPEN[folder] = live
    return live, status


def _bring_up_to_date(
    project: Project,
    meta: Meta,
    key: str,
    progress: Progress | None,
    cancel: Cancel | None,
) -> IndexStatus | None:
    """Compare the project's full state with the index's; update what differs (None: nothing
    did, and the quick key is recorded so that the next open skips this check)."""
    from qcode.search import corpus, indexer

    state = corpus.project_state(project)
    if meta.state != state[0] or meta.documents != state[1]:
        return indexer.update(project, meta, progress, cancel, state, key)
    indexer.record_quick(project, meta, key)
    return None


def open_index(project: Project, progress: Progress | None = None) -> LiveIndex:
    """The up-to-date open index of a project (built or updated first when needed)."""
    with _LOCK:
        return _open(project, progress, False)[0]


def ensure_index(
    project: Project, progress: Progress | None = None, cancel: Cancel | None = None
) -> IndexStatus:
    """Make the index current: build it when missing, damaged or of an old schema, else add and
    drop only the documents that changed since it was last brought up to date.

    `progress(done, total, label)` is called as documents are indexed; when `cancel()` returns
    True the work stops with IndexCancelled and the index on disk is left as it was.
    """
    with _LOCK:
        live, status = _open(project, progress, False, cancel)
        return status or _status(live)


def rebuild_index(
    project: Project, progress: Progress | None = None, cancel: Cancel | None = None
) -> IndexStatus:
    """Build the index again from scratch (into a new folder, swapped in when complete)."""
    with _LOCK:
        live, status = _open(project, progress, True, cancel)
        return status or _status(live)


def close_index(project: Project) -> None:
    """Release the open index of a project (e.g. when the project is closed)."""
    close_folder(index_dir(project))


def close_folder(folder: Path) -> None:
    """Release the open index of this index folder."""
    with _LOCK:
        _forget(folder)


def close_all() -> None:
    """Release every open index (tests, application exit)."""
    with _LOCK:
        for folder in list(_OPEN):
            _forget(folder)


def watch(project: Project) -> None:
    """Keep the index current after every committed change to documents (for the GUI)."""

    def listener(change: Change) -> None:
        if change.entities & {"documents", "attributes"}:
            ensure_index(project)

    project.listeners.append(listener)
