"""The query parser on its own and through search: trees, fields over brackets, odd shapes."""

from __future__ import annotations

import pytest

from qcode.search import QuerySyntaxError, search
from qcode.search import qtree as q
from qcode.search.parser import Unparsable, parse
from qcode.search.syntax import check_query
from qcode.store import Project

ALIASES = {"force": "a_force"}


def tree(text: str) -> q.Query:
    return parse(check_query(text, ALIASES), ALIASES)


def test_words_are_stemmed_and_side_by_side_means_and() -> None:
    assert tree("Advisory groups") == q.And((q.Term("text", "advisori"), q.Term("text", "group")))
    assert tree("U.K. us.we 3.5") == q.And(
        (q.Term("text", "u.k."), q.Term("text", "3.5"))
    )  # "us" and "we" are stop words; "U.K." and "3.5" are one word each


def test_operators_bind_not_and_or_andnot_andmaybe_in_that_order() -> None:
    a, b, c = (q.Term("text", w) for w in ("alpha", "beta", "gamma"))
    assert tree("alpha OR beta ANDNOT gamma") == q.AndNot(q.Or((a, b)), c)
    assert tree("alpha ANDNOT beta OR gamma") == q.AndNot(a, q.Or((b, c)))
    assert tree("alpha OR beta gamma") == q.And((q.Or((a, b)), c))
    assert tree("alpha NOT beta") == q.And((a, q.Not(b)))


def test_phrases_patterns_fuzzy_terms_and_boosts() -> None:
    phrase = tree('"head of department"~3')
    assert phrase == q.Phrase("text", ("head", "depart"), 3)
    assert isinstance(phrase, q.Phrase)
    assert phrase.gaps == (2,)
    assert tree("impartial*") == q.Prefix("text", "impartial")
    assert tree("Recrui?") == q.Wildcard("text", "recrui?")
    assert tree("relentles~2/3") == q.Fuzzy("text", "relentles", 2, 3)
    assert tree("bots^2") == q.Term("text", "bot", 2.0)


def test_a_field_before_a_bracket_applies_to_the_whole_group() -> None:
    assert tree("speaker:(P1 OR P2)") == q.Or((q.Term("speaker", "p1"), q.Term("speaker", "p2")))
    assert tree('force:(c OR "Force D")') == q.Or(
        (q.Term("a_force", "c"), q.Term("a_force", "force d"))
    )


def test_a_query_of_stop_words_is_nothing_and_a_double_not_is_unparsable() -> None:
    assert tree("the and of") is q.NULL
    with pytest.raises(Unparsable):
        tree("NOT NOT bots")


def test_fields_over_brackets_search_each_value(corpus: Project) -> None:
    # Whoosh's parser, after the query was tidied to `speaker: ( P1 OR P2 )`, searched the text
    # for "speaker" and for "p1" or "p2": no hits at all
    both = search(corpus, "speaker:(P1 OR P2)")
    assert {h.speaker for h in both.hits} == {"P1", "P2"}
    assert set(search(corpus, "force:(c OR d)").per_document) == {
        "Focus group 01",
        "Interview 01",
        "National 01",
    }
    assert set(search(corpus, "kind:(interview OR focus_group) AND advisory").per_kind) == {
        "interview",
        "focus_group",
    }


def test_kinds_in_brackets_are_written_as_freely_as_alone(corpus: Project) -> None:
    both = search(corpus, 'kind:(interviews OR "focus group") AND advisory')
    assert set(both.per_kind) == {"interview", "focus_group"}
    with pytest.raises(QuerySyntaxError, match="unknown source kind 'pub'"):
        search(corpus, "kind:(interview OR pub)")


def test_odd_shapes_get_a_readable_reason(corpus: Project) -> None:
    with pytest.raises(QuerySyntaxError, match="cannot understand the query"):
        search(corpus, "NOT NOT bots")
    with pytest.raises(QuerySyntaxError, match="cannot search Require queries here"):
        search(corpus, "bots REQUIRE advisory")


def test_tree_nodes_are_equal_by_class_and_fields_as_whooshs_queries_were() -> None:
    assert q.Term("text", "box") != q.Prefix("text", "box")
    assert q.Term("text", "box") != q.Term("text", "box", 2.0)
    assert q.Phrase("text", ("head", "depart"), gaps=(2,)) == q.Phrase("text", ("head", "depart"))
    assert q.Not(q.Term("text", "box"), 2.0) == q.Not(q.Term("text", "box"))
    assert len({q.Term("text", "box"), q.Term("text", "box"), q.Prefix("text", "box")}) == 2
    # duplicates in an AND go, and a lone child keeps the group's boost
    assert tree("box box") == q.Term("text", "box")
    assert tree("(box)^2") == q.Term("text", "box", 2.0)


def test_brackets_nested_too_deep_are_refused_with_a_reason_not_a_traceback() -> None:
    deep = "(" * 64 + "alpha" + ")" * 64
    assert tree(deep) == q.Term("text", "alpha")
    with pytest.raises(QuerySyntaxError, match="nested more than 64 deep"):
        tree("(" * 3000 + "alpha" + ")" * 3000)  # was a RecursionError
