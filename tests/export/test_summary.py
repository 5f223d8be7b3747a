"""Theme summary: counts per kind and attribute, co-occurrence, thin ToR items, three formats."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qcode.errors import QcodeError
from qcode.export.summary import export_summary, theme_summary
from qcode.store import Project


def _row(summary: object, path: str) -> object:
    return next(r for r in summary.rows if r.path == path)  # type: ignore[attr-defined]


def test_counts_by_kind_merge_overlaps_and_roll_up_subcodes(corpus: Project) -> None:
    s = theme_summary(corpus)
    assert s.columns == ["Interview", "Focus group", "National interview"]
    assert s.column_documents == {"Interview": 1, "Focus group": 2, "National interview": 1}
    eia = _row(s, "Equality Act/Impact assessments")
    assert (eia.quotes, eia.documents) == ({"Interview": 1}, {"Interview": 1})  # type: ignore[attr-defined]
    act = _row(s, "Equality Act")
    assert act.quotes == {"Interview": 1, "Focus group": 1}  # type: ignore[attr-defined]
    training = _row(s, "Training")
    assert (training.total_quotes, training.total_documents) == (4, 2)  # type: ignore[attr-defined]
    assert s.share(training, "Focus group") == 1.0  # type: ignore[arg-type]
    assert s.share(act, "Focus group") == 0.5  # type: ignore[arg-type]


def test_counts_by_an_attribute_and_pseudonymised(corpus: Project) -> None:
    s = theme_summary(corpus, by="Force")
    assert s.columns == ["Essex", "Kent", "No Force"]
    assert _row(s, "Training").quotes == {"Essex": 1, "Kent": 3}  # type: ignore[attr-defined]
    p = theme_summary(corpus, by="force", pseudonymise=True)
    assert p.columns == ["Force A", "Force C", "No force"]
    with pytest.raises(QcodeError, match="no document has an attribute 'region'"):
        theme_summary(corpus, by="region")


def test_cooccurrence_and_terms_of_reference(corpus: Project) -> None:
    s = theme_summary(corpus)
    assert [(c.code_a, c.code_b, c.segments, c.documents) for c in s.cooccurrence] == [
        ("Equality Act", "Training", 1, 1)
    ]
    assert [(t.item, t.quotes, t.documents, t.status) for t in s.tor] == [
        ("ToR 1", 2, 2, "little"),
        ("ToR 4", 0, 0, "none"),
        ("ToR 6", 2, 2, "little"),
    ]


def test_without_tor_items_top_level_themes_are_judged(sample: Project) -> None:
    s = theme_summary(sample)
    assert {t.item: t.status for t in s.tor} == {"Equality Act": "none", "Advisory groups": "none"}


def test_summary_files_read_back(corpus: Project, tmp_path: Path) -> None:
    d = docx.Document(str(export_summary(corpus, tmp_path / "s.docx")))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert "4 · 2 (100%)" in cells
    assert "Little evidence" in cells
    assert len(d.inline_shapes) == 1  # the chart
    reader = PdfReader(str(export_summary(corpus, tmp_path / "s.pdf", by="force")))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Evidence by force" in text
    assert "Non-crime hate incidents" in text
    assert "Quotes per theme, by force" in text
    assert [o.title for o in reader.outline] == [  # type: ignore[union-attr]
        "1.  Evidence by force",
        "2.  Codes that occur together",
        "3.  Terms of reference: strength of evidence",
    ]
    wb = load_workbook(export_summary(corpus, tmp_path / "s.xlsx"))
    assert wb.sheetnames == ["Counts", "Chart", "Co-occurrence", "Terms of reference"]
    counts = list(wb["Counts"].iter_rows(values_only=True))
    assert counts[0][:6] == (
        "Code",
        "Depth",
        "Terms of reference",
        "Interview: quotes",
        "Interview: documents",
        "Interview: share of documents",
    )
    assert len(wb["Chart"]._charts) == 1
    with pytest.raises(QcodeError, match=r"docx, \.pdf or \.xlsx"):
        export_summary(corpus, tmp_path / "s.csv")
