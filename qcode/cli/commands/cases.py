"""`qcode cases [show|set|import|export]`: the documents × attributes sheet, at any time."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.analysis.cases import (
    CaseSheet,
    assign_value,
    case_sheet,
    export_sheet,
    import_sheet,
    sheet_rows,
)
from qcode.cli.common import add_common, emit, group, open_project, table

HELP = "the cases sheet: documents and their attributes (show, set, import, export)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = group(sub, "cases", HELP)
    p = actions.add_parser("show", help="every document with its attributes")
    p.add_argument("project")
    add_common(p)
    p.set_defaults(func=cmd_show)

    p = actions.add_parser("set", help="give documents one value of an attribute")
    p.add_argument("project")
    p.add_argument("key", help="attribute (a new one is added)")
    p.add_argument("value", help="value (empty removes the attribute from the documents)")
    p.add_argument("documents", nargs="+", metavar="DOCUMENT", help="names or UUIDs")
    add_common(p)
    p.set_defaults(func=cmd_set)

    p = actions.add_parser("import", help="read values from a .csv/.xlsx sheet")
    p.add_argument("project")
    p.add_argument("sheet", help="first column (or 'document'/'file') names the document")
    add_common(p)
    p.set_defaults(func=cmd_import)

    p = actions.add_parser("export", help="write the sheet as .csv or .xlsx")
    p.add_argument("project")
    p.add_argument("out", help="file ending in .csv or .xlsx")
    add_common(p, json_output=False)
    p.set_defaults(func=cmd_export)


def cmd_show(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        sheet = case_sheet(project)

    def render(s: CaseSheet) -> str:
        header, *rows = sheet_rows(s)
        return table(rows, header)

    emit(args, sheet, render)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        before = assign_value(project, args.documents, args.key, args.value)
    changed = sum(v.get(args.key.strip(), "") != args.value.strip() for v in before.values())
    result = {"key": args.key, "value": args.value, "documents": len(before), "changed": changed}
    emit(args, result, lambda r: f"{r['key']}: set on {r['documents']} document(s)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        result = import_sheet(project, Path(args.sheet))
    summary = {
        "documents": len(result.after),
        "values": result.cells,
        "unmatched": result.unmatched,
    }

    def render(r: dict[str, object]) -> str:
        line = f"{r['values']} value(s) changed in {r['documents']} document(s)"
        if result.unmatched:
            line += f"; rows matching no document: {', '.join(result.unmatched)}"
        return line

    emit(args, summary, render)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        out = export_sheet(project, Path(args.out))
    print(f"cases sheet written to {out}")
    return 0
