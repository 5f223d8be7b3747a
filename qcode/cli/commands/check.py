"""`qcode check`: every problem of a project file's rows (table, row, field, reason)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import emit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="check every row of a project file; exit 1 if any problem",
        description="Read PROJECT from a private copy (never changing it) and list every row "
        "qcode cannot trust: values, offsets, references, dates, settings.",
    )
    p.add_argument("project", help="the .qcode file to check")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from qcode.integrity.files import check_project

    path = Path(args.project)
    result = check_project(path)

    def render(_r: object) -> str:
        if result.ok:
            return f"{path}: no problems"
        lines = [f"{path}: {len(result.problems)} problem(s)"]
        lines += [f"  - {p.describe()}" for p in result.problems]
        lines.append(f"run: qcode salvage {path} OUT  to keep every valid row in a new file")
        return "\n".join(lines)

    emit(args, {"path": str(path), "ok": result.ok, "problems": result.problems}, render)
    return 0 if result.ok else 1
