"""A cheap check on opening a project: a few SQL scans that catch what breaks qcode's services.

It covers the damage seen in files (offsets, types, blanks, invalid UTF-8, JSON, dates,
references, cycles, merge bookkeeping); only when it finds something does the full row check
run to list it. Not covered here (only by `qcode check`, and harmless to opening): UUID
spelling, SHA-256 of texts, unknown settings keys, dates before 2000.

The two big tables are read once each: the documents (their texts are most of the file) in
one pass that decodes every text column, measures each text and reads the dates; the
segments in one indexed walk from those lengths, and one concatenation of their text columns
for the UTF-8 test.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from qcode.clock import now as clock_now
from qcode.integrity import values as v
from qcode.integrity.bookkeeping import aliases_problem

#: Timestamp columns (the document's are read in its one pass).
DATED = {
    "coder": ("created_at", "updated_at"),
    "code": ("created_at", "updated_at"),
    "attribute": ("updated_at",),
    "coding": ("created_at", "updated_at"),
    "memo": ("created_at", "updated_at"),
    "pseudonym": ("updated_at",),
}
TEXTS = {
    "coder": ("name",), "document": ("name", "text"), "code": ("name",),
    "attribute": ("key", "value"), "memo": ("text",), "pseudonym": ("term", "replacement"),
}


QUERIES = [
    "SELECT 1 FROM coding WHERE code_uuid NOT IN (SELECT uuid FROM code) "
    "OR coder_uuid NOT IN (SELECT uuid FROM coder) OR deleted NOT IN (0, 1)",
    "SELECT 1 FROM code WHERE parent_uuid IS NOT NULL AND parent_uuid NOT IN "
    "(SELECT uuid FROM code)",
    "SELECT 1 FROM change_log WHERE NOT json_valid(detail)",
    # A cycle in the code tree: some walk up from a code is longer than the codebook.
    """WITH RECURSIVE up(uuid, parent, depth) AS (
           SELECT uuid, parent_uuid, 0 FROM code
           UNION ALL
           SELECT up.uuid, code.parent_uuid, up.depth + 1 FROM up JOIN code
           ON code.uuid = up.parent WHERE up.depth <= (SELECT count(*) FROM code))
       SELECT 1 FROM up WHERE depth > (SELECT count(*) FROM code)""",
    "SELECT 1 FROM code WHERE trim(name) = ''",
    "SELECT 1 FROM memo WHERE target_kind NOT IN ('project', 'document', 'code', 'coding')",
    "SELECT 1 FROM project WHERE id != 1 OR NOT json_valid(settings) "
    "OR (SELECT count(*) FROM project) != 1",
]

#: The code-point length of each document's text, from a JSON object bound as ?1 (the scan
#: only reads: no temporary table).
_LENGTHS = "WITH lengths AS MATERIALIZED (SELECT key AS uuid, value AS n FROM json_each(?1)) "
#: Offsets: integers inside the text. Codings: a LEFT JOIN finds those of no document.
_CODINGS = _LENGTHS + """
    SELECT 1 FROM coding c LEFT JOIN lengths d ON d.uuid = c.document_uuid
    WHERE d.n IS NULL OR typeof(c.start) != 'integer' OR typeof(c."end") != 'integer'
       OR c.start < 0 OR c."end" <= c.start OR c."end" > d.n LIMIT 1"""
#: Segments, by far the most rows: walked document by document through their index (a join
#: the other way round looks each of them up), named so that statistics in the file cannot
#: turn the walk into a scan of the table per document. The sound ones are counted: those
#: of no document are not reached. Most metas are '{}', valid without parsing.
_SEGMENTS = _LENGTHS + """
    SELECT count(*) FROM lengths d
    CROSS JOIN segment s INDEXED BY ix_segment_document_start ON s.document_uuid = d.uuid
    WHERE typeof(s.start) = 'integer' AND typeof(s."end") = 'integer'
      AND s.start >= 0 AND s."end" >= s.start AND s."end" <= d.n
      AND (s.meta = '{}' OR json_valid(s.meta))"""
#: The segments' text columns, each joined with newlines: joined text is valid UTF-8 exactly
#: when each value is (a newline neither ends nor continues a multi-byte character).
_SEGMENT_TEXT = """
    SELECT CAST(group_concat(speaker, char(10)) AS BLOB),
           CAST(group_concat(meta, char(10)) FILTER (WHERE meta != '{}') AS BLOB)
    FROM segment"""
#: The document columns read in its one pass: uuid and text first, then the dates.
_DOCUMENT = ("SELECT uuid, text, imported_at, updated_at, name, kind, source_filename, memo, "
             "source_guid FROM document")


#: Tables whose every reference the queries above follow already (SQLite's own foreign key
#: check of the others is enough; of these it would scan 100,000s of rows once more).
REFERENCES_SCANNED = frozenset({"coding", "segment", "code"})


def quick_ok(conn: sqlite3.Connection, at: datetime | None = None) -> bool:
    """True when none of the cheap scans finds anything suspicious (a full check may still)."""
    hi = ((at or clock_now()) + v.CLOCK_SKEW).isoformat(sep=" ")
    queries = list(QUERIES)
    for table, cols in TEXTS.items():
        queries.append(f"SELECT 1 FROM {table} WHERE "
                       + " OR ".join(f"typeof({c}) != 'text'" for c in cols)
                       + " OR typeof(uuid) != 'text' OR length(uuid) != 36")
    for sql in queries:
        if conn.execute(sql + " LIMIT 1").fetchone() is not None:
            return False
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if table in REFERENCES_SCANNED:
            continue
        quoted = '"' + str(table).replace('"', '""') + '"'
        if conn.execute(f"PRAGMA foreign_key_check({quoted})").fetchone() is not None:
            return False
    lengths = _documents(conn, hi)
    if lengths is None or not _offsets_ok(conn, lengths) or not _segment_text_ok(conn):
        return False
    if not _utf8_ok(conn) or not all(_dates_ok(conn, t, hi) for t in DATED):
        return False
    return _bookkeeping_ok(conn)


def _documents(conn: sqlite3.Connection, hi: str) -> dict[str, int] | None:
    """The code-point length of each document's text, or None when a text column is not
    UTF-8, a text is not text, or a date is unusable: one pass over the table."""
    lengths: dict[str, int] = {}
    imported: list[Any] = []
    updated: list[Any] = []
    factory = conn.text_factory
    conn.text_factory = str  # the driver refuses text that is not UTF-8
    try:
        for uuid, text, when, changed, *_texts in conn.execute(_DOCUMENT):
            if type(uuid) is not str or type(text) is not str:
                return None
            lengths[uuid] = len(text)
            imported.append(when)
            updated.append(changed)
    except sqlite3.OperationalError as exc:
        if "decode" in str(exc):
            return None
        raise
    finally:
        conn.text_factory = factory
    if not (_stamps_ok(imported, hi) and _stamps_ok(updated, hi)):
        return None
    return lengths


def _offsets_ok(conn: sqlite3.Connection, lengths: dict[str, int]) -> bool:
    """Every coding and segment lies inside the text of a document that exists."""
    known = json.dumps(lengths)
    if conn.execute(_CODINGS, (known,)).fetchone() is not None:
        return False
    (sound,) = conn.execute(_SEGMENTS, (known,)).fetchone()
    return bool(sound == conn.execute("SELECT count(*) FROM segment").fetchone()[0])


def _segment_text_ok(conn: sqlite3.Connection) -> bool:
    """The segments' speakers and metas are valid UTF-8 (read as text, they would raise)."""
    try:
        joined = conn.execute(_SEGMENT_TEXT).fetchone()
    except sqlite3.DataError:  # longer than SQLite's longest value: let the full check read it
        return False
    for raw in joined:
        if raw is not None and not raw.isascii():
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


