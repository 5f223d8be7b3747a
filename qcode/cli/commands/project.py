"""`qcode new`, `qcode documents`, `qcode coder`, `qcode gui`: projects, documents and coders."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode import settings
from qcode.cli.common import add_common, emit, open_project, table
from qcode.documents import DocumentInfo, list_documents
from qcode.store import Project


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new", help="create a new project file")
    p.add_argument("project", help="path of the new .qcode file")
    p.add_argument("--name", help="project name (default: the file name)")
    p.add_argument(
        "--codebook",
        help="load a codebook (.qdc, .csv, .xlsx, or a .qdpx project's) into the new project",
    )
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("documents", help="list the documents of a project")
    p.add_argument("project")
    p.add_argument("--kind", help="only documents of this source kind")
    add_common(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("coder", help="show or set the coder name remembered on this machine")
    p.add_argument("name", nargs="?", help="the new name (omit to show the current one)")
    p.set_defaults(func=cmd_coder)

    p = sub.add_parser("gui", help="open the desktop application")
    p.add_argument("project", nargs="?", help="a .qcode file to open")
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_gui)


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.project)
    if path.suffix != ".qcode":
        path = path.with_name(path.name + ".qcode")
    with Project.create(path, name=args.name, coder_name=args.coder) as project:
        print(f"created {path} (coder: {project.coder_name})")
        if args.codebook:
            from qcode.codebook.loader import load_codebook_file

            report = load_codebook_file(project, Path(args.codebook))
            print(report.describe())
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        docs = list_documents(project, kind=args.kind)

    def render(items: list[DocumentInfo]) -> str:
        rows = [
            [
                d.name,
                d.kind,
                f"{d.length:,}",
                ", ".join(f"{k}={v}" for k, v in d.attributes.items()),
            ]
            for d in items
        ]
        return table(rows, ["document", "kind", "characters", "attributes"]) + (
            f"\n{len(items)} document(s)"
        )

    emit(args, docs, render)
    return 0


def cmd_coder(args: argparse.Namespace) -> int:
    if args.name:
        settings.remember_coder(args.name)
    print(settings.coder_name())
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from qcode.ui.app import run

    return run(Path(args.project) if args.project else None, coder=args.coder)
