"""Autocoding ("code all hits"): one undoable action coding every hit, sentence or segment."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.tree import resolve_code
from qcode.errors import QcodeError
from qcode.ids import new_uuid
from qcode.search.engine import Hit, Matched, make_hits, run_query
from qcode.speakers.labels import parse_meta, spoken_start
from qcode.store import Action, Coding, Document, Project, Segment
from qcode.store.tombstones import stored
from qcode.text import sentence_bounds

Unit = Literal["hit", "sentence", "segment"]
UNITS: tuple[str, ...] = ("hit", "sentence", "segment")
#: `progress(done, total, label)`: documents worked out, then codings written.
Progress = Callable[[int, int, str], None]
#: `cancel()`: True when the user asked to stop (checked between documents and batches).
Cancel = Callable[[], bool]
#: Hits worked out between two checks of `cancel` (and progress reports).
CHUNK = 500
#: Codings inserted per statement (and between two checks of `cancel`).
BATCH = 2000
#: SQLite's page cache while the codings are written, in KiB as PRAGMA cache_size takes it
#: negative: with the 2 MiB default, 42,000 rows and their indexes spilled to the WAL before
#: the commit, and a WAL so restarted changes the file's data version for every reader: a
#: window then saw "changed elsewhere, nothing logged" mid-way and reloaded every pane.
WRITE_CACHE = -65536
#: The coding table: inserted through SQLAlchemy Core (its ORM bulk path costs 3x the insert).
CODING = cast(Table, Coding.__table__)
#: Planned passages per document: (start, end) in code points, sorted.
Plan = dict[str, list[tuple[int, int]]]


class AutocodeCancelled(QcodeError):
    """Code all hits was stopped before it wrote anything (the project is as it was)."""


@dataclass(frozen=True)
class AutocodeResult:
    """What autocoding created (remove it again with `qcode.coding.remove_codings`)."""

    created: list[str]  # coding UUIDs
    skipped: int  # passages already coded with the code by this coder
    hits: int = 0  # matching segments
    #: each created coding's updated_at as the file holds it (the window records them
    #: instead of reading 42,000 back at 8x, on its GUI thread)
    stamps: list[str] = field(default_factory=list)


def autocode(
    project: Project,
    query: str,
    code: str,
    *,
    unit: Unit = "hit",
    kinds: Sequence[str] | None = None,
    not_code: str | None = None,
    coder: str | None = None,
    documents: Sequence[str] | None = None,
    filter_code: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> AutocodeResult:
    """Code every hit of `query` with `code`, as the current coder, in one transaction.

    `unit` is the passage coded: the matched words (`hit`), the sentence around them, or the
    whole segment. A passage already inside a coding of this code by this coder is skipped.
    The filters are those of `search`; `filter_code` restricts to passages coded with it.

    The work grows with the hits, not with the project: each document's text, segments and
    codings of the code are read once. Every passage is worked out while only reading, so
    other processes can write meanwhile; the write lock is then held only for the inserts,
    all in one transaction (a stop or a killed process leaves nothing). When `cancel()`
    turns True, AutocodeCancelled is raised at the next document or batch and nothing is kept.
    """
    if unit not in UNITS:
        raise QcodeError(f"unknown unit {unit!r}; use hit, sentence or segment")
    tell: Progress = progress or (lambda done, total, label: None)

    def stop() -> None:
        if cancel is not None and cancel():
            raise AutocodeCancelled("code all hits stopped: nothing was coded")

    tell(0, 0, "Searching…")
    found = run_query(
        project,
        query,
        kinds=kinds,
        code=filter_code,
        not_code=not_code,
        coder=coder,
        documents=documents,
    )
    stop()
    coder_uuid = project.coder_uuid
    with project.read() as s:
        code_uuid = _codable(s, code)
        have = _coded(s, code_uuid, coder_uuid)
        planned, skipped, hits = _plan(s, found, unit, have, tell, stop)
    action = Action(
        "autocode", "coding", detail={"query": query, "unit": unit}, touches={"codings"}
    )
    stop()
    project.snapshot("autocode")
    stop()
    with project.transaction(action) as s:
        _codable(s, code_uuid)  # still there and codable
        live = _unchanged_documents(s, planned)
        # coded by another command since the plan: skipped now
        todo, late = _uncovered(planned, _coded(s, code_uuid, coder_uuid), live)
        skipped += late
        rows = [
            {
                "uuid": new_uuid(),
                "document_uuid": doc_uuid,
                "code_uuid": code_uuid,
                "coder_uuid": coder_uuid,
                "start": start,
                "end": end,
                "memo": "",
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by": coder_uuid,
            }
            for doc_uuid, start, end, stamp in _stamped(todo)
        ]
        conn = s.connection()
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = {WRITE_CACHE}")
        try:
            for i in range(0, len(rows), BATCH):
                stop()  # raised inside the transaction: it is rolled back
                s.execute(insert(CODING), rows[i : i + BATCH])
                tell(min(i + BATCH, len(rows)), len(rows), "Writing the codings…")
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        action.detail["created"] = len(rows)
    stamps = [stored(r["updated_at"]) for r in rows]  # type: ignore[arg-type]
    return AutocodeResult([str(r["uuid"]) for r in rows], skipped, hits, stamps)


def _codable(s: Session, ref: str) -> str:
    code_row = resolve_code(s, ref)
    if not code_row.codable:
        raise QcodeError(f"{ref!r} is a heading only and cannot be applied to passages")
    return code_row.uuid


def _plan(
    s: Session,
    found: Matched,
    unit: Unit,
    have: dict[str, list[tuple[int, int]]],
    tell: Progress,
    stop: Callable[[], None],
) -> tuple[Plan, int, int]:
    """Per document, the passages to code (sorted); how many are coded already; the hits.

    Hits come in document order, a chunk at a time; each document is read once (its text,
    and the metadata of the segments hit), and a turn's label once per segment.
    """
    ordered = sorted(found.docnums, key=found.live.order_key)
    planned: Plan = {}
    skipped = hits_seen = 0

    def flush(hits: list[Hit]) -> None:
        nonlocal skipped
        doc_uuid = hits[0].document_uuid
        text = s.scalar(
            select(Document.text).where(Document.uuid == doc_uuid, Document.deleted.is_(False))
        )
        if text is None:
            return
        spans = sorted(_passages(s, text, hits, unit))
        todo, already = _uncovered({doc_uuid: spans}, have, {doc_uuid})
        skipped += already
        planned.setdefault(doc_uuid, []).extend(todo.get(doc_uuid, []))

    pending: list[Hit] = []
    for i in range(0, len(ordered), CHUNK):
        stop()
        tell(i, len(ordered), "Finding the passages…")
        for hit in make_hits(found.live, found.parsed, ordered[i : i + CHUNK]):
            hits_seen += 1
            if pending and hit.document_uuid != pending[0].document_uuid:
                flush(pending)
                pending = []
            pending.append(hit)
    if pending:
        flush(pending)
    tell(len(ordered), len(ordered), "Finding the passages…")
    return planned, skipped, hits_seen


def _passages(s: Session, text: str, hits: list[Hit], unit: Unit) -> set[tuple[int, int]]:
    """The passages of one document's hits, without the label opening a turn."""
    ids = sorted({h.segment_id for h in hits})
    metas: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        query = select(Segment.id, Segment.meta).where(Segment.id.in_(ids[i : i + 500]))
        metas.update((sid, meta) for sid, meta in s.execute(query))
    words_at: dict[int, int] = {}  # segment id -> where its words begin (after the label)
    spans: set[tuple[int, int]] = set()
    for hit in hits:
        if unit == "segment" or not hit.matches:
            wanted = [(hit.segment_start, hit.segment_end)]
        else:
            wanted = list(hit.matches)
        for a, b in wanted:
            if unit == "sentence":
                a, b = sentence_bounds(text, a, b)
            # The label opening a turn ("Ruth (01:07:00): ") is not what was said.
            if hit.segment_start <= a < hit.segment_end:
                words = words_at.get(hit.segment_id)
                if words is None:
                    meta = parse_meta(metas.get(hit.segment_id))
                    words = spoken_start(
                        text, hit.segment_start, hit.segment_end, hit.speaker, meta
                    )
                    words_at[hit.segment_id] = words
                if a < words < b:
                    a = words
            if 0 <= a < b <= len(text):  # else a hit inside a label only: nothing was said
                spans.add((a, b))
    return spans


