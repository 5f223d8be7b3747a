"""Pseudonymised bundles that hold: every reported leak, in every format, read from the file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text
from qcode.documents import add_document
from qcode.errors import QcodeError
from qcode.export.bundle import BundleOptions, bundle_leaks, export_bundle
from qcode.export.leaks import LeaksError, blocking, file_texts
from qcode.export.matching import fold
from qcode.export.pseudonyms import set_pseudonym
from qcode.export.suggest import apply_suggestions, suggest
from qcode.store import Project
from qcode.text import Span

FORMATS = ["docx", "pdf", "xlsx", "csv"]
OSEI_TEXT = (
    "Interviewer: How did Force E brief you?\n"
    "Sgt Morgan: Force E sent an email. Morgan's team ignored it.\n"
    "Interviewer: Thank you."
)


def read_back(path: Path) -> str:
    """Everything the finished file shows, as the leak check reads it."""
    return "\n".join(text for _, text in file_texts(path))


def folded(path: Path) -> str:
    return fold(read_back(path)).text


def _turns(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        speaker = line.split(":", 1)[0] if ":" in line else ""
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
    return spans


def _coded(project: Project, name: str, text: str, passages: list[str], **kw: object) -> None:
    add_document(project, name, text, spans=_turns(text), kind="interview", **kw)  # type: ignore[arg-type]
    for passage in passages:
        start, end = find_text(project, name, passage)
        apply_code(project, name, "Briefings", start, end)


@pytest.fixture
def osei(project: Project) -> Project:
    """Issue 13's first case: quotes naming Force E, Sgt Morgan, interviewer B. Osei."""
    add_code(project, "Briefings")
    _coded(
        project,
        "Interview 01",
        OSEI_TEXT,
        ["Force E sent an email. Morgan's team ignored it."],
        attributes={"force": "Force E", "interviewer": "B. Osei"},
    )
    return project


