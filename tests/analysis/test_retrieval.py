"""Retrieval in context: filters, the turns around a passage, paging, exporting a selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from qcode.analysis.retrieval import (
    QuoteFilter,
    export_quotes,
    filter_choices,
    filter_quotes,
    page,
    passage_context,
)
from qcode.coding import quotes, set_coding_memo
from qcode.errors import QcodeError
from qcode.store import Project
from tests.analysis.matrix_corpus import build


@pytest.fixture
def corpus(project: Project) -> Project:
    return build(project)


def test_filters_by_attribute_kind_coder_and_memo(corpus: Project) -> None:
    found = quotes(corpus, "Advisory groups")
    assert len(found) == 3
    assert len(filter_quotes(found, QuoteFilter(attributes=(("force", "force b"),)))) == 1
    assert len(filter_quotes(found, QuoteFilter(kinds=("interview",)))) == 2
    assert [q.coder_name for q in filter_quotes(found, QuoteFilter(coders=("Ben",)))] == ["Ben"]
    set_coding_memo(corpus, found[0].coding_uuid, "Check with the force lead")
    memo = filter_quotes(quotes(corpus, "Advisory groups"), QuoteFilter(memo="FORCE LEAD"))
    assert [q.coding_uuid for q in memo] == [found[0].coding_uuid]
    choices = filter_choices(found)
    assert choices.attributes["force"] == ["Force A", "Force B"]
    assert choices.coders == ["Ann", "Ben"]
    assert choices.kinds == ["focus_group", "interview"]


def test_context_is_the_whole_turn_then_its_neighbours(corpus: Project) -> None:
    q = next(q for q in quotes(corpus, "Advisory groups") if q.coder_name == "Ben")
    assert q.text == "only the loudest voices are heard"
    ctx = passage_context(corpus, q.document_uuid, q.start, q.end)
    assert (
        ctx.text
        == "Officer 1: The advisory group is useful, but only the loudest voices are heard."
    )
    assert ctx.passage == q.text
    assert ctx.before.endswith("but ")
    assert ctx.after == "."
    assert ctx.speakers == ["Officer 1"]
    wider = passage_context(corpus, q.document_uuid, q.start, q.end, around=1)
    assert wider.text.startswith("Interviewer: And the advisory group?\n")
    assert (wider.first_paragraph, wider.last_paragraph) == (3, 4)
    assert wider.passage == q.text
    with pytest.raises(QcodeError, match="is not within"):
        passage_context(corpus, q.document_uuid, 5, 10_000)


def test_paging_reaches_every_item() -> None:
    items = list(range(1001))
    seen = []
    first = page(items, 1)
    for n in range(1, first.pages + 1):
        seen += page(items, n).items
    assert seen == items
    assert first.pages == 6
    assert page(items, 99).number == 6  # clamped to the last
    assert page([], 1).pages == 1


def test_export_selection_writes_exactly_the_chosen_quotes(corpus: Project, tmp_path: Path) -> None:
    chosen = quotes(corpus, "Training", include_subcodes=True)[:2]
    out = export_quotes(corpus, chosen, tmp_path / "chosen.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    texts = {q.text for q in chosen}
    assert sum(1 for r in rows if any(v in texts for v in r)) == 2
    doc = export_quotes(corpus, chosen, tmp_path / "chosen.docx")
    body = "\n".join(p.text for p in Docx(str(doc)).paragraphs)
    assert all(t in body for t in texts)
    with pytest.raises(QcodeError, match="nothing to export"):
        export_quotes(corpus, [], tmp_path / "none.docx")
    with pytest.raises(QcodeError, match="exported as"):
        export_quotes(corpus, chosen, tmp_path / "x.txt")
