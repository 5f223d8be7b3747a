"""`qcode code`, `qcode uncode`, `qcode codings`, `qcode quotes`: coding passages from the shell."""

from __future__ import annotations

import argparse

from qcode.cli.common import add_common, emit, open_project, table
from qcode.coding import (
    CodingInfo,
    Quote,
    apply_code,
    find_text,
    list_codings,
    quotes,
    remove_coding,
)
from qcode.errors import QcodeError


def _passage_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--document", required=True, help="document name or UUID")
    p.add_argument("--start", type=int, help="first character (code points from 0)")
    p.add_argument("--end", type=int, help="character after the last (exclusive)")
    p.add_argument("--text", help="the exact passage, instead of --start/--end")
    p.add_argument("--occurrence", type=int, default=1, help="with --text: which occurrence")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("code", help="code a passage of a document")
    p.add_argument("project")
    _passage_options(p)
    p.add_argument("--code", required=True, help="code path (Theme/Sub-code) or UUID")
    p.add_argument("--memo", default="", help="a memo on the coding")
    add_common(p)
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("uncode", help="remove codings (by UUID, or a code from a passage)")
    p.add_argument("project")
    p.add_argument("--coding", help="UUID of the coding to remove")
    p.add_argument("--document", help="document name or UUID")
    p.add_argument("--code", help="code path or UUID")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--text", help="the exact passage coded")
    p.add_argument("--occurrence", type=int, default=1)
    add_common(p)
    p.set_defaults(func=cmd_uncode)

    p = sub.add_parser("codings", help="list codings by code, document or coder")
    p.add_argument("project")
    p.add_argument("--code", help="code path or UUID")
    p.add_argument("--subcodes", action="store_true", help="include the code's sub-codes")
    p.add_argument("--document", help="document name or UUID")
    p.add_argument("--by", dest="by_coder", metavar="CODER", help="only this coder's codings")
    add_common(p)
    p.set_defaults(func=cmd_codings)

    p = sub.add_parser("quotes", help="print the passages coded with a code")
    p.add_argument("project")
    p.add_argument("--code", required=True, help="code path or UUID")
    p.add_argument("--subcodes", action="store_true", help="include the code's sub-codes")
    p.add_argument("--by", dest="by_coder", metavar="CODER", help="only this coder's codings")
    add_common(p)
    p.set_defaults(func=cmd_quotes)


def _span(args: argparse.Namespace, project: object) -> tuple[int, int]:
    if args.text is not None:
        if args.start is not None or args.end is not None:
            raise QcodeError("give either --text or --start/--end, not both")
        return find_text(project, args.document, args.text, args.occurrence)  # type: ignore[arg-type]
    if args.start is None or args.end is None:
        raise QcodeError("give the passage as --start N --end N or as --text '...'")
    return int(args.start), int(args.end)


def _render_coding(c: CodingInfo) -> str:
    return f"{c.uuid}  {c.code_path}  {c.document_name} [{c.start}, {c.end})  by {c.coder_name}"


def cmd_code(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        start, end = _span(args, project)
        coding = apply_code(project, args.document, args.code, start, end, memo=args.memo)
    emit(args, coding, lambda c: "coded " + _render_coding(c))
    return 0


def cmd_uncode(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        if args.coding:
            targets = [args.coding]
        else:
            if not (args.document and args.code):
                raise QcodeError("give --coding UUID, or --document and --code with the passage")
            start, end = _span(args, project)
            targets = [
                c.uuid
                for c in list_codings(project, code=args.code, document=args.document)
                if c.start == start and c.end == end and c.coder_uuid == project.coder_uuid
            ]
            if not targets:
                raise QcodeError(f"no coding of {args.code!r} by you on that passage")
        for uuid in targets:
            remove_coding(project, uuid)
    emit(args, {"removed": targets}, lambda r: f"removed {len(r['removed'])} coding(s)")
    return 0


def cmd_codings(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        rows = list_codings(
            project,
            code=args.code,
            document=args.document,
            coder=args.by_coder,
            include_subcodes=args.subcodes,
        )

    def render(items: list[CodingInfo]) -> str:
        body = table(
            [[c.code_path, c.document_name, str(c.start), str(c.end), c.coder_name] for c in items],
            ["code", "document", "start", "end", "coder"],
        )
        return f"{body}\n{len(items)} coding(s)"

    emit(args, rows, render)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        found = quotes(project, args.code, include_subcodes=args.subcodes, coder=args.by_coder)

    def render(items: list[Quote]) -> str:
        out = []
        for q in items:
            who = f"{q.speaker}, " if q.speaker else ""
            if q.time:
                who = f"{q.speaker} ({q.time}), " if q.speaker else f"{q.time}, "
            out.append(
                f"“{q.text}”\n    — {who}{q.document_name} ({q.kind}), ¶{q.paragraph}; "
                f"{q.code_path}; coded by {q.coder_name}"
            )
        out.append(f"{len(items)} quote(s)")
        return "\n".join(out)

    emit(args, found, render)
    return 0
