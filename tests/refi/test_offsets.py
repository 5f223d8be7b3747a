"""Each vendor's way of counting positions is recognised and converted to our code points."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.refi.importer import import_qdpx
from qcode.store import Project
from tests.refi.helpers import DOC, coded, project_xml, selection, write_qdpx

LINES = [
    "Interviewer: Où étiez-vous 😀 ce jour-là ?",
    "Agent Dupré: J'étais à la gare 🚉 avec Zoë, près du café.",
    "Interviewer: Et après 👍🏽 ?",
    "Agent Dupré: Nous sommes partis vers Hôtel-Dieu 🏥 à midi.",
]
WORDS = ["gare", "Zoë", "café", "après", "Hôtel-Dieu", "midi"]


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _where(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _build(tmp_path: Path, raw: bytes, positions: list[tuple[int, int]], names: bool) -> Path:
    sels = "".join(
        selection(n, a, b, WORDS[n] if names else "") for n, (a, b) in enumerate(positions)
    )
    return write_qdpx(tmp_path / "in.qdpx", project_xml(sels), {f"Sources/{DOC}.txt": raw})


CASES = {
    # name: (bytes of the file, how the vendor counts on the text it wrote, convention)
    "standard, code points": ("\n", b"", lambda t, i: i, {"code points"}),
    "NVivo Mac, UTF-16 on LF": ("\n", b"", _utf16, {"UTF-16, LF"}),
    "NVivo Windows, UTF-16 on CRLF, BOM not counted": (
        "\r\n",
        b"\xef\xbb\xbf",
        _utf16,
        "UTF-16, CRLF",
    ),
    "ATLAS.ti, CRLF counted once": (
        "\r\n",
        b"",
        lambda t, i: i - t[:i].count("\r\n"),
        "code points, LF",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("names", [False, True])
def test_each_convention_lands_every_selection_on_its_words(
    project: Project, tmp_path: Path, case: str, names: bool
) -> None:
    newline, bom, count, convention = CASES[case]
    text = newline.join(LINES) + newline
    positions = []
    for word in WORDS:
        a, b = _where(text, word)
        positions.append((count(text, a), count(text, b)))
    path = _build(tmp_path, bom + text.encode("utf-8"), positions, names)
    report = import_qdpx(project, path)
    assert report.convention in convention
    assert report.not_landed == []
    assert sorted(row[2] for row in coded(project)) == sorted(WORDS)


def test_indented_source_counts_on_the_file_text_not_ours(project: Project, tmp_path: Path) -> None:
    text = "\n".join("   " + line + "  " for line in LINES) + "\n\n\n"
    positions = [_where(text, word) for word in WORDS]
    report = import_qdpx(project, _build(tmp_path, text.encode(), positions, names=False))
    assert report.convention == "code points, LF"
    assert sorted(row[2] for row in coded(project)) == sorted(WORDS)


def test_whole_lines(project: Project, tmp_path: Path) -> None:
    text = "\n".join(LINES)
    positions = [(1, 2), (3, 4), (0, 1)]
    sels = "".join(selection(n, a, b) for n, (a, b) in enumerate(positions))
    report = import_qdpx(
        project,
        write_qdpx(
            tmp_path / "lines.qdpx", project_xml(sels), {f"sources/{DOC}.txt": text.encode()}
        ),
    )
    assert report.convention == "whole lines"
    assert sorted(row[2] for row in coded(project)) == sorted([LINES[1], LINES[3], LINES[0]])


def test_a_selection_whose_named_text_is_elsewhere_is_reported_not_placed(
    project: Project, tmp_path: Path
) -> None:
    text = "\n".join(LINES)
    good = [_where(text, w) for w in WORDS]
    sels = "".join(selection(n, a, b, WORDS[n]) for n, (a, b) in enumerate(good))
    a, b = _where(text, "Nous sommes partis")
    sels += selection(50, a, b, "Something else entirely, not in the text")
    path = write_qdpx(tmp_path / "x.qdpx", project_xml(sels), {f"sources/{DOC}.txt": text.encode()})
    report = import_qdpx(project, path)
    assert len(report.not_landed) == 1
    assert "00000050-0000-4000-8000-000000000000" in report.not_landed[0]
    assert len(coded(project)) == len(WORDS)
