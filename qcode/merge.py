"""`merge_projects`: bring coders' copies of a project into the target, safely and convergently.

Rows match by UUID; documents also by the SHA-256 of their text, codes by their full path.
Each row then takes its latest version (`updated_at`, ties broken by coder UUID), deletions
travel as tombstones, and the whole merge is one transaction after a backup of the target.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import ProjectFileError, QcodeError
from qcode.integrity.bookkeeping import foreign_alias_problems
from qcode.integrity.files import check_copy
from qcode.integrity.guard import damage
from qcode.integrity.problems import Problem
from qcode.integrity.rows import Fetched
from qcode.integrity.salvage import write_valid_rows
from qcode.merging.apply import Counts, plan, write
from qcode.merging.combine import Conflict, Unplaced, code_path, combine
from qcode.merging.gcpause import gc_paused
from qcode.merging.scratch import private_file, scratch
from qcode.merging.state import ALIASES_KEY, ENTITIES, State, copy_database, open_engine, read_state
from qcode.store import ChangeLog, Document, ProjectRow, snapshots

EXCERPT = 300

Progress = Callable[[int, int, str], None]


@dataclass
class MergeReport:
    """What a merge did (or, with dry_run, would do)."""

    target: Path
    sources: list[Path]
    dry_run: bool
    counts: dict[str, Counts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    backup: Path | None = None
    #: Rows of the sources left out by --skip-invalid (what `qcode check` found in them).
    skipped: dict[str, list[Problem]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.total for c in self.counts.values())

    def describe(self) -> str:
        """A plain-text account for the command line and the GUI."""
        verb = "would merge" if self.dry_run else "merged"
        names = ", ".join(p.name for p in self.sources)
        lines = [f"{verb} {names} into {self.target.name}"]
        for entity, c in self.counts.items():
            if c.total:
                parts = [f"{c.added} added", f"{c.updated} updated", f"{c.deleted} deleted"]
                if c.folded:
                    parts.append(f"{c.folded} folded into matching rows")
                lines.append(f"  {entity + 's':<11} " + ", ".join(parts))
        if not self.changed:
            lines.append("  nothing to change: the target already has everything")
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} conflict(s):")
            lines += [f"  - {c.message}" for c in self.conflicts]
        if self.unplaced:
            lines.append(f"{len(self.unplaced)} coding(s) not placed (document text differs):")
            lines += [
                f"  - {u.document_name} [{u.start}, {u.end}) {u.code_path} by {u.coder_name}: "
                f"{u.text!r}"
                for u in self.unplaced[:50]
            ]
            if len(self.unplaced) > 50:
                lines.append(f"  ... and {len(self.unplaced) - 50} more (see --json)")
        for name, problems in self.skipped.items():
            lines.append(f"{len(problems)} problem(s) in {name}: those rows were left out")
            lines += [f"  - {p.describe()}" for p in problems[:50]]
            if len(problems) > 50:
                lines.append(f"  ... and {len(problems) - 50} more (see --json)")
        if self.backup is not None:
            lines.append(f"backup of the target before the merge: {self.backup}")
        return "\n".join(lines)


def merge_projects(
    target: Path,
    sources: list[Path],
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge every source into the target in one transaction (sources are never written).

    Each source is read from a private copy and checked row by row first: a source with
    problems is refused, or with `skip_invalid` only its valid rows are merged (the report
    lists the rest).
    """
    target = Path(target)
    sources = [Path(p) for p in sources]
    if not sources:
        raise QcodeError("name at least one project file to merge into the target")
    for src in sources:
        if src.resolve() == target.resolve():
            raise QcodeError(f"{src}: cannot merge a project into itself")
    report = MergeReport(target=target, sources=sources, dry_run=dry_run)
    engines: dict[Path, Engine] = {}
    with scratch() as tmp, gc_paused():
        try:
            engine = open_engine(target)
            engines[target] = engine
            _check_target(target)
            _merge(engine, target, sources, tmp, engines, report, progress, skip_invalid)
        finally:
            for e in engines.values():
                e.dispose()
    return report


