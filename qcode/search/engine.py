"""`search()`: a query and filters in, a page of KWIC hits with exact offsets and counts out."""

from __future__ import annotations

import heapq
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Literal

from qcode.errors import QcodeError
from qcode.kinds import check_kind
from qcode.search import cache, plan
from qcode.search.evaluate import Evaluator, document_numbers
from qcode.search.kwic import find_matches, kwic
from qcode.search.live import LiveIndex, close_folder, open_index
from qcode.search.query import ParsedQuery, parse_query

if TYPE_CHECKING:  # the ORM: only the filters by document, code and coder need it
    from qcode.store import Project

Order = Literal["rank", "document"]
_SCORE = itemgetter(1)
MAX_PAGE_SIZE = 10_000


@dataclass(frozen=True)
class Hit:
    """One matching segment: where it is, who speaks, and the exact [start, end) of each match
    in document code points (so a viewer can jump there and coding can use them)."""

    segment_id: int
    document_uuid: str
    document_name: str
    kind: str
    speaker: str
    paragraph: int
    segment_start: int
    segment_end: int
    matches: list[tuple[int, int]]
    snippet: str
    left: str
    match: str
    right: str
    score: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    """A page of hits with the counts of the whole result set."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    order: str
    per_document: dict[str, int] = field(default_factory=dict)
    per_kind: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class Matched:
    """Every segment a query matched after all filters (as row ids of the index), and how it
    was asked."""

    live: LiveIndex
    parsed: ParsedQuery
    query: plan.Node
    docnums: list[int]


def _by_kind(live: LiveIndex, node: plan.Node, kinds: Sequence[str] | None) -> plan.Node:
    """The query restricted to documents of these kinds (by document number)."""
    if not kinds:
        return node
    wanted = frozenset(check_kind(k) for k in kinds)
    return plan.And((node, plan.Docs(live.numbers_of_kinds(wanted))))


def _filtered(
    project: Project,
    live: LiveIndex,
    node: plan.Node,
    documents: Sequence[str] | None,
    code: str | None,
    not_code: str | None,
    coder: str | None,
) -> plan.Node:
    """The query restricted by the filters the project file answers in SQL: documents by
    number, codes and coders by the segments (row ids) overlapping a live coding."""
    if not (documents or code or coder or not_code):
        return node
    from qcode.search import filters

    kids: list[plan.Node] = []
    if documents:
        kids.append(plan.Docs(live.numbers_of(filters.document_uuids(project, documents))))
    if code or coder:
        kids.append(
            plan.Rows(live.rowids_of_segments(filters.coded_segments(project, code, coder)))
        )
    if kids:
        node = plan.And((node, *kids))
    if not_code:
        banned = live.rowids_of_segments(filters.coded_segments(project, not_code, coder))
        node = plan.AndNot(node, plan.Rows(banned))
    return node


def prepare(
    project: Project,
    query: str,
    kinds: Sequence[str] | None,
    code: str | None,
    not_code: str | None,
    coder: str | None,
    documents: Sequence[str] | None,
) -> tuple[LiveIndex, ParsedQuery, plan.Node]:
    """The open index, the parsed query, and its tree with the filters applied."""
    live = open_index(project)
    parsed = parse_query(live, query)
    node = _by_kind(live, parsed.query, kinds)
    node = _filtered(project, live, node, documents, code, not_code, coder)
    return live, parsed, node


def run_query(
    project: Project,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    code: str | None = None,
    not_code: str | None = None,
    coder: str | None = None,
    documents: Sequence[str] | None = None,
) -> Matched:
    """Parse, filter and collect every matching segment (as row ids of the index)."""
    live, parsed, node = prepare(project, query, kinds, code, not_code, coder, documents)
    every = _evaluate(live, node)
    return Matched(live, parsed, node, sorted(every))


def _evaluate(live: LiveIndex, node: plan.Node) -> dict[int, float]:
    with readable(live), live.lock:
        return Evaluator(live).run(node)


@contextmanager
def readable(live: LiveIndex) -> Iterator[None]:
    """A damaged index file is a clear error, not a traceback (it was readable where opening
    looks: `qcode index --rebuild` builds it again)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise QcodeError(
                "the search index is being updated by another qcode; try again"
            ) from exc
        close_folder(live.folder)
        raise QcodeError(
            f"the search index of {live.path.name} could not be read ({exc}); "
            "rebuild it with `qcode index --rebuild`"
        ) from exc