def _uncovered(
    planned: Plan, have: dict[str, list[tuple[int, int]]], live: set[str]
) -> tuple[Plan, int]:
    """The planned passages of live documents not inside a coding in `have` nor inside an
    earlier passage of the plan (a sweep in text order), and how many were inside."""
    out: Plan = {}
    inside = 0
    for doc_uuid, spans in planned.items():
        if doc_uuid not in live:
            continue
        existing = have.get(doc_uuid, [])
        reach, j = -1, 0  # the furthest end of a coding starting at or before the passage
        todo: list[tuple[int, int]] = []
        for start, end in spans:
            while j < len(existing) and existing[j][0] <= start:
                reach = max(reach, existing[j][1])
                j += 1
            if reach >= end:
                inside += 1
                continue
            todo.append((start, end))
            reach = max(reach, end)
        if todo:
            out[doc_uuid] = todo
    return out, inside


def _stamped(plan: Plan) -> Iterator[tuple[str, int, int, object]]:
    for doc_uuid in sorted(plan):
        for start, end in plan[doc_uuid]:
            yield doc_uuid, start, end, now()


def _unchanged_documents(s: Session, planned: Plan) -> set[str]:
    """The planned documents still live (their text never changes in place)."""
    uuids = sorted(planned)
    live: set[str] = set()
    for i in range(0, len(uuids), 500):
        live.update(
            s.scalars(
                select(Document.uuid).where(
                    Document.uuid.in_(uuids[i : i + 500]), Document.deleted.is_(False)
                )
            )
        )
    return live


def _coded(s: Session, code_uuid: str, coder_uuid: str) -> dict[str, list[tuple[int, int]]]:
    """Per document, the passages coded with the code by the coder, sorted (one query)."""
    out: dict[str, list[tuple[int, int]]] = {}
    # `deleted` is tested here, not in SQL: SQLite would then walk the whole `deleted` index
    # (nearly every coding) instead of the code's own codings
    for doc_uuid, start, end, deleted in s.execute(
        select(Coding.document_uuid, Coding.start, Coding.end, Coding.deleted).where(
            Coding.code_uuid == code_uuid, Coding.coder_uuid == coder_uuid
        )
    ):
        if not deleted:
            out.setdefault(doc_uuid, []).append((start, end))
    for spans in out.values():
        spans.sort()
    return out
