"""Matrix query: codes × attribute values, documents, speakers and coders; cells open passages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcode.analysis.matrix import MatrixSpec, cell_quotes, matrix_query, period_of
from qcode.analysis.matrix_writers import export_matrix
from qcode.documents import document_text
from qcode.errors import QcodeError
from qcode.store import Project
from tests.analysis.matrix_corpus import build


@pytest.fixture
def corpus(project: Project) -> Project:
    return build(project)


def cells(matrix, code: str, measure: str = "passages") -> dict[str, float]:
    row = matrix.rows[matrix.row_index(code)]
    return {c.label: cell.value(measure) for c, cell in zip(matrix.columns, row.cells, strict=True)}


def test_codes_by_force_merge_overlaps_and_count_subcodes(corpus: Project) -> None:
    m = matrix_query(corpus, MatrixSpec(by="force"))
    assert [c.label for c in m.columns] == ["Force A", "Force B"]
    assert [c.documents for c in m.columns] == [2, 1]
    # the two overlapping codings in Interview A are one passage
    assert cells(m, "Training/External trainers") == {"Force A": 1, "Force B": 1}
    # the theme counts its sub-codes: External (A, B) and Force-made (C, force A)
    assert cells(m, "Training") == {"Force A": 2, "Force B": 1}
    assert cells(m, "Training", "documents") == {"Force A": 2, "Force B": 1}
    assert cells(m, "Training", "share") == {"Force A": 1.0, "Force B": 1.0}
    assert cells(m, "Advisory groups", "share") == {"Force A": 0.5, "Force B": 1.0}
    assert cells(m, "Training/External trainers", "words") == {"Force A": 8, "Force B": 6}
    row = m.rows[m.row_index("Training")]
    assert (row.total.passages, row.total.documents) == (3, 3)


def test_without_subcodes_a_theme_counts_only_its_own_codings(corpus: Project) -> None:
    m = matrix_query(corpus, MatrixSpec(by="force", include_subcodes=False))
    assert cells(m, "Training") == {"Force A": 0, "Force B": 0}
    themes = matrix_query(corpus, MatrixSpec(by="force", top_level=True))
    assert [r.path for r in themes.rows] == ["Training", "Advisory groups", "Recording"]


def test_columns_by_kind_document_speaker_coder_and_period(corpus: Project) -> None:
    by_kind = matrix_query(corpus, MatrixSpec(by="kind"))
    assert [c.label for c in by_kind.columns] == ["Interview", "Focus group"]
    by_doc = matrix_query(corpus, MatrixSpec(by="document"))
    assert [c.label for c in by_doc.columns] == ["Focus group B", "Interview A", "Interview C"]
    by_speaker = matrix_query(corpus, MatrixSpec(by="speaker"))
    assert [c.label for c in by_speaker.columns] == [
        "Chief",
        "Facilitator",
        "Interviewer",
        "Officer 1",
        "P1",
        "P2",
    ]
    # Ann's and Ben's codings in Officer 1's turn do not overlap: two passages
    assert cells(by_speaker, "Advisory groups")["Officer 1"] == 2
    assert cells(by_speaker, "Advisory groups")["P2"] == 1
    assert cells(by_speaker, "Recording")["P1"] == 1
    by_coder = matrix_query(corpus, MatrixSpec(by="coder"))
    assert cells(by_coder, "Advisory groups") == {"Ann": 2, "Ben": 1}
    by_month = matrix_query(corpus, MatrixSpec(by="date", period="month"))
    assert [c.label for c in by_month.columns] == ["2023-11", "2023-12", "2024-01"]
    assert period_of("2023-11-27", "quarter") == "2023 Q4"
    assert period_of("undated", "year") == "undated"


def test_attribute_filter_keeps_only_matching_documents(corpus: Project) -> None:
    m = matrix_query(corpus, MatrixSpec(by="force", where=(("kind", "interview"),)))
    assert m.total_documents == 2
    assert [c.label for c in m.columns] == ["Force A"]
    with pytest.raises(QcodeError, match="no document has an attribute 'rank'"):
        matrix_query(corpus, MatrixSpec(by="force", where=(("rank", "x"),)))
    with pytest.raises(QcodeError, match="columns can be"):
        matrix_query(corpus, MatrixSpec(by="nothing"))


def test_a_cell_opens_exactly_its_passages(corpus: Project) -> None:
    spec = MatrixSpec(by="force")
    found = cell_quotes(corpus, spec, "Training", "Force A")
    assert sorted(q.document_name for q in found) == ["Interview A", "Interview A", "Interview C"]
    for q in found:
        assert document_text(corpus, q.document_uuid)[q.start : q.end] == q.text
    assert cell_quotes(corpus, spec, "Recording", "Force A") == []
    assert len(cell_quotes(corpus, spec, "Training", None)) == 4  # the row total
    with pytest.raises(QcodeError, match="no column 'Force Z'"):
        cell_quotes(corpus, spec, "Training", "Force Z")


def test_xlsx_holds_every_measure_as_numbers(corpus: Project, tmp_path: Path) -> None:
    out = export_matrix(corpus, MatrixSpec(by="force"), tmp_path / "matrix.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Passages", "Documents", "Words", "Share of documents", "About"]
    ws = wb["Passages"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["Code", "Force A", "Force B", "All documents"]
    assert ["Training", 2, 1, 3] in rows
    share = [[c.value for c in r] for r in wb["Share of documents"].iter_rows()]
    assert ["Advisory groups", 0.5, 1.0, 2 / 3] in share


def test_framework_table_has_one_short_quote_per_cell(corpus: Project, tmp_path: Path) -> None:
    from docx import Document as Docx

    out = export_matrix(corpus, MatrixSpec(by="force"), tmp_path / "framework.docx")
    table = Docx(str(out)).tables[0]
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0] == ["Code", "Force A", "Force B"]
    training = next(r for r in texts if r[0] == "Training")
    assert training[1].startswith("“The trainers were external and nobody vetted them.”")
    assert "(+1 more)" in training[1]
    recording = next(r for r in texts if r[0] == "Recording")
    assert recording[1] == "–"
    pdf = export_matrix(corpus, MatrixSpec(by="force"), tmp_path / "framework.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_framework_uses_the_quote_the_user_chose(corpus: Project, tmp_path: Path) -> None:
    from docx import Document as Docx

    spec = MatrixSpec(by="force")
    m = matrix_query(corpus, spec)
    other = next(
        q
        for q in cell_quotes(corpus, spec, "Training", "Force A")
        if q.document_name == "Interview C"
    )
    key = (m.rows[m.row_index("Training")].code_uuid, "Force A")
    out = export_matrix(corpus, spec, tmp_path / "chosen.docx", chosen={key: other.coding_uuid})
    texts = [[c.text for c in row.cells] for row in Docx(str(out)).tables[0].rows]
    training = next(r for r in texts if r[0] == "Training")
    assert training[1].startswith("“The training was made in house.”")


def test_export_refuses_an_unknown_format(corpus: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match=r"a matrix is written as \.xlsx, \.docx or \.pdf"):
        export_matrix(corpus, MatrixSpec(), tmp_path / "m.csv")
    assert not (tmp_path / "m.csv").exists()
