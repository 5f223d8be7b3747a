"""The speaker services: each change is exact, undoable, leaves codings alone, updates search."""

from __future__ import annotations

import pytest

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, list_codings, quotes
from qcode.documents import add_document, document_text, segments
from qcode.errors import NotFoundError, QcodeError
from qcode.search.engine import search
from qcode.speakers import (
    join_turns,
    line_at,
    list_speakers,
    list_turns,
    reassign_turn,
    rename_speaker,
    restore_segments,
    split_turn,
)
from qcode.store import Project
from qcode.text import Span
from tests.speakers.conftest import TEXT


def _state(project: Project, document: str = "Interview 7") -> list[tuple[object, ...]]:
    return [
        (s.id, s.ordinal, s.start, s.end, s.speaker, s.meta) for s in segments(project, document)
    ]


def _codings(project: Project) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.code_path) for c in list_codings(project)]


def test_list_speakers_counts_turns_per_project_and_document(turns: Project) -> None:
    assert [(s.name, s.turns, s.documents) for s in list_speakers(turns)] == [
        ("INT", 3, 2),
        ("Ruth", 3, 2),
    ]
    assert [(s.name, s.turns) for s in list_speakers(turns, "Interview 8")] == [
        ("INT", 1),
        ("Ruth", 1),
    ]


def test_list_turns_shows_time_and_words_without_the_label(turns: Project) -> None:
    first, second = list_turns(turns, "Interview 7")[:2]
    assert (first.ordinal, first.speaker, first.time) == (1, "INT", "")
    assert first.preview == "How were the trainers chosen?"
    assert (second.speaker, second.time) == ("Ruth", "01:07:00")
    assert second.preview.startswith("Nobody vetted them.")
    assert TEXT[second.words_start :].startswith("Nobody vetted")


def test_rename_across_the_project_then_undo_and_redo_exactly(turns: Project) -> None:
    before7, before8, codings = _state(turns), _state(turns, "Interview 8"), _codings(turns)
    counter = turns.change_counter()
    edit = rename_speaker(turns, "INT", "Interviewer")
    assert (edit.turns, edit.documents) == (3, 2)
    assert [s.name for s in list_speakers(turns)] == ["Interviewer", "Ruth"]
    assert turns.change_counter() == counter + 1
    assert document_text(turns, "Interview 7") == TEXT
    assert _codings(turns) == codings
    restore_segments(turns, edit.before)
    assert (_state(turns), _state(turns, "Interview 8")) == (before7, before8)
    restore_segments(turns, edit.after)
    assert [s.name for s in list_speakers(turns)] == ["Interviewer", "Ruth"]


def test_rename_in_one_document_only(turns: Project) -> None:
    rename_speaker(turns, "INT", "Interviewer", document="Interview 8")
    assert [s.name for s in list_speakers(turns, "Interview 7")] == ["INT", "Ruth"]
    assert [s.name for s in list_speakers(turns, "Interview 8")] == ["Interviewer", "Ruth"]


def test_rename_onto_an_existing_speaker_must_be_a_merge(turns: Project) -> None:
    with pytest.raises(QcodeError, match="merge instead"):
        rename_speaker(turns, "INT", "Ruth")
    with pytest.raises(NotFoundError, match="rename instead"):
        rename_speaker(turns, "INT", "Nobody", merge=True)
    with pytest.raises(NotFoundError, match="did you mean 'INT'"):
        rename_speaker(turns, "int", "Interviewer")
    edit = rename_speaker(turns, "INT", "Ruth", merge=True)
    assert edit.turns == 3
    assert [(s.name, s.turns) for s in list_speakers(turns)] == [("Ruth", 6)]


def test_reassign_one_turn(turns: Project) -> None:
    before = _state(turns)
    edit = reassign_turn(turns, "Interview 7", 3, "Interviewer")
    assert [t.speaker for t in list_turns(turns, "Interview 7")] == [
        "INT",
        "Ruth",
        "Interviewer",
        "Ruth",
    ]
    restore_segments(turns, edit.before)
    assert _state(turns) == before
    with pytest.raises(NotFoundError, match="no turn 9"):
        reassign_turn(turns, "Interview 7", 9, "X")


