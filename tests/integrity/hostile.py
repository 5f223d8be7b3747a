"""Hostile project files: a real small project, then raw SQL on a copy (deterministic)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from qcode.clone import clone_project
from qcode.coding import apply_code
from qcode.merging.state import copy_database
from qcode.store import Project
from tests.merge.helpers import make_lead

#: A fixed foreign UUID (dangling references).
GHOST = "00000000-0000-4000-8000-000000000000"
#: SQL for the current time as qcode stores it.
NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def coded_copy(tmp: Path, name: str = "ann") -> tuple[Path, Path]:
    """The lead's project and a coder's clone with a few codings (both real files)."""
    lead = tmp / "lead.qcode"
    if not lead.exists():
        make_lead(lead)
        with Project.open(lead, coder_name="Lead") as p:
            apply_code(p, "Interview 01", "Training", 50, 80)
    copy = clone_project(lead, tmp / f"{name}.qcode", name.title())
    with Project.open(copy, coder_name=name.title()) as p:
        apply_code(p, "Interview 01", "Impartiality/Activism", 0, 12)
        apply_code(p, "Interview 01", "Training", 13, 40)
        apply_code(p, "Focus group 01", "Training", 5, 30)
    return lead, copy


def sql(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Run statements on a closed project file as another program would (no foreign keys)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
        conn.commit()
    finally:
        conn.close()


def _codes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [u for (u,) in conn.execute("SELECT uuid FROM code ORDER BY name")]
    finally:
        conn.close()


def _settings(path: Path, **entries: object) -> None:
    conn = sqlite3.connect(path)
    try:
        (raw,) = conn.execute("SELECT settings FROM project").fetchone()
        data = json.loads(raw)
        data.update(entries)
        conn.execute("UPDATE project SET settings = ?", (json.dumps(data),))
        conn.commit()
    finally:
        conn.close()


def aliases_fold_all(path: Path) -> None:
    codes = _codes(path)
    _settings(path, **{"merge.code_aliases": {c: codes[0] for c in codes[1:]}})


def offsets_text(path: Path) -> None:
    sql(path, "UPDATE coding SET start = 'abc', \"end\" = 'def'")


def offsets_decimal(path: Path) -> None:
    sql(path, "UPDATE coding SET start = 1.5, \"end\" = 20.7")


def offsets_past_end(path: Path) -> None:
    sql(path, "UPDATE coding SET \"end\" = 100000")


def meta_not_json(path: Path) -> None:
    sql(path, "UPDATE segment SET meta = '{not json' WHERE ordinal = 1")


def future_deletions(path: Path) -> None:
    sql(path, "UPDATE code SET updated_at = '9999-12-31 00:00:00.000000', deleted = 1",
         "UPDATE coding SET updated_at = '9999-12-31 00:00:00.000000', deleted = 1")


def recursive_view(path: Path) -> None:
    sql(path, "DROP TABLE memo",
         "CREATE VIEW memo AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
         "SELECT CAST(n AS TEXT) AS uuid, 'code' AS target_kind, '' AS target_uuid, "
         "'' AS title, '' AS text, NULL AS coder_uuid, '2024-01-01 00:00:00' AS created_at, "
         "'2024-01-01 00:00:00' AS updated_at, NULL AS updated_by, 0 AS deleted FROM r")


def trigger(path: Path) -> None:
    sql(path, "CREATE TRIGGER wipe AFTER INSERT ON coder BEGIN DELETE FROM coding; END",
         "CREATE TRIGGER wipe2 AFTER UPDATE ON project BEGIN DELETE FROM coding; END")


def null_name(path: Path) -> None:
    """NULL where qcode's schema says NOT NULL: only possible with a different schema."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'name TEXT NOT NULL', "
                     "'name TEXT') WHERE name = 'code'")
        conn.commit()
    finally:
        conn.close()
    sql(path, "UPDATE code SET name = NULL WHERE name = 'Training'")


def empty_name(path: Path) -> None:
    sql(path, "UPDATE code SET name = '   ' WHERE name = 'Training'")


def binary_name(path: Path) -> None:
    sql(path, "UPDATE code SET name = X'00FF' WHERE name = 'Training'")


def invalid_utf8(path: Path) -> None:
    sql(path, "UPDATE code SET name = CAST(X'4672C3' AS TEXT) WHERE name = 'Training'",
         "UPDATE document SET memo = CAST(X'FF' AS TEXT)")


def garbage_date(path: Path) -> None:
    sql(path, "UPDATE coding SET updated_at = 'garbage'")


def impossible_time(path: Path) -> None:
    """Digits where digits go, but no such time of day (Python's datetime refuses it)."""
    sql(path, "UPDATE coding SET created_at = strftime('%Y-%m-%d', 'now', '-1 day') "
               "|| ' 25:61:61.000000'"
               " WHERE rowid = (SELECT min(rowid) FROM coding)")


def impossible_day(path: Path) -> None:
    sql(path, "UPDATE coding SET updated_at = strftime('%Y', 'now', '-1 year') "
               "|| '-02-30 10:00:00.000000' WHERE rowid = (SELECT min(rowid) FROM coding)")


