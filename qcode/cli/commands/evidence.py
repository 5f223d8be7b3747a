"""`qcode evidence [board|passages|flag|bundle]`: the terms-of-reference evidence board."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.analysis.evidence import (
    FORCE,
    EvidenceBoard,
    Passage,
    evidence_board,
    export_item_bundle,
    item_passages,
)
from qcode.analysis.quotable import set_quotable
from qcode.cli.common import add_common, emit, group, open_project, table
from qcode.cli.pseudonym_flags import add_pseudonym_flags, privacy
from qcode.export.bundle import FORMATS

HELP = "per terms-of-reference item: passages, documents, forces with and without evidence"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = group(sub, "evidence", HELP)
    p = actions.add_parser("board", help="one line per ToR item")
    p.add_argument("project")
    p.add_argument("--by", default=FORCE, help=f"attribute to count by (default {FORCE})")
    add_common(p)
    p.set_defaults(func=cmd_board)

    p = actions.add_parser("passages", help="an item's coded passages, quotable ones first")
    p.add_argument("project")
    p.add_argument("item", help="ToR number (or its theme's name)")
    p.add_argument("--by", default=FORCE, help=f"attribute to count by (default {FORCE})")
    p.add_argument("--only", metavar="VALUE", help="only documents with this value (a force)")
    add_common(p)
    p.set_defaults(func=cmd_passages)

    p = actions.add_parser("flag", help="flag a coded passage as quotable (--off: unflag)")
    p.add_argument("project")
    p.add_argument("coding", help="coding UUID (see `qcode evidence passages --json`)")
    p.add_argument("--off", action="store_true")
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_flag)

    p = actions.add_parser("bundle", help="the item's quotes as a bundle, grouped by force")
    p.add_argument("project")
    p.add_argument("item")
    p.add_argument("out")
    p.add_argument("--format", choices=FORMATS, help="default: from the file name, else docx")
    p.add_argument("--by", default=FORCE, help=f"group quotes by (default {FORCE})")
    add_pseudonym_flags(p)
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_bundle)


def cmd_board(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        board = evidence_board(project, args.by)

    def render(b: EvidenceBoard) -> str:
        if not b.items:
            return "no codes carry a terms-of-reference item"
        rows = [
            [
                it.item,
                it.title[:40],
                str(it.passages),
                str(it.documents),
                str(len(it.groups)),
                ", ".join(it.without) or "-",
                str(it.quotable),
            ]
            for it in b.items
        ]
        header = ["ToR", "item", "passages", "documents", f"{b.by}s", f"{b.by}s with none"]
        return table(rows, [*header, "quotable"])

    emit(args, board, render)
    return 0


def cmd_passages(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        found = item_passages(project, args.item, args.by, args.only)

    def render(items: list[Passage]) -> str:
        rows = [
            ["*" if p.quotable else "", p.document_name, p.group, p.code_path, p.text[:60]]
            for p in items
        ]
        return table(rows, ["", "document", args.by, "code", "passage"])

    emit(args, found, render)
    return 0


def cmd_flag(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        changed = set_quotable(project, args.coding, not args.off)
    state = "unflagged" if args.off else "flagged quotable"
    print(f"{args.coding}: {state}" + ("" if changed else " (already)"))
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = args.format or (out.suffix.lower().lstrip(".") if out.suffix else "docx")
    with open_project(args) as project:
        written = export_item_bundle(project, args.item, out, fmt, args.by, privacy=privacy(args))
    said = " (pseudonymised)" if args.pseudonyms else ""
    for path in written:
        print(f"bundle written to {path}{said}")
    return 0
