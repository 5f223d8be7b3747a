"""Co-occurrence as a code × code matrix, with the same drill-down to passages as the matrix."""

from __future__ import annotations

import pytest

from qcode.analysis.cooccurrence import cooccurrence_matrix, cooccurrence_quotes
from qcode.documents import document_text
from qcode.export.summary import theme_summary
from qcode.store import Project
from tests.analysis.matrix_corpus import build


@pytest.fixture
def corpus(project: Project) -> Project:
    return build(project)


def test_pairs_count_segments_coded_with_both(corpus: Project) -> None:
    m = cooccurrence_matrix(corpus)
    rec, ext = m.index("Recording"), m.index("Training/External trainers")
    assert m.segments[rec][ext] == m.segments[ext][rec] == 1  # both in P1's turn of B
    assert m.documents[rec][ext] == 1
    adv = m.index("Advisory groups")
    assert m.segments[adv][adv] == 2  # the diagonal: segments with the code (A: one turn)
    assert m.segments[ext][ext] == 2
    # the flat list of the theme summary and the matrix agree
    flat = {(c.code_a, c.code_b): c.segments for c in theme_summary(corpus).cooccurrence}
    pairs = {tuple(sorted((a, b))): n for a, b, n, _ in m.pairs()}
    assert {tuple(sorted(k)): v for k, v in flat.items()} == pairs


def test_a_pair_opens_the_segments_both_code(corpus: Project) -> None:
    from tests.analysis.matrix_corpus import code

    code(corpus, "Focus group B", "Recording is risk averse.", "Advisory groups")
    m = cooccurrence_matrix(corpus)
    assert m.segments[m.index("Recording")][m.index("Advisory groups")] == 1
    found = cooccurrence_quotes(corpus, "Recording", "Advisory groups")
    assert len(found) == 1
    q = found[0]
    assert q.speaker == "P1"
    assert q.text == document_text(corpus, q.document_uuid)[q.start : q.end]
    assert q.text.startswith("Recording is risk averse.")  # the turn's words, no "P1:" label


def test_themes_count_their_subcodes(corpus: Project) -> None:
    m = cooccurrence_matrix(corpus, include_subcodes=True, top_level=True)
    assert [c.path for c in m.codes] == ["Training", "Advisory groups", "Recording"]
    t, a, r = m.index("Training"), m.index("Advisory groups"), m.index("Recording")
    assert m.segments[t][t] == 3
    assert m.segments[t][r] == 1  # through its sub-code External trainers, in P1's turn
    assert m.segments[t][a] == 0
