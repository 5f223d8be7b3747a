"""Every bundle format written, opened again and read: headings, quotes, attributions, names."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qcode.errors import QcodeError
from qcode.export import ExportCancelled
from qcode.export.bundle import BundleOptions, bundle_leaks, export_bundle
from qcode.export.pseudonyms import set_pseudonym
from qcode.store import Project

THEMES = ["Equality Act", "Training", "Advisory groups"]
NAMES = ["Zoë Ødegård", "Siobhán Ní Bhriain", "Дмитрий Αλέξανδρος"]


def _options(**kw: object) -> BundleOptions:
    base: dict[str, object] = {"codes": THEMES, "include_memos": True, "context": True}
    base.update(kw)
    return BundleOptions(**base)  # type: ignore[arg-type]


def _docx_text(path: Path) -> tuple[docx.document.Document, str]:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return d, "\n".join(parts)


def _pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _outline(reader: PdfReader) -> list[object]:
    def walk(items: list[object]) -> list[object]:
        return [walk(i) if isinstance(i, list) else i.title for i in items]  # type: ignore[attr-defined]

    return walk(reader.outline)


def test_docx_has_title_contents_themes_quotes_and_attributions(
    corpus: Project, tmp_path: Path
) -> None:
    [out] = export_bundle(corpus, _options(), tmp_path / "bundle.docx", "docx")
    d, text = _docx_text(out)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", "1.  Equality Act", "2.  Training", "3.  Advisory groups"]
    subheads = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert subheads[0] == "Interview  (1 quote from 1 document)"
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote Text"]
    assert (
        "Honestly they are a box-ticking exercise. Nobody in Kent reads them after sign-off."
        in quotes
    )
    attributions = [p.text for p in d.paragraphs if p.style.name == "Attribution"]
    assert attributions[0] == (
        "— Kent Interview 01 · Interview · Superintendent Zoë Ødegård · force: Kent · "
        "role: Superintendent · para 2 · coded by Ann, Bea · sub-code: Impact assessments"
    )
    assert len(quotes) == len(attributions) == 8
    memos = [p.text for p in d.paragraphs if p.style.name == "Coding Memo"]
    assert memos == ["Memo: Strong view from Kent; compare Essex."]
    assert "Compliance with the Equality Act 2010." in text
    for name in NAMES:
        assert name in text
    xml = d.element.xml
    anchors = re.findall(r'w:anchor="([^"]+)"', xml)
    assert anchors == ["theme_1", "theme_2", "theme_3"]
    assert all(f'w:name="{a}"' in xml for a in anchors)
    footer = d.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer


def test_pdf_has_outline_page_numbers_and_every_character(corpus: Project, tmp_path: Path) -> None:
    [out] = export_bundle(corpus, _options(), tmp_path / "bundle.pdf", "pdf")
    reader, text = _pdf_text(out)
    assert _outline(reader) == [
        "1.  Equality Act",
        ["Interview", "Focus group"],
        "2.  Training",
        ["Focus group"],
        "3.  Advisory groups",
        ["Interview", "National interview"],
    ]
    flat = " ".join(text.split())
    assert "Nobody in Kent reads them after sign-off." in flat
    assert "Kent Interview 01 · Interview · Superintendent Zoë Ødegård" in flat
    assert "Memo: Strong view from Kent; compare Essex." in flat
    for name in NAMES:
        assert name in flat
    pages = len(reader.pages)
    assert f"Page 2 of {pages}" in flat
    assert f"Page {pages} of {pages}" in flat
    assert "Contents" in reader.pages[1].extract_text()


def test_xlsx_one_row_per_quote_with_filters_and_frozen_header(
    corpus: Project, tmp_path: Path
) -> None:
    [out] = export_bundle(corpus, _options(), tmp_path / "bundle.xlsx", "xlsx")
    wb = load_workbook(out)
    ws = wb["Quotes"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:9] == [
        "Theme",
        "Group",
        "Document",
        "Source kind",
        "Speaker",
        "Time",
        "Paragraph",
        "Last paragraph",
        "Quote",
    ]
    assert header[-2:] == ["force", "role"]
    assert len(rows) == 9
    first = dict(zip(header, rows[1], strict=True))
    assert first["Theme"] == "Equality Act"
    assert first["Speaker"] == "Superintendent Zoë Ødegård"
    assert first["Coders"] == "Ann, Bea"
    assert first["Memo"] == "Strong view from Kent; compare Essex."
    assert first["force"] == "Kent"
    assert first["Paragraph"] == 2
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:R9"
    assert any("Дмитрий Αλέξανδρος" in str(r[4]) for r in rows)
    assert [r[0] for r in wb["Themes"].iter_rows(min_row=2, values_only=True)] == THEMES


def test_csv_is_utf8_and_spreadsheet_safe(corpus: Project, tmp_path: Path) -> None:
    from qcode.coding import apply_code
    from qcode.documents import add_document

    add_document(corpus, "Formula", "=SUM(A1:A9) is not a formula here", kind="other")
    apply_code(corpus, "Formula", "Training", 0, 11)
    [out] = export_bundle(corpus, _options(), tmp_path / "bundle.csv", "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 9
    assert {r["Speaker"] for r in rows} >= {"PC Siobhán Ní Bhriain", "PC Дмитрий Αλέξανδρος"}
    assert [r["Quote"] for r in rows if r["Document"] == "Formula"] == ["'=SUM(A1:A9)"]
    [xlsx] = export_bundle(corpus, _options(), tmp_path / "bundle.xlsx", "xlsx")
    cells = [c for row in load_workbook(xlsx)["Quotes"].iter_rows() for c in row]
    [cell] = [c for c in cells if c.value == "=SUM(A1:A9)"]
    assert cell.data_type == "s"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "csv"])
def test_pseudonymised_exports_contain_no_replaced_term(
    corpus: Project, tmp_path: Path, fmt: str
) -> None:
    set_pseudonym(corpus, "Kentish", "local")
    kept = ["Siobhán Ní Bhriain", "Дмитрий Αλέξανδρος"]  # names the user chose to keep
    assert {x.term for x in bundle_leaks(corpus, _options(), fmt)} == {
        "PC Siobhán Ní Bhriain",
        "PC Дмитрий Αλέξανδρος",
    }
    options = _options(pseudonymise=True, accept_leaks=kept)
    [out] = export_bundle(corpus, options, tmp_path / f"b.{fmt}", fmt)
    if fmt == "docx":
        text = _docx_text(out)[1]
    elif fmt == "pdf":
        text = " ".join(_pdf_text(out)[1].split())
    elif fmt == "xlsx":
        wb = load_workbook(out)
        text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row)
    else:
        text = out.read_text(encoding="utf-8-sig")
    for term in ("Kent", "Essex", "Zoë Ødegård", "Ødegård"):
        assert term.casefold() not in text.casefold()
    assert "Force C" in text
    assert "a superintendent" in text
    assert "Siobhán Ní Bhriain" in text  # names not in the table stay


def test_one_file_per_theme(corpus: Project, tmp_path: Path) -> None:
    files = export_bundle(corpus, _options(one_file_per_theme=True), tmp_path / "themes", "docx")
    assert [f.name for f in files] == [
        "01 Equality Act.docx",
        "02 Training.docx",
        "03 Advisory groups.docx",
    ]
    d, _ = _docx_text(files[1])
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == ["1.  Training"]
    pdfs = export_bundle(corpus, _options(one_file_per_theme=True), tmp_path / "themes", "pdf")
    assert _outline(PdfReader(str(pdfs[2]))) == [
        "1.  Advisory groups",
        ["Interview", "National interview"],
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "csv"])
def test_progress_reaches_the_end_and_cancel_leaves_nothing(
    corpus: Project, tmp_path: Path, fmt: str
) -> None:
    seen: list[tuple[int, int]] = []
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    export_bundle(
        corpus,
        _options(),
        tmp_path / f"ok.{fmt}",
        fmt,
        progress=lambda d, t, _label: seen.append((d, t)),
    )
    assert seen[-1][0] == seen[-1][1]
    assert len(seen) > 5
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    target = tmp_path / f"cancelled.{fmt}"
    target.write_bytes(b"the previous export")
    calls = iter(range(100))
    with pytest.raises(ExportCancelled):
        export_bundle(corpus, _options(), target, fmt, cancel=lambda: next(calls) >= 4)
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"cancelled.{fmt}", f"ok.{fmt}"]


def test_bad_targets_are_refused(corpus: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match="does not exist"):
        export_bundle(corpus, _options(), tmp_path / "missing" / "b.docx")
    with pytest.raises(QcodeError, match=r"does not end in \.pdf"):
        export_bundle(corpus, _options(), tmp_path / "b.docx", "pdf")
    with pytest.raises(QcodeError, match="unknown export format"):
        export_bundle(corpus, _options(), tmp_path / "b.odt", "odt")
    assert export_bundle(corpus, _options(), tmp_path / "b", "csv") == [tmp_path / "b.csv"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(QcodeError, match="not a folder"):
        export_bundle(corpus, _options(one_file_per_theme=True), tmp_path / "file")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "csv"])
def test_markup_and_control_characters_are_text(project: Project, tmp_path: Path, fmt: str) -> None:
    from qcode.codebook.tree import add_code
    from qcode.coding import apply_code
    from qcode.documents import add_document

    text = "He said <b>never</b> & left\x0b at once: 東京 → Łódź."
    add_document(project, "Odd", text, kind="interview")
    add_code(project, "Odd <theme> & more", definition="Defined with <i>tags</i> & ampersands")
    apply_code(project, "Odd", "Odd <theme> & more", 0, len(text))
    [out] = export_bundle(
        project, BundleOptions(codes=["Odd <theme> & more"]), tmp_path / f"odd.{fmt}", fmt
    )
    if fmt == "docx":
        body = _docx_text(out)[1]
    elif fmt == "pdf":
        body = _pdf_text(out)[1]
    elif fmt == "xlsx":
        body = " ".join(
            str(v)
            for ws in load_workbook(out)
            for row in ws.iter_rows(values_only=True)
            for v in row
        )
    else:
        body = out.read_text(encoding="utf-8-sig")
    assert "<b>never</b> & left" in body
    assert "Odd <theme> & more" in body
    assert "Łódź" in body
    if fmt != "pdf":  # DejaVu Sans has no CJK glyphs; the PDF shows boxes for them
        assert "東京" in body


def test_pdf_fonts_ship_with_qcode_under_their_licence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcode.export.fonts import FILES, font_dir

    shipped = Path(__file__).resolve().parents[2] / "qcode" / "data" / "fonts"
    assert font_dir() == shipped
    assert (shipped / "LICENSE-DejaVu.txt").read_text().count("Bitstream") > 3
    assert all((shipped / f).stat().st_size > 100_000 for f in FILES.values())
    monkeypatch.setenv("QCODE_FONTS_DIR", str(tmp_path))
    assert font_dir() == shipped  # an empty override folder is passed over