def _merge(
    engine: Engine,
    target: Path,
    sources: list[Path],
    tmp: Path,
    engines: dict[Path, Engine],
    report: MergeReport,
    progress: Progress | None,
    skip_invalid: bool,
) -> None:
    def tell(done: int, total: int, label: str) -> None:
        if progress is not None:
            progress(done, total, label)

    with Session(engine) as s:
        current = read_state(s, target)
        last_action = s.scalar(select(func.max(ChangeLog.id)))
    merged: State = current
    created: list[datetime] = []
    for i, src in enumerate(sources, start=1):
        tell(i - 1, len(sources) + 1, f"reading {src.name}")
        copy, fetched = _checked_copy(src, tmp, i, skip_invalid, report)
        try:
            src_engine = open_engine(copy, source=True)
        except ProjectFileError as exc:  # name the user's file, not the private copy
            raise ProjectFileError(str(exc).replace(str(copy), str(src))) from exc
        engines[copy] = src_engine
        with Session(src_engine) as s:
            theirs = read_state(s, src, origin=copy, fetched=fetched)
            row = s.get(ProjectRow, 1)
        del fetched  # the source's texts: not needed now
        if theirs.project_uuid != current.project_uuid:
            if not _same_lineage(current, theirs):
                raise ProjectFileError(
                    f"{src}: is not a copy of the project {current.project_name!r} "
                    f"(it is {theirs.project_name!r}); merge only coders' copies of one project"
                )
            if row is not None:  # a project made separately: its rows may be older
                created.append(row.created_at)
        _believe_aliases(merged, theirs, src, skip_invalid, report)
        combined = combine(merged, theirs)
        merged = combined.state
        report.conflicts += combined.conflicts
        report.unplaced += _with_passages(src_engine, theirs, combined.unplaced)
    report.conflicts = _dedupe(report.conflicts)
    the_plan = plan(current, merged)
    report.counts = {entity: the_plan.counts[entity] for entity, _ in ENTITIES}
    if report.dry_run or the_plan.empty:
        tell(1, 1, "done")
        return
    report.backup = snapshots.take(target, "merge")
    with Session(engine) as s, s.begin():
        if s.scalar(select(func.max(ChangeLog.id))) != last_action:
            raise QcodeError(
                f"{target}: the project changed while the merge was being prepared "
                "(is it open in qcode?); nothing was merged, run the merge again"
            )
        write(s, merged, the_plan, engines, progress)
        project = s.get(ProjectRow, 1)
        if project is not None and created and min(created) < project.created_at:
            # Rows of a project made separately may predate this one: keep them plausible.
            project.created_at = min(created)
        s.add(
            ChangeLog(
                at=now(),
                action="merge",
                entity="project",
                detail=json.dumps(
                    {
                        "sources": [str(p) for p in sources],
                        "counts": {e: vars(c) for e, c in report.counts.items()},
                        "conflicts": len(report.conflicts),
                        "backup": str(report.backup),
                    }
                ),
            )
        )


def _checked_copy(
    src: Path, tmp: Path, i: int, skip_invalid: bool, report: MergeReport
) -> tuple[Path, Fetched | None]:
    """A private copy of a source that passed `qcode check` (or its valid rows only), and
    the rows the check read from it (None for a copy of the valid rows only)."""
    copy = private_file(tmp, f"source-{i}.qcode")
    copy_database(src, copy, durable=False)
    fetched: Fetched = {}
    result = check_copy(copy, src, keep=fetched)
    if result.ok:
        return copy, fetched
    if not skip_invalid or result.fatal:
        raise ProjectFileError(
            result.summary(str(src)) + "\nnothing was merged; merge its valid rows with "
            "--skip-invalid, or run: qcode salvage"
        )
    report.skipped[str(src)] = list(result.problems)
    valid = private_file(tmp, f"source-{i}-valid.qcode")
    write_valid_rows(copy, valid, result)
    return valid, None


def _believe_aliases(
    merged: State, theirs: State, src: Path, skip_invalid: bool, report: MergeReport
) -> None:
    """Refuse (or with --skip-invalid, drop) a source's aliases that fold the target's codes
    in a way no merge would have."""
    bad = foreign_alias_problems(
        merged.rows["code"], theirs.rows["code"], theirs.aliases, code_path
    )
    if not bad:
        return
    problems = [Problem("project", "settings", ALIASES_KEY, why) for why in bad.values()]
    if not skip_invalid:
        lines = [f"{src}: {len(problems)} problem(s) found in its merge bookkeeping:"]
        lines += [f"  - {p.describe()}" for p in problems[:10]]
        raise ProjectFileError("\n".join(lines) + "\nnothing was merged; merge its valid rows "
                               "with --skip-invalid")
    report.skipped.setdefault(str(src), []).extend(problems)
    theirs.aliases = {k: v for k, v in theirs.aliases.items() if k not in bad}


def _check_target(target: Path) -> None:
    """The target's own rows must be sound too: a merge never builds on damaged rows."""
    try:
        result = damage(target)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{target}: cannot be checked ({exc})") from exc
    if result is not None:
        raise ProjectFileError(
            result.summary(str(target)) + "\nnothing was merged; repair the target first "
            "(qcode salvage TARGET NEW)"
        )


def _with_passages(engine: Engine, state: State, unplaced: list[Unplaced]) -> list[Unplaced]:
    """The coded passages of codings not placed, read from the source's own text."""
    if not unplaced:
        return []
    names = {u.document_name for u in unplaced}
    uuids = [r["uuid"] for r in state.rows["document"].values() if r["name"] in names]
    with Session(engine) as s:
        rows = s.execute(select(Document.name, Document.text).where(Document.uuid.in_(uuids)))
        texts = {name: text for name, text in rows}
    return [
        replace(u, text=texts.get(u.document_name, "")[u.start : u.end][:EXCERPT])
        for u in unplaced
    ]


def _same_lineage(a: State, b: State) -> bool:
    """Files made separately still merge if they share documents (the same transcripts)."""
    shas = {r["sha256"] for r in a.rows["document"].values()}
    return not shas or not b.rows["document"] or any(
        r["sha256"] in shas for r in b.rows["document"].values()
    )


def _dedupe(conflicts: list[Conflict]) -> list[Conflict]:
    seen: set[tuple[str, str, str]] = set()
    out: list[Conflict] = []
    for c in conflicts:
        key = (c.kind, c.uuid, c.message)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
