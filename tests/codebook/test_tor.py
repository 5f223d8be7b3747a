"""Themes from a terms-of-reference document (.txt, .md, .docx)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qcode.codebook import tree
from qcode.codebook.loader import load_codebook_file
from qcode.codebook.safeio import CodebookFileError
from qcode.codebook.shipped import shipped_codebook
from qcode.codebook.tor import codes_from_tor, tor_items
from qcode.store import Project
from tests.conftest import SHARED

LETTER = SHARED / "terms-of-reference-letter.txt"

MARKDOWN = """# Inspection of stop and search

Some background that mentions nothing.

- a stray bullet before the terms

## Terms of reference

We will look at:

1. whether officers record
   every search correctly;
2. how supervisors check the records; and
3. the use of body-worn video.

## Method

- interviews
"""


def test_the_letter_gives_nine_themes(project: Project) -> None:
    if not LETTER.is_file():
        pytest.skip("../shared is not available")
    preview = codes_from_tor(project, LETTER, dry_run=True)
    assert [i.number for i in preview.items] == [str(n) for n in range(1, 10)]
    assert tree.list_codes(project) == []
    report = codes_from_tor(project, LETTER)
    codes = tree.list_codes(project)
    assert len(report.created) == len(codes) == 9
    assert codes[3].tor_item == "4"
    assert "Miller case" in codes[3].definition
    assert codes[0].definition.startswith("How effectively")
    assert codes[0].definition.endswith(".")
    assert all(len(c.name) <= 75 for c in codes)
    assert codes_from_tor(project, LETTER).created == []


def test_existing_themes_with_the_same_item_are_skipped(project: Project) -> None:
    if not LETTER.is_file():
        pytest.skip("../shared is not available")
    load_codebook_file(project, shipped_codebook())
    report = codes_from_tor(project, LETTER)
    assert report.created == []
    assert all(i.skipped for i in report.items)


def test_markdown_numbered_list_after_the_heading(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "tor.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    items = tor_items(path)
    assert items == [
        ("1", "whether officers record every search correctly;"),
        ("2", "how supervisors check the records; and"),
        ("3", "the use of body-worn video."),
    ]
    report = codes_from_tor(project, path)
    codes = tree.list_codes(project)
    assert [c.definition for c in codes] == [
        "Whether officers record every search correctly.",
        "How supervisors check the records.",
        "The use of body-worn video.",
    ]
    assert len(report.created) == 3
    assert tor_items(path, section="Method") == [("1", "interviews")]


def test_word_document_with_list_styles(project: Project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Annex A: Terms of reference", level=1)
    document.add_paragraph("We will assess:")
    document.add_paragraph("how advisory groups are chosen;", style="List Number")
    document.add_paragraph("how their advice is used; and", style="List Number")
    document.add_paragraph("the views of people left out.", style="List Bullet")
    document.add_paragraph("A closing paragraph.")
    path = tmp_path / "tor.docx"
    document.save(str(path))
    report = codes_from_tor(project, path, dry_run=True)
    assert [i.definition for i in report.items] == [
        "How advisory groups are chosen.",
        "How their advice is used.",
        "The views of people left out.",
    ]
    assert tree.list_codes(project) == []


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("tor.txt", b"No lists here at all.\nJust prose.\n", "no bulleted"),
        ("tor.pdf", b"%PDF-1.4", "not .pdf"),
        ("tor.docx", b"PK\x03\x04garbage", "not a valid .docx"),
        ("tor.txt", b"\x00\x01\x02\x03", "binary"),
        ("tor.md", b"", "empty"),
    ],
)
def test_bad_documents_are_refused(
    project: Project, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CodebookFileError, match=reason):
        codes_from_tor(project, path)
