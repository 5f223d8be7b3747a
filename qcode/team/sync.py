"""`sync`: pull the team database's new rows into a laptop's file, then push the laptop's own.

The server is one more replica under the file merge's rules: pulled rows are checked like an
untrusted file's, combined with the laptop's by `qcode.merging.combine` (identity matching,
last-writer-wins with tombstones), written in one local transaction; then the rows changed
locally since the last push go up in one server transaction whose upsert keeps the later
version of every row. Run again after any interruption: both directions are idempotent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import QcodeError
from qcode.faults import fault_point
from qcode.integrity.guard import refuse_if_damaged
from qcode.merging.apply import Counts, plan, write
from qcode.merging.combine import Conflict, Unplaced, combine
from qcode.merging.scratch import scratch
from qcode.merging.state import ENTITIES, Row, State, open_engine, read_state
from qcode.store.engine import writer
from qcode.store.models import ChangeLog, Document, Segment
from qcode.team import local
from qcode.team.connect import engine_for, public_url
from qcode.team.server import Pulled, not_on_server, pull, push
from qcode.team.staging import PulledRowsError, server_state, stage
from qcode.team.times import as_datetime
from qcode.team.verify import server_info

Progress = Callable[[int, int, str], None]
#: Pull-and-push rounds before giving up while others keep changing codes (each round that
#: finds codes changed meanwhile means another laptop's push went through).
ATTEMPTS = 20


class SyncRejectedError(QcodeError):
    """Rows pulled from the team database failed the checks; nothing was written."""


@dataclass
class SyncReport:
    """What one sync did."""

    url: str
    pulled: dict[str, Counts] = field(default_factory=dict)
    pulled_rows: int = 0
    pushed: int = 0
    sent: int = 0
    full_push: bool = False
    conflicts: list[Conflict] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    rounds: int = 0
    indexed: bool = False
    seconds: float = 0.0

    def describe(self) -> str:
        lines = [f"synced with {self.url} in {self.seconds:.1f} s"]
        got = {e: c for e, c in self.pulled.items() if c.total}
        if got:
            for entity, c in got.items():
                parts = [f"{c.added} added", f"{c.updated} updated", f"{c.deleted} deleted"]
                if c.folded:
                    parts.append(f"{c.folded} folded into matching rows")
                lines.append(f"  pulled {entity + 's':<11} " + ", ".join(parts))
        else:
            lines.append("  pulled nothing new")
        lines.append(f"  pushed {self.pushed} row(s) the server did not have"
                     + (" (every row was offered)" if self.full_push else ""))
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} conflict(s):")
            lines += [f"  - {c.message}" for c in self.conflicts]
        if self.unplaced:
            lines.append(f"{len(self.unplaced)} coding(s) not placed (document text differs)")
        return "\n".join(lines)


def sync(path: Path, url: str | None = None, progress: Progress | None = None) -> SyncReport:
    """Sync the project file `path` with its team database (`url`, else the one it used last)."""
    started = time.perf_counter()
    path = Path(path)
    # A laptop's damaged rows would stop every other laptop's sync (their pulls refuse them).
    refuse_if_damaged(path)
    engine = open_engine(path)
    try:
        with Session(engine) as s:
            book = local.read(s)
        target = url or book.url
        if not target:
            raise QcodeError(f"{path}: not connected to a team database; give its URL "
                             "(qcode sync PROJECT postgresql://HOST/DB)")
        report = SyncReport(url=public_url(target))
        server = engine_for(target)
        try:
            _run(path, engine, server, report, progress)
        finally:
            server.dispose()
    finally:
        engine.dispose()
    if report.indexed:
        _update_index(path)
    report.seconds = time.perf_counter() - started
    return report


def _tell(progress: Progress | None, done: int, label: str) -> None:
    if progress is not None:
        progress(done, 4, label)


def _run(path: Path, engine: Engine, server: Engine, report: SyncReport,
         progress: Progress | None) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        report.rounds = attempt
        started_at = now()  # rows changed from here on are pushed next time
        with Session(engine) as s:
            book = local.read(s)
            seen_log = local.last_log(s)
            full = local.needs_full_push(s, book)
            project_uuid = local.project_uuid(s)
        full = full or (book.pushed_at is not None and started_at < book.pushed_at)
        server_info(server, project_uuid, str(path))
        _tell(progress, 0, "pulling from the team database")
        pulled = pull(server, book.pulled, local.present(engine))
        _tell(progress, 1, "checking and merging what was pulled")
        merged: State | None = None
        if pulled.count or full:
            with Session(engine) as s:
                current = read_state(s, path)
            merged = _merge_pulled(path, engine, current, pulled, seen_log, report)
            if merged is None:
                continue  # the file changed meanwhile (someone coding): read it again
        fault_point("sync-merged")
        _tell(progress, 2, "pushing to the team database")
        if merged is not None:
            rows = local.changed_rows(merged, None if full else book.pushed_at)
            aliases = merged.aliases
        else:  # nothing came in: only the recent rows are read
            assert book.pushed_at is not None
            with Session(engine) as s:
                rows = local.recent_rows(s, book.pushed_at)
                aliases = local.aliases(s)
        for entity, _model in ENTITIES:  # what this sync pulled is the server's already
            came = pulled.rows[entity]
            rows[entity] = [r for r in rows[entity] if came.get(r["uuid"]) != r]
        if not full and book.pushed_at is not None:
            rows = _leave_out_synced(server, rows, book.pushed_at)
        texts, segments = _documents_to_send(engine, rows["document"], full, book)
        report.sent = sum(len(r) for r in rows.values())
        outcome = push(server, rows, texts, segments, aliases, pulled.high, _updated_by(rows))
        if outcome.stale:
            continue  # codes changed on the server since the pull: pull and fold them first
        fault_point("sync-pushed")
        report.pushed = outcome.written
        report.full_push = full
        with Session(writer(engine)) as s, s.begin():
            book = local.read(s)
            book.pulled = max(outcome.high, pulled.high)
            book.pushed_at = started_at
            book.log = seen_log
            book.url = report.url
            local.write(s, book)
        _tell(progress, 4, "done")
        return
    raise QcodeError(
        f"{path}: the team database kept changing during {ATTEMPTS} attempts; sync again"
    )


def _merge_pulled(
    path: Path, engine: Engine, current: State, pulled: Pulled, seen_log: int,
    report: SyncReport,
) -> State | None:
    """Check the pulled rows, combine them with the laptop's and write the result (one local
    transaction). Returns the laptop's new state, or None if the file changed meanwhile."""
    if not pulled.count:
        return current
    with scratch() as tmp:
        staged_path = tmp / "pulled.qcode"
        try:
            staged = stage(staged_path, engine, current, pulled)
        except PulledRowsError as exc:
            lines = [f"{len(exc.reasons)} row(s) pulled from the team database fail qcode's "
                     "checks; nothing was merged:"]
            lines += [f"  - {r}" for r in exc.reasons[:20]]
            raise SyncRejectedError("\n".join(lines)) from exc
        try:
            theirs = server_state(staged_path, current, pulled)
            combined = combine(current, theirs)
            merged = combined.state
            the_plan = plan(current, merged)
            with Session(writer(engine)) as s, s.begin():
                if local.last_log(s) != seen_log:
                    return None
                if not the_plan.empty:
                    write(s, merged, the_plan, {staged_path: staged})
                book = local.read(s)
                book.pulled = pulled.high
                local.write(s, book)
                s.add(ChangeLog(at=now(), action="sync", entity="project", detail=json.dumps(
                    {"pulled": pulled.changed,
                     "counts": {e: vars(c) for e, c in the_plan.counts.items()}})))
        finally:
            staged.dispose()
    report.pulled = the_plan.counts
    report.pulled_rows += pulled.changed
    report.conflicts = combined.conflicts
    report.unplaced = combined.unplaced
    report.indexed = report.indexed or any(
        the_plan.inserts[e] or the_plan.updates[e] or the_plan.removes[e]
        for e in ("document", "attribute")
    )
    return merged


