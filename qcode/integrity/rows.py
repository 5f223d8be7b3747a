"""Check every row of every table of an open project file: values, references, offsets, dates."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from qcode.clock import now as clock_now
from qcode.ids import text_sha256
from qcode.integrity import values as v
from qcode.integrity.bookkeeping import check_settings
from qcode.integrity.problems import CheckResult
from qcode.merging.gcpause import gc_paused

#: Column kinds: U uuid, U? nullable uuid, R reference (a UUID another table must hold), T text,
#: N non-empty text, I integer, B flag (0/1), D timestamp (plausible), J JSON object.
Spec = list[tuple[str, str]]
MUTABLE: Spec = [("updated_at", "D"), ("updated_by", "U?"), ("deleted", "B")]
TABLES: dict[str, Spec] = {
    "coder": [
        ("uuid", "U"), ("name", "T"), ("colour", "T"), ("created_at", "D"), ("source_guid", "T"),
        *MUTABLE,
    ],
    "document": [
        ("uuid", "U"), ("name", "N"), ("kind", "T"), ("text", "T"), ("sha256", "T"),
        ("source_filename", "T"), ("imported_at", "D"), ("memo", "T"), ("source_guid", "T"),
        *MUTABLE,
    ],
    "code": [
        ("uuid", "U"), ("parent_uuid", "U?"), ("name", "N"), ("colour", "T"),
        ("definition", "T"), ("inclusion", "T"), ("exclusion", "T"), ("example", "T"),
        ("tor_item", "T"), ("sort_order", "I"), ("codable", "B"), ("created_at", "D"),
        ("colour_given", "B"), ("source_guid", "T"), *MUTABLE,
    ],
    "attribute": [("uuid", "U"), ("document_uuid", "R"), ("key", "N"), ("value", "T"), *MUTABLE],
    "segment": [
        ("id", "I"), ("document_uuid", "R"), ("ordinal", "I"), ("start", "I"), ("end", "I"),
        ("speaker", "T"), ("meta", "J"),
    ],
    "coding": [
        ("uuid", "U"), ("document_uuid", "R"), ("code_uuid", "R"), ("coder_uuid", "R"),
        ("start", "I"), ("end", "I"), ("created_at", "D"), ("memo", "T"), ("source_guid", "T"),
        *MUTABLE,
    ],
    "memo": [
        ("uuid", "U"), ("target_kind", "T"), ("target_uuid", "U"), ("title", "T"),
        ("text", "T"), ("coder_uuid", "U?"), ("created_at", "D"), ("source_guid", "T"), *MUTABLE,
    ],
    "pseudonym": [("uuid", "U"), ("term", "N"), ("replacement", "T"), ("whole_word", "B"),
                  *MUTABLE],
    "change_log": [
        ("id", "I"), ("at", "D"), ("coder_uuid", "U?"), ("action", "T"), ("entity", "T"),
        ("entity_uuid", "T"), ("detail", "J"),
    ],
}
PROJECT: Spec = [
    ("id", "I"), ("uuid", "U"), ("name", "T"), ("created_at", "D"), ("updated_at", "D"),
    ("settings", "J"), ("memo", "T"), ("change_counter", "I"),
]
MEMO_TARGETS = ("project", "document", "code", "coding")

Row = tuple[Any, ...]
#: Rows as the check read them: table -> (column names, value tuples).
Fetched = dict[str, tuple[list[str], list[Row]]]


def check_connection(
    conn: sqlite3.Connection, at: datetime | None = None, keep: Fetched | None = None
) -> CheckResult:
    """Every problem of the project file open on `conn` (only read; no row is changed).

    With `keep`, the rows read are left there for a caller that needs them next (a merge
    reads each source once).
    """
    factory = conn.text_factory
    conn.text_factory = v.text_factory
    try:
        with gc_paused():
            return _Checker(conn, at or clock_now(), keep).run()
    finally:
        conn.text_factory = factory


class _Checker:
    def __init__(self, conn: sqlite3.Connection, at: datetime, keep: Fetched | None) -> None:
        self.conn = conn
        self.keep = keep
        self.result = CheckResult()
        self.hi = at + v.CLOCK_SKEW
        self.lo = v.EPOCH
        self.tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        #: table -> uuid -> rowid of every row whose UUID is well formed (valid or not).
        self.exists: dict[str, dict[str, int]] = {}

    def run(self) -> CheckResult:
        settings = self._project()
        if self.result.fatal:
            return self.result
        docs = {u: (rowid, len(row[3])) for rowid, u, row in self._scan("document")
                if self._sha_ok(rowid, u, row)}
        self._scan("coder")
        codes = {u: (rowid, row[1]) for rowid, u, row in self._scan("code")}
        self._code_tree(codes)
        for rowid, u, row in self._scan("attribute"):
            self._ref(rowid, u, "attribute", "document_uuid", "document", row[1])
        lengths = {u: n for u, (_rowid, n) in docs.items()}
        # The two big tables come back with the rowid first in each row (no copying).
        segments = self._scan("segment", with_rowid=True)
        for rowid, _key, row in [
            t for t in segments
            if not (t[2][2] in lengths and 0 <= t[2][4] <= t[2][5] <= lengths[t[2][2]])
        ]:
            key = f"id {row[1]}"
            if self._ref(rowid, key, "segment", "document_uuid", "document", row[2]):
                self._span(rowid, key, "segment", row[4], row[5], docs[row[2]][1], empty_ok=True)
        codings = self._scan("coding", with_rowid=True)
        usable_codes = {u for u, (rowid, _p) in codes.items() if not self._dropped("code", rowid)}
        coders = {u for u, rowid in self.exists.get("coder", {}).items()
                  if not self._dropped("coder", rowid)}
        for rowid, u, row in [
            t for t in codings
            if not (t[2][2] in lengths and t[2][3] in usable_codes and t[2][4] in coders
                    and 0 <= t[2][5] < t[2][6] <= lengths[t[2][2]])
        ]:
            ok = all([
                self._ref(rowid, u, "coding", "document_uuid", "document", row[2]),
                self._ref(rowid, u, "coding", "code_uuid", "code", row[3]),
                self._ref(rowid, u, "coding", "coder_uuid", "coder", row[4]),
            ])
            if ok:
                self._span(rowid, u, "coding", row[5], row[6], docs[row[2]][1])
        self._memos()
        self._scan("pseudonym")
        self._scan("change_log")
        live_codes = {u for u, (rowid, _p) in codes.items() if not self._dropped("code", rowid)}
        check_settings(settings, set(self.exists.get("code", {})), live_codes, self.result,
                       self.lo, self.hi)
        return self.result

    # --- the project row ---------------------------------------------------------------
    def _project(self) -> dict[str, Any]:
        cols = ", ".join(f'"{c}"' for c, _k in PROJECT)
        rows = self.conn.execute(f"SELECT rowid, {cols} FROM project").fetchall()
        if len(rows) != 1 or rows[0][1] != 1:
            self.result.fatal = True
            self.result.add("project", "-", "", f"has {len(rows)} rows; a project has one, id 1",
                            None)
            return {}
        _rowid, *row = rows[0]
        # The row is never left out: a salvage writes defaults for its unusable fields.
        bad = self._values("project", PROJECT, None, "id 1", row)
        self.result.project_fields |= bad
        # Without its identity or creation time nothing in the file can be placed.
        self.result.fatal = bool(bad & {"id", "uuid", "created_at"})
        settings = v.json_object(row[5])[0] or {}
        # Dates older than the project are not refused: a REFI-QDA import keeps the dates of
        # the other program's project, and an old date never wins last-writer-wins anyway.
        return settings

    # --- one table's values ------------------------------------------------------------
    def _scan(self, table: str, with_rowid: bool = False) -> list[tuple[int, str, Row]]:
        """(rowid, key, values) of every row whose values are all usable (`with_rowid`: the
        values start with the rowid, as read).

        Column by column: a cheap test over all values, then the full reason for the few
        that fail it (50,000 rows in a tenth of a second).
        """
        if table not in self.tables:
            return []
        spec = TABLES[table]
        rows = self._fetch(table, spec)
        if not rows:
            return []
        columns = list(zip(*rows, strict=True))
        lo, hi = self.lo.isoformat(sep=" "), self.hi.isoformat(sep=" ")
        found = [_suspects(kind, columns[j], lo, hi) for j, (_n, kind) in enumerate(spec, 1)]
        suspects = {i for column in found for i in column}
        keyed = spec[0][0] == "uuid"
        seen = self.exists.setdefault(table, {})
        if keyed and not found[0]:  # every UUID well formed (the usual case)
            seen.update(zip(columns[1], columns[0], strict=True))
            keys = list(columns[1])
        elif keyed:
            bad_keys = set(found[0])
            seen.update((r[1], r[0]) for i, r in enumerate(rows) if i not in bad_keys)
            keys = [r[1] if i not in bad_keys else "" for i, r in enumerate(rows)]
        else:  # labelled by id only when reported
            keys = [""] * len(rows)
        # Only rows whose values really fail are left out (the quick tests may be wider).
        failed = set()
        for i in sorted(suspects):
            row = rows[i]
            label = (keys[i] or f"rowid {row[0]}") if keyed else f"id {row[1]}"
            if self._values(table, spec, row[0], label, list(row[1:])):
                failed.add(i)
        suspects = failed
        values = rows if with_rowid else [r[1:] for r in rows]
        if not suspects:
            return list(zip(columns[0], keys, values, strict=True))
        return [(r[0], keys[i], values[i]) for i, r in enumerate(rows) if i not in suspects]

    def _fetch(self, table: str, spec: Spec) -> list[Row]:
        """All rows; text decoded by SQLite's driver, or value by value if some is not UTF-8."""
        sql = f"SELECT rowid, {', '.join(f'{chr(34)}{c}{chr(34)}' for c, _k in spec)} FROM {table}"
        self.conn.text_factory = str
        try:
            rows = self.conn.execute(sql).fetchall()
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
            rows = None
        finally:
            self.conn.text_factory = v.text_factory
        if rows is None:
            rows = self.conn.execute(sql).fetchall()
        if self.keep is not None:
            self.keep[table] = (["rowid", *(c for c, _k in spec)], rows)
        return rows

    def _values(
        self, table: str, spec: Spec, rowid: int | None, label: str, row: list[Any]
    ) -> set[str]:
        add = self.result.add
        bad: set[str] = set()
        for (name, kind), value in zip(spec, row, strict=True):
            why: str | None
            if kind == "T":
                why = v.text_problem(value)
            elif kind == "N":
                why = v.text_problem(value) or (None if value.strip() else "is empty")
            elif kind in ("U", "R"):
                why = v.uuid_problem(value)
            elif kind == "U?":
                why = v.uuid_problem(value, nullable=True)
            elif kind == "I":
                why = v.int_problem(value)
            elif kind == "B":
                why = v.flag_problem(value)
            elif kind == "D":
                why = v.stamp(value, self.lo, self.hi)[1]
            else:
                why = v.json_object(value)[1]
            if why:
                add(table, label, name, why, rowid)
                bad.add(name)
        return bad

    def _sha_ok(self, rowid: int, uuid: str, row: Row) -> bool:
        if text_sha256(row[3]) == row[4]:
            return True
        self.result.add("document", uuid, "sha256", "does not match the document's text", rowid)
        return False

    # --- references and offsets ----------------------------------------------------------
    def _dropped(self, table: str, rowid: int) -> bool:
        return rowid in self.result.dropped.get(table, ())

    def _ref(self, rowid: int, key: str, table: str, column: str, other: str, ref: str) -> bool:
        """True if `ref` names a usable row of `other`; else the row is reported and left out."""
        there = self.exists.get(other, {}).get(ref)
        if there is None:
            self.result.add(table, key, column, f"{other} {ref} does not exist", rowid)
            return False
        if self._dropped(other, there):
            self.result.add(table, key, column, f"{other} {ref} is invalid (left out too)", rowid)
            return False
        return True

    def _span(self, rowid: int, key: str, table: str, start: int, end: int, length: int,
              empty_ok: bool = False) -> None:
        if not (start >= 0 and end <= length and (start < end or (empty_ok and start == end))):
            self.result.add(table, key, "start, end",
                            f"[{start}, {end}) is not a passage of the text "
                            f"(0 to {length} code points)", rowid)

    def _code_tree(self, codes: dict[str, tuple[int, str | None]]) -> None:
        """Parents must exist and be usable; no code may be its own ancestor."""
        state: dict[str, int] = {}  # 1: being walked, 2: settled (good or dropped)
        for start in sorted(codes):
            path: list[str] = []
            uuid: str | None = start
            while uuid is not None and uuid in codes and state.get(uuid) is None:
                state[uuid] = 1
                path.append(uuid)
                uuid = codes[uuid][1]
            why: str | None = None
            walked = list(path)
            if uuid is not None and uuid in codes and state.get(uuid) == 1:
                cycle = path[path.index(uuid):]
                for member in cycle:
                    self.result.add("code", member, "parent_uuid",
                                    f"is part of a cycle of {len(cycle)} code(s) in the tree",
                                    codes[member][0])
                path = path[: path.index(uuid)]
                why = f"code {uuid} is in a cycle (left out too)"
            elif uuid is not None and uuid not in codes:
                why = (f"code {uuid} does not exist" if uuid not in self.exists.get("code", {})
                       else f"code {uuid} is invalid (left out too)")
            elif uuid is not None and self._dropped("code", codes[uuid][0]):
                why = f"code {uuid} is invalid (left out too)"
            if why is not None:
                for member in reversed(path):
                    self.result.add("code", member, "parent_uuid", why, codes[member][0])
                    why = f"code {member} is left out"
            for member in walked:
                state[member] = 2

    def _memos(self) -> None:
        for rowid, u, row in self._scan("memo"):
            kind = row[1]
            if kind not in MEMO_TARGETS:
                self.result.add("memo", u, "target_kind", f"{kind!r} is not one of "
                                + ", ".join(MEMO_TARGETS), rowid)
            elif kind != "project":
                self._ref(rowid, u, "memo", "target_uuid", kind, row[2])


