"""`salvage`: a new project file holding every valid row of a damaged one, and what was left out."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qcode.errors import ProjectFileError
from qcode.integrity import values as v
from qcode.integrity.files import check_copy, connect_checked
from qcode.integrity.problems import CheckResult, Problem
from qcode.integrity.rows import PROJECT, TABLES
from qcode.merging.scratch import private_file, scratch
from qcode.merging.state import copy_database
from qcode.store import schema
from qcode.store.project import make_engine

#: Tables copied, referenced tables first.
ORDER = ("project", "coder", "document", "code", "attribute", "segment", "coding", "memo",
         "pseudonym", "change_log")


@dataclass
class SalvageReport:
    """What a salvage kept (rows per table) and left out (the check's problems)."""

    source: Path
    out: Path
    kept: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"salvaged {self.source.name} into {self.out}"]
        for table in ORDER:
            kept, lost = self.kept.get(table, 0), self.left_out.get(table, 0)
            if kept or lost:
                lines.append(f"  {table:<11} {kept} kept" + (f", {lost} left out" if lost else ""))
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s) left out:")
            lines += [f"  - {p.describe()}" for p in self.problems]
        else:
            lines.append("no problems: every row was kept")
        return "\n".join(lines)


def salvage(damaged: Path, out: Path) -> SalvageReport:
    """Copy every valid row of `damaged` (never changed) into the new file `out`."""
    damaged, out = Path(damaged), Path(out)
    if out.exists():
        raise ProjectFileError(f"{out}: already exists; choose another name")
    if not out.parent.is_dir():
        raise ProjectFileError(f"{out}: folder {out.parent} does not exist")
    with scratch() as tmp:
        copy = private_file(tmp, "damaged.qcode")
        copy_database(damaged, copy, durable=False)
        result = check_copy(copy, damaged)
        report = SalvageReport(damaged, out, problems=list(result.problems))
        temp = out.with_name(f".{out.name}.salvage-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            write_valid_rows(copy, temp, result, report)
            os.replace(temp, out)
        finally:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{temp}{suffix}").unlink(missing_ok=True)
    return report


def write_valid_rows(
    source: Path, out: Path, result: CheckResult, report: SalvageReport | None = None
) -> None:
    """Create the project file `out` with the rows of `source` the check did not leave out."""
    if result.fatal:
        raise ProjectFileError(f"{report.source if report else source}: nothing can be "
                               "salvaged: " + "; ".join(p.describe() for p in result.problems))
    engine = make_engine(out)
    try:
        schema.create_schema(engine)
    finally:
        engine.dispose()
    src = connect_checked(source)
    src.text_factory = v.text_factory
    dst = sqlite3.connect(out)
    try:
        dst.execute("PRAGMA foreign_keys = OFF")
        with dst:
            for table in ORDER:
                kept, lost = _copy_table(src, dst, table, result)
                if report is not None:
                    report.kept[table], report.left_out[table] = kept, lost
    finally:
        src.close()
        dst.close()


def _copy_table(
    src: sqlite3.Connection, dst: sqlite3.Connection, table: str, result: CheckResult
) -> tuple[int, int]:
    spec = PROJECT if table == "project" else TABLES[table]
    names = [c for c, _k in spec]
    cols = ", ".join(f'"{c}"' for c in names)
    dropped = result.dropped.get(table, set())
    rows = []
    lost = 0
    for rowid, *row in src.execute(f"SELECT rowid, {cols} FROM {table}"):
        if rowid in dropped:
            lost += 1
            continue
        if table == "project":
            row = _project_row(names, row, result)
        rows.append(row)
    marks = ", ".join("?" for _ in names)
    dst.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
    return len(rows), lost


def _project_row(names: list[str], row: list[Any], result: CheckResult) -> list[Any]:
    """The project row with defaults for unusable fields and without unusable settings."""
    values = dict(zip(names, row, strict=True))
    defaults = {"name": "Salvaged project", "memo": "", "settings": "{}", "change_counter": 0,
                "updated_at": values["created_at"]}
    for name in result.project_fields:
        values[name] = defaults[name]
    settings = json.loads(values["settings"])
    for key in result.bad_settings:
        settings.pop(key, None)
    values["settings"] = json.dumps(settings, ensure_ascii=False)
    return [values[n] for n in names]
