"""Agreement between coders on a real project, worked by hand; the report and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcode.agreement import agreement, sentences
from qcode.agreement_export import export_agreement_xlsx
from qcode.cli import main
from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.documents import add_document, segments
from qcode.errors import QcodeError
from qcode.store import Project

TEXT = (
    "Interviewer: First question here. It has two sentences.\n"
    "Officer: Answer one.\n"
    "Interviewer: Question two.\n"
    "Officer: Answer two.\n"
    "Interviewer: Thanks."
)


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """Ann and Bob code X and Y on five paragraphs; a second document only Ann coded."""
    path = tmp_path / "agree.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Interview 01", TEXT, kind="interview")
        add_document(p, "Interview 02", "Only Ann coded this one.", kind="interview")
        add_code(p, "Theme/X")
        add_code(p, "Y")
        segs = segments(p, "Interview 01")
        for code, ordinals in (("Theme/X", [1, 2]), ("Y", [4])):
            for n in ordinals:
                apply_code(p, "Interview 01", code, segs[n - 1].start, segs[n - 1].end)
        apply_code(p, "Interview 02", "Y", 0, 4)
        p.use_coder("Bob")
        for code, ordinals in (("Theme/X", [1, 3]), ("Y", [4])):
            for n in ordinals:
                apply_code(p, "Interview 01", code, segs[n - 1].start, segs[n - 1].end)
    return path


def test_segment_agreement_worked_by_hand(coded: Path) -> None:
    with Project.open(coded, coder_name="Ann") as p:
        report = agreement(p, ["Ann", "Bob"])
    assert report.documents == ["Interview 01"]  # Interview 02: only Ann coded it
    x, y = report.per_code
    assert (x.code_path, y.code_path) == ("Theme/X", "Y")
    # X over 5 paragraphs: both (1), Ann only (2), Bob only (3), neither (4, 5).
    # p_o = 3/5; p_e = (2/5)^2 + (3/5)^2 = 0.52; kappa = 0.08 / 0.48 = 1/6.
    assert x.scores.units == 5
    assert x.scores.percent == pytest.approx(0.6)
    assert x.scores.cohen == pytest.approx(1 / 6)
    # Alpha: coincidences o_TT = 2, o_FF = 4, o_TF = o_FT = 2; n_T = 4, n_F = 6, n = 10:
    # alpha = 1 - 9 * 4 / (2 * 4 * 6) = 0.25.
    assert x.scores.alpha == pytest.approx(0.25)
    assert x.coded == {"Ann": 2, "Bob": 2}
    # Y: both coded paragraph 4, nobody else: perfect agreement.
    assert y.scores.percent == 1.0
    assert y.scores.cohen == pytest.approx(1.0)
    assert y.scores.alpha == pytest.approx(1.0)
    # Overall, the 10 (paragraph, code) pairs pooled: TT 2, TF 1, FT 1, FF 6.
    # p_o = 0.8; p_e = 0.3^2 + 0.7^2 = 0.58; kappa = 0.22 / 0.42.
    assert report.overall.cohen == pytest.approx(0.22 / 0.42)
    assert [(d.unit, d.code_path, d.coded_by, d.not_coded_by) for d in report.disagreements] == [
        ("paragraph 2", "Theme/X", ["Ann"], ["Bob"]),
        ("paragraph 3", "Theme/X", ["Bob"], ["Ann"]),
    ]
    assert report.disagreements[0].text == "Officer: Answer one."


def test_excluding_units_nobody_coded(coded: Path) -> None:
    with Project.open(coded, coder_name="Ann") as p:
        report = agreement(p, ["Ann", "Bob"], exclude_uncoded=True)
    x = report.per_code[0]
    # Paragraph 5 drops out: 4 units, TT 1, TF 1, FT 1, FF 1 -> p_o = p_e = 0.5, kappa 0.
    assert x.scores.units == 4
    assert x.scores.cohen == pytest.approx(0.0)


def test_sentence_and_character_units(coded: Path) -> None:
    with Project.open(coded, coder_name="Ann") as p:
        first = TEXT.index("It has")
        apply_code(p, "Interview 01", "Y", 0, first - 1)  # Ann: first sentence only
        p.use_coder("Bob")
        apply_code(p, "Interview 01", "Y", 0, 20)  # Bob: part of the same first sentence
        by_sentence = agreement(p, ["Ann", "Bob"], unit="sentence", codes=["Y"])
        by_char = agreement(p, ["Ann", "Bob"], unit="character", codes=["Y"])
    # Six sentences (the first paragraph has two); Y: sentence 1 both, paragraph 4 both.
    assert by_sentence.per_code[0].scores.units == 6
    assert by_sentence.per_code[0].scores.percent == 1.0
    # Characters: Ann [0, 33), Bob [0, 20): 13 characters coded by Ann alone.
    y = by_char.per_code[0].scores
    assert y.units == len(TEXT)
    assert y.percent == pytest.approx(1 - 13 / len(TEXT))
    [gap] = by_char.disagreements
    assert (gap.start, gap.end, gap.coded_by) == (20, 33, ["Ann"])


def test_sentences_split() -> None:
    text = 'One. "Two?" Three! four'
    assert [text[a:b] for a, b in sentences(text, 0, len(text))] == [
        "One.", '"Two?"', "Three!", "four"
    ]


def test_three_coders_get_fleiss_and_alpha_but_no_cohen(coded: Path) -> None:
    with Project.open(coded, coder_name="Cid") as p:
        segs = segments(p, "Interview 01")
        apply_code(p, "Interview 01", "Y", segs[3].start, segs[3].end)
        report = agreement(p, ["Ann", "Bob", "Cid"])
    assert report.overall.cohen is None
    assert report.overall.fleiss is not None
    assert report.overall.alpha is not None


def test_coder_errors(coded: Path) -> None:
    with Project.open(coded, coder_name="Ann") as p:
        with pytest.raises(QcodeError, match="two or more"):
            agreement(p, ["Ann", "Ann"])
        with pytest.raises(QcodeError, match="no coder 'Zoe'"):
            agreement(p, ["Ann", "Zoe"])
        with pytest.raises(QcodeError, match="unknown unit"):
            agreement(p, ["Ann", "Bob"], unit="word")


def test_xlsx_report_reads_back(coded: Path, tmp_path: Path) -> None:
    with Project.open(coded, coder_name="Ann") as p:
        report = agreement(p, ["Ann", "Bob"])
    out = export_agreement_xlsx(report, tmp_path / "agreement.xlsx")
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Summary", "Per code", "Disagreements"]
    per_code = list(wb["Per code"].iter_rows(values_only=True))
    assert per_code[1][0] == "Theme/X"
    assert per_code[1][3] == pytest.approx(1 / 6)
    dis = list(wb["Disagreements"].iter_rows(values_only=True))
    assert dis[1][:2] == ("Interview 01", "paragraph 2")
    wb.close()
    with pytest.raises(QcodeError, match="xlsx"):
        export_agreement_xlsx(report, tmp_path / "agreement.csv")


def test_agreement_command(coded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["agreement", str(coded), "--coder", "Ann", "--coder", "Bob", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Theme/X" in text
    assert "0.167" in text
    assert out.exists()
    assert main(["agreement", str(coded), "--coder", "Ann", "--coder", "Bob", "--json",
                 "--code", "Y", "--unit", "sentence"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["code_path"] for c in data["per_code"]] == ["Y"]
    assert main(["agreement", str(coded), "--coder", "Ann"]) == 1
    assert "two or more" in capsys.readouterr().err