def test_split_at_a_missed_label_takes_the_speaker_from_it_and_keeps_codings(
    turns: Project,
) -> None:
    before, codings = _state(turns), _codings(turns)
    at = line_at(TEXT, "PC Smith:")
    edit = split_turn(turns, "Interview 7", at)
    got = list_turns(turns, "Interview 7")
    assert [(t.ordinal, t.speaker) for t in got] == [
        (1, "INT"),
        (2, "Ruth"),
        (3, "PC Smith"),
        (4, "INT"),
        (5, "Ruth"),
    ]
    assert TEXT[got[1].start : got[1].end] == (
        "Ruth (01:07:00): Nobody vetted them. We took whoever was free."
    )
    assert got[2].preview == "I was never asked about it."
    assert _codings(turns) == codings
    assert document_text(turns, "Interview 7") == TEXT
    restore_segments(turns, edit.before)
    assert _state(turns) == before


def test_split_without_a_label_needs_a_speaker(turns: Project) -> None:
    at = TEXT.index("We took whoever")
    with pytest.raises(QcodeError, match="already starts a turn"):
        split_turn(turns, "Interview 7", at)  # mid-line: the line is Ruth's turn start
    at = line_at(TEXT, "PC Smith:")
    edit = split_turn(turns, "Interview 7", at, speaker="Constable Smith")
    assert edit.detail["speaker"] == "Constable Smith"


def test_join_is_the_inverse_of_split(turns: Project) -> None:
    before = _state(turns)
    split_turn(turns, "Interview 7", line_at(TEXT, "PC Smith:"))
    edit = join_turns(turns, "Interview 7", 2)
    assert [(s[1], s[2], s[3], s[4]) for s in _state(turns)] == [
        (s[1], s[2], s[3], s[4]) for s in before
    ]
    with pytest.raises(QcodeError, match="nothing follows"):
        join_turns(turns, "Interview 7", 4)
    restore_segments(turns, edit.before)
    assert len(_state(turns)) == 5


def test_search_sees_renamed_speakers(turns: Project) -> None:
    assert {h.speaker for h in search(turns, "vetted").hits} == {"Ruth"}  # builds the index
    rename_speaker(turns, "Ruth", "Ruth Ellis")
    hits = search(turns, "vetted")
    assert {h.speaker for h in hits.hits} == {"Ruth Ellis"}


def test_search_by_speaker_field_follows_a_rename(turns: Project) -> None:
    assert search(turns, 'speaker:"Ruth" vetted').total == 1  # builds the index
    rename_speaker(turns, "Ruth", "Witness")
    assert search(turns, "speaker:Witness vetted").total == 1
    assert search(turns, 'speaker:"Ruth" vetted').total == 0


def test_an_undo_is_refused_when_the_turns_changed_since(turns: Project) -> None:
    first = rename_speaker(turns, "INT", "Interviewer")
    reassign_turn(turns, "Interview 7", 1, "Chair")
    with pytest.raises(QcodeError, match="changed since"):
        restore_segments(turns, first.before, expected=first.after)
    assert list_turns(turns, "Interview 7")[0].speaker == "Chair"


def _quote_texts(project: Project, code: str) -> list[str]:
    return [q.text for q in quotes(project, code)]


def test_a_renamed_or_reassigned_turn_still_leaves_its_label_out_of_quotes(
    turns: Project,
) -> None:
    add_code(turns, "Whole turns")
    for seg in segments(turns, "Interview 7"):
        apply_code(turns, "Interview 7", "Whole turns", seg.start, seg.end)
    words = [
        "How were the trainers chosen?",
        "Nobody vetted them. We took whoever was free.\nPC Smith: I was never asked about it.",
        "And the advisory group?",
        "They were not consulted.",
    ]
    assert _quote_texts(turns, "Whole turns") == words
    rename_speaker(turns, "INT", "Interviewer")  # the label INT: no longer names the speaker
    split_turn(turns, "Interview 7", line_at(TEXT, "PC Smith:"), speaker="Constable Smith")
    reassign_turn(turns, "Interview 7", 3, "Sergeant Żaneta Kowalczyk")
    assert [q.speaker for q in quotes(turns, "Whole turns")] == [
        "Interviewer",
        "Ruth",
        "Interviewer",
        "Ruth",
    ]
    assert _quote_texts(turns, "Whole turns") == words
    smith = next(t for t in list_turns(turns, "Interview 7") if t.ordinal == 3)
    assert smith.preview == "I was never asked about it."


def test_words_that_only_look_like_a_label_stay_in_the_quote(project: Project) -> None:
    text = "Ruth: Hello.\nYes: I agree with that."
    add_document(
        project,
        "Cue sheet",
        text,
        spans=[Span(0, 12, "Ruth"), Span(13, len(text), "Ruth")],
    )
    add_code(project, "Agreement")
    apply_code(project, "Cue sheet", "Agreement", 0, 12)
    apply_code(project, "Cue sheet", "Agreement", 13, len(text))
    assert _quote_texts(project, "Agreement") == ["Hello.", "Yes: I agree with that."]
