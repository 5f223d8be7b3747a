"""`qcode team publish|clone|member` and `qcode sync`: a team database on PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from qcode.cli.common import emit
from qcode.errors import QcodeError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    team = sub.add_parser(
        "team",
        help="a team database on PostgreSQL: publish a project, clone laptops' copies",
        description="Share a project through a PostgreSQL database: each laptop keeps its own "
        "file, works offline, and syncs when a network is there (qcode sync). The password "
        "comes from the system keyring (service qcode-team) or ~/.pgpass, never the project.",
    )
    verbs = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    p = verbs.add_parser("publish", help="create (or upgrade) the team database from a project",
                         description="Create the team database's tables and the lead and coder "
                         "roles from PROJECT, then sync it (run by the database's owner).")
    p.add_argument("project", help="the lead's .qcode file")
    p.add_argument("url", help="postgresql://HOST/DATABASE (TLS required except on localhost)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_publish)

    p = verbs.add_parser("clone", help="make a laptop's copy of the team's project")
    p.add_argument("url", help="postgresql://HOST/DATABASE")
    p.add_argument("out", help="the new .qcode file")
    p.add_argument("--coder", required=True, metavar="NAME", help="who codes in this copy")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_clone)

    p = verbs.add_parser("member", help="give a PostgreSQL login the lead or coder role",
                         description="The lead may delete documents and edit the codebook; a "
                         "coder may code and write memos. Enforced by the server's grants.")
    p.add_argument("url", help="postgresql://HOST/DATABASE")
    p.add_argument("login", help="the inspector's PostgreSQL login (created if new)")
    p.add_argument("--role", choices=("lead", "coder"), required=True)
    p.set_defaults(func=cmd_member)

    p = sub.add_parser(
        "sync",
        help="sync a project with its team database (pull others' work, push your own)",
        description="Pull the rows changed on the team database since the last sync, merge "
        "them as qcode merge would, then push the rows changed here. Run it again after an "
        "interruption: nothing is lost or doubled.",
    )
    p.add_argument("project", help="the laptop's .qcode file")
    p.add_argument("url", nargs="?", help="the team database (default: the one last used)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_sync)


def _warn_password(url: str) -> None:
    from qcode.team.connect import has_password

    if has_password(url):
        print("qcode: warning: a password in the URL is used for this run only and not kept; "
              "save it in the keyring (service qcode-team) or ~/.pgpass", file=sys.stderr)


def _progress(args: argparse.Namespace) -> Callable[[int, int, str], None]:
    def progress(done: int, total: int, label: str) -> None:
        if not getattr(args, "json", False) and sys.stderr.isatty():
            print(f"\r{label} ({done}/{total})\033[K", end="", file=sys.stderr, flush=True)
    return progress


def cmd_publish(args: argparse.Namespace) -> int:
    from qcode.team import publish

    _warn_password(args.url)
    report = publish(Path(args.project), args.url)
    emit(args, report, lambda r: f"published {args.project}\n{r.describe()}")
    return 0


def cmd_clone(args: argparse.Namespace) -> int:
    from qcode.team import clone

    _warn_password(args.url)
    if Path(args.out).exists():
        raise QcodeError(f"{args.out}: already exists; choose another name")
    report = clone(args.url, Path(args.out), args.coder)
    emit(args, report, lambda r: f"created {args.out} for {args.coder}\n{r.describe()}")
    return 0


def cmd_member(args: argparse.Namespace) -> int:
    from qcode.team import add_member

    add_member(args.url, args.login, args.role)
    print(f"{args.login} is now a {args.role} of the team database")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from qcode.team import sync

    if args.url:
        _warn_password(args.url)
    report = sync(Path(args.project), args.url, progress=_progress(args))
    if not args.json and sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    emit(args, report, lambda r: r.describe())
    return 0
