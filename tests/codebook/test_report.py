"""The codebook report: real .docx and .pdf files opened and checked."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from qcode.codebook import tree
from qcode.codebook.loader import load_codebook_file
from qcode.codebook.report import export_codebook_report
from qcode.codebook.shipped import shipped_codebook
from qcode.errors import QcodeError
from qcode.store import Project


@pytest.fixture
def full(project: Project) -> Project:
    load_codebook_file(project, shipped_codebook())
    tree.add_code(project, "Zürich/Łódź ünïcode", definition="Ça marche <b>&amp; ok</b>")
    return project


def test_docx_report_has_every_code_and_definition(full: Project, tmp_path: Path) -> None:
    out = export_codebook_report(full, tmp_path / "codebook.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    text = "\n".join(p.text for p in document.paragraphs)
    for code in tree.list_codes(full):
        assert any(h.endswith(code.name) for h in headings), code.path
        assert code.definition in text
    assert "Ça marche <b>&amp; ok</b>" in text
    tor_table = document.tables[0]
    assert [r.cells[0].text for r in tor_table.rows][1:10] == [str(n) for n in range(1, 10)]


def test_pdf_report_has_text_bookmarks_and_page_numbers(full: Project, tmp_path: Path) -> None:
    out = export_codebook_report(full, tmp_path / "codebook.pdf")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Equality impact assessments" in text
    assert "Zürich" in text
    assert "Łódź" in text
    assert f"Page {len(reader.pages)}" in text

    def count(items: list[object]) -> int:
        return sum(count(i) if isinstance(i, list) else 1 for i in items)

    assert count(reader.outline) == len(tree.list_codes(full))


def test_empty_codebook_and_wrong_suffix_are_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match="empty"):
        export_codebook_report(project, tmp_path / "x.pdf")
    tree.add_code(project, "A")
    with pytest.raises(QcodeError, match=r"\.docx or \.pdf"):
        export_codebook_report(project, tmp_path / "x.txt")
