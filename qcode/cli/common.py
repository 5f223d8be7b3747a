"""Helpers shared by the `qcode` sub-commands: common options, opening projects, output."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qcode.store import Project

Handler = Callable[[argparse.Namespace], int]


def add_common(parser: argparse.ArgumentParser, *, json_output: bool = True) -> None:
    """--coder on every command, --json on read commands."""
    parser.add_argument("--coder", metavar="NAME", help="code as this coder (default: remembered)")
    if json_output:
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def group(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-command group `name` (e.g. `codebook`), created on first use by any module."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text, description=help_text)
        actions = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION")
        actions.required = True
        return actions
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"sub-command {name!r} is not a group")


def open_project(args: argparse.Namespace, attr: str = "project") -> Project:
    """Open the project named on the command line; a location warning goes to stderr once."""
    from qcode.integrity.guard import refuse_if_damaged
    from qcode.store import Project

    refuse_if_damaged(Path(getattr(args, attr)))  # a damaged file: its problems, not a traceback
    project = Project.open(Path(getattr(args, attr)), coder_name=getattr(args, "coder", None))
    warn_location(project)
    return project


_warned: set[str] = set()


def warn_location(project: Project) -> None:
    """Print the project's location warning (network share, synced folder) once per file."""
    if project.location_warning and str(project.path) not in _warned:
        _warned.add(str(project.path))
        print(f"qcode: warning: {project.location_warning}", file=sys.stderr)


def jsonable(value: Any) -> Any:
    """Dataclasses, paths and dates turned into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def emit(args: argparse.Namespace, value: Any, render: Callable[[Any], str]) -> None:
    """Print `value` as JSON with --json, else as `render(value)`."""
    if getattr(args, "json", False):
        json.dump(jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        text = render(value)
        if text:
            print(text)


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain aligned text table."""
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in rows
    ]
    return "\n".join(lines)
