"""Quote text is what was said: no turn label or timestamp in autocoded units, quotes, bundles."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text, list_codings, quotes
from qcode.documents import document_text, segments
from qcode.export.bundle import BundleOptions, build_bundle
from qcode.importers.bulk import import_paths
from qcode.search.autocode import autocode
from qcode.store import Project
from tests.importers.files import FIXED_DATE, fix_zip_times

TXT = (
    "Interviewer: How were the trainers chosen?\n"
    "Ruth (01:07:00): Nobody vetted them. We took whoever was free.\n"
    "Interviewer: And the advisory group?\n"
    "Ruth (01:09:30): They were not consulted about the trainers.\n"
)


def _docx(path: Path) -> Path:
    """Bold labels as Word transcripts have them: colon inside and after the bold run."""
    document = docx.Document()
    for label, words in (
        ("Interviewer:", " Who checked the custody records?"),
        ("DS Patel:", " We checked the custody records every week."),
        ("Interviewer", ": And the trainers?"),
        ("DS Patel", ": The trainers were never vetted."),
    ):
        p = document.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(words)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    document.save(str(path))
    return fix_zip_times(path)


@pytest.fixture
def imported(project: Project, tmp_path: Path) -> Project:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "Interview 12.txt").write_text(TXT, encoding="utf-8")
    (folder / "Interview 13.md").write_text(
        "**Interviewer:** Were the trainers vetted?\n\n**DS Patel:** Nobody vetted them.\n",
        encoding="utf-8",
    )
    _docx(folder / "Interview 14.docx")
    report = import_paths(project, [folder], kind="interview")
    assert len(report.imported) == 3, report.outcomes
    add_code(project, "Training/Vetting")
    return project


def _coded(project: Project) -> list[str]:
    out = []
    for c in list_codings(project, code="Training/Vetting"):
        out.append(document_text(project, c.document_name)[c.start : c.end])
    return sorted(out)


def test_sentence_units_do_not_start_with_the_label(imported: Project) -> None:
    autocode(imported, "vetted", "Training/Vetting", unit="sentence")
    assert _coded(imported) == [
        "Nobody vetted them.",  # md, **DS Patel:**
        "Nobody vetted them.",  # txt, Ruth (01:07:00):
        "The trainers were never vetted.",  # docx, bold "DS Patel" then ":"
        "Were the trainers vetted?",  # md, **Interviewer:**
    ]


def test_turn_units_are_the_words_of_the_turn(imported: Project) -> None:
    autocode(imported, "consulted OR custody", "Training/Vetting", unit="segment")
    assert _coded(imported) == [
        "They were not consulted about the trainers.",
        "We checked the custody records every week.",
        "Who checked the custody records?",
    ]


def test_quotes_drop_the_label_and_keep_speaker_and_time(imported: Project) -> None:
    # A coder selects the whole line of the turn, label included.
    text = document_text(imported, "Interview 12")
    seg = next(s for s in segments(imported, "Interview 12") if s.speaker == "Ruth")
    apply_code(imported, "Interview 12", "Training/Vetting", seg.start, seg.end)
    start, end = find_text(imported, "Interview 14", "DS Patel: The trainers were never")
    apply_code(imported, "Interview 14", "Training/Vetting", start, end + len(" vetted."))
    got = {(q.document_name, q.text, q.speaker, q.time) for q in quotes(imported, "Training")}
    got |= {
        (q.document_name, q.text, q.speaker, q.time) for q in quotes(imported, "Training/Vetting")
    }
    assert got == {
        ("Interview 12", "Nobody vetted them. We took whoever was free.", "Ruth", "01:07:00"),
        ("Interview 14", "The trainers were never vetted.", "DS Patel", ""),
    }
    assert text[seg.start : seg.end].startswith("Ruth (01:07:00): ")  # the text is unchanged


def test_bundle_quotes_are_the_words_and_the_attribution_has_speaker_and_time(
    imported: Project,
) -> None:
    autocode(imported, "consulted", "Training/Vetting", unit="segment")
    bundle = build_bundle(imported, BundleOptions(codes=["Training/Vetting"]))
    (quote,) = bundle.themes[0].quotes
    assert quote.text == "They were not consulted about the trainers."
    assert quote.speaker == "Ruth"
    assert "Ruth (01:09:30)" in quote.attribution()


def test_exported_files_hold_the_words_and_attribute_speaker_and_time(
    imported: Project, tmp_path: Path
) -> None:
    import csv

    from qcode.export.bundle import export_bundle

    autocode(imported, "consulted OR never", "Training/Vetting", unit="segment")
    options = BundleOptions(codes=["Training/Vetting"])
    [sheet] = export_bundle(imported, options, tmp_path / "bundle.csv", "csv")
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["Quote"]: r for r in csv.DictReader(f)}
    assert set(rows) == {
        "They were not consulted about the trainers.",
        "The trainers were never vetted.",
    }
    ruth = rows["They were not consulted about the trainers."]
    assert (ruth["Speaker"], ruth["Time"]) == ("Ruth", "01:09:30")
    assert rows["The trainers were never vetted."]["Speaker"] == "DS Patel"
    [word] = export_bundle(imported, options, tmp_path / "bundle.docx", "docx")
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    quoted = [p for p in paragraphs if "consulted" in p or "never vetted" in p]
    assert len(quoted) == 2
    assert all("Ruth" not in p and "Patel" not in p for p in quoted)
    assert any("Ruth (01:09:30)" in p for p in paragraphs)
    assert any("DS Patel" in p and "Interview 14" in p for p in paragraphs)
