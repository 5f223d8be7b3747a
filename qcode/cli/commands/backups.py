"""`qcode backups list|take|restore`: the automatic snapshots beside a project."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import emit, group, table
from qcode.store import snapshots
from qcode.store.door import check_file
from qcode.store.snapshots import Snapshot


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bk = group(sub, "backups", "list, take and restore the project's automatic snapshots")

    p = bk.add_parser("list", help="the snapshots of a project, newest first")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_list)

    p = bk.add_parser("take", help="take a snapshot now")
    p.add_argument("project")
    p.add_argument("--reason", default="manual", help="a word saying why (default: manual)")
    p.set_defaults(func=cmd_take)

    p = bk.add_parser(
        "restore",
        help="bring a snapshot back into the project (the current state is snapshotted first)",
    )
    p.add_argument("project")
    p.add_argument("snapshot", help="its file name or path, or its number in `backups list`")
    p.set_defaults(func=cmd_restore)


def cmd_list(args: argparse.Namespace) -> int:
    project = Path(args.project)
    check_file(project)
    found = snapshots.list_snapshots(project)

    def render(items: list[Snapshot]) -> str:
        rows = [
            [
                str(i),
                s.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                s.reason,
                f"{s.size / 1e6:.1f} MB",
                s.path.name,
            ]
            for i, s in enumerate(items, 1)
        ]
        where = snapshots.folder(project)
        return table(rows, ["#", "taken", "reason", "size", "file"]) + (
            f"\n{len(items)} snapshot(s) in {where}"
        )

    emit(args, found, render)
    return 0


def cmd_take(args: argparse.Namespace) -> int:
    project = Path(args.project)
    check_file(project)
    print(f"snapshot {snapshots.take(project, args.reason)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    project = Path(args.project)
    check_file(project)
    chosen = snapshots.find(project, args.snapshot)
    before = snapshots.restore(project, chosen)
    print(f"restored {chosen.name} into {project}")
    print(f"the state before the restore is kept as {before.name}")
    return 0
