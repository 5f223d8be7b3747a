"""Name matching: however a name is typed, it is found, and maps back to its exact span."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from qcode.export.matching import Matcher, fold
from qcode.export.pseudonyms import PseudonymInfo, Pseudonymiser

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def _p(*pairs: tuple[str, str]) -> Pseudonymiser:
    return Pseudonymiser([PseudonymInfo("", t, r, True) for t, r in pairs])


def test_fold_keeps_the_origin_of_every_character() -> None:
    text = "Zoe\u0308  Sm\u00adITH\u2019s\nStraße"
    f = fold(text)
    assert f.text == "zoe smith's strasse"
    assert all(0 <= i < len(text) for i in f.starts)
    assert f.span(0, 3) == (0, 4)  # the combining diaeresis belongs to the name
    assert text[slice(*f.span(4, 9))] == "Sm\u00adITH"


def test_possessives_line_breaks_dashes_and_boundaries() -> None:
    p = _p(("Sgt Morgan", "Sergeant 1"), ("Morgan", "Sergeant 1"), ("Hampshire", "Force A"))
    assert p.apply("Morgan\u2019s and Morgan's team") == "Sergeant 1\u2019s and Sergeant 1's team"
    assert p.apply("SGT\n   MORGAN said") == "Sergeant 1 said"
    assert p.apply("Hampshire_interview_01, 2Hampshire3") == "Force A_interview_01, 2Force A3"
    assert p.apply("Hampshires and Morganite") == "Hampshires and Morganite"
    q = _p(("Jean-Paul", "Person 2"), ("B. Osei", "Interviewer 1"))
    assert q.apply("Jean\u2013Paul, Jean - Paul, B Osei, B.Osei") == (
        "Person 2, Person 2, Interviewer 1, Interviewer 1"
    )


def test_terms_typed_in_any_normal_form_match_text_in_any_other() -> None:
    nfd = unicodedata.normalize("NFD", "Zoë Brontë")
    assert _p((nfd, "Person 1")).apply("Zoë Brontë came") == "Person 1 came"
    assert _p(("Zoë Brontë", "Person 1")).apply(nfd + " came") == "Person 1 came"
    assert _p(("ﬁona", "Person 2")).apply("FIONA came") == "Person 2 came"  # a ligature


def test_hits_report_whole_words_and_exact_spans() -> None:
    m = Matcher([("Kent", False)])
    text = "Kentish Kent"
    assert [(h.start, h.end, h.whole_word) for h in m.hits(text)] == [(0, 4, False), (8, 12, True)]


NAME = "Mary O'Neill"
LETTERS = st.sampled_from(list("abc XYZ.,;:!?0123456789_\n-"))


def _variant(draw: st.DrawFn) -> str:
    out = []
    for ch in NAME:
        if ch == "'":
            ch = draw(st.sampled_from(["'", "\u2019", "\u2018", "\u02bc"]))
        elif ch == " ":
            ch = draw(st.sampled_from([" ", "  ", "\n", "\u00a0", " \n "]))
        elif draw(st.booleans()):
            ch = ch.swapcase()
        out.append(ch)
        if ch.isalpha() and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str, str]:
    before = draw(st.text(LETTERS, max_size=12))
    after = draw(st.text(LETTERS, max_size=12))
    if before and before[-1].isalpha():
        before += " "
    if after and after[0].isalpha():
        after = " " + after
    return before, _variant(draw), after


@given(texts())
def test_every_variant_of_a_name_is_replaced_and_nothing_else_changes(
    parts: tuple[str, str, str],
) -> None:
    before, name, after = parts
    out = _p((NAME, "Person 1")).apply(before + name + after)
    assert out == before + "Person 1" + after
