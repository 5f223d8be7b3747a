"""Bulk import into a real project: kinds, attributes, duplicates, progress, cancel, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from qcode import documents as documents_module
from qcode.documents import document_text, list_documents, segments
from qcode.errors import QcodeError
from qcode.importers.bulk import import_paths
from qcode.store import Document, Project, Segment
from tests.importers.files import write_docx

INTERVIEW = "Interviewer: What about training?\nOfficer 2: Online, mostly.\n"


def _tree(root: Path) -> Path:
    (root / "Interviews").mkdir(parents=True)
    (root / "focus groups" / "Force A").mkdir(parents=True)
    (root / "National").mkdir()
    (root / "Interviews" / "Int 2.txt").write_text(INTERVIEW, encoding="utf-8")
    (root / "Interviews" / "Int 10.txt").write_text(INTERVIEW + "More.\n", encoding="utf-8")
    write_docx(root / "focus groups" / "Force A" / "FG 1.docx")
    (root / "National" / "N 1.md").write_text("**INT:** Hello\n\n**R:** Hi\n", encoding="utf-8")
    (root / "Interviews" / ".hidden.txt").write_text("secret", encoding="utf-8")
    (root / "Interviews" / "~$Int 2.docx").write_bytes(b"lock")
    (root / "notes.xlsx").write_bytes(b"not a transcript")
    return root


def test_folder_import_kinds_from_folder_names(project: Project, tmp_path: Path) -> None:
    report = import_paths(project, [_tree(tmp_path / "corpus")])
    assert [o.path.name for o in report.imported] == [
        "FG 1.docx",
        "Int 2.txt",
        "Int 10.txt",
        "N 1.md",
    ]
    assert [o.path.name for o in report.skipped] == ["notes.xlsx"]
    assert report.refused == []
    kinds = {d.name: d.kind for d in list_documents(project)}
    assert kinds == {
        "FG 1": "focus_group",
        "Int 2": "interview",
        "Int 10": "interview",
        "N 1": "national_interview",
    }
    segs = segments(project, "Int 2")
    text = document_text(project, "Int 2")
    assert [(s.speaker, text[s.start : s.end]) for s in segs] == [
        ("Interviewer", "Interviewer: What about training?"),
        ("Officer 2", "Officer 2: Online, mostly."),
    ]


def test_kind_option_overrides_folders(project: Project, tmp_path: Path) -> None:
    import_paths(project, [_tree(tmp_path / "c")], kind="other")
    assert {d.kind for d in list_documents(project)} == {"other"}


def test_bad_kind_is_refused_before_work(project: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match="unknown source kind"):
        import_paths(project, [_tree(tmp_path / "c")], kind="podcast")
    assert list_documents(project) == []


def test_duplicates_are_skipped_in_a_batch_and_on_reimport(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(INTERVIEW.replace("\n", "\r\n"), encoding="utf-8-sig")
    first = import_paths(project, [tmp_path / "a.txt", tmp_path / "copy.txt"])
    assert len(first.imported) == 1
    assert first.skipped[0].message == "copy.txt: same text as 'a', already in the project"
    again = import_paths(project, [tmp_path / "a.txt"])
    assert again.imported == []
    assert len(again.skipped) == 1
    assert len(list_documents(project)) == 1


def test_name_clash_gets_a_unique_name(project: Project, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "Int.txt").write_text("P1: one\n", encoding="utf-8")
    (tmp_path / "y" / "Int.txt").write_text("P1: two\n", encoding="utf-8")
    report = import_paths(project, [tmp_path / "x" / "Int.txt", tmp_path / "y" / "Int.txt"])
    assert [o.document_name for o in report.imported] == ["Int", "Int (2)"]


def test_csv_attribute_sheet_with_kind_column(project: Project, tmp_path: Path) -> None:
    corpus = _tree(tmp_path / "c")
    sheet = tmp_path / "attrs.csv"
    sheet.write_text(
        "File name;Kind;Force;Rank band;Date\n"
        "Int 2.txt;national interview;Force B;Junior;2023-10-09\n"
        "FG 1;;Force A;Mixed;2023-11-30\n"
        "Missing.docx;interview;Force Z;;\n",
        encoding="utf-8-sig",
    )
    report = import_paths(project, [corpus], attributes=sheet)
    docs = {d.name: d for d in list_documents(project)}
    assert docs["Int 2"].kind == "national_interview"  # the sheet wins over the folder
    assert docs["Int 2"].attributes == {
        "Force": "Force B",
        "Rank band": "Junior",
        "Date": "2023-10-09",
    }
    assert docs["FG 1"].kind == "focus_group"
    assert docs["FG 1"].attributes == {
        "Force": "Force A",
        "Rank band": "Mixed",
        "Date": "2023-11-30",
    }
    assert docs["Int 10"].attributes == {}
    assert report.unmatched_rows == ["Missing.docx"]


def test_xlsx_attribute_sheet(project: Project, tmp_path: Path) -> None:
    from datetime import datetime

    corpus = _tree(tmp_path / "c")
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["file", "force", "date", "participants"])
    ws.append(["Int 10.txt", "Force C", datetime(2023, 10, 12), 6])
    book.save(tmp_path / "attrs.xlsx")
    import_paths(project, [corpus], attributes=tmp_path / "attrs.xlsx")
    docs = {d.name: d for d in list_documents(project)}
    assert docs["Int 10"].attributes == {
        "force": "Force C",
        "date": "2023-10-12",
        "participants": "6",
    }


def test_attribute_sheet_errors_name_the_sheet(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("file,kind\na.txt,podcast\n", encoding="utf-8")
    with pytest.raises(QcodeError, match=r"bad.csv, row 2: unknown kind 'podcast'"):
        import_paths(project, [tmp_path], attributes=bad)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 nonsense")
    with pytest.raises(QcodeError, match=r"broken\.xlsx: attribute sheet cannot be read"):
        import_paths(project, [tmp_path], attributes=broken)


def test_bad_files_are_refused_and_the_batch_goes_on(project: Project, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.docx").write_text("not a zip", encoding="utf-8")
    (tmp_path / "zzz.txt").write_text("P1: last one\n", encoding="utf-8")
    report = import_paths(project, [tmp_path])
    assert [o.path.name for o in report.imported] == ["good.txt", "zzz.txt"]
    assert sorted(o.message for o in report.refused) == [
        "empty.txt: the file is empty",
        "fake.docx: is not a Word document (not a zip package; is the file misnamed?)",
    ]


def test_a_failure_while_storing_leaves_nothing_behind(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(INTERVIEW, encoding="utf-8")

    def crash(_session: object) -> None:  # after the document and its segments are flushed
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(documents_module, "bump_change_counter", crash)
    report = import_paths(project, [tmp_path / "a.txt"])
    assert "could not be stored" in report.refused[0].message
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Segment)) == 0


def test_progress_and_cancel(project: Project, tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"P1: text {i}\n", encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    report = import_paths(project, [tmp_path], progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 4, "0.txt")
    assert calls[-1] == (4, 4, "done")
    assert len(report.imported) == 4

    other = tmp_path / "more"
    other.mkdir()
    for i in range(4):
        (other / f"m{i}.txt").write_text(f"P2: more {i}\n", encoding="utf-8")
    seen: list[int] = []
    report = import_paths(
        project, [other], progress=lambda d, t, label: seen.append(d), cancel=lambda: len(seen) >= 2
    )
    assert report.cancelled
    assert len(report.imported) == 2
    assert len(list_documents(project)) == 6


def test_speaker_pattern_applies_to_the_batch(project: Project, tmp_path: Path) -> None:
    (tmp_path / "odd.txt").write_text("#SMITH# yes\n#JONES# no\n", encoding="utf-8")
    report = import_paths(project, [tmp_path], speaker_pattern=r"#(?P<speaker>\w+)#")
    assert report.imported[0].speakers == ("JONES", "SMITH")


def test_reading_in_worker_processes_gives_the_same_result(
    project: Project, tmp_path: Path
) -> None:
    corpus = _tree(tmp_path / "c")
    (corpus / "Interviews" / "broken.docx").write_text("not a zip", encoding="utf-8")
    parallel = import_paths(project, [corpus], workers=2)
    with Project.create(tmp_path / "seq.qcode", coder_name="Ann") as other:
        serial = import_paths(other, [corpus], workers=1)
        texts = {d.name: d.sha256 for d in list_documents(other)}
    assert [(o.path, o.status, o.message.split(" (")[0]) for o in parallel.outcomes] == [
        (o.path, o.status, o.message.split(" (")[0]) for o in serial.outcomes
    ]
    assert {d.name: d.sha256 for d in list_documents(project)} == texts


def test_dry_run_reads_everything_and_stores_nothing(project: Project, tmp_path: Path) -> None:
    corpus = _tree(tmp_path / "c")
    (corpus / "Interviews" / "again.txt").write_text(INTERVIEW, encoding="utf-8")
    preview = import_paths(project, [corpus], dry_run=True)
    assert list_documents(project) == []
    assert [o.document_name for o in preview.imported] == ["FG 1", "again", "Int 10", "N 1"]
    assert preview.skipped[0].message.startswith("Int 2.txt: same text as 'again'")
    assert preview.imported[1].speakers == ("Interviewer", "Officer 2")
    assert preview.describe().startswith("4 would be imported, 2 skipped")
    real = import_paths(project, [corpus])
    assert [o.document_name for o in real.imported] == [o.document_name for o in preview.imported]
