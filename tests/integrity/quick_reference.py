"""The opening scan as it stood before its one-pass rewrite: the oracle the new scan must match."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime

from qcode.clock import now as clock_now
from qcode.integrity import values as v
from qcode.integrity.bookkeeping import aliases_problem

DATED = {
    "coder": ("created_at", "updated_at"),
    "document": ("imported_at", "updated_at"),
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
    # Offsets: integers inside the text, for codings and segments.
    """WITH lengths AS MATERIALIZED (SELECT uuid, length(text) AS n FROM document)
       SELECT 1 FROM coding c LEFT JOIN lengths d
       ON d.uuid = c.document_uuid
       WHERE d.n IS NULL OR typeof(c.start) != 'integer' OR typeof(c."end") != 'integer'
          OR c.start < 0 OR c."end" <= c.start OR c."end" > d.n""",
    """WITH lengths AS MATERIALIZED (SELECT uuid, length(text) AS n FROM document)
       SELECT 1 FROM segment s LEFT JOIN lengths d
       ON d.uuid = s.document_uuid
       WHERE d.n IS NULL OR typeof(s.start) != 'integer' OR typeof(s."end") != 'integer'
          OR s.start < 0 OR s."end" < s.start OR s."end" > d.n OR NOT json_valid(s.meta)""",
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
    if not _utf8_ok(conn) or not all(_dates_ok(conn, t, hi) for t in DATED):
        return False
    return _bookkeeping_ok(conn)


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
    for i in range(len(cols)):
        high, joined = row[1 + 2 * i : 3 + 2 * i]
        if not rows:
            continue
        # The latest is text only if no value is a blob (numbers fail the pattern); NULLs
        # are left out of the joined column (one line fewer).
        if type(high) is not str or high > hi or type(joined) is not str:
            return False
        if joined.count("\n") != rows - 1 or not v.lines_match(_STAMP, joined + "\n"):
            return False
        if not all(map(v.valid_day, _days(joined, rows))):
            return False
    return True


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


#: Text columns read back to find invalid UTF-8 (the driver refuses to decode it).
ALL_TEXT = {
    "coder": "name, colour, source_guid",
    "document": "name, kind, text, source_filename, memo, source_guid",
    "code": "name, colour, definition, inclusion, exclusion, example, tor_item, source_guid",
    "attribute": '"key", value', "segment": "speaker, meta", "coding": "memo, source_guid",
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
