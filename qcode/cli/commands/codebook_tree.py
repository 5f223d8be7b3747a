"""`qcode codebook list|add|rename|move|merge|delete|recolour|edit`: the code tree."""

from __future__ import annotations

import argparse

from qcode.cli.common import add_common, emit, group, open_project
from qcode.codebook import tree
from qcode.codebook.tree import CodeInfo
from qcode.coding import list_codings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cb = group(sub, "codebook", "show and edit the codebook (codes are written Theme/Sub-code)")

    p = cb.add_parser("list", help="the code tree with counts of codings")
    p.add_argument("project")
    add_common(p)
    p.set_defaults(func=cmd_list)

    p = cb.add_parser("add", help="add a code (missing parent themes are created)")
    p.add_argument("project")
    p.add_argument("path", help="Theme/Sub-code")
    p.add_argument("--colour", help="#RRGGBB (default: next palette colour)")
    for name in tree.TEXT_FIELDS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")
    add_common(p)
    p.set_defaults(func=cmd_add)

    p = cb.add_parser("rename", help="rename a code (keeps its codings and identity)")
    p.add_argument("project")
    p.add_argument("code", help="path or UUID")
    p.add_argument("new_name")
    add_common(p)
    p.set_defaults(func=cmd_rename)

    p = cb.add_parser("move", help="move a code under another (or to the top with --top)")
    p.add_argument("project")
    p.add_argument("code", help="path or UUID")
    p.add_argument("parent", nargs="?", help="new parent path or UUID")
    p.add_argument("--top", action="store_true", help="make it a top-level theme")
    p.add_argument("--position", type=int, help="place among its new siblings (0 = first)")
    add_common(p)
    p.set_defaults(func=cmd_move)

    p = cb.add_parser("merge", help="merge a code into another: its codings move to the survivor")
    p.add_argument("project")
    p.add_argument("source", help="code to fold away")
    p.add_argument("target", help="code that survives")
    add_common(p)
    p.set_defaults(func=cmd_merge)

    p = cb.add_parser("delete", help="delete a code, its sub-codes and their codings")
    p.add_argument("project")
    p.add_argument("code", help="path or UUID")
    add_common(p)
    p.set_defaults(func=cmd_delete)

    p = cb.add_parser("recolour", help="give a code another colour")
    p.add_argument("project")
    p.add_argument("code", help="path or UUID")
    p.add_argument("colour", help="#RRGGBB or #RGB")
    add_common(p)
    p.set_defaults(func=cmd_recolour)

    p = cb.add_parser("edit", help="set a code's definition, criteria, example or ToR item")
    p.add_argument("project")
    p.add_argument("code", help="path or UUID")
    for name in tree.TEXT_FIELDS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name)
    add_common(p)
    p.set_defaults(func=cmd_edit)


def _render_code(c: CodeInfo) -> str:
    return f"{c.path}  ({c.uuid})"


def cmd_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        codes = tree.list_codes(project)
        counts: dict[str, int] = {}
        for coding in list_codings(project):
            counts[coding.code_uuid] = counts.get(coding.code_uuid, 0) + 1
    rows = [{**_code_dict(c), "codings": counts.get(c.uuid, 0)} for c in codes]

    def render(items: list[dict[str, object]]) -> str:
        lines = [
            f"{'  ' * int(str(r['depth']))}{r['name']}  [{r['codings']}]"
            + (f"  ToR {r['tor_item']}" if r["tor_item"] else "")
            for r in items
        ]
        return "\n".join([*lines, f"{len(items)} code(s)"])

    emit(args, rows, render)
    return 0


def _code_dict(c: CodeInfo) -> dict[str, object]:
    from qcode.cli.common import jsonable

    value = jsonable(c)
    assert isinstance(value, dict)
    return value


def cmd_add(args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name) for name in tree.TEXT_FIELDS}
    with open_project(args) as project:
        code = tree.add_code(project, args.path, colour=args.colour, **fields)
    emit(args, code, lambda c: "added " + _render_code(c))
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        code = tree.rename_code(project, args.code, args.new_name)
    emit(args, code, lambda c: "renamed to " + _render_code(c))
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    if not args.top and not args.parent:
        from qcode.errors import QcodeError

        raise QcodeError("give the new parent, or --top")
    with open_project(args) as project:
        code = tree.move_code(project, args.code, None if args.top else args.parent, args.position)
    emit(args, code, lambda c: "moved to " + _render_code(c))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        result = tree.merge_codes(project, args.source, args.target)
    emit(
        args,
        result,
        lambda r: (
            f"merged {args.source!r} into {args.target!r}: {len(r.moved_codings)} coding(s)"
            f" moved, {len(r.coding_uuids)} duplicate(s) dropped"
        ),
    )
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        result = tree.delete_code(project, args.code)
    emit(
        args,
        result,
        lambda r: f"deleted {len(r.code_uuids)} code(s) and {len(r.coding_uuids)} coding(s)",
    )
    return 0


def cmd_recolour(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        code = tree.recolour_code(project, args.code, args.colour)
    emit(args, code, lambda c: f"{c.path} is now {c.colour}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = {n: getattr(args, n) for n in tree.TEXT_FIELDS if getattr(args, n) is not None}
    with open_project(args) as project:
        code = tree.update_code(project, args.code, **fields)
    emit(args, code, lambda c: "updated " + _render_code(c))
    return 0
