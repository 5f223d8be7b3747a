"""Autocoding ("code all hits"): one undoable action coding every hit, sentence or segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.tree import resolve_code
from qcode.errors import QcodeError
from qcode.ids import new_uuid
from qcode.search.engine import Hit, make_hits, run_query
from qcode.speakers.labels import parse_meta, trim_passage
from qcode.store import Action, Coding, Document, Project, Segment
from qcode.text import sentence_bounds

Unit = Literal["hit", "sentence", "segment"]
UNITS: tuple[str, ...] = ("hit", "sentence", "segment")


@dataclass(frozen=True)
class AutocodeResult:
    """What autocoding created (remove it again with `qcode.coding.remove_codings`)."""

    created: list[str]  # coding UUIDs
    skipped: int  # passages already coded with the code by this coder
    hits: int = 0  # matching segments


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
) -> AutocodeResult:
    """Code every hit of `query` with `code`, as the current coder, in one transaction.

    `unit` is the passage coded: the matched words (`hit`), the sentence around them, or the
    whole segment. A passage already inside a coding of this code by this coder is skipped.
    The filters are those of `search`; `filter_code` restricts to passages coded with it.
    """
    if unit not in UNITS:
        raise QcodeError(f"unknown unit {unit!r}; use hit, sentence or segment")
    found = run_query(
        project,
        query,
        kinds=kinds,
        code=filter_code,
        not_code=not_code,
        coder=coder,
        documents=documents,
    )
    docnums = sorted(found.docnums, key=found.live.order_key)
    hits = make_hits(found.live, found.parsed, docnums)
    action = Action(
        "autocode", "coding", detail={"query": query, "unit": unit}, touches={"codings"}
    )
    # Every passage is worked out while only reading, so other processes (the window, another
    # command) can write meanwhile; the write lock is then held only for the inserts.
    coder_uuid = project.coder_uuid
    with project.read() as s:
        code_uuid = _codable(s, code)
        planned, skipped = _plan(s, coder_uuid, code_uuid, hits, unit)
    project.snapshot("autocode")
    created: list[str] = []
    with project.transaction(action) as s:
        _codable(s, code_uuid)  # still there and codable
        live = _live_documents(s, sorted(planned))
        rows: list[dict[str, object]] = []
        for doc_uuid in sorted(planned):
            if doc_uuid not in live:
                continue
            have = _coded(s, doc_uuid, code_uuid, coder_uuid)
            for start, end in planned[doc_uuid]:
                if any(a <= start and end <= b for a, b in have):
                    skipped += 1  # coded by someone else's command since the plan
                    continue
                stamp = now()
                rows.append(
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
                )
                have.append((start, end))
        for i in range(0, len(rows), 5000):
            s.execute(insert(Coding), rows[i : i + 5000])
        created = [str(r["uuid"]) for r in rows]
        action.detail["created"] = len(created)
    return AutocodeResult(created, skipped, len(hits))


def _codable(s: Session, ref: str) -> str:
    code_row = resolve_code(s, ref)
    if not code_row.codable:
        raise QcodeError(f"{ref!r} is a heading only and cannot be applied to passages")
    return code_row.uuid


def _plan(
    s: Session, coder_uuid: str, code_uuid: str, hits: Sequence[Hit], unit: Unit
) -> tuple[dict[str, list[tuple[int, int]]], int]:
    """Per document, the passages to code (sorted), and how many are coded already."""
    wanted: dict[str, dict[tuple[int, int], Hit]] = {}
    for hit in hits:
        by_span = wanted.setdefault(hit.document_uuid, {})
        if unit == "segment" or not hit.matches:
            by_span[(hit.segment_start, hit.segment_end)] = hit
        else:
            by_span.update(dict.fromkeys(hit.matches, hit))
    planned: dict[str, list[tuple[int, int]]] = {}
    skipped = 0
    for doc_uuid in sorted(wanted):
        doc = s.get(Document, doc_uuid)
        if doc is None or doc.deleted:
            continue
        spans: set[tuple[int, int]] = set()
        metas: dict[int, str] = {
            sid: meta
            for sid, meta in s.execute(
                select(Segment.id, Segment.meta).where(Segment.document_uuid == doc_uuid)
            )
        }
        for (a, b), hit in wanted[doc_uuid].items():
            if unit == "sentence":
                a, b = sentence_bounds(doc.text, a, b)
            # The label opening a turn ("Ruth (01:07:00): ") is not what was said.
            seg = (hit.segment_start, hit.segment_end, hit.speaker)
            meta = parse_meta(metas.get(hit.segment_id))
            spans.add(trim_passage(doc.text, a, b, *seg, meta))
        have = _coded(s, doc_uuid, code_uuid, coder_uuid)
        todo: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if not 0 <= start < end <= len(doc.text):
                continue  # a hit inside a label only: nothing was said there
            if any(a <= start and end <= b for a, b in have):
                skipped += 1
                continue
            todo.append((start, end))
            have.append((start, end))
        if todo:
            planned[doc_uuid] = todo
    return planned, skipped


def _live_documents(s: Session, uuids: list[str]) -> set[str]:
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


def _coded(s: Session, doc_uuid: str, code_uuid: str, coder_uuid: str) -> list[tuple[int, int]]:
    """The passages of a document already coded with the code by the coder."""
    return [
        (start, end)
        for start, end in s.execute(
            select(Coding.start, Coding.end).where(
                Coding.document_uuid == doc_uuid,
                Coding.code_uuid == code_uuid,
                Coding.coder_uuid == coder_uuid,
                Coding.deleted.is_(False),
            )
        )
    ]
