"""Every query form on a real index: hits, and offsets that slice exactly the matched words."""

from __future__ import annotations

import pytest

from qcode.documents import document_text
from qcode.search import QuerySyntaxError, SearchResults, search
from qcode.store import Project


def matched(project: Project, results: SearchResults) -> list[str]:
    """The text each hit's offsets point at, sliced from the stored document text."""
    out = []
    for hit in results.hits:
        text = document_text(project, hit.document_uuid)
        assert hit.segment_start <= hit.segment_end <= len(text)
        for start, end in hit.matches:
            assert hit.segment_start <= start < end <= hit.segment_end
            out.append(text[start:end])
    return out


def test_a_stemmed_term_finds_every_form(corpus: Project) -> None:
    results = search(corpus, "bots")
    assert results.total == 1
    assert matched(corpus, results) == ["Bots", "bot"]
    hit = results.hits[0]
    assert (hit.document_name, hit.kind, hit.speaker, hit.paragraph) == (
        "Focus group 01",
        "focus_group",
        "P2",
        3,
    )
    assert hit.snippet.startswith("P2: «Bots» flood")
    assert "The «bot»" in hit.snippet
    assert (hit.left, hit.match) == ("P2: ", "Bots")
    assert hit.right.startswith(" flood our social media")


def test_an_exact_phrase_is_one_match_and_needs_the_words_together(corpus: Project) -> None:
    results = search(corpus, '"advisory group"', order="document")
    assert matched(corpus, results) == ["advisory group"] * 3
    assert results.per_document == {"Focus group 01": 1, "Interview 01": 2}
    # "advisory board" and "the group" alone are not the phrase
    assert all("board" not in h.snippet for h in results.hits)


def test_a_phrase_keeps_the_distance_of_its_stop_words(corpus: Project) -> None:
    results = search(corpus, '"head of department"')
    assert matched(corpus, results) == ["Head of department"]
    assert search(corpus, '"head department"').total == 0


def test_proximity_finds_words_within_the_distance(corpus: Project) -> None:
    near = search(corpus, '"advisory box"~5', order="document")
    # "advisory group treats it as box" (5 apart) and "advisory board sits in a box" (5 apart)
    assert sorted(matched(corpus, near)) == ["advisory", "advisory", "box", "box"]
    assert near.total == 2
    assert search(corpus, '"advisory box"~2').total == 0


def test_wildcards_expand_over_the_words_of_the_corpus(corpus: Project) -> None:
    results = search(corpus, "impartial*", order="document")
    assert sorted(matched(corpus, results)) == [
        "Impartial",
        "impartiality",
        "impartiality",
        "impartiality",
    ]
    assert matched(corpus, search(corpus, "recrui?")) == ["recruit"]
    assert search(corpus, "zebra*").total == 0


def test_fuzzy_terms_forgive_a_typing_slip(corpus: Project) -> None:
    assert "relentless" in matched(corpus, search(corpus, "relentles~"))


def test_boolean_operators(corpus: Project) -> None:
    both = search(corpus, "advisory AND box")
    either = search(corpus, "bots OR impartiality")
    without = search(corpus, "advisory NOT box")
    assert both.total == 2
    assert either.total == 4
    assert without.total == 2
    assert matched(corpus, without) == ["advisory", "advisory"]
    assert search(corpus, "(bots OR café) AND NOT arrest").total == 1
    assert search(corpus, "naïve").total == 1
    assert search(corpus, "NOT impartiality").total == 11 - 3
    assert search(corpus, "advisory ANDNOT box").total == 2


def test_field_filters_in_the_query(corpus: Project) -> None:
    assert set(search(corpus, "kind:focus_group").per_kind) == {"focus_group"}
    assert search(corpus, 'kind:"focus group" AND impartiality').total == 1
    officer = search(corpus, 'speaker:"Officer 2"')
    assert officer.total == 3
    assert {h.speaker for h in officer.hits} == {"Officer 2"}
    assert search(corpus, "speaker:p3").hits[0].speaker == "P3"
    assert set(search(corpus, "force:c").per_document) == {"Focus group 01", "National 01"}
    assert set(search(corpus, 'force:"Force D"').per_document) == {"Interview 01"}
    assert search(corpus, "rank_band:junior AND bots").total == 1
    assert search(corpus, "force:Z").total == 0


def test_astral_characters_do_not_shift_offsets(corpus: Project) -> None:
    # the emoji before "emojis" is one code point (two UTF-16 units)
    assert matched(corpus, search(corpus, "emojis OR chats")) == ["emojis", "chats"]


def test_counts_paging_and_orders(corpus: Project) -> None:
    first = search(corpus, "the OR group OR advisory OR impartiality", page_size=2)
    assert first.total == 8  # "the" is a stop word
    assert first.pages == 4
    seen = [h.segment_id for h in first.hits]
    for page in range(2, 5):
        seen += [
            h.segment_id
            for h in search(
                corpus, "the OR group OR advisory OR impartiality", page=page, page_size=2
            ).hits
        ]
    assert len(seen) == len(set(seen)) == 8
    ranked = search(corpus, "advisory OR group")
    assert [h.score for h in ranked.hits] == sorted((h.score for h in ranked.hits), reverse=True)
    in_order = search(corpus, "advisory OR group", order="document")
    keys = [(h.document_name, h.segment_start) for h in in_order.hits]
    assert keys == sorted(keys)
    assert sum(in_order.per_document.values()) == in_order.total
    assert sum(in_order.per_kind.values()) == in_order.total


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"advisory group', "quotation mark"),
        ("(bots OR trolls", "not closed"),
        ("bots OR trolls)", "no opening bracket"),
        ("bots AND", "both sides"),
        ("OR bots", "both sides"),
        ("bots NOT", "NOT needs"),
        ("forse:C", "unknown field 'forse'"),
        ("kind:pub", "unknown source kind"),
        ("speaker:", "needs a value"),
        ("the and of", "very common words"),
        ("   ", "type something"),
    ],
)
def test_bad_queries_give_a_readable_reason(corpus: Project, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        search(corpus, query)


def test_bad_paging_is_refused(corpus: Project) -> None:
    with pytest.raises(Exception, match="pages are numbered"):
        search(corpus, "bots", page=0)


@pytest.mark.parametrize("kinds", [None, ["interview"], ["interview", "focus_group"]])
@pytest.mark.parametrize("a", ['"advisory group"', "advisory", '"advisory box"~5', "force:d"])
def test_not_is_the_complement_within_filters(
    corpus: Project, a: str, kinds: list[str] | None
) -> None:
    every = search(corpus, a, kinds=kinds).total
    both = search(corpus, f"{a} AND box", kinds=kinds).total
    assert search(corpus, f"{a} AND NOT box", kinds=kinds).total == every - both


@pytest.mark.parametrize(
    "query", ["advisory OR bots OR impartiality", "group OR box", '"advisory group" OR bots']
)
def test_ranked_totals_count_every_match(corpus: Project, query: str) -> None:
    # a page of one fills the ranking heap at once: pruning must not lose matches from counts
    ranked = search(corpus, query, page_size=1)
    listed = search(corpus, query, order="document", page_size=100)
    assert ranked.total == listed.total == len(listed.hits)
    assert ranked.per_document == listed.per_document
