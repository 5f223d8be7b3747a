"""`qcode salvage`: copy every valid row of a damaged project into a new file."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import emit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "salvage",
        help="copy every valid row of a damaged project into a new file",
        description="Write OUT, a new project with every row of DAMAGED that qcode check "
        "accepts (and the rows that depend only on them); DAMAGED is never changed.",
    )
    p.add_argument("damaged", help="the damaged .qcode file")
    p.add_argument("out", help="the new .qcode file")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_salvage)


def cmd_salvage(args: argparse.Namespace) -> int:
    from qcode.integrity.salvage import salvage

    report = salvage(Path(args.damaged), Path(args.out))
    emit(args, report, lambda r: r.describe())
    return 0
