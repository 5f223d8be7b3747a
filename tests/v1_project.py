"""A project file exactly as the first qcode (schema 1) wrote it, for migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.store.schema import schema_v1_sql


def write_v1_project(path: Path) -> None:
    """Schema 1 with its project row ('Old'), one document and one segment."""
    conn = sqlite3.connect(path)
    conn.executescript(schema_v1_sql())
    conn.execute(
        "INSERT INTO project (id, uuid, name, created_at, updated_at, settings, memo,"
        " change_counter) VALUES (1, 'p-uuid', 'Old', '2023-10-09 10:00:00', "
        "'2023-10-09 10:00:00', '{}', '', 0)"
    )
    conn.execute(
        "INSERT INTO document (uuid, name, kind, text, sha256, source_filename, imported_at, memo,"
        " updated_at, deleted) VALUES ('d1', 'Old doc', 'interview', 'Old text.', 'x', '', "
        "'2023-10-09 10:00:00', '', '2023-10-09 10:00:00', 0)"
    )
    conn.execute(
        'INSERT INTO segment (document_uuid, ordinal, start, "end", speaker)'
        " VALUES ('d1', 1, 0, 9, '')"
    )
    conn.commit()
    conn.close()
