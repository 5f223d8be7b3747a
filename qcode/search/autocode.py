"""Autocoding ("code all hits"): one undoable action coding every hit, sentence or segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from qcode.codebook.tree import resolve_code
from qcode.coding import insert_coding
from qcode.errors import QcodeError
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
    created: list[str] = []
    skipped = 0
    project.snapshot("autocode")
    with project.transaction(action) as s:
        code_row = resolve_code(s, code)
        if not code_row.codable:
            raise QcodeError(f"{code!r} is a heading only and cannot be applied to passages")
        wanted: dict[str, dict[tuple[int, int], Hit]] = {}
        for hit in hits:
            by_span = wanted.setdefault(hit.document_uuid, {})
            if unit == "segment" or not hit.matches:
                by_span[(hit.segment_start, hit.segment_end)] = hit
            else:
                by_span.update(dict.fromkeys(hit.matches, hit))
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
            have = [
                (c.start, c.end)
                for c in s.scalars(
                    select(Coding).where(
                        Coding.document_uuid == doc_uuid,
                        Coding.code_uuid == code_row.uuid,
                        Coding.coder_uuid == project.coder_uuid,
                        Coding.deleted.is_(False),
                    )
                )
            ]
            for start, end in sorted(spans):
                if any(a <= start and end <= b for a, b in have):
                    skipped += 1
                    continue
                coding, new = insert_coding(s, doc, code_row, start, end, project.coder_uuid)
                if new:
                    created.append(coding.uuid)
                have.append((start, end))
        action.detail["created"] = len(created)
    return AutocodeResult(created, skipped, len(hits))