def _suspects(kind: str, values: tuple[Any, ...], lo: str, hi: str) -> list[int]:
    """Indexes of values that may be unusable for their kind (checked again in detail).

    First one test of the whole column in C (types, one pattern over the joined values,
    bounds, distinct values); only a column that fails it is searched value by value.
    """
    if _column_ok(kind, values, lo, hi):
        return []
    if kind == "T":
        return [i for i, x in enumerate(values) if type(x) is not str]
    if kind == "N":
        return [i for i, x in enumerate(values) if type(x) is not str or not x.strip()]
    if kind == "R":  # whether it names a row is checked with the references
        return [i for i, x in enumerate(values) if type(x) is not str]
    if kind == "U?":  # few distinct values (coders): each is checked once
        bad = {x for x in set(values) if x is not None and v.uuid_problem(x)}
        return [i for i, x in enumerate(values) if x in bad] if bad else []
    if kind == "U":
        ok = v.UUID_RE.fullmatch
        return [i for i, x in enumerate(values) if not (type(x) is str and ok(x))]
    if kind == "I":
        return [i for i, x in enumerate(values) if type(x) is not int]
    if kind == "B":
        return [i for i, x in enumerate(values) if type(x) is not int or x not in (0, 1)]
    if kind == "D":
        ok = v.STAMP_RE.fullmatch
        day = v.valid_day
        return [i for i, x in enumerate(values)
                if not (type(x) is str and lo <= x <= hi and ok(x) and day(x[:10]))]
    # J: each distinct value parsed once (many rows share one, often "{}").
    bad_json = {x for x in set(values) if x != "{}" and not _is_object(x)}
    return [i for i, x in enumerate(values) if x in bad_json] if bad_json else []


def _column_ok(kind: str, values: tuple[Any, ...], lo: str, hi: str) -> bool:
    """True only if no value of the column can be a suspect of `_suspects` (a quick
    False is fine: the column is then searched value by value)."""
    if kind in ("T", "R"):
        return set(map(type, values)) <= {str}
    if kind == "N":
        return (set(map(type, values)) <= {str} and "" not in values
                and not any(map(str.isspace, values)))
    if kind == "U":
        return v.column_matches(v.UUID_RE, values)
    if kind == "I":
        return set(map(type, values)) <= {int}
    if kind == "B":
        return set(map(type, values)) <= {int} and set(values) <= {0, 1}
    if kind == "D":
        return (
            v.column_matches(v.STAMP_RE, values)
            and min(values) >= lo
            and max(values) <= hi
            and v.days_valid(values)
        )
    return False  # U? and J: their own search is by distinct values already


def _is_object(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False