#: A stored timestamp (year 0 is none).
_STAMP = re.compile(rf"(?!0000){v.STAMP_RE.pattern}")
_DAYS = re.compile(r"(?m)^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dates_ok(conn: sqlite3.Connection, table: str, hi: str) -> bool:
    """Every timestamp of the table is one Python reads back (a day and a time of day that
    exist), none in the future: one aggregate query, then one pattern over each column."""
    cols = DATED[table]
    parts = ", ".join(f"max({c}), group_concat({c}, char(10))" for c in cols)
    try:
        row = conn.execute(f"SELECT count(*), {parts} FROM {table}").fetchone()
    except sqlite3.OperationalError as exc:  # not UTF-8: not a timestamp either
        if "decode" in str(exc):
            return False
        raise
    rows = row[0]
    if not rows:
        return True
    # The latest is text only if no value is a blob (numbers fail the pattern); NULLs
    # are left out of the joined column (one line fewer).
    return all(_column_ok(row[1 + 2 * i], row[2 + 2 * i], rows, hi) for i in range(len(cols)))


def _stamps_ok(values: Sequence[Any], hi: str) -> bool:
    """As `_dates_ok`, for a column already read (every value must be text)."""
    if not values:
        return True
    if not set(map(type, values)) <= {str}:
        return False
    return _column_ok(max(values), "\n".join(values), len(values), hi)


def _column_ok(high: Any, joined: Any, rows: int, hi: str) -> bool:
    """A column of `rows` timestamps, given its latest and its values joined by newlines."""
    if type(high) is not str or high > hi or type(joined) is not str:
        return False
    if joined.count("\n") != rows - 1 or not v.lines_match(_STAMP, joined + "\n"):
        return False
    return all(map(v.valid_day, _days(joined, rows)))


def _days(joined: str, rows: int) -> set[str]:
    """The distinct days of newline-joined timestamps that passed `_STAMP`."""
    width = len("2000-01-01 00:00:00.000000\n")
    if len(joined) + 1 == rows * width:  # all with microseconds: days at fixed places
        size = len(joined)
        return set(map(joined.__getitem__,
                       map(slice, range(0, size, width), range(10, size + 10, width))))
    return set(_DAYS.findall(joined))


def _bookkeeping_ok(conn: sqlite3.Connection) -> bool:
    (raw,) = conn.execute("SELECT settings FROM project").fetchone()
    settings = json.loads(raw)
    if not isinstance(settings, dict):
        return False
    aliases = settings.get("merge.code_aliases")
    if not aliases:
        return True
    codes = {u for (u,) in conn.execute("SELECT uuid FROM code")}
    return aliases_problem(aliases, codes, codes) is None


#: Text columns read back to find invalid UTF-8 (the driver refuses to decode it); the
#: document's and the segment's are tested on their own passes above.
ALL_TEXT = {
    "coder": "name, colour, source_guid",
    "code": "name, colour, definition, inclusion, exclusion, example, tor_item, source_guid",
    "attribute": '"key", value', "coding": "memo, source_guid",
    "memo": "title, text, source_guid", "pseudonym": "term, replacement",
    "change_log": "action, entity, entity_uuid, detail", "project": "name, settings, memo",
}


def _utf8_ok(conn: sqlite3.Connection) -> bool:
    factory = conn.text_factory
    conn.text_factory = str
    try:
        for table, cols in ALL_TEXT.items():
            cursor = conn.execute(f"SELECT {cols} FROM {table}")
            while cursor.fetchmany(4096):
                pass
    except sqlite3.OperationalError as exc:
        if "decode" in str(exc):
            return False
        raise
    finally:
        conn.text_factory = factory
    return True
