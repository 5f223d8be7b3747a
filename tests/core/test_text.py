"""Normalisation, paragraphs, sentences and the code-point/UTF-16 conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.text import Utf16Map, normalise, paragraphs, sentence_bounds


def test_normalise_strips_bom_crlf_and_composes() -> None:
    raw = "\ufeffCafe\u0301 one\r\nline two  \rline three\r\n"
    assert normalise(raw) == "Café one\nline two\nline three"


def test_normalise_is_idempotent() -> None:
    raw = "\ufeffA\r\n\r\nB\u2029C"
    once = normalise(raw)
    assert normalise(once) == once


def test_paragraphs_by_line_when_no_blank_lines() -> None:
    text = "Q: one\nA: two\n\tA: three"
    spans = paragraphs(text)
    assert [text[s.start : s.end] for s in spans] == ["Q: one", "A: two", "A: three"]


def test_paragraphs_by_blank_lines() -> None:
    text = "First para\nstill first.\n\nSecond."
    assert [text[s.start : s.end] for s in paragraphs(text)] == [
        "First para\nstill first.",
        "Second.",
    ]


def test_sentence_bounds() -> None:
    text = "One thing. The bots were everywhere online! Three."
    start = text.index("bots")
    assert text[slice(*sentence_bounds(text, start, start + 4))] == (
        "The bots were everywhere online!"
    )


def test_utf16_map_with_astral_characters() -> None:
    text = "a😀b𝒳c"
    m = Utf16Map(text)
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert m.from_utf16(3) == 2
    assert m.from_utf16(2) == 1  # inside the surrogate pair rounds down
    with pytest.raises(ValueError, match="outside"):
        m.to_utf16(len(text) + 1)


@given(st.text())
def test_utf16_round_trip(text: str) -> None:
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        assert m.from_utf16(m.to_utf16(i)) == i
        assert m.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