def search(
    project: Project,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    code: str | None = None,
    not_code: str | None = None,
    coder: str | None = None,
    documents: Sequence[str] | None = None,
    order: Order = "rank",
    page: int = 1,
    page_size: int = 50,
) -> SearchResults:
    """Search the project's segments; see the module `qcode.search` for the query syntax."""
    started = time.perf_counter()
    _check_page(order, page, page_size)
    live, parsed, node = prepare(project, query, kinds, code, not_code, coder, documents)
    return _results(live, query, parsed, node, order, page, page_size, started)


def search_index(
    live: LiveIndex,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    order: Order = "rank",
    page: int = 1,
    page_size: int = 50,
) -> SearchResults:
    """`search` on an index already open (`live.open_current`), with the filters it answers
    alone: what a search from the shell needs, without the ORM."""
    started = time.perf_counter()
    _check_page(order, page, page_size)
    parsed = parse_query(live, query)
    node = _by_kind(live, parsed.query, kinds)
    return _results(live, query, parsed, node, order, page, page_size, started)


def _check_page(order: str, page: int, page_size: int) -> None:
    if order not in ("rank", "document"):
        raise QcodeError(f"unknown order {order!r}; use rank or document")
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QcodeError(f"pages are numbered from 1 and hold 1 to {MAX_PAGE_SIZE} hits")


def _results(
    live: LiveIndex,
    query: str,
    parsed: ParsedQuery,
    node: plan.Node,
    order: Order,
    page: int,
    page_size: int,
    started: float,
) -> SearchResults:
    """A page of the hits of `node`, with the counts of all of them."""
    first = (page - 1) * page_size
    every = _evaluate(live, node)
    wanted = first + page_size
    if order == "document":
        ranked = [(r, every[r]) for r in heapq.nsmallest(wanted, every, key=live.order_key)]
    else:
        ranked = heapq.nlargest(wanted, every.items(), key=_SCORE)
    ranked = ranked[first:]
    hits = make_hits(live, parsed, [r for r, _ in ranked], dict(ranked))
    per_number = Counter(document_numbers(every))
    uuids = {n: live.doc_of[n] for n in per_number if n in live.doc_of}
    names = live.names(u for u, _kind in uuids.values())
    per_document: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for n, (uuid, kind) in sorted(
        uuids.items(), key=lambda kv: (names[kv[1][0]].casefold(), kv[1][0])
    ):
        count = per_number[n]
        name = names[uuid]
        per_document[name] = per_document.get(name, 0) + count
        per_kind[kind] = per_kind.get(kind, 0) + count
    return SearchResults(
        query=query,
        hits=hits,
        total=len(every),
        page=page,
        page_size=page_size,
        order=order,
        per_document=per_document,
        per_kind=per_kind,
        seconds=time.perf_counter() - started,
    )


def make_hits(
    live: LiveIndex,
    parsed: ParsedQuery,
    docnums: Sequence[int],
    scores: dict[int, float] | None = None,
) -> list[Hit]:
    """Hits for index rows, with their matched words found again in the segment text."""
    with readable(live):
        rows = live.rows(list(docnums))
    names = live.names({row.document_uuid for row in rows.values()})
    out: list[Hit] = []
    for rowid in docnums:
        row = rows.get(rowid)
        if row is None:
            continue
        kind = live.doc_of.get(rowid >> cache.SHIFT, ("", ""))[1]
        text = row.text
        local = find_matches(text, parsed.highlight)
        snippet, left, match, right = kwic(text, local)
        out.append(
            Hit(
                segment_id=row.id,
                document_uuid=row.document_uuid,
                document_name=names[row.document_uuid],
                kind=kind,
                speaker=row.speaker,
                paragraph=row.ordinal,
                segment_start=row.start,
                segment_end=row.end,
                matches=[(row.start + s, row.start + e) for s, e in local],
                snippet=snippet,
                left=left,
                match=match,
                right=right,
                score=(scores or {}).get(rowid, 0.0),
            )
        )
    return out
