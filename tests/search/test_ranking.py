"""Ranking is BM25 over the indexed words, worked out here by brute force from the project's own
text; totals count every match; deleted documents leave nothing behind in the index; the fast
highlighter agrees with re-tokenising; and an empty project has a working (empty) index."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import select

from qcode.documents import add_document, delete_document, list_documents
from qcode.search import ensure_index, search
from qcode.search.analysis import WORD, stem, words
from qcode.search.cache import quote
from qcode.search.kwic import find_matches
from qcode.search.live import open_index
from qcode.search.query import parse_query
from qcode.store import Document, Project, Segment

K1, B = 1.2, 0.75
LENGTH = " length"
Bag = Counter[str]


def segments(project: Project) -> dict[int, Bag]:
    """Project segment id -> the stems of its indexed words, from the project file's text, and
    its length in words (every word counts, as for phrases: stop words too)."""
    with project.read() as s:
        rows = s.execute(
            select(Segment.id, Segment.start, Segment.end, Document.text)
            .join(Document, Document.uuid == Segment.document_uuid)
            .where(Document.deleted.is_(False))
        ).all()
    out: dict[int, Bag] = {}
    for sid, a, b, text in rows:
        bag = Counter(w.stem for w in words(text[a:b]))
        bag[LENGTH] = len(WORD.findall(text[a:b]))
        out[sid] = bag
    return out


def bm25(bags: dict[int, Bag], weights: dict[str, float]) -> dict[int, float]:
    """Every segment's BM25 score for these stems (FTS5's formula: idf floored at 1e-6)."""
    n = len(bags)
    average = sum(b[LENGTH] for b in bags.values()) / n
    out: dict[int, float] = {}
    for sid, bag in bags.items():
        norm = K1 * (1 - B + B * bag[LENGTH] / average)
        total = 0.0
        for term, weight in weights.items():
            having = sum(1 for b in bags.values() if b[term])
            idf = max(math.log((n - having + 0.5) / (having + 0.5)), 1e-6)
            tf = bag[term]
            total += weight * idf * tf * (K1 + 1) / (tf + norm)
        out[sid] = total
    return out


# (query, which segments match, the stems scored with their boosts)
CASES: list[tuple[str, Callable[[Bag], bool], dict[str, float]]] = [
    ("advisory", lambda b: b["advisori"] > 0, {"advisori": 1}),
    ("group OR bots", lambda b: b["group"] + b["bot"] > 0, {"group": 1, "bot": 1}),
    ("advisory AND group", lambda b: b["advisori"] * b["group"] > 0, {"advisori": 1, "group": 1}),
    ("impartiality^2 OR force", lambda b: b["imparti"] + b["forc"] > 0, {"imparti": 2, "forc": 1}),
    ("advisory AND NOT board", lambda b: b["advisori"] > 0 and not b["board"], {"advisori": 1}),
    (
        "(group OR box) AND NOT (bots OR impartiality)",
        lambda b: b["group"] + b["box"] > 0 and not b["bot"] + b["imparti"],
        {"group": 1, "box": 1},
    ),
    ("impartial*", lambda b: b["imparti"] + b["impartial"] > 0, {"imparti": 1, "impartial": 1}),
    ("advisory ANDMAYBE box", lambda b: b["advisori"] > 0, {"advisori": 1, "box": 1}),
]


@pytest.mark.parametrize(("query", "matches", "weights"), CASES)
def test_scores_are_bm25_over_the_indexed_words(
    corpus: Project, query: str, matches: Callable[[Bag], bool], weights: dict[str, float]
) -> None:
    bags = segments(corpus)
    expected = bm25(bags, weights)
    results = search(corpus, query, page_size=100)
    assert sorted(h.segment_id for h in results.hits) == sorted(
        sid for sid, bag in bags.items() if matches(bag)
    )
    assert results.total == len(results.hits)
    for hit in results.hits:
        assert hit.score == pytest.approx(expected[hit.segment_id], rel=1e-9)
    assert [h.score for h in results.hits] == sorted((h.score for h in results.hits), reverse=True)


def test_filters_add_nothing_to_scores_and_keep_the_order(corpus: Project) -> None:
    query = "group OR box OR impartiality"
    every = {h.segment_id: h.score for h in search(corpus, query, page_size=100).hits}
    within = search(corpus, query, kinds=["interview"], page_size=100)
    assert within.total == len(within.hits) > 1
    assert set(within.per_kind) == {"interview"}
    for hit in within.hits:
        assert hit.score == pytest.approx(every[hit.segment_id], rel=1e-12)
    ranked = search(corpus, query, kinds=["interview"], page_size=2)
    assert [h.segment_id for h in ranked.hits] == [h.segment_id for h in within.hits][:2]
    assert ranked.total == within.total


def test_a_lone_not_is_the_complement(corpus: Project) -> None:
    results = search(corpus, "NOT bots")
    assert results.total == open_index(corpus).size - 1 == 10
    assert "Bots flood" not in " ".join(h.snippet for h in results.hits)


def test_a_deleted_document_leaves_no_term_behind(corpus: Project) -> None:
    text = "\n".join(f"Line {i}: the advisory group met again." for i in range(400))
    add_document(corpus, "Long", text, kind="interview")
    ensure_index(corpus)
    interview = next(d for d in list_documents(corpus) if d.name == "Interview 01")
    delete_document(corpus, interview.uuid)
    assert search(corpus, "advisory").total == 400 + 1  # the focus group's turn
    assert "Interview 01" not in search(corpus, "advisory").per_document
    live = open_index(corpus)  # updated in place: its rows and their terms were deleted
    with live.lock:
        # "challenged" is said in the deleted interview only
        found = live.db.execute(
            "SELECT count(*) FROM fts WHERE fts MATCH ?", (quote(stem("challenged")),)
        )
        assert found.fetchone()[0] == 0
        check = live.db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 0)")
        assert check.fetchall() == []
    assert live.size == 4 + 2 + 400


TEXTS = [
    "The advisory group (U.K.) met; advisory-group members: 3.5 groups, 1,000 groups.",
    "İstanbul Advisory Group? ADVISORY   GROUPS! advisorygroup xadvisory group_ advisory.group",
    "Café group, naïve advisory 🙂 group — the advisory of the group, advisory, box ticking.",
    "no match here at all",
    "group group group advisory advisory group group",
]


@pytest.mark.parametrize(
    "query",
    [
        '"advisory group"',
        "group",
        "advis*",
        '"advisory group"~3',
        '"group advisory"~2',
        '"advisory box"~5',
        '"advisory of the group"',
        "café OR box",
        "u.k.",
    ],
)
def test_the_fast_highlighter_finds_what_retokenising_finds(corpus: Project, query: str) -> None:
    add_document(corpus, "Highlights", "\n".join(TEXTS), kind="other")
    live = open_index(corpus)
    highlight = parse_query(live, query).highlight
    assert highlight.forms is not None
    fast = [find_matches(text, highlight) for text in TEXTS]
    highlight.forms, highlight.finder = None, None  # every word of the text, as before
    slow = [find_matches(text, highlight) for text in TEXTS]
    assert fast == slow
    assert any(fast)


@pytest.mark.parametrize(
    "query", ['"advisory group"', "u.k.", "3.5", "café", "İstanbul", '"advisory of the group"']
)
def test_words_the_fts5_tokeniser_would_split_are_found_whole(corpus: Project, query: str) -> None:
    add_document(corpus, "Highlights", "\n".join(TEXTS), kind="other")
    results = search(corpus, query, kinds=["other"])
    assert results.total >= 1
    assert all(hit.matches for hit in results.hits)


def test_an_empty_project_has_an_empty_index(project: Project) -> None:
    status = ensure_index(project)
    assert (status.documents, status.segments) == (0, 0)
    assert ensure_index(project).segments == 0  # opened again, not rebuilt
    for query in [
        "police",
        '"advisory group"',
        "advis*",
        '"advisory box"~3',
        "kind:interview",
        "polic~",
    ]:
        results = search(project, query)
        assert (results.total, results.hits, results.per_document) == (0, [], {})
    assert search(project, "police", kinds=["interview"], order="document").total == 0
    add_document(project, "First", "Police: the advisory group met.", kind="interview")
    status = ensure_index(project)
    assert status.segments == 1
    assert not status.rebuilt
    assert search(project, "advisory").per_document == {"First": 1}
