"""Filters answered through SQL (code, coder, document, kind) and "code all hits"."""

from __future__ import annotations

import pytest

from qcode.coding import apply_code, find_text, list_codings, remove_codings
from qcode.documents import document_text
from qcode.errors import NotFoundError, QcodeError
from qcode.search import search
from qcode.search.autocode import autocode
from qcode.store import Project
from tests.writer import write_now


def code_passage(project: Project, document: str, passage: str, code: str) -> None:
    start, end = find_text(project, document, passage)
    apply_code(project, document, code, start, end)


def test_filter_by_code_not_code_and_coder(corpus: Project) -> None:
    code_passage(corpus, "Interview 01", "it challenged our stop", "Advisory groups/Influence")
    corpus.use_coder("Bo")
    code_passage(corpus, "Focus group 01", "advisory group treats it", "Advisory groups/Influence")
    corpus.use_coder("Ann")
    everywhere = search(corpus, "advisory")
    assert everywhere.total == 4
    coded = search(corpus, "advisory", code="Advisory groups/Influence")
    assert coded.total == 2
    # a parent code includes its sub-codes
    assert search(corpus, "advisory", code="Advisory groups").total == 2
    assert search(corpus, "advisory", not_code="Advisory groups/Influence").total == 2
    by_bo = search(corpus, "advisory", code="Advisory groups/Influence", coder="Bo")
    assert [h.document_name for h in by_bo.hits] == ["Focus group 01"]
    assert search(corpus, "advisory", coder="Ann").total == 1
    with pytest.raises(NotFoundError):
        search(corpus, "advisory", code="No such/code")


def test_filter_by_kind_and_document(corpus: Project) -> None:
    assert set(search(corpus, "impartiality", kinds=["national_interview"]).per_kind) == {
        "national_interview"
    }
    assert search(corpus, "impartiality", kinds=["focus group", "interview"]).total == 1
    only = search(corpus, "advisory", documents=["Interview 01"])
    assert set(only.per_document) == {"Interview 01"}
    with pytest.raises(QcodeError, match="unknown source kind"):
        search(corpus, "bots", kinds=["podcast"])
    with pytest.raises(NotFoundError):
        search(corpus, "bots", documents=["Nope"])


def test_autocode_hits_then_undo(corpus: Project) -> None:
    result = autocode(corpus, "bots", "Social media/Bots")
    assert result.hits == 1
    assert result.skipped == 0
    codings = list_codings(corpus, code="Social media/Bots")
    assert sorted(c.uuid for c in codings) == sorted(result.created)
    text = document_text(corpus, "Focus group 01")
    assert sorted(text[c.start : c.end] for c in codings) == ["Bots", "bot"]
    remove_codings(corpus, result.created)
    assert list_codings(corpus, code="Social media/Bots") == []


def test_autocode_sentences_and_segments(corpus: Project) -> None:
    sentences = autocode(corpus, "bots", "Social media/Bots", unit="sentence")
    text = document_text(corpus, "Focus group 01")
    got = sorted(text[c.start : c.end] for c in list_codings(corpus, code="Social media/Bots"))
    assert got == [
        "Bots flood our social media after every arrest.",  # not the label "P2: "
        "The bot accounts are relentless.",
    ]
    remove_codings(corpus, sentences.created)
    segments = autocode(corpus, '"advisory group"', "Advisory groups/Influence", unit="segment")
    assert segments.hits == 3
    assert len(segments.created) == 3
    for c in list_codings(corpus, code="Advisory groups/Influence"):
        passage = document_text(corpus, c.document_name)[c.start : c.end]
        assert "advisory group" in passage
        assert "\n" not in passage


def test_autocode_skips_what_is_already_coded(corpus: Project) -> None:
    code_passage(
        corpus, "Interview 01", "The advisory group is useful", "Advisory groups/Influence"
    )
    result = autocode(corpus, '"advisory group"', "Advisory groups/Influence")
    assert (len(result.created), result.skipped) == (2, 1)
    again = autocode(corpus, '"advisory group"', "Advisory groups/Influence")
    assert (again.created, again.skipped) == ([], 3)
    # another coder's coding does not count as done
    corpus.use_coder("Bo")
    assert len(autocode(corpus, '"advisory group"', "Advisory groups/Influence").created) == 3


def test_autocode_with_filters_and_bad_input(corpus: Project) -> None:
    only_fg = autocode(corpus, "advisory", "Advisory groups/Influence", kinds=["focus_group"])
    assert len(only_fg.created) == 1
    with pytest.raises(QcodeError, match="unknown unit"):
        autocode(corpus, "advisory", "Advisory groups/Influence", unit="word")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        autocode(corpus, "advisory", "No such code")


def test_autocode_lets_other_processes_write_while_it_works_out_the_passages(
    corpus: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a long autocode held the write lock while it read texts and found sentences,
    so the window's and other commands' writes waited (then failed). Now the lock is taken
    only for the inserts: a write by another process in the middle of the work goes through
    at once, and both changes are kept."""
    import importlib

    module = importlib.import_module("qcode.search.autocode")

    outcomes: list[str] = []
    original = module.sentence_bounds

    def trim_and_let_another_process_write(*args: object) -> tuple[int, int]:
        if not outcomes:
            outcomes.append(write_now(corpus.path))
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "sentence_bounds", trim_and_let_another_process_write)
    result = autocode(corpus, "advisory", "Advisory groups", unit="sentence")
    assert outcomes == ["committed"]
    assert len(result.created) == 4  # the four sentences naming an advisory group or board
    with corpus.read() as s:
        from qcode.store import ProjectRow

        row = s.get(ProjectRow, 1)
        assert row is not None
        assert row.memo == "written meanwhile"
    assert len(list_codings(corpus, code="Advisory groups")) == 4
