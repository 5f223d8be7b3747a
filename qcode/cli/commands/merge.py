"""`qcode merge`, `qcode clone`, `qcode agreement`: coders' copies and inter-coder agreement."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qcode.cli.common import emit, table
from qcode.errors import QcodeError
from qcode.store import Project


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "merge",
        help="merge coders' copies of a project into the target (backup first)",
        description="Bring one or more coders' .qcode files into TARGET in one transaction, "
        "after writing a backup of TARGET beside it. Sources are never changed.",
    )
    p.add_argument("target", help="the .qcode file to merge into")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="coders' .qcode files")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p.add_argument(
        "--skip-invalid", action="store_true",
        help="merge only the rows of a damaged source that qcode check accepts (and list "
        "the rest) instead of refusing it",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "clone",
        help="make a coder's working copy of a project (same UUIDs)",
        description="Copy PROJECT to OUT for one coder; merge it back later with qcode merge.",
    )
    p.add_argument("project", help="the lead's .qcode file")
    p.add_argument("out", help="the new .qcode file")
    p.add_argument("--coder", required=True, metavar="NAME", help="the coder the copy is for")
    p.add_argument(
        "--blind", action="store_true", help="leave other coders' codings out of the copy"
    )
    p.set_defaults(func=cmd_clone)

    p = sub.add_parser(
        "agreement",
        help="inter-coder agreement: percent, Cohen's and Fleiss' kappa, Krippendorff's alpha",
    )
    p.add_argument("project")
    p.add_argument(
        "--coder", action="append", required=True, metavar="NAME",
        help="a coder (name or UUID); give two or more",
    )
    p.add_argument(
        "--unit", choices=("segment", "sentence", "character"), default="segment",
        help="what is compared: speaker turns/paragraphs (default), sentences or characters",
    )
    p.add_argument("--code", action="append", metavar="PATH", help="only these codes")
    p.add_argument(
        "--exclude-uncoded", action="store_true",
        help="leave out units that no coder coded with any of the codes",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="also write the report (.xlsx)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_agreement)


def cmd_merge(args: argparse.Namespace) -> int:
    from qcode.merge import merge_projects

    for source in args.sources:
        if Path(source).suffix.lower() == ".qdpx":
            raise QcodeError(
                f"{source}: a REFI-QDA project is not a qcode file to merge; import it with "
                f"`qcode import {args.target} {source}` (or `qcode qdpx import`)"
            )

    def progress(done: int, total: int, label: str) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{label} ({done}/{total})\033[K", end="", file=sys.stderr, flush=True)

    report = merge_projects(
        Path(args.target), [Path(s) for s in args.sources], dry_run=args.dry_run,
        skip_invalid=args.skip_invalid, progress=progress,
    )
    if not args.json and sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    emit(args, report, lambda r: r.describe())
    return 0


def cmd_clone(args: argparse.Namespace) -> int:
    from qcode.clone import clone_project

    out = clone_project(Path(args.project), Path(args.out), args.coder, blind=args.blind)
    print(f"created {out} for {args.coder}" + (" (other coders' codings left out)"
                                               if args.blind else ""))
    return 0


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def cmd_agreement(args: argparse.Namespace) -> int:
    from qcode.agreement import AgreementReport, agreement

    with _open(Path(args.project)) as project:
        report = agreement(
            project, args.coder, unit=args.unit, codes=args.code,
            exclude_uncoded=args.exclude_uncoded,
        )
    if args.output:
        from qcode.agreement_export import export_agreement_xlsx

        export_agreement_xlsx(report, Path(args.output))

    def render(r: AgreementReport) -> str:
        if not r.documents:
            return (f"no document has codings by all of {', '.join(r.coders)}: there is "
                    "nothing to compare yet (merge their files first)")
        header = ["code", "units", "agree %", "Cohen κ", "Fleiss κ", "Krippendorff α"]

        def cells(name: str, s: Any) -> list[str]:
            return [name, f"{s.units:,}", f"{100 * s.percent:.1f}", _fmt(s.cohen),
                    _fmt(s.fleiss), _fmt(s.alpha)]

        rows = [cells(c.code_path, c.scores) for c in r.per_code]
        rows.append(cells("(overall)", r.overall))
        lines = [
            f"agreement between {', '.join(r.coders)} over {r.unit}s of "
            f"{len(r.documents)} document(s) all of them coded",
            table(rows, header),
            f"{len(r.disagreements)} disagreement(s)"
            + (" (see -o FILE or --json for the list)" if r.disagreements else ""),
        ]
        if args.output:
            lines.append(f"wrote {args.output}")
        return "\n".join(lines)

    emit(args, report, render)
    return 0


def _open(path: Path) -> Project:
    """Open the project to read it, without adding the machine's coder to it."""
    from qcode.integrity.guard import refuse_if_damaged
    from qcode.merging.state import open_engine

    refuse_if_damaged(path)
    return Project(path, open_engine(path), "")
