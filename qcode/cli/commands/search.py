"""`qcode search`, `qcode autocode`, `qcode index`: indexed search from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import add_common, emit, open_project

if TYPE_CHECKING:
    from qcode.search import AutocodeResult, IndexStatus, SearchResults

SYNTAX = (
    'words (stemmed), AND OR NOT ( ), "exact phrase", "near words"~5, wildcard*, fuzzy~, '
    "(a OR b)^2, kind:focus_group, speaker:P3, speaker:(P1 OR P2), and attributes such as "
    "force:C"
)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", action="append", metavar="KIND", help="only this source kind")
    p.add_argument("--document", action="append", metavar="NAME", help="only this document")
    p.add_argument("--not-code", metavar="PATH", help="only passages NOT coded with this code")
    p.add_argument("--by", dest="by_coder", metavar="CODER", help="only passages this coder coded")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="search every segment of a project", description=SYNTAX)
    p.add_argument("project")
    p.add_argument("query", help="the query: " + SYNTAX)
    _filters(p)
    p.add_argument("--code", metavar="PATH", help="only passages coded with this code")
    p.add_argument("--order", choices=("rank", "document"), default="rank")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="hits per page (50)")
    p.add_argument("--page", type=int, default=1, metavar="N", help="which page (from 1)")
    add_common(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("autocode", help="code every hit of a search with a code (one action)")
    p.add_argument("project")
    p.add_argument("query", help="the query: " + SYNTAX)
    p.add_argument("--code", required=True, metavar="PATH", help="the code to apply")
    p.add_argument("--unit", choices=("hit", "sentence", "segment"), default="hit")
    p.add_argument("--within", metavar="PATH", help="only passages already coded with this code")
    _filters(p)
    add_common(p)
    p.set_defaults(func=cmd_autocode)

    p = sub.add_parser("index", help="bring the search index up to date (or rebuild it)")
    p.add_argument("project")
    p.add_argument("--rebuild", action="store_true", help="build it again from scratch")
    add_common(p)
    p.set_defaults(func=cmd_index)


def _progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{label}: {done}/{total}", end="", file=sys.stderr, flush=True)


def cmd_search(args: argparse.Namespace) -> int:
    if not (args.code or args.not_code or args.by_coder or args.document):
        # a file known sound and indexed is searched with SQLite alone (no ORM to load)
        from qcode.search.readonly import search_file

        found = search_file(
            Path(args.project),
            args.query,
            kinds=args.kind,
            order=args.order,
            page=args.page,
            page_size=args.limit,
        )
        if found is not None:
            emit(args, found, _render)
            return 0
    from qcode.search import ensure_index, search

    with open_project(args) as project:
        ensure_index(project, _progress)
        results = search(
            project,
            args.query,
            kinds=args.kind,
            code=args.code,
            not_code=args.not_code,
            coder=args.by_coder,
            documents=args.document,
            order=args.order,
            page=args.page,
            page_size=args.limit,
        )
    emit(args, results, _render)
    return 0


def _render(r: SearchResults) -> str:
    lines = []
    for hit in r.hits:
        who = f"{hit.speaker}, " if hit.speaker else ""
        lines.append(
            f"{hit.snippet}\n    — {who}{hit.document_name} ({hit.kind}), ¶{hit.paragraph}"
        )
    shown = f"hits {(r.page - 1) * r.page_size + 1}-{(r.page - 1) * r.page_size + len(r.hits)}"
    kinds = ", ".join(f"{k} {n}" for k, n in r.per_kind.items())
    summary = f"{r.total} hit(s) in {len(r.per_document)} document(s)"
    if r.total:
        summary += f" ({kinds}); {shown}, page {r.page} of {r.pages}"
    lines.append(summary)
    return "\n".join(lines)


def cmd_autocode(args: argparse.Namespace) -> int:
    from qcode.search import ensure_index
    from qcode.search.autocode import autocode

    with open_project(args) as project:
        ensure_index(project, _progress)
        result = autocode(
            project,
            args.query,
            args.code,
            unit=args.unit,
            kinds=args.kind,
            not_code=args.not_code,
            coder=args.by_coder,
            documents=args.document,
            filter_code=args.within,
        )

    def render(r: AutocodeResult) -> str:
        return (
            f"coded {len(r.created)} passage(s) with {args.code} from {r.hits} hit(s); "
            f"{r.skipped} already coded"
        )

    emit(args, result, render)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from qcode.search import ensure_index, rebuild_index
    from qcode.search.store import folder_size

    with open_project(args) as project:
        status = (rebuild_index if args.rebuild else ensure_index)(project, _progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    size = folder_size(status.path)

    def render(s: IndexStatus) -> str:
        if s.rebuilt:
            done = f"built in {s.seconds:.1f} s ({s.reason})"
        elif s.added or s.removed:
            done = f"updated: {s.added} document(s) indexed, {s.removed} dropped"
        else:
            done = "up to date"
        return (
            f"{s.path}: {s.documents} document(s), {s.segments} segment(s), "
            f"{size / 1e6:.1f} MB; {done}"
        )

    emit(args, status, render)
    return 0
