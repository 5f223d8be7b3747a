"""`qcode matrix`: codes × attribute values, documents, speakers or coders; co-occurrence."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qcode.cli.common import add_common, emit, open_project, table
from qcode.cli.pseudonym_flags import add_pseudonym_flags, privacy
from qcode.errors import QcodeError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "matrix",
        help="count coded passages per code and attribute value, document, speaker or coder",
        description="Rows are codes; columns are the values of --by. --cell CODE COLUMN lists "
        "the passages of one cell; --cooccurrence counts segments coded with two codes.",
    )
    p.add_argument("project")
    p.add_argument(
        "--by",
        default="kind",
        metavar="KEY",
        help="columns: kind, document, speaker, coder or an attribute such as force (kind)",
    )
    p.add_argument("--period", choices=("year", "quarter", "month"), help="group dates")
    p.add_argument(
        "--measure",
        choices=("passages", "documents", "words", "share"),
        default="passages",
        help="what a cell shows (passages)",
    )
    p.add_argument("--no-subcodes", action="store_true", help="count each code on its own")
    p.add_argument("--themes", action="store_true", help="only the top-level themes as rows")
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="only documents with this attribute value (or kind=interview); repeatable",
    )
    p.add_argument("--cell", nargs=2, metavar=("CODE", "COLUMN"), help="the passages of a cell")
    p.add_argument(
        "--cooccurrence",
        action="store_true",
        help="a code × code matrix of shared segments (with --themes: themes with sub-codes)",
    )
    p.add_argument("--out", metavar="FILE", help="write .xlsx (values) or .docx/.pdf (quotes)")
    add_pseudonym_flags(p, "--pseudonymise")
    add_common(p)
    p.set_defaults(func=cmd_matrix)


def _where(items: list[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QcodeError(f"--where {item!r}: write it as KEY=VALUE, e.g. force=Force A")
        out.append((key.strip(), value.strip()))
    return tuple(out)


def cmd_matrix(args: argparse.Namespace) -> int:
    from qcode.analysis.matrix import MatrixSpec

    spec = MatrixSpec(
        by=args.by,
        include_subcodes=not args.no_subcodes,
        where=_where(args.where),
        period=args.period or "",
        top_level=args.themes,
    )
    with open_project(args) as project:
        if args.cooccurrence:
            return _cooccurrence(args, project, spec)
        if args.cell:
            from qcode.analysis.matrix import cell_quotes

            found = cell_quotes(project, spec, args.cell[0], args.cell[1])
            emit(args, found, _render_quotes)
            return 0
        if args.out:
            from qcode.analysis.matrix_writers import export_matrix

            path = export_matrix(project, spec, Path(args.out), privacy=privacy(args))
            said = " (pseudonymised)" if args.pseudonyms else ""
            result = {"written": str(path), "pseudonymised": args.pseudonyms}
            emit(args, result, lambda v: f"wrote {v['written']}{said}")
            return 0
        from qcode.analysis.matrix import matrix_query

        matrix = matrix_query(project, spec)
    measure = args.measure

    def render(m: Any) -> str:
        def show(value: float) -> str:
            return f"{value:.0%}" if measure == "share" else str(value)

        header = ["Code", *[c.label for c in m.columns], "All"]
        rows = [
            [
                "  " * r.depth + r.name,
                *[show(c.value(measure)) for c in r.cells],
                show(r.total.value(measure)),
            ]
            for r in m.rows
        ]
        return table(rows, header)

    emit(args, matrix, render)
    return 0


def _cooccurrence(args: argparse.Namespace, project: Any, spec: Any) -> int:
    from qcode.analysis.cooccurrence import cooccurrence_matrix, cooccurrence_quotes

    subcodes = spec.top_level  # each code on its own, or themes counting their sub-codes
    if args.cell:
        found = cooccurrence_quotes(
            project,
            args.cell[0],
            args.cell[1],
            include_subcodes=subcodes,
            where=spec.where,
        )
        emit(args, found, _render_quotes)
        return 0
    matrix = cooccurrence_matrix(
        project, include_subcodes=subcodes, where=spec.where, top_level=spec.top_level
    )

    def render(m: Any) -> str:
        rows = [[a, b, str(n), str(d)] for a, b, n, d in m.pairs(50)]
        return table(rows, ["Code", "With code", "Segments", "Documents"])

    emit(args, matrix, render)
    return 0


def _render_quotes(found: list[Any]) -> str:
    lines = []
    for q in found:
        who = f"{q.speaker}, " if q.speaker else ""
        lines.append(
            f"{' '.join(q.text.split())}\n    — {who}{q.document_name}, ¶{q.paragraph}"
            f" [{q.start}, {q.end})"
        )
    lines.append(f"{len(found)} passage(s)")
    return "\n".join(lines)
