"""Check every row of every table of an open project file: values, references, offsets, dates."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from qcode.clock import now as clock_now
from qcode.ids import text_sha256
from qcode.integrity import values as v
from qcode.integrity.bookkeeping import check_settings
from qcode.integrity.problems import CheckResult

#: Column kinds: U uuid, U? nullable uuid, T text, N non-empty text, I integer, B flag (0/1),
#: D timestamp (plausible), J JSON object.
Spec = list[tuple[str, str]]
MUTABLE: Spec = [("updated_at", "D"), ("updated_by", "U?"), ("deleted", "B")]
TABLES: dict[str, Spec] = {
    "coder": [("uuid", "U"), ("name", "T"), ("colour", "T"), ("created_at", "D"), *MUTABLE],
    "document": [
        ("uuid", "U"), ("name", "N"), ("kind", "T"), ("text", "T"), ("sha256", "T"),
        ("source_filename", "T"), ("imported_at", "D"), ("memo", "T"), *MUTABLE,
    ],
    "code": [
        ("uuid", "U"), ("parent_uuid", "U?"), ("name", "N"), ("colour", "T"),
        ("definition", "T"), ("inclusion", "T"), ("exclusion", "T"), ("example", "T"),
        ("tor_item", "T"), ("sort_order", "I"), ("codable", "B"), ("created_at", "D"), *MUTABLE,
    ],
    "attribute": [("uuid", "U"), ("document_uuid", "U"), ("key", "N"), ("value", "T"), *MUTABLE],
    "segment": [
        ("id", "I"), ("document_uuid", "U"), ("ordinal", "I"), ("start", "I"), ("end", "I"),
        ("speaker", "T"), ("meta", "J"),
    ],
    "coding": [
        ("uuid", "U"), ("document_uuid", "U"), ("code_uuid", "U"), ("coder_uuid", "U"),
        ("start", "I"), ("end", "I"), ("created_at", "D"), ("memo", "T"), *MUTABLE,
    ],
    "memo": [
        ("uuid", "U"), ("target_kind", "T"), ("target_uuid", "U"), ("title", "T"),
        ("text", "T"), ("coder_uuid", "U?"), ("created_at", "D"), *MUTABLE,
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


def check_connection(conn: sqlite3.Connection, at: datetime | None = None) -> CheckResult:
    """Every problem of the project file open on `conn` (only read; no row is changed)."""
    factory = conn.text_factory
    conn.text_factory = v.text_factory
    try:
        return _Checker(conn, at or clock_now()).run()
    finally:
        conn.text_factory = factory


class _Checker:
    def __init__(self, conn: sqlite3.Connection, at: datetime) -> None:
        self.conn = conn
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
        for rowid, key, row in self._scan("segment"):
            if self._ref(rowid, key, "segment", "document_uuid", "document", row[1]):
                self._span(rowid, key, "segment", row[3], row[4], docs[row[1]][1], empty_ok=True)
        for rowid, u, row in self._scan("coding"):
            ok = all([
                self._ref(rowid, u, "coding", "document_uuid", "document", row[1]),
                self._ref(rowid, u, "coding", "code_uuid", "code", row[2]),
                self._ref(rowid, u, "coding", "coder_uuid", "coder", row[3]),
            ])
            if ok:
                self._span(rowid, u, "coding", row[4], row[5], docs[row[1]][1])
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
        created = row[3]
        if isinstance(created, str) and "created_at" not in bad:
            self.lo = max(v.EPOCH, datetime.fromisoformat(created) - v.EARLY_MARGIN)
        return settings

    # --- one table's values ------------------------------------------------------------
    def _scan(self, table: str) -> list[tuple[int, str, Row]]:
        """(rowid, key, values) of every row whose values are all usable."""
        if table not in self.tables:
            return []
        spec = TABLES[table]
        cols = ", ".join(f'"{c}"' for c, _k in spec)
        keyed = spec[0][0] == "uuid"
        seen = self.exists.setdefault(table, {})
        good: list[tuple[int, str, Row]] = []
        for rowid, *row in self.conn.execute(f"SELECT rowid, {cols} FROM {table}"):
            first = row[0]
            if keyed:
                key = first if isinstance(first, str) and v.UUID_RE.fullmatch(first) else ""
                if key:
                    seen[key] = rowid
                label = key or f"rowid {rowid}"
            else:
                key = label = f"id {first}"
            if not self._values(table, spec, rowid, label, row):
                good.append((rowid, key, tuple(row)))
        return good

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
            elif kind == "U":
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
