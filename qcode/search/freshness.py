"""Whether an index is current for a project file: its quick key, read with SQL alone (no ORM)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from qcode.store.versions import APPLICATION_ID, SCHEMA_VERSION

#: Runs one SQL statement on the project file and gives its rows: `sqlite3.Connection.execute`,
#: or a session's `execute` of `text()` (the same statements serve the window and the shell).
Query = Callable[[str], Iterable[Sequence[Any]]]

#: Every live document's UUID, kind and SHA-256, read through the SHA-256 index: the table's
#: own rows would make SQLite walk past each text to reach the column after it.
LIVE_DOCUMENTS = (
    "SELECT uuid, kind, sha256 FROM document INDEXED BY ix_document_sha256"
    " WHERE deleted = 0 ORDER BY uuid"
)
_HEAD = (
    "SELECT (SELECT uuid || '|' || change_counter FROM project WHERE id = 1),"
    " (SELECT max(id) FROM segment),"
    " (SELECT count(*) || '|' || max(updated_at) FROM document),"
    " (SELECT count(*) || '|' || max(updated_at) || '|' || total(length(value))"
    "  FROM attribute)"
)


def live_documents(query: Query) -> list[tuple[str, str, str]]:
    """(UUID, kind, SHA-256) of every live document, by UUID."""
    # the store refuses a file whose indexes are not the ones qcode writes: this one exists
    return [(str(u), str(k), str(h)) for u, k, h in query(LIVE_DOCUMENTS)]


def quick_key(query: Query) -> str:
    """A key of the project state that costs about a millisecond, checked before every search
    of an open index: the project's UUID and change counter, the highest segment id, every
    live document's (UUID, kind, SHA-256) read through the SHA-256 index (no text is read),
    and what an open index reads from SQL besides the index (document names, attributes:
    row counts, newest `updated_at`, total length of values). Each part is read through an
    index, never past a document's text.

    A restored or replaced file that repeats the change counter still differs here as soon as
    a document differs; when the key differs, the full `corpus.project_state` decides what to
    re-index. (Only a change to the segments of an unchanged document that also keeps the
    counter and the highest segment id passes this check.)
    """
    head = next(iter(query(_HEAD)))
    digest = hashlib.sha1("|".join(map(str, head)).encode("utf-8"))
    for uuid, kind, sha in live_documents(query):
        digest.update(f"\n{uuid}|{kind}|{sha}".encode())
    return digest.hexdigest()


def identity(query: Query) -> tuple[str, int]:
    """The project's UUID and change counter ("", 0 when the project row is missing)."""
    for uuid, counter in query("SELECT uuid, change_counter FROM project WHERE id = 1"):
        return str(uuid), int(counter)
    return "", 0


def current_schema(query: Query) -> bool:
    """Whether the file is a qcode project of the schema this qcode writes (nothing to migrate,
    so the statements above read the columns they name)."""
    (app_id,) = next(iter(query("PRAGMA application_id")))
    (version,) = next(iter(query("PRAGMA user_version")))
    return (app_id, version) == (APPLICATION_ID, SCHEMA_VERSION)
