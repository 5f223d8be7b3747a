"""A project file's content as comparable data: every table but change_log, rows sorted, with
new UUIDs and times masked (they differ from run to run, everything else must not)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?")
SKIP = {"change_log", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}

Dump = dict[str, list[tuple[Any, ...]]]


def uuids(dump: Dump) -> set[str]:
    """Every UUID found anywhere in a dump."""
    found: set[str] = set()
    for rows in dump.values():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    found.update(UUID.findall(value))
    return found


def raw(path: Path) -> Dump:
    """Every row of every table except the change log, sorted (read-only)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in SKIP
        ]
        return {
            t: sorted((tuple(r) for r in con.execute(f'SELECT * FROM "{t}"')), key=repr)
            for t in sorted(tables)
        }
    finally:
        con.close()


def canonical(path: Path, known: set[str]) -> Dump:
    """`raw` with UUIDs not in `known` replaced by `<new>` and every time by `<time>`."""

    def mask(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = TIME.sub("<time>", value)
        return UUID.sub(lambda m: m.group(0) if m.group(0) in known else "<new>", value)

    return {
        table: sorted((tuple(mask(v) for v in row) for row in rows), key=repr)
        for table, rows in raw(path).items()
    }


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()
