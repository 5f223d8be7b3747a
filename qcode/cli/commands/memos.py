"""`qcode memos [list|add|report]`: every memo with its target; write one; the memo report."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.analysis.memo_index import KIND_LABELS, MemoEntry, memo_index, project_uuid
from qcode.analysis.memo_report import export_memo_report
from qcode.cli.common import add_common, emit, group, open_project, table
from qcode.cli.pseudonym_flags import add_pseudonym_flags, privacy
from qcode.codebook.tree import resolve_code
from qcode.documents import resolve_document
from qcode.errors import QcodeError
from qcode.memos import add_memo
from qcode.store import Project

HELP = "memos on the project, documents, codes and coded passages (list, add, report)"
TARGETS = ("project", "document", "code", "coding")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = group(sub, "memos", HELP)
    p = actions.add_parser("list", help="every memo with what it is on")
    p.add_argument("project")
    p.add_argument("--search", default="", metavar="WORDS", help="memos holding every word")
    p.add_argument("--on", choices=TARGETS, help="only memos on this kind of target")
    add_common(p)
    p.set_defaults(func=cmd_list)

    p = actions.add_parser("add", help="write a memo")
    p.add_argument("project")
    p.add_argument("text")
    p.add_argument("--on", choices=TARGETS, default="project", help="what it is on")
    p.add_argument(
        "--target", default="", help="document or code (name/path or UUID), or coding UUID"
    )
    p.add_argument("--title", default="")
    add_common(p)
    p.set_defaults(func=cmd_add)

    p = actions.add_parser("report", help="write the memo report (.docx or .pdf)")
    p.add_argument("project")
    p.add_argument("out")
    p.add_argument("--search", default="", metavar="WORDS", help="only memos holding every word")
    add_pseudonym_flags(p)
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_report)


def cmd_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        entries = memo_index(project, args.search, args.on)

    def render(items: list[MemoEntry]) -> str:
        if not items:
            return "no memos"
        rows = [
            [KIND_LABELS[e.target_kind], e.target[:50], e.title, " ".join(e.text.split())[:60]]
            for e in items
        ]
        return table(rows, ["on", "target", "title", "memo"])

    emit(args, entries, render)
    return 0


def _target(project: Project, kind: str, ref: str) -> str:
    if kind == "project":
        return project_uuid(project)
    if not ref:
        raise QcodeError(f"a memo on a {kind} needs --target")
    if kind == "coding":
        return ref
    with project.read() as s:
        return resolve_document(s, ref).uuid if kind == "document" else resolve_code(s, ref).uuid


def cmd_add(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        memo = add_memo(
            project, args.on, _target(project, args.on, args.target), args.text, args.title
        )
    emit(args, memo, lambda m: f"memo {m.uuid} added on the {m.target_kind}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        out = export_memo_report(project, Path(args.out), args.search, privacy(args))
    print(f"memo report written to {out}" + (" (pseudonymised)" if args.pseudonyms else ""))
    return 0