def _leave_out_synced(
    server: Engine, rows: dict[str, list[Row]], pushed_at: datetime
) -> dict[str, list[Row]]:
    """Rows changed since the last push are sent; those in the margin before it only if the
    server does not hold their version yet (most are rows that sync pushed or pulled)."""
    maybe = {e: [r for r in rs if as_datetime(r["updated_at"]) < pushed_at]
             for e, rs in rows.items()}
    if not any(maybe.values()):
        return rows
    keep = not_on_server(server, maybe)
    out: dict[str, list[Row]] = {}
    for entity, entity_rows in rows.items():
        kept = {r["uuid"] for r in keep[entity]}
        out[entity] = [r for r in entity_rows
                       if as_datetime(r["updated_at"]) >= pushed_at or r["uuid"] in kept]
    return out


def _documents_to_send(
    engine: Engine, docs: list[Row], full: bool, book: local.Bookkeeping
) -> tuple[dict[str, str], list[Row]]:
    """Texts of the documents pushed, and the segments of those new since the last push."""
    uuids = [r["uuid"] for r in docs]
    if book.pushed_at is None or full:
        fresh = set(uuids)
    else:
        cutoff = book.pushed_at - local.MARGIN
        fresh = {r["uuid"] for r in docs if as_datetime(r["imported_at"]) >= cutoff}
    texts: dict[str, str] = {}
    segments: list[Row] = []
    cols = [c for c in Segment.__table__.columns if c.name != "id"]
    with Session(engine) as s:
        for i in range(0, len(uuids), 500):
            chunk = uuids[i : i + 500]
            texts.update(s.execute(select(Document.uuid, Document.text)
                                   .where(Document.uuid.in_(chunk))).all())
        wanted = sorted(fresh)
        for i in range(0, len(wanted), 500):
            segments += [dict(r) for r in s.execute(
                select(*cols).where(Segment.document_uuid.in_(wanted[i : i + 500]))
            ).mappings()]
    return texts, segments


def _updated_by(rows: dict[str, list[Row]]) -> str:
    for entity_rows in rows.values():
        for row in entity_rows:
            if row.get("updated_by"):
                return str(row["updated_by"])
    return ""


def _update_index(path: Path) -> None:
    """Bring an existing search index up to date: only the pulled documents are (re)indexed."""
    from qcode.search import close_index, ensure_index, index_dir
    from qcode.store import Project

    with Project.open(path) as project:
        if not index_dir(project).exists():
            return
        try:
            ensure_index(project)
        finally:
            close_index(project)