def impossible_short_day(path: Path) -> None:
    """As above, spelt without microseconds (as SQLAlchemy also reads)."""
    sql(path, "UPDATE coding SET updated_at = strftime('%Y', 'now', '-1 year') "
               "|| '-02-30 10:00:00' WHERE rowid = (SELECT min(rowid) FROM coding)")


def dangling_references(path: Path) -> None:
    sql(path, "UPDATE coding SET code_uuid = ?", params=(GHOST,))


def dangling_parent(path: Path) -> None:
    sql(path, "UPDATE code SET parent_uuid = ? WHERE name = 'Activism'", params=(GHOST,))


def bad_uuid(path: Path) -> None:
    sql(path, "UPDATE coding SET uuid = 'not-a-uuid-' || rowid")


def code_cycle(path: Path) -> None:
    sql(path, "UPDATE code SET parent_uuid = (SELECT uuid FROM code WHERE name = 'Activism') "
               "WHERE name = 'Impartiality'")


def wrong_sha(path: Path) -> None:
    sql(path, "UPDATE document SET sha256 = 'f' || substr(sha256, 2)")


def log_not_json(path: Path) -> None:
    sql(path, "UPDATE change_log SET detail = '[1, 2' WHERE id = 1")


def settings_not_json(path: Path) -> None:
    sql(path, "UPDATE project SET settings = 'settings'")


def unknown_setting(path: Path) -> None:
    _settings(path, **{"plugin.run": "rm -rf"})


def bogus_lifted(path: Path) -> None:
    _settings(path, **{"merge.code_lifted": {GHOST: [GHOST, "2024-01-01T00:00:00"]}})


def memo_target(path: Path) -> None:
    sql(path, "INSERT INTO memo (uuid, target_kind, target_uuid, title, text, coder_uuid, "
               "created_at, updated_at, updated_by, deleted) VALUES (?, 'coder', ?, '', 'x', NULL, "
               f"{NOW}, {NOW}, NULL, 0)",
         params=(GHOST, GHOST))


def not_a_flag(path: Path) -> None:
    sql(path, "UPDATE coding SET deleted = 7")


def aliases_fold_the_targets_codes(path: Path) -> None:
    """A file consistent in itself whose aliases fold every code the lead has into one."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        (keep,) = conn.execute("SELECT uuid FROM code WHERE name = 'Training'").fetchone()
        others = [u for (u,) in conn.execute("SELECT uuid FROM code WHERE uuid != ?", (keep,))]
        conn.execute("UPDATE coding SET code_uuid = ?", (keep,))
        conn.execute("DELETE FROM code WHERE uuid != ?", (keep,))
        (raw,) = conn.execute("SELECT settings FROM project").fetchone()
        data = json.loads(raw)
        data["merge.code_aliases"] = {u: keep for u in others}
        conn.execute("UPDATE project SET settings = ?", (json.dumps(data),))
        conn.commit()
    finally:
        conn.close()


#: name -> (damage, the table and field `qcode check` must name; None: the door refuses it).
CASES: dict[str, tuple[Callable[[Path], None], tuple[str, str] | None]] = {
    "aliases fold every code": (aliases_fold_all, ("project", "merge.code_aliases")),
    "offsets are text": (offsets_text, ("coding", "start")),
    "offsets are decimals": (offsets_decimal, ("coding", "start")),
    "offsets past the end": (offsets_past_end, ("coding", "start, end")),
    "segment meta not JSON": (meta_not_json, ("segment", "meta")),
    "deletions dated 9999-12-31": (future_deletions, ("code", "updated_at")),
    "recursive VIEW instead of memo": (recursive_view, None),
    "TRIGGERs": (trigger, None),
    "NULL name": (null_name, None),
    "blank name": (empty_name, ("code", "name")),
    "binary data as name": (binary_name, ("code", "name")),
    "invalid UTF-8": (invalid_utf8, ("code", "name")),
    "updated_at garbage": (garbage_date, ("coding", "updated_at")),
    "time of day 25:61:61": (impossible_time, ("coding", "created_at")),
    "February 30th": (impossible_day, ("coding", "updated_at")),
    "February 30th, no microseconds": (impossible_short_day, ("coding", "updated_at")),
    "dangling code reference": (dangling_references, ("coding", "code_uuid")),
    "dangling parent": (dangling_parent, ("code", "parent_uuid")),
    "malformed UUIDs": (bad_uuid, ("coding", "uuid")),
    "cycle in the code tree": (code_cycle, ("code", "parent_uuid")),
    "sha256 does not match": (wrong_sha, ("document", "sha256")),
    "change log detail not JSON": (log_not_json, ("change_log", "detail")),
    "settings not JSON": (settings_not_json, ("project", "settings")),
    "unknown setting": (unknown_setting, ("project", "plugin.run")),
    "lifted codes that do not exist": (bogus_lifted, ("project", "merge.code_lifted")),
    "memo on an unknown kind": (memo_target, ("memo", "target_kind")),
    "deleted flag not 0/1": (not_a_flag, ("coding", "deleted")),
}


def hostile(tmp: Path, case: str) -> tuple[Path, Path]:
    """(lead, a coder's copy damaged as `case` describes)."""
    lead, copy = coded_copy(tmp)
    damaged = tmp / "damaged.qcode"
    copy_database(copy, damaged)
    CASES[case][0](damaged)
    return lead, damaged