def _options(**kw: object) -> BundleOptions:
    return BundleOptions(codes=["Briefings"], pseudonymise=True, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_pseudonyms_defined_stops_the_export_naming_the_leaks(
    osei: Project, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"bundle.{fmt}"
    with pytest.raises(LeaksError) as caught:
        export_bundle(osei, _options(), target, fmt)
    named = {x.term for x in caught.value.leaks}
    assert {"Force E", "Sgt Morgan", "B. Osei"} <= named
    assert "Morgan" in named  # "Morgan's team" in the quote itself
    assert str(caught.value).startswith("LEAKS:")
    assert list(folder.iterdir()) == []  # nothing left, not even a partial file
    # `qcode pseudonyms check` is the same check on the same finished file
    assert blocking(bundle_leaks(osei, _options(), fmt, target.name)) == caught.value.leaks


@pytest.mark.parametrize("fmt", FORMATS)
def test_accepted_names_go_through_and_nothing_replaced_is_claimed(
    osei: Project, tmp_path: Path, fmt: str
) -> None:
    accepted = ["Force E", "Morgan", "B. Osei"]
    [out] = export_bundle(osei, _options(accept_leaks=accepted), tmp_path / f"b.{fmt}", fmt)
    text = read_back(out)
    assert "Morgan" in text
    assert "were replaced" not in text
    assert "was replaced" not in text
    assert "have been replaced" not in text
    with pytest.raises(LeaksError) as caught:  # accepting some names is not accepting all
        export_bundle(osei, _options(accept_leaks=["Morgan"]), tmp_path / f"c.{fmt}", fmt)
    assert {x.term for x in caught.value.leaks} == {"Force E", "B. Osei"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_applied_suggestions_leave_no_name_and_the_statement_counts_them(
    osei: Project, tmp_path: Path, fmt: str
) -> None:
    items = {x.term: x.replacement for x in suggest(osei)}
    assert items["Force E"] == "Force A"
    assert items["Sgt Morgan"] == items["Morgan"] == "Sergeant 1"
    assert items["B. Osei"] == items["Osei"] == "Interviewer 1"
    apply_suggestions(osei, suggest(osei))
    [out] = export_bundle(osei, _options(), tmp_path / f"b.{fmt}", fmt)
    text = folded(out)
    for name in ("force e", "morgan", "osei", "ann"):
        assert f" {name} " not in f" {text} ".replace("\n", " ")
    assert "sergeant 1's team ignored it" in text
    assert "coder 1" in text
    if fmt != "csv":  # a CSV has no room for a statement
        assert "1 force and 2 names from the project's pseudonym list were replaced" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_term_inside_a_document_name_is_replaced(
    project: Project, tmp_path: Path, fmt: str
) -> None:
    add_code(project, "Briefings")
    _coded(project, "Hampshire_interview_01", "We were briefed.", ["We were briefed."])
    set_pseudonym(project, "Hampshire", "Force A")
    options = _options(coder_names="omit")
    [out] = export_bundle(project, options, tmp_path / f"b.{fmt}", fmt)
    text = read_back(out)
    assert "Force A_interview_01" in text
    assert "hampshire" not in text.casefold()


TYPED = [
    # (the term on the list, as the user typed it; the name as the transcript has it)
    ("Mary O'Neill", "Mary O\u2019Neill"),  # a curly apostrophe, as Word writes it
    (unicodedata.normalize("NFD", "Zoë Brontë"), "Zoë Brontë"),  # typed decomposed
    ("Smith", "Sm\u00adith"),  # a soft hyphen in the text
    ("Jean-Paul Okafor", "Jean\u2013Paul\u200b Okafor"),  # en dash, zero-width space
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_however_typed_are_replaced(project: Project, tmp_path: Path, fmt: str) -> None:
    add_code(project, "Briefings")
    written = [w for _, w in TYPED]
    text = (
        f"Interviewer: Who?\nPC One: {written[0]} and {written[1]} wrote it; {written[2]}'s "
        f"team and {written[3]} read it, then MARY\nO'NEILL again."
    )
    quote = text.split("PC One: ", 1)[1]
    _coded(project, "Interview 01", text, [quote])
    for n, (term, _) in enumerate(TYPED, start=1):
        set_pseudonym(project, term, f"Person {n}")
    [out] = export_bundle(project, _options(coder_names="omit"), tmp_path / f"b.{fmt}", fmt)
    shown = read_back(out)
    flat = " ".join(shown.split())
    assert "Person 1 and Person 2 wrote it; Person 3's team and Person 4 read it" in flat
    assert "then Person 1 again." in flat
    for word in ("Neill", "Bront", "Smith", "Sm\u00adith", "Okafor", "Mary", "Jean"):
        assert word.casefold() not in shown.casefold()


@pytest.mark.parametrize("fmt", FORMATS)
def test_coder_names_replaced_omitted_or_kept(osei: Project, tmp_path: Path, fmt: str) -> None:
    apply_suggestions(osei, [x for x in suggest(osei) if x.source != "coder"])
    seen = {}
    for mode in ("replace", "omit", "keep"):
        options = _options(coder_names=mode, accept_leaks=["Ann"])
        [out] = export_bundle(osei, options, tmp_path / f"{mode}.{fmt}", fmt)
        seen[mode] = read_back(out)
    assert "Coder 1" in seen["replace"]
    assert "Ann" not in seen["replace"].split()
    assert "Coder 1" not in seen["omit"]
    assert "Ann" not in seen["omit"]
    assert "coded by Ann" in seen["keep"] or "Ann" in seen["keep"].split("\n")
    with pytest.raises(LeaksError, match="'Ann'"):  # kept coder names are names like others
        export_bundle(osei, _options(coder_names="keep"), tmp_path / f"x.{fmt}", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_writes_nothing(osei: Project, tmp_path: Path, fmt: str) -> None:
    add_code(osei, "Unused")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(QcodeError, match="no coded passage matches this selection"):
        export_bundle(osei, BundleOptions(codes=["Unused"]), folder / f"empty.{fmt}", fmt)
    with pytest.raises(QcodeError, match="no coded passage matches this selection"):
        export_bundle(osei, BundleOptions(codes=["Briefings"], kinds=["focus_group"]), folder, fmt)
    assert list(folder.iterdir()) == []


def test_check_and_export_agree_from_the_shell(
    osei: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(osei.path)
    out = tmp_path / "b.pdf"
    assert main(["pseudonyms", "check", path, "--format", "pdf", "-o", "b.pdf"]) == 1
    checked = capsys.readouterr().out
    assert main(["export", path, "--code", "Briefings", "--pseudonyms", "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("qcode: error: LEAKS:")
    assert error.count("\n") == 1
    for name in ("Force E", "Sgt Morgan", "B. Osei"):
        assert name in checked
        assert repr(name) in error
    assert not out.exists()
    accept = ["--accept-leaks", "Force E", "Morgan", "B. Osei"]
    assert main(["pseudonyms", "check", path, "--format", "pdf", *accept]) == 0
    assert (
        main(["export", path, "--code", "Briefings", "--pseudonyms", "-o", str(out), *accept]) == 0
    )
    assert out.exists()


def test_suggest_from_the_shell_then_export(
    osei: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(osei.path)
    assert main(["pseudonyms", "suggest", path]) == 0
    listing = capsys.readouterr().out
    assert "Force A" in listing
    assert "Sergeant 1" in listing
    assert main(["pseudonyms", "suggest", path, "--apply"]) == 0
    capsys.readouterr()
    assert main(["pseudonyms", "suggest", path]) == 0
    assert "no new names found" in capsys.readouterr().out
    out = tmp_path / "b.xlsx"
    assert main(["export", path, "--code", "Briefings", "--pseudonyms", "-o", str(out)]) == 0
    assert "osei" not in folded(out)


def _wheres(path: Path, name: str) -> set[str]:
    from qcode.export.leaks import check_files

    return {x.where for x in check_files([(path, path)], [], [name]) if x.term == name}


def test_the_check_reads_every_part_of_a_word_file(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    body = d.add_paragraph("Body text by ")
    body.add_run("Mary O\u2019").bold = True
    body.add_run("Neill.")  # a name split across runs
    d.sections[0].header.paragraphs[0].text = "Header: Mary O'Neill"
    d.sections[0].footer.paragraphs[0].text = "Footer\tMary O'Neill"
    d.add_comment(body.runs[0], text="Comment naming Mary O'Neill", author="Mary O'Neill")
    d.core_properties.author = "Mary O'Neill"
    path = tmp_path / "parts.docx"
    d.save(str(path))
    assert _wheres(path, "Mary O'Neill") == {
        "Word body",
        "Word header",
        "Word footer",
        "Word comments",
        "document properties",
    }


def test_the_check_reads_pdf_text_outline_and_metadata(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "parts.pdf"
    canvas = Canvas(str(path))
    canvas.setAuthor("Zoë Brontë")
    canvas.drawString(72, 720, "Page text: Zoe Bronte")  # without the accents
    canvas.bookmarkPage("p1")
    canvas.addOutlineEntry("Outline: ZOË BRONTË", "p1")
    canvas.save()
    assert _wheres(path, "Zoë Brontë") == {"PDF page 1", "PDF outline", "PDF properties"}


def test_the_check_reads_excel_cells_sheet_names_and_charts(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Hampshire"
    ws.append(["force", "quotes"])
    ws.append(["Hampshire", 3])
    chart = BarChart()
    chart.title = "Quotes in Hampshire"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    ws.add_chart(chart, "D2")
    other = wb.create_sheet("Other")
    other["A1"] = "=1+1"
    path = tmp_path / "parts.xlsx"
    wb.save(str(path))
    assert _wheres(path, "Hampshire") == {"Excel cells", "Excel sheet names", "Excel chart"}


def test_the_check_reads_file_and_folder_names(project: Project, tmp_path: Path) -> None:
    add_code(project, "Briefings")
    _coded(project, "Interview 01", "Nothing to hide here.", ["Nothing to hide here."])
    set_pseudonym(project, "Hampshire", "Force A")
    with pytest.raises(LeaksError) as caught:
        export_bundle(project, _options(), tmp_path / "Hampshire bundle.csv", "csv")
    assert [(x.term, x.where) for x in caught.value.leaks] == [("Hampshire", "file name")]
    assert not (tmp_path / "Hampshire bundle.csv").exists()


def test_a_term_inside_a_longer_word_is_reported_but_does_not_stop(
    project: Project, tmp_path: Path
) -> None:
    add_code(project, "Briefings")
    _coded(project, "Interview 01", "The Kentish teams met.", ["The Kentish teams met."])
    set_pseudonym(project, "Kent", "Force C")
    set_pseudonym(project, "Kentish", "local")
    set_pseudonym(project, "team", "unit")
    found = bundle_leaks(project, _options(coder_names="omit"), "csv")
    assert [(x.term, x.whole_word, x.listed) for x in found] == [("team", False, True)]
    assert blocking(found) == []
    [out] = export_bundle(project, _options(coder_names="omit"), tmp_path / "b.csv", "csv")
    assert "The local teams met." in read_back(out)


def test_the_folder_of_one_file_per_theme_is_checked(project: Project, tmp_path: Path) -> None:
    add_code(project, "Briefings")
    _coded(project, "Interview 01", "Nothing to hide here.", ["Nothing to hide here."])
    set_pseudonym(project, "Hampshire", "Force A")
    options = _options(one_file_per_theme=True)
    with pytest.raises(LeaksError) as caught:
        export_bundle(project, options, tmp_path / "Hampshire themes", "pdf")
    assert {(x.term, x.where) for x in caught.value.leaks} == {("Hampshire", "folder name")}
    assert list((tmp_path / "Hampshire themes").iterdir()) == []
    [out] = export_bundle(project, options, tmp_path / "themes", "pdf")
    assert out.parent.name == "themes"
