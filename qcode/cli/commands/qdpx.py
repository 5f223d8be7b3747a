"""`qcode qdpx import|export` and `qcode export-qdpx`: whole REFI-QDA projects in and out."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import add_common, emit, group, open_project
from qcode.store import Project


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    qd = group(sub, "qdpx", "REFI-QDA projects (.qdpx) from and for NVivo, ATLAS.ti, MAXQDA")

    p = qd.add_parser(
        "import",
        help="import a .qdpx project (documents, codes, codings, coders, memos, attributes)",
        description="Documents match by GUID then by text, codes by GUID then path, codings by "
        "GUID: importing the same file twice adds nothing. One transaction.",
    )
    p.add_argument("project", help="the .qcode project (created when it does not exist)")
    p.add_argument("file", help="the .qdpx file")
    add_common(p)
    p.set_defaults(func=cmd_import)

    for parent, name in ((qd, "export"), (sub, "export-qdpx")):
        p = parent.add_parser(name, help="write the whole project as a REFI-QDA .qdpx")
        p.add_argument("project")
        p.add_argument("out", help="the .qdpx file to write")
        p.add_argument("--coder-only", metavar="NAME", help="only this coder's codings and memos")
        p.add_argument(
            "--pseudonyms", action="store_true", help="apply the project's pseudonyms to texts"
        )
        add_common(p)
        p.set_defaults(func=cmd_export)


def import_into(args: argparse.Namespace, project_path: Path, file: Path) -> int:
    """Import `file` into the project (a new one when the path does not exist yet)."""
    from qcode.refi.importer import import_qdpx, read_qdpx

    if not project_path.exists():
        read_qdpx(file)  # a bad file makes no empty project
        project = Project.create(project_path, coder_name=getattr(args, "coder", None))
    else:
        project = open_project(args)
    with project:
        report = import_qdpx(project, file)
    emit(args, report, lambda r: r.describe())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    return import_into(args, Path(args.project), Path(args.file))


def cmd_export(args: argparse.Namespace) -> int:
    from qcode.refi.exporter import export_qdpx

    with open_project(args) as project:
        report = export_qdpx(
            project, Path(args.out), coder_only=args.coder_only, pseudonyms=args.pseudonyms
        )
    emit(args, report, lambda r: r.describe())
    return 0
