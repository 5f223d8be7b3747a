"""Bulk ranking, block-wise postings and the fast highlighter agree with Whoosh's own way and the
full re-tokenising one; and an empty project has a working (empty) index."""

from __future__ import annotations

import pytest
from whoosh.collectors import TopCollector

from qcode.documents import add_document, delete_document, list_documents
from qcode.search import ensure_index, search
from qcode.search.docset import read_postings
from qcode.search.engine import prepare
from qcode.search.kwic import find_matches
from qcode.search.live import LiveIndex, open_index
from qcode.search.query import parse_query
from qcode.search.rank import scored_matches
from qcode.search.schema import TEXT
from qcode.store import Project

QUERIES = [
    "advisory",
    "group OR bots",
    "advisory AND group",
    '"advisory group"',
    '"advisory box"~5',
    "impartial*",
    "advisory AND NOT board",
    "(group OR box) AND NOT (bots OR impartiality)",
    "impartiality^2 OR force",
    "kind:focus_group positive",
    "speaker:P1 OR speaker:P2",
    "advisori~",
]


def whoosh_scores(live: LiveIndex, q: object) -> dict[int, float]:
    """Every match and its score as Whoosh's collector finds them, hit by hit."""
    collector = TopCollector(limit=10_000, usequality=False)
    live.searcher.search_with_collector(q, collector)
    return {docnum: score for score, docnum in collector.results().top_n}


@pytest.mark.parametrize("query", QUERIES)
def test_bulk_ranking_gives_whooshs_matches_and_scores(corpus: Project, query: str) -> None:
    live = open_index(corpus)
    q = parse_query(live, query).query
    with live.lock:
        ours = scored_matches(live, q)
        theirs = whoosh_scores(live, q)
    assert ours is not None
    assert set(ours) == set(theirs)
    assert theirs
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-9)


def test_bulk_ranking_with_filters_keeps_whooshs_order(corpus: Project) -> None:
    live, _parsed, q = prepare(corpus, "group OR box OR impartiality", ["interview"], *[None] * 4)
    with live.lock:
        ours = scored_matches(live, q)
        theirs = whoosh_scores(live, q)
    assert ours is not None
    assert set(ours) == set(theirs)
    # Whoosh counts the filter as a score of 1 in every hit; the order is the same
    assert sorted(ours, key=lambda d: (-ours[d], d)) == sorted(
        theirs, key=lambda d: (-theirs[d], d)
    )
    ranked = search(corpus, "group OR box OR impartiality", kinds=["interview"], page_size=2)
    everything = search(corpus, "group OR box OR impartiality", kinds=["interview"])
    assert [h.segment_id for h in ranked.hits] == [h.segment_id for h in everything.hits][:2]
    assert ranked.total == everything.total == len(theirs)
    assert [h.score for h in everything.hits] == sorted(
        (h.score for h in everything.hits), reverse=True
    )


def test_a_query_it_does_not_know_falls_back_to_whoosh(corpus: Project) -> None:
    live = open_index(corpus)
    q = parse_query(live, "NOT bots").query  # a lone NOT: the complement, left to Whoosh
    with live.lock:
        assert scored_matches(live, q) is None
    results = search(corpus, "NOT bots")
    assert results.total == live.size - 1
    assert "Bots flood" not in " ".join(h.snippet for h in results.hits)


def test_postings_read_by_block_skip_deleted_documents(corpus: Project) -> None:
    # many segments, so that the postings span several blocks
    text = "\n".join(f"Line {i}: the advisory group met again." for i in range(400))
    add_document(corpus, "Long", text, kind="interview")
    ensure_index(corpus)
    interview = next(d for d in list_documents(corpus) if d.name == "Interview 01")
    delete_document(corpus, interview.uuid)
    live = open_index(corpus)  # updated in place: the old segments are deleted, not removed
    total = 0
    for sub, _base in live.searcher.leaf_searchers():
        reader = sub.reader()
        ids, weights = read_postings(reader, TEXT, "advisori")
        public = reader.postings(TEXT, "advisori") if (TEXT, "advisori") in reader else None
        expected = list(public.all_ids()) if public is not None else []
        assert ids == expected
        assert len(weights) == len(ids)
        assert all(w >= 1 for w in weights)
        assert read_postings(reader, TEXT, "advisori", weights=False) == (ids, [])
        total += len(ids)
    assert total == search(corpus, "advisory").total == 400 + 1  # the focus group's turn
    assert "Interview 01" not in search(corpus, "advisory").per_document


def test_length_norms_are_whooshs_field_lengths(corpus: Project) -> None:
    live = open_index(corpus)
    norms = live.length_norms(0.75, 1.2)
    average = live.searcher.avg_field_length(TEXT)
    assert len(norms) == len(live.segment_of)
    for sub, base in live.searcher.leaf_searchers():
        reader = sub.reader()
        for d in range(reader.doc_count_all()):
            length = reader.doc_field_length(d, TEXT, 0) or 0
            assert norms[base + d] == pytest.approx(1.2 * (0.25 + 0.75 * length / average))


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
