"""`qcode export`, `qcode summary` and `qcode pseudonyms`: quote bundles, summaries, pseudonyms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qcode.cli.common import add_common, emit, group, open_project, table
from qcode.cli.pseudonym_flags import add_leak_flags, add_pseudonym_flags
from qcode.errors import QcodeError
from qcode.export.bundle import FORMATS, BundleOptions, bundle_leaks, export_bundle
from qcode.export.leaks import Leak, blocking
from qcode.export.pseudonyms import (
    PseudonymInfo,
    list_pseudonyms,
    remove_pseudonym,
    set_pseudonym,
)
from qcode.export.suggest import Suggestion, apply_suggestions, suggest
from qcode.export.summary import SUMMARY_FORMATS, ThemeSummary, export_summary, theme_summary
from qcode.export.summary_writers import cell_text


def _selection(p: argparse.ArgumentParser, *, codes_required: bool) -> None:
    p.add_argument(
        "--code",
        action="append",
        required=codes_required,
        metavar="PATH",
        help="a code (Theme or Theme/Sub-code) to export; repeat for several",
    )
    p.add_argument("--subcodes", action="store_true", help="include each code's sub-codes")
    p.add_argument(
        "--kind",
        action="append",
        metavar="K",
        help="only these source kinds (interview, focus_group, national_interview)",
    )
    p.add_argument(
        "--where",
        action="append",
        metavar="ATTR=VALUE",
        help="only documents with this attribute value, e.g. force=C",
    )
    p.add_argument("--document", action="append", metavar="NAME", help="only these documents")
    p.add_argument(
        "--by", dest="by_coder", action="append", metavar="CODER", help="only this coder's codings"
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="write a quote bundle per theme (.docx .pdf .xlsx .csv)",
        description="Write the quotes coded with the chosen codes, attributed, "
        "grouped by source kind, force or document.",
    )
    p.add_argument("project")
    _selection(p, codes_required=True)
    p.add_argument(
        "--group-by",
        default="kind",
        metavar="kind|force|document|ATTR",
        help="group each theme's quotes by this (default: kind)",
    )
    add_pseudonym_flags(p)
    p.add_argument("--memos", action="store_true", help="include coding memos")
    p.add_argument("--context", action="store_true", help="show the rest of each sentence")
    p.add_argument("--per-theme", action="store_true", help="one file per theme; -o names a folder")
    p.add_argument(
        "--attribute",
        action="append",
        metavar="ATTR",
        help="attributes shown in attributions (default: all)",
    )
    p.add_argument("--format", choices=FORMATS, help="default: from the -o suffix, else docx")
    p.add_argument("-o", "--out", required=True, help="file (or folder with --per-theme)")
    add_common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("summary", help="codes × source kinds (or an attribute), co-occurrence")
    p.add_argument("project")
    p.add_argument("--by", default="kind", metavar="kind|ATTR", help="columns (default: kind)")
    p.add_argument("--pseudonyms", action="store_true", help="apply the pseudonym table")
    p.add_argument("--format", choices=SUMMARY_FORMATS, help="default: from the -o suffix")
    p.add_argument("-o", "--out", help="also write the summary to this .docx/.pdf/.xlsx file")
    add_common(p)
    p.set_defaults(func=cmd_summary)

    ps = group(sub, "pseudonyms", "terms replaced on export (force names, people)")
    p = ps.add_parser("list", help="list the terms and their replacements")
    p.add_argument("project")
    add_common(p)
    p.set_defaults(func=cmd_pseudonyms_list)
    p = ps.add_parser("add", help="add a term (or change its replacement)")
    p.add_argument("project")
    p.add_argument("term")
    p.add_argument("replacement")
    p.add_argument(
        "--partial",
        action="store_true",
        help="replace inside longer words too (default: whole words only)",
    )
    add_common(p)
    p.set_defaults(func=cmd_pseudonyms_add)
    p = ps.add_parser("remove", help="remove a term (by the term or its UUID)")
    p.add_argument("project")
    p.add_argument("term")
    add_common(p)
    p.set_defaults(func=cmd_pseudonyms_remove)
    p = ps.add_parser(
        "check",
        help="write the pseudonymised export to a temporary folder, read it back and list the "
        "names it still shows (exit status 1 if any would stop the export)",
    )
    p.add_argument("project")
    _selection(p, codes_required=False)
    add_leak_flags(p)
    p.add_argument("--memos", action="store_true", help="check coding memos too")
    p.add_argument("--context", action="store_true", help="check the context sentences too")
    p.add_argument("--group-by", default="kind", metavar="kind|force|document|ATTR")
    p.add_argument("--per-theme", action="store_true", help="check one file per theme")
    p.add_argument("--format", choices=FORMATS, default="docx", help="default: docx")
    p.add_argument("-o", "--out", default="bundle", help="the file name to check (default bundle)")
    add_common(p)
    p.set_defaults(func=cmd_pseudonyms_check)
    p = ps.add_parser(
        "suggest",
        help="names of people, forces and places found in the project, with replacements",
    )
    p.add_argument("project")
    p.add_argument("--apply", action="store_true", help="add every suggestion to the list")
    add_common(p)
    p.set_defaults(func=cmd_pseudonyms_suggest)


def _where(values: list[str] | None) -> dict[str, str] | None:
    if not values:
        return None
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QcodeError(f"--where {item!r}: write it as ATTRIBUTE=VALUE, e.g. force=C")
        out[key.strip()] = value.strip()
    return out


def _kinds(values: list[str] | None) -> list[str] | None:
    return [k for v in values for k in v.split(",") if k.strip()] if values else None


def _options(args: argparse.Namespace, codes: list[str]) -> BundleOptions:
    return BundleOptions(
        codes=codes,
        include_subcodes=args.subcodes,
        kinds=_kinds(args.kind),
        where=_where(args.where),
        documents=args.document,
        coders=args.by_coder,
        group_by=getattr(args, "group_by", "kind"),
        pseudonymise=getattr(args, "pseudonyms", False),
        include_memos=args.memos,
        context=args.context,
        one_file_per_theme=getattr(args, "per_theme", False),
        attributes=getattr(args, "attribute", None),
        coder_names=getattr(args, "coders", None),
        accept_leaks=getattr(args, "accept_leaks", None) or None,
    )


def _progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{label}: {done}/{total}   ")
        if done >= total:
            sys.stderr.write("\n")


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = args.format or (out.suffix.lower().lstrip(".") if out.suffix else "docx")
    if fmt not in FORMATS:
        raise QcodeError(f"{out}: cannot tell the format; give --format {'|'.join(FORMATS)}")
    with open_project(args) as project:
        written = export_bundle(project, _options(args, args.code), out, fmt, _progress)
    emit(args, {"files": written}, lambda r: "\n".join(f"wrote {f}" for f in r["files"]))
    return 0


def render_summary(summary: ThemeSummary) -> str:
    header = ["code", *summary.columns, "all"]
    rows = []
    for r in summary.rows:
        total = f"{r.total_quotes} · {r.total_documents}" if r.total_quotes else "–"
        rows.append(
            ["  " * r.depth + r.name, *[cell_text(summary, r, c) for c in summary.columns], total]
        )
    lines = [
        f"{summary.total_documents} documents; cells: quotes · documents (share)",
        "",
        table(rows, header),
    ]
    if summary.cooccurrence:
        lines += ["", "codes that occur together (segments, documents):"]
        lines += [
            f"  {c.code_a} + {c.code_b}: {c.segments}, {c.documents}"
            for c in summary.cooccurrence[:10]
        ]
    thin = summary.thin
    lines += [
        "",
        f"terms of reference with little or no evidence: {len(thin)} of {len(summary.tor)}",
    ]
    lines += [f"  {t.item}: {t.quotes} quotes, {t.documents} documents ({t.status})" for t in thin]
    return "\n".join(lines)


def cmd_summary(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        summary = theme_summary(project, args.by, pseudonymise=args.pseudonyms)
        if args.out:
            out = Path(args.out)
            if args.format and out.suffix.lower() != f".{args.format}":
                out = out.with_suffix(f".{args.format}") if not out.suffix else out
                if out.suffix.lower() != f".{args.format}":
                    raise QcodeError(f"{out}: the file name does not end in .{args.format}")
            export_summary(project, out, args.by, pseudonymise=args.pseudonyms)
            print(f"wrote {out}", file=sys.stderr)
        elif args.format:
            raise QcodeError("--format needs -o FILE")
    emit(args, summary, render_summary)
    return 0


def cmd_pseudonyms_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        items = list_pseudonyms(project)

    def render(rows: list[PseudonymInfo]) -> str:
        if not rows:
            return "no pseudonyms yet (add one with: qcode pseudonyms add PROJECT TERM REPLACEMENT)"
        return table(
            [
                [p.term, p.replacement, "whole word" if p.whole_word else "anywhere", p.uuid]
                for p in rows
            ],
            ["term", "replacement", "matches", "uuid"],
        )

    emit(args, items, render)
    return 0


def cmd_pseudonyms_add(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        uuid = set_pseudonym(project, args.term, args.replacement, whole_word=not args.partial)
    emit(args, {"uuid": uuid}, lambda _: f"{args.term!r} will be exported as {args.replacement!r}")
    return 0


def cmd_pseudonyms_remove(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        remove_pseudonym(project, args.term)
    emit(args, {"removed": args.term}, lambda _: f"removed {args.term!r}")
    return 0


def cmd_pseudonyms_check(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        codes = args.code
        if not codes:
            from qcode.codebook.tree import list_codes

            codes = [c.uuid for c in list_codes(project) if c.depth == 0]
        if not codes:
            raise QcodeError("the codebook is empty: nothing would be exported")
        args.subcodes = args.subcodes or not args.code
        args.pseudonyms = True
        options = _options(args, codes)
        found = bundle_leaks(project, options, args.format, args.out)
    stopping = blocking(found, args.accept_leaks)
    notes = [x for x in found if not x.whole_word]
    accepted = [x for x in found if x.whole_word and x not in stopping]

    def render(_: object) -> str:
        lines = []
        if stopping:
            lines += [
                f"{len(stopping)} place(s) would show a name; the export would stop:",
                _leak_table(stopping),
            ]
        else:
            lines.append("no name would appear in the pseudonymised export")
        if accepted:
            lines += ["", "accepted (--accept-leaks):", _leak_table(accepted)]
        if notes:
            lines += ["", "inside longer words (not stopping the export):", _leak_table(notes)]
        return "\n".join(lines)

    emit(args, {"leaks": stopping, "accepted": accepted, "inside_words": notes}, render)
    return 1 if stopping else 0


def _leak_table(items: list[Leak]) -> str:
    rows = [
        [x.term, "listed" if x.listed else "not on the list", x.where, x.file, x.excerpt]
        for x in items
    ]
    return table(rows, ["name", "pseudonym", "where", "file", "excerpt"])


def cmd_pseudonyms_suggest(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        items = suggest(project)
        if args.apply and items:
            apply_suggestions(project, items)

    def render(rows: list[Suggestion]) -> str:
        if not rows:
            return "no new names found: every name qcode can see is on the pseudonym list"
        out = table(
            [[x.term, x.replacement, x.category, x.source] for x in rows],
            ["term", "replacement", "kind", "found in"],
        )
        if args.apply:
            return out + f"\nadded {len(rows)} pseudonym(s)"
        return out + "\nadd them all with --apply, or one by one with: qcode pseudonyms add"

    emit(args, items, render)
    return 0
