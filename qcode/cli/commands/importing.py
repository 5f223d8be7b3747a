"""`qcode import PROJECT PATH...`: import transcripts (files and folders) into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qcode.cli.common import add_common, emit, open_project, table
from qcode.errors import QcodeError
from qcode.importers.bulk import FileOutcome, ImportReport, import_paths, preview_import
from qcode.importers.registry import supported_extensions


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import transcripts (files or folders) into a project",
        description="Import transcripts into a project. Folders are read recursively; "
        f"supported: {' '.join(supported_extensions())}.",
    )
    p.add_argument("project", help="the .qcode project file")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument(
        "--kind",
        help="source kind for every file (interview, focus_group, national_interview, other); "
        "default: from the attribute sheet, then from folder names",
    )
    p.add_argument("--attributes", metavar="SHEET", help="attribute sheet (.csv or .xlsx)")
    p.add_argument(
        "--speaker-pattern",
        metavar="RE",
        help="regular expression matching a speaker label at the start of a line "
        "(name the speaker with a group called 'speaker')",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="preview: read and check every file, show names, kinds, segments, speakers with "
        "their turn counts and what to check (one speaker only, lines that look like labels "
        "but were not taken); store nothing",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_common(p)
    p.set_defaults(func=cmd_import)


class _Bar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:<40}"
        sys.stderr.write(line)
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _turns(o: FileOutcome, most: int = 6) -> str:
    """'Interviewer (12), PC Smith (1)': each speaker and their number of turns."""
    shown = ", ".join(f"{name} ({n})" for name, n in o.turns[:most])
    return shown + (f", … {len(o.turns) - most} more" if len(o.turns) > most else "")


def _render(report: ImportReport) -> str:
    rows = [
        [
            "would import" if report.dry_run else o.status,
            o.document_name or o.path.name,
            o.kind,
            str(o.segments) if o.segments else "",
            _turns(o),
        ]
        for o in report.outcomes
        if o.status == "imported"
    ]
    header = ["status", "document", "kind", "segments", "speakers (turns)"]
    lines = [table(rows, header)] if rows else []
    for o in report.outcomes:
        lines += [f"check: {o.path.name}: {warning}" for warning in o.warnings]
    lines += [f"{o.status}: {o.message}" for o in report.outcomes if o.status != "imported"]
    if report.unmatched_rows:
        shown = ", ".join(report.unmatched_rows[:5])
        more = " …" if len(report.unmatched_rows) > 5 else ""
        lines.append(f"attribute sheet rows that matched no file: {shown}{more}")
    if report.skipped_rows:
        shown = ", ".join(report.skipped_rows[:5])
        more = " …" if len(report.skipped_rows) > 5 else ""
        lines.append(f"attribute sheet rows for files skipped as already imported: {shown}{more}")
    lines.append(report.describe())
    return "\n".join(lines)


def _outcome_json(o: FileOutcome) -> dict[str, object]:
    return {
        "path": str(o.path),
        "status": o.status,
        "message": o.message,
        "document_uuid": o.document_uuid,
        "document_name": o.document_name,
        "kind": o.kind,
        "segments": o.segments,
        "speakers": list(o.speakers),
        "turns": [{"speaker": name, "turns": n} for name, n in o.turns],
        "warnings": list(o.warnings),
        "words": o.words,
    }


def cmd_import(args: argparse.Namespace) -> int:
    if any(Path(p).suffix.lower() == ".qdpx" for p in args.paths):  # a whole REFI-QDA project
        from qcode.cli.commands.qdpx import import_into

        if len(args.paths) != 1 or args.dry_run:
            raise QcodeError("import a .qdpx project on its own (one file, no --dry-run)")
        return import_into(args, Path(args.project), Path(args.paths[0]))
    with open_project(args) as project:
        run = preview_import if args.dry_run else import_paths
        report = run(
            project,
            [Path(p) for p in args.paths],
            kind=args.kind,
            attributes=Path(args.attributes) if args.attributes else None,
            speaker_pattern=args.speaker_pattern,
            progress=_Bar(not args.quiet and not args.json),
        )
    summary = {
        "dry_run": report.dry_run,
        "imported": len(report.imported),
        "skipped": len(report.skipped),
        "refused": len(report.refused),
        "words": report.words,
        "seconds": round(report.seconds, 3),
        "unmatched_rows": report.unmatched_rows,
        "skipped_rows": report.skipped_rows,
        "outcomes": [_outcome_json(o) for o in report.outcomes],
    }
    emit(args, summary, lambda _s: _render(report))
    return 1 if report.refused else 0
