"""Pseudonym table: storing terms, replacing them on export, and the leak check."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.errors import NotFoundError, QcodeError
from qcode.export.bundle import BundleOptions, bundle_leaks
from qcode.export.pseudonyms import (
    PseudonymInfo,
    Pseudonymiser,
    list_pseudonyms,
    remove_pseudonym,
    set_pseudonym,
)
from qcode.store import Project


def _p(*pairs: tuple[str, str], whole_word: bool = True) -> Pseudonymiser:
    return Pseudonymiser([PseudonymInfo("", t, r, whole_word) for t, r in pairs])


def test_terms_are_stored_updated_and_removed(project: Project) -> None:
    uuid = set_pseudonym(project, "  Kent  ", "Force C")
    assert [(p.term, p.replacement, p.whole_word) for p in list_pseudonyms(project)] == [
        ("Kent", "Force C", True)
    ]
    assert set_pseudonym(project, "KENT", "Force D", whole_word=False) == uuid
    assert [(p.term, p.replacement) for p in list_pseudonyms(project)] == [("KENT", "Force D")]
    remove_pseudonym(project, "kent")
    assert list_pseudonyms(project) == []
    with pytest.raises(NotFoundError):
        remove_pseudonym(project, "Kent")


def test_bad_terms_are_refused(project: Project) -> None:
    with pytest.raises(QcodeError, match="needs a term"):
        set_pseudonym(project, " ", "Force C")
    with pytest.raises(QcodeError, match="give a replacement"):
        set_pseudonym(project, "Kent", "")
    with pytest.raises(QcodeError, match="still contains"):
        set_pseudonym(project, "Kent", "Kent Force")


def test_whole_words_any_case_longest_first_in_one_pass() -> None:
    p = _p(
        ("Manchester", "City B"),
        ("Greater Manchester Police", "Force B"),
        ("Kent", "Essex"),
        ("Essex", "Force A"),
    )
    text = "GREATER  manchester police met Manchester's Kent team; Kentish Essex."
    assert p.apply(text) == "Force B met City B's Essex team; Kentish Force A."


def test_partial_terms_match_inside_words() -> None:
    assert _p(("Kent", "C"), whole_word=False).apply("Kentish men") == "Cish men"


def test_accented_terms() -> None:
    p = _p(("Zoë Ødegård", "a superintendent"), ("Дмитрий", "an officer"))
    assert p.apply("zoë ødegård and ДМИТРИЙ spoke") == "a superintendent and an officer spoke"


WORDS = ["Kent", "kent", "Essex", "the", "Sussex", "police", "Kentish", "Mr", "Smith", ",", "."]


@given(st.lists(st.sampled_from(WORDS), max_size=30), st.sampled_from([" ", "  ", "\n"]))
def test_no_whole_word_term_survives(words: list[str], sep: str) -> None:
    p = _p(("Kent", "Force C"), ("Essex", "Force A"), ("Mr Smith", "an officer"))
    out = p.apply(sep.join(words))
    assert not re.search(r"(?<!\w)(kent|essex|mr\s+smith)(?!\w)", out, re.IGNORECASE)


def test_leaks_list_terms_still_in_the_export(corpus: Project) -> None:
    set_pseudonym(corpus, "Siobhán Ní Bhriain", "a constable")
    set_pseudonym(corpus, "Дмитрий Αλέξανδρος", "an officer")
    options = BundleOptions(codes=["Training"], context=True)
    found = bundle_leaks(corpus, options)
    assert {(x.term, x.where, x.whole_word, x.listed) for x in found} == {
        ("Kentish", "Word body", True, False)  # a suggested name, not on the list yet
    }
    assert "Kentish officers" in found[0].excerpt
    set_pseudonym(corpus, "Kentish", "local", whole_word=True)
    assert bundle_leaks(corpus, options) == []


def test_a_term_cut_by_the_passage_bounds_is_still_replaced() -> None:
    p = _p(("Kent", "Force C"), ("Mr Smith", "an officer"))
    text = "Honestly Kent Police told Mr Smith nothing."
    assert p.apply_span(text, 10, 20) == "Force C Police"  # passage starts inside "Kent"
    assert p.apply_span(text, 0, 10, owns_cut_terms=False) == "Honestly "
    assert p.apply_span(text, 14, 29) == "Police told an officer"  # ends inside "Smith"
    assert p.apply_span(text, 29, len(text), owns_cut_terms=False) == " nothing."
    assert _p().apply_span(text, 9, 13) == "Kent"


def test_bundle_quotes_starting_inside_a_term_leak_nothing(project: Project) -> None:
    from qcode.codebook.tree import add_code
    from qcode.coding import apply_code
    from qcode.documents import add_document
    from qcode.export.bundle import build_bundle

    add_document(project, "Interview 1", "We met Kent Police. They listened.", kind="interview")
    add_code(project, "Theme")
    apply_code(project, "Interview 1", "Theme", 9, 34)  # "nt Police. They listened."
    set_pseudonym(project, "Kent", "Force C")
    options = BundleOptions(codes=["Theme"], pseudonymise=True, context=True)
    [q] = build_bundle(project, options).themes[0].quotes
    assert (q.before, q.text) == ("We met ", "Force C Police. They listened.")
    assert bundle_leaks(project, options) == []
