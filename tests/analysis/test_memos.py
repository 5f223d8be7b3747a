"""The memo index (every memo with its target, searchable) and the memo report read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from qcode.analysis.memo_index import memo_index, project_uuid
from qcode.analysis.memo_report import export_memo_report
from qcode.analysis.quotable import set_quotable
from qcode.codebook.tree import list_codes
from qcode.coding import set_coding_memo
from qcode.documents import get_document, set_document_memo
from qcode.errors import QcodeError
from qcode.export.bundle import BundleOptions, build_bundle
from qcode.memos import add_memo, delete_memo
from qcode.store import Project
from tests.analysis.inspection import build


@pytest.fixture
def memos(project: Project) -> Project:
    codings = build(project)
    doc = get_document(project, "Interview 01").uuid
    code = list_codes(project)[0]
    add_memo(project, "project", project_uuid(project), "Fieldwork ran from May to July.", "Method")
    add_memo(project, "document", doc, "The officer seemed guarded.", "Rapport")
    add_memo(project, "code", code.uuid, "Keep EIAs apart from PSED duties.", "Scope")
    add_memo(project, "coding", codings["face"], "Strongest quote on training.", "Training")
    set_coding_memo(project, codings["vetted"], "Check vetting records")
    set_document_memo(project, "National 01", "Second visit planned")
    gone = add_memo(project, "document", doc, "withdrawn", "Deleted")
    delete_memo(project, gone.uuid)
    return project


def test_index_lists_every_memo_with_its_target(memos: Project) -> None:
    entries = memo_index(memos)
    kinds = [(e.target_kind, e.title or e.text) for e in entries]
    assert kinds == [
        ("project", "Method"),
        ("document", "Rapport"),
        ("document", "Second visit planned"),
        ("code", "Scope"),
        ("coding", "Check vetting records"),
        ("coding", "Training"),
    ]
    passage = next(e for e in entries if e.title == "Training")
    assert passage.passage == "Face-to-face training"
    assert passage.target.startswith("Focus group 01 · Training: “Face-to-face")
    assert passage.document_uuid
    assert passage.end - passage.start == len(passage.passage)
    assert passage.coder_name == "Ann"


def test_index_searches_titles_texts_targets_and_passages(memos: Project) -> None:
    assert [e.title for e in memo_index(memos, "guarded")] == ["Rapport"]
    assert [e.title for e in memo_index(memos, "FACE training")] == ["Training"]
    assert [e.text for e in memo_index(memos, "vetting")] == ["Check vetting records"]
    assert [e.title for e in memo_index(memos, kind="code")] == ["Scope"]
    assert memo_index(memos, "withdrawn") == []


def test_memo_report_docx_and_pdf_read_back(memos: Project, tmp_path: Path) -> None:
    docx = export_memo_report(memos, tmp_path / "memos.docx")
    text = "\n".join(p.text for p in Docx(str(docx)).paragraphs)
    for expected in (
        "Memo report",
        "Project memos",
        "Memos on passages",
        "guarded",
        "Face-to-face training",
        "Check vetting records",
    ):
        assert expected in text
    assert "withdrawn" not in text
    pdf = export_memo_report(memos, tmp_path / "memos.pdf", search="training")
    pages = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Strongest quote on training." in " ".join(pages.split())
    assert "guarded" not in pages
    with pytest.raises(QcodeError, match=r"\.docx or \.pdf"):
        export_memo_report(memos, tmp_path / "memos.txt")


def test_memos_on_passages_go_into_bundles_when_asked(memos: Project) -> None:
    face = next(e for e in memo_index(memos) if e.title == "Training").target_uuid
    set_quotable(memos, face, True)  # a marker, never shown as a memo
    plain = build_bundle(memos, BundleOptions(codes=["Training"]))
    assert all(q.memos == () for q in plain.themes[0].quotes)
    bundle = build_bundle(memos, BundleOptions(codes=["Training"], include_memos=True))
    by_text = {q.text: q.memos for q in bundle.themes[0].quotes}
    assert by_text["Face-to-face training"] == ("Training: Strongest quote on training.",)
    assert by_text["never vetted"] == ("Check vetting records",)
