"""`qcode codebook import|export|from-tor|report`: codebook files in and out."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import add_common, emit, group, open_project
from qcode.errors import QcodeError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cb = group(sub, "codebook", "show and edit the codebook (codes are written Theme/Sub-code)")

    p = cb.add_parser(
        "import",
        help="merge a codebook (.qdc, .csv, .xlsx, or a .qdpx project's) into the project",
        description="Codes match existing ones by UUID, then by path; new ones are added, "
        "matched ones get the file's non-empty fields. One undoable action.",
    )
    p.add_argument("project")
    p.add_argument("file", nargs="?", help="the codebook file")
    p.add_argument(
        "--shipped",
        metavar="NAME",
        nargs="?",
        const="activism-impartiality",
        help="load a codebook shipped with qcode (default activism-impartiality)",
    )
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    add_common(p)
    p.set_defaults(func=cmd_import)

    p = cb.add_parser("export", help="write the codebook as .qdc (REFI-QDA), .csv or .xlsx")
    p.add_argument("project")
    p.add_argument("out", help="file to write; the suffix picks the format")
    add_common(p)
    p.set_defaults(func=cmd_export)

    p = cb.add_parser(
        "from-tor",
        help="one theme per item of a terms-of-reference document (.docx, .txt, .md)",
    )
    p.add_argument("project")
    p.add_argument("file", help="the terms of reference")
    p.add_argument("--dry-run", action="store_true", help="show the themes; create nothing")
    p.add_argument(
        "--section",
        metavar="TEXT",
        help="take the list just below a line containing TEXT "
        "(default: 'terms of reference', else the longest list)",
    )
    add_common(p)
    p.set_defaults(func=cmd_from_tor)

    p = cb.add_parser("report", help="the code tree with every definition, as .docx or .pdf")
    p.add_argument("project")
    p.add_argument("out", help="file to write (.docx or .pdf)")
    add_common(p)
    p.set_defaults(func=cmd_report)


def cmd_import(args: argparse.Namespace) -> int:
    from qcode.codebook.loader import load_codebook_file
    from qcode.codebook.shipped import shipped_codebook

    if bool(args.file) == bool(args.shipped):
        raise QcodeError("give either a codebook FILE or --shipped [NAME]")
    path = shipped_codebook(args.shipped) if args.shipped else Path(args.file)
    with open_project(args) as project:
        report = load_codebook_file(project, path, dry_run=args.dry_run)
    emit(args, report.summary(), lambda _: report.describe())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    with open_project(args) as project:
        if suffix == ".qdc":
            from qcode.codebook.qdc import export_qdc

            written = export_qdc(project, out)
        elif suffix in (".csv", ".xlsx"):
            from qcode.codebook.sheet import export_sheet

            written = export_sheet(project, out)
        else:
            raise QcodeError(f"{out}: export the codebook as .qdc, .csv or .xlsx")
        from qcode.codebook.tree import list_codes

        count = len(list_codes(project))
    emit(args, {"file": written, "codes": count}, lambda r: f"wrote {r['file']} ({count} codes)")
    return 0


def cmd_from_tor(args: argparse.Namespace) -> int:
    from qcode.codebook.tor import codes_from_tor

    with open_project(args) as project:
        report = codes_from_tor(
            project, Path(args.file), dry_run=args.dry_run, section=args.section
        )
    emit(args, report, lambda r: r.describe())
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from qcode.codebook.report import export_codebook_report

    with open_project(args) as project:
        written = export_codebook_report(project, Path(args.out))
    emit(args, {"file": written}, lambda r: f"wrote {r['file']}")
    return 0
