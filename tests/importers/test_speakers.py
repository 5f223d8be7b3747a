"""Speaker-turn recognition: the common transcript styles, wrapped turns, and the override."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.errors import QcodeError
from qcode.importers.registry import read_file


def _turns(tmp_path: Path, text: str, pattern: str | None = None) -> list[tuple[str, str]]:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    parsed = read_file(path, pattern)
    return [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Interviewer: a\nOfficer 2: b\n", ["Interviewer", "Officer 2"]),
        ("INT: a\nR: b\n", ["INT", "R"]),
        ("Q: a\nA: b\n", ["Q", "A"]),
        ("P1: a\nParticipant 3: b\n", ["P1", "Participant 3"]),
        ("[Interviewer] a\n[Sam Jones] b\n", ["Interviewer", "Sam Jones"]),
        ("Sam Jones (00:01:02): a\nAli (00:01:09): b\n", ["Sam Jones", "Ali"]),
        ("DS Khan: a\nDr Rees: b\nDS Khan: c\nDr Rees: d\n", ["DS Khan", "Dr Rees"] * 2),
        ("[00:00:05] Interviewer: a\n00:01:10 Speaker 2: b\n", ["Interviewer", "Speaker 2"]),
    ],
)
def test_label_styles(tmp_path: Path, text: str, speakers: list[str]) -> None:
    assert [s for s, _ in _turns(tmp_path, text)] == speakers


def test_name_and_timestamp_on_their_own_line(tmp_path: Path) -> None:
    text = "Sam Jones 00:01:02\nWe do the\nassessments.\n\nAli Khan 00:01:30\nRight.\n"
    parsed = read_file(_write(tmp_path, text))
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("Sam Jones", "Sam Jones 00:01:02\nWe do the\nassessments."),
        ("Ali Khan", "Ali Khan 00:01:30\nRight."),
    ]
    assert [m.get("time") for m in parsed.metas] == ["00:01:02", "00:01:30"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "w.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_wrapped_turn_stays_one_turn_across_lines_and_blank_lines(tmp_path: Path) -> None:
    text = (
        "Interviewer: First question\nthat wraps.\n\n"
        "P1: An answer\nover three\nlines.\n\nA second paragraph of the same answer.\n\n"
        "Interviewer: Next.\n"
    )
    assert _turns(tmp_path, text) == [
        ("Interviewer", "Interviewer: First question\nthat wraps."),
        ("P1", "P1: An answer\nover three\nlines.\n\nA second paragraph of the same answer."),
        ("Interviewer", "Interviewer: Next."),
    ]


def test_header_lines_are_paragraphs_not_speakers(tmp_path: Path) -> None:
    text = (
        "Interview 12\nDate: 9 October 2023\nNote: recording started late\n"
        "The problem is this: nobody reads them.\n"
        "Interviewer: Hello.\nOfficer: Hi.\n"
    )
    turns = _turns(tmp_path, text)
    assert turns[:4] == [
        ("", "Interview 12"),
        ("", "Date: 9 October 2023"),
        ("", "Note: recording started late"),
        ("", "The problem is this: nobody reads them."),
    ]
    assert [s for s, _ in turns[4:]] == ["Interviewer", "Officer"]


def test_text_without_labels_is_split_into_paragraphs(tmp_path: Path) -> None:
    text = "First paragraph\nstill first.\n\nSecond paragraph.\n"
    assert _turns(tmp_path, text) == [
        ("", "First paragraph\nstill first."),
        ("", "Second paragraph."),
    ]


def test_annotations_in_brackets_are_not_speakers(tmp_path: Path) -> None:
    text = "Interviewer: Hello.\n[inaudible] and then\n[Laughter]\nP1: Yes.\n"
    assert [s for s, _ in _turns(tmp_path, text)] == ["Interviewer", "P1"]


def test_override_pattern_with_named_group(tmp_path: Path) -> None:
    text = "Preamble line\n>> SMITH << we record everything\n>> JONES << not here\n"
    turns = _turns(tmp_path, text, pattern=r">> (?P<speaker>[A-Z]+) <<")
    assert turns == [
        ("", "Preamble line"),
        ("SMITH", ">> SMITH << we record everything"),
        ("JONES", ">> JONES << not here"),
    ]


def test_override_pattern_replaces_the_built_in_styles(tmp_path: Path) -> None:
    text = "Interviewer: not a label here\n-- Ann: is one\n"
    turns = _turns(tmp_path, text, pattern=r"-- (\w+):")
    assert turns == [("", "Interviewer: not a label here"), ("Ann", "-- Ann: is one")]


@pytest.mark.parametrize("pattern", ["(unclosed", "x*"])
def test_bad_override_pattern_is_a_clear_error(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(QcodeError, match="speaker pattern"):
        _turns(tmp_path, "Interviewer: hi\n", pattern=pattern)


LINES = st.sampled_from(
    ["Interviewer: hello", "P1: yes", "[Sam] right", "Ann (00:01:02): so", "Ann 00:01:02",
     "plain words here", "", "  indented  ", "Note: x", "Q:", "A: é\u0301", "\t", "[laughs]"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.one_of(LINES, st.text(max_size=30)), min_size=1, max_size=25))
def test_any_text_gives_ordered_segments_within_the_normalised_text(lines: list[str]) -> None:
    from qcode.importers.assemble import build
    from qcode.importers.base import lines_as_blocks
    from qcode.text import normalise

    raw = "\n".join(lines)
    if not normalise(raw).strip():
        return
    try:
        parsed = build(Path("h.txt"), lines_as_blocks(raw))
    except QcodeError:
        return  # e.g. only control characters: refused, with a message
    assert normalise(parsed.text) == parsed.text
    last = 0
    for span in parsed.spans:
        assert last <= span.start < span.end <= len(parsed.text)
        assert parsed.text[span.start : span.end] == parsed.text[span.start : span.end].strip()
        last = span.end
    assert len(parsed.metas) == len(parsed.spans)


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("PC Smith:", "PC Smith"),
        ("DS Patel:", "DS Patel"),
        ("Ch Insp O'Neill:", "Ch Insp O'Neill"),
        ("Ch Insp O’Neill:", "Ch Insp O’Neill"),
        ("Constable:", "Constable"),
        ("Chief Officer:", "Chief Officer"),
        ("Sergeant Żaneta Kowalczyk:", "Sergeant Żaneta Kowalczyk"),
        ("T/Sgt Ng:", "T/Sgt Ng"),
        ("A/DCI Rahman:", "A/DCI Rahman"),
        ("Det Supt Smith-Jones:", "Det Supt Smith-Jones"),
        ("Special Constable:", "Special Constable"),
        ("PCSO Ahmed:", "PCSO Ahmed"),
        ("Dr Rees:", "Dr Rees"),
        ("Note-taker:", "Note-taker"),
    ],
)
def test_a_label_said_once_is_its_own_turn(tmp_path: Path, label: str, speaker: str) -> None:
    text = f"Interviewer: How is it used?\n{label} Mostly after the decision.\nInterviewer: Why?\n"
    assert [s for s, _ in _turns(tmp_path, text)] == ["Interviewer", speaker, "Interviewer"]


def test_a_name_said_once_counts_where_the_document_alternates(tmp_path: Path) -> None:
    text = "Interviewer: a\nOfficer: b\nJo Bloggs: c\nInterviewer: d\nOfficer: e\n"
    assert [s for s, _ in _turns(tmp_path, text)][2] == "Jo Bloggs"
    text = "Interviewer: How?\nJo Bloggs: After.\nInterviewer: Why?\n"
    assert [s for s, _ in _turns(tmp_path, text)] == ["Interviewer", "Jo Bloggs", "Interviewer"]
    text = "Interviewer: How?\nJo Bloggs: After.\n"  # no alternation yet: left for the preview
    assert [s for s, _ in _turns(tmp_path, text)] == ["Interviewer"]


@pytest.mark.parametrize(
    "line",
    [
        "Note: the officer left.",
        "Re: the policy.",
        "At 10:30 we met.",
        "The problem is this: nobody reads them.",
        "Firstly: the data are late.",
        "Key findings: none.",
        "Recommendation 2: publish it.",
        "Constable: 1,200",
        "Inspector: 61",
        "Training: we had none.",
    ],
)
def test_guards_against_false_turns_hold(tmp_path: Path, line: str) -> None:
    text = f"Interviewer: a\nOfficer: b\n{line}\nInterviewer: c\n"
    assert [s for s, _ in _turns(tmp_path, text)] == ["Interviewer", "Officer", "Interviewer"]


def test_markdown_and_html_bold_labels(tmp_path: Path) -> None:
    md = tmp_path / "t.md"
    md.write_text("**Interviewer:** a\n\n**Analyst:** b\n\n**Kim Lee**: c\n", encoding="utf-8")
    parsed = read_file(md)
    assert [s.speaker for s in parsed.spans] == ["Interviewer", "Analyst", "Kim Lee"]
    page = tmp_path / "t.html"
    page.write_text(
        "<p><b>Interviewer:</b> a</p><p><strong>Kim Lee</strong>: b</p>"
        '<p><span style="font-weight:bold">Analyst:</span> c</p><p><b>Note:</b> d</p>',
        encoding="utf-8",
    )
    parsed = read_file(page)
    assert [s.speaker for s in parsed.spans] == ["Interviewer", "Kim Lee", "Analyst"]
    assert parsed.text.endswith("Analyst: c\nNote: d")


def test_pdf_label_set_apart_by_the_text_layer_heads_its_words(tmp_path: Path) -> None:
    from qcode.importers.pdf import _join_labels

    lines = ["Interviewer:", "How is it used?", "PC Smith:", "Mostly after.", "Summary:", "x"]
    assert _join_labels(lines) == [
        "Interviewer: How is it used?", "PC Smith: Mostly after.", "Summary:", "x",
    ]  # fmt: skip


def test_header_lines_naming_who_took_part_are_not_turns(tmp_path: Path) -> None:
    text = (
        "Interviewer: Jane Smith\nInterviewee: DS Patel\nCase officer: Ms Li\n\n"
        "Interviewer: Hello Sam\nInterviewee: Absolutely\nInterviewer: Thanks.\n"
    )
    turns = _turns(tmp_path, text)
    assert [s for s, _ in turns] == ["", "Interviewer", "Interviewee", "Interviewer"]
    assert turns[0][1].startswith("Interviewer: Jane Smith\n")


def test_a_bare_figure_is_still_an_answer_after_a_short_label(tmp_path: Path) -> None:
    text = "Q: How many officers?\nA: 12\nQ: And staff?\nA: 40%\n"
    assert [s for s, _ in _turns(tmp_path, text)] == ["Q", "A", "Q", "A"]
