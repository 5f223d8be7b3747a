"""The import dialog: real files imported in the background, and a result line for each."""

from __future__ import annotations

from pathlib import Path

import docx
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from qcode.documents import get_document, list_documents, segments
from qcode.search import index_dir, search
from qcode.store import Change, Project
from qcode.ui.dialogs.import_dialog import ImportDialog, supported_extensions

TURNS = "Interviewer: How are advisory groups chosen?\nOfficer 4: Mostly by invitation, sadly.\n"


def _write_docx(path: Path, lines: list[str]) -> None:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def _dialog(qtbot: QtBot, project: Project) -> ImportDialog:
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_import_folder_with_sheet(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "fg-07.txt").write_text(TURNS, encoding="utf-8")
    _write_docx(folder / "int-03.docx", ["Interviewer: Any training?", "P1: Online only."])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "zz-copy.txt").write_text(TURNS, encoding="utf-8")  # same text again: skipped
    sheet = tmp_path / "attributes.csv"
    sheet.write_text("file,force,kind\nfg-07.txt,Force A,focus group\nint-03.docx,Force B,\n")
    seen: list[Change] = []
    project.listeners.append(seen.append)

    dialog = _dialog(qtbot, project)
    assert not dialog.import_button.isEnabled()
    dialog.add_paths([folder])
    dialog.add_paths([folder])  # no duplicate entry
    assert dialog.paths() == [folder]
    dialog.sheet.set_path(sheet)
    dialog.set_kind("interview")
    dialog.set_kind(None)  # back to "from sub-folder or sheet"
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert len(report.imported) == 2

    rows = dialog.outcome_rows()
    by_file = {name: (status, reason) for status, name, reason in rows}
    assert by_file["fg-07.txt"][0] == "imported"
    assert by_file["int-03.docx"][0] == "imported"
    assert by_file["empty.txt"][0] == "refused"
    assert by_file["empty.txt"][1]  # a reason is shown
    assert by_file["zz-copy.txt"][0] == "skipped"
    assert dialog.summary.text().startswith("2 imported, 1 skipped, 1 refused")
    assert dialog.import_button.isEnabled()

    docs = {d.name: d for d in list_documents(project)}
    assert len(docs) == 2
    fg = next(d for d in docs.values() if d.attributes.get("force") == "Force A")
    assert fg.kind == "focus_group"
    assert [s.speaker for s in segments(project, fg.uuid)] == ["Interviewer", "Officer 4"]
    # listeners of the open project hear about it once, in the GUI thread, at the end
    assert [c.action for c in seen] == ["import documents"]
    # the search index was brought up to date in the background too
    assert index_dir(project).is_dir()
    hits = search(project, "invitation")
    assert [h.document_name for h in hits.hits] == [fg.name]


def test_forced_kind_and_cancel_button_state(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Q: Hello?\nA: Hello.\n", encoding="utf-8")
    dialog = _dialog(qtbot, project)
    dialog.add_paths([one])
    dialog.set_kind("national_interview")
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start_import()
        assert dialog.task.busy
        assert dialog.task.cancel_button.isEnabled()
        assert not dialog.import_button.isEnabled()
    assert not dialog.task.cancel_button.isEnabled()
    (outcome,) = dialog.report.imported
    assert get_document(project, str(outcome.document_uuid)).kind == "national_interview"


def test_cancel_stops_between_files(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"t{i:02d}.txt").write_text(f"P1: transcript number {i}\n", encoding="utf-8")
    dialog = _dialog(qtbot, project)
    dialog.add_paths([tmp_path])
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start_import()
        dialog.task.cancel()  # before the worker reaches its first check
    assert dialog.task.cancelled
    assert "stopped before the end" in dialog.summary.text()
    assert len(dialog.report.outcomes) < 30
    assert len(list_documents(project)) == len(dialog.report.imported)


def test_bad_inputs_are_reported_in_the_dialog(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, project)
    dialog.start_import()
    assert "Add files" in dialog.message.text()
    dialog.add_paths([tmp_path / "gone.docx"])
    dialog.start_import()
    assert "not found" in dialog.message.text()
    dialog.remove_selected()  # nothing selected: nothing removed
    dialog.sources.setCurrentRow(0)
    dialog.remove_selected()
    assert dialog.paths() == []
    good = tmp_path / "x.txt"
    good.write_text("P1: hi\n", encoding="utf-8")
    dialog.add_paths([good])
    dialog.speaker_pattern.setText("(unclosed")
    dialog.start_import()
    assert dialog.message.is_error
    assert "not a valid regular expression" in dialog.message.text()
    dialog.speaker_pattern.clear()
    dialog.sheet.set_path(tmp_path / "no-sheet.csv")
    dialog.start_import()
    assert "attribute sheet not found" in dialog.message.text()
    assert not dialog.task.busy
    assert list_documents(project) == []


def test_offers_registered_extensions() -> None:
    assert ".docx" in supported_extensions()
    assert ".txt" in supported_extensions()


def test_drop_files_and_filter_results(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("P1: a transcript\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    dialog = _dialog(qtbot, project)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    pos = QPointF(dialog.sources.geometry().center())
    drop = QDropEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    dialog.dropEvent(drop)
    assert dialog.paths() == [good, bad]
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start_import()
    dialog.show_only.setCurrentIndex(dialog.show_only.findData("refused"))
    shown = [
        dialog.results.topLevelItem(i).text(1)
        for i in range(dialog.results.topLevelItemCount())
        if not dialog.results.topLevelItem(i).isHidden()
    ]
    assert shown == ["bad.txt"]
    reason = dialog.report.refused[0].message
    assert "bad.txt" in reason
    assert dialog.outcome_rows()[1] == ("refused", "bad.txt", reason)
