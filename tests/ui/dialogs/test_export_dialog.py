"""The export dialog: tick codes, filter, run in the background; the bundle is really written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from qcode.codebook.tree import get_code
from qcode.documents import add_document
from qcode.export.pseudonyms import set_pseudonym
from qcode.store import Project
from qcode.ui.dialogs.export_dialog import ExportDialog
from tests.ui.dialogs.conftest import code_passage


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _dialog(qtbot: QtBot, project: Project, **kwargs: object) -> ExportDialog:
    dialog = ExportDialog(project, open_result=False, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_export_docx_of_chosen_code(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    theme = get_code(coded, "Advisory groups")
    assert dialog.code_tree.checked() == [theme.uuid]
    assert dialog.output.path() == tmp_path / "test quotes.docx"
    out = tmp_path / "bundle.docx"
    dialog.output.set_path(out)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [[out]]
    assert dialog.files.count() == 1
    assert dialog.files.item(0).text() == str(out)
    assert "Exported 1 file" in dialog.message.text()
    text = _docx_text(out)
    assert "The advisory group is useful" in text
    assert "that changed how we brief the teams" in text
    assert "box-ticking exercise" not in text  # another theme, not ticked


def test_subcodes_off_and_kind_filter(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    dialog.subcodes.setChecked(False)
    assert dialog.options().include_subcodes is False
    dialog.kinds.set_checked(["focus_group"])
    options = dialog.options()
    assert options.kinds == ["focus_group"]
    assert options.coders is None  # every coder ticked means no filter


def test_where_and_grouping_reach_the_options(qtbot: QtBot, coded: Project) -> None:
    add_document(coded, "Interview 02", "Interviewer: Hello?\nP1: Hi.", attributes={"force": "D"})
    dialog = _dialog(qtbot, coded, codes=["Equality Act/Impact assessments"])
    assert [dialog.where["force"].itemText(i) for i in range(3)] == ["(any)", "C", "D"]
    dialog.set_where("force", "C")
    dialog.set_group_by("force")
    options = dialog.options()
    assert options.where == {"force": "C"}
    assert options.group_by == "force"


def test_nothing_ticked_is_refused(qtbot: QtBot, coded: Project) -> None:
    dialog = _dialog(qtbot, coded)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.is_error
    assert "Tick at least one code" in dialog.message.text()
    assert not dialog.task.busy


def test_pseudonymised_one_file_per_theme(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    code_passage(coded, "Interview 01", "stop and search data", "Equality Act/Positive action")
    set_pseudonym(coded, "advisory group", "panel")
    dialog = _dialog(qtbot, coded)
    dialog.code_tree.set_all(True)
    dialog.pseudonymise.setChecked(True)
    dialog.per_theme.setChecked(True)
    assert dialog.output.mode == "folder"
    folder = tmp_path / "themes"
    dialog.output.set_path(folder)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        dialog.start_export()
    written = blocker.args[0]
    assert len(written) == 2
    assert all(p.parent == folder and p.suffix == ".docx" for p in written)
    texts = {p.name: _docx_text(p) for p in written}
    advisory = next(t for n, t in texts.items() if "Advisory" in n)
    assert "The panel is useful" in advisory
    assert "The advisory group is useful" not in advisory


def test_a_leaking_export_asks_naming_the_names(
    qtbot: QtBot, coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Interviewer: And the panel?\nSgt Morgan: Osei chaired it well."
    add_document(coded, "Interview 02", text, kind="interview")
    code_passage(coded, "Interview 02", "Osei chaired it well.", "Advisory groups/Influence")
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    dialog.pseudonymise.setChecked(True)  # no pseudonyms at all: names are still found
    target = tmp_path / "b.docx"
    dialog.output.set_path(target)
    asked: list[list[str]] = []
    monkeypatch.setattr(dialog, "confirm_leaks", lambda names: bool(asked.append(names)))
    with qtbot.waitSignal(dialog.task.succeeded, timeout=20_000):
        dialog.start_export()
    assert len(asked) == 1
    assert asked == [["Osei"]]
    assert "Nothing was written" in dialog.message.text()
    assert not target.exists()
    monkeypatch.setattr(dialog, "confirm_leaks", lambda names: True)
    with qtbot.waitSignal(dialog.exported, timeout=40_000):
        dialog.start_export()
    assert "Osei chaired it well." in _docx_text(target)
    assert "have been replaced" not in _docx_text(target)  # nothing was replaced


def test_unwritable_target_reports_failure(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    dialog.output.set_path(tmp_path / "missing" / "out.docx")
    with qtbot.waitSignal(dialog.task.failed, timeout=20_000):
        dialog.start_export()
    assert dialog.message.is_error
    assert "does not exist" in dialog.message.text()
    assert dialog.export_button.isEnabled()


@pytest.mark.parametrize("fmt", ["csv"])
def test_format_changes_suggested_name(qtbot: QtBot, coded: Project, fmt: str) -> None:
    dialog = _dialog(qtbot, coded)
    dialog.set_format(fmt)
    out = dialog.output.path()
    assert out is not None
    assert out.suffix == f".{fmt}"


def test_filter_box_narrows_the_code_tree(qtbot: QtBot, coded: Project) -> None:
    dialog = _dialog(qtbot, coded)
    qtbot.keyClicks(dialog.code_filter, "INFLU")
    visible = [
        item.text(0)
        for uuid in (c.uuid for c in dialog.codes)
        if (item := dialog.code_tree.item_for(uuid)) is not None and not item.isHidden()
    ]
    assert visible == ["Advisory groups", "Influence"]
    dialog.code_filter.clear()
    assert all(not dialog.code_tree.item_for(c.uuid).isHidden() for c in dialog.codes)


class _Opened(QObject):
    """Stands in for the desktop: records the URLs the dialog asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_opens_the_result(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        dialog = ExportDialog(coded, codes=["Advisory groups"])
        qtbot.addWidget(dialog)
        dialog.set_format("csv")
        dialog.output.set_path(tmp_path / "quotes.csv")
        with qtbot.waitSignal(dialog.exported, timeout=20_000):
            dialog.start_export()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(tmp_path / "quotes.csv")]
    text = (tmp_path / "quotes.csv").read_text(encoding="utf-8-sig")
    assert "The advisory group is useful" in text


def test_remembers_last_choices(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    first = _dialog(qtbot, coded, codes=["Advisory groups"])
    first.set_format("csv")
    first.set_group_by("document")
    first.memos.setChecked(True)
    first.output.set_path(folder / "first.csv")
    with qtbot.waitSignal(first.exported, timeout=20_000):
        first.start_export()
    second = _dialog(qtbot, coded)
    assert second.fmt() == "csv"
    assert second.group_by.currentData() == "document"
    assert second.memos.isChecked()
    assert second.output.path() == folder / "test quotes.csv"


def test_only_selected_documents(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    add_document(coded, "Interview 02", "P1: The advisory group met twice.", attributes={})
    code_passage(coded, "Interview 02", "The advisory group met twice", "Advisory groups/Influence")
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"], documents=["Interview 02"])
    assert dialog.options().documents == ["Interview 02"]
    dialog.output.set_path(tmp_path / "one.docx")
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.start_export()
    text = _docx_text(tmp_path / "one.docx")
    assert "The advisory group met twice" in text
    assert "The advisory group is useful" not in text
    dialog.only_documents.setChecked(False)
    assert dialog.options().documents is None


def test_stop_leaves_no_file(qtbot: QtBot, coded: Project, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    out = tmp_path / "stopped.docx"
    dialog.output.set_path(out)
    with qtbot.waitSignal(dialog.task.failed, timeout=20_000):
        dialog.start_export()
        qtbot.mouseClick(dialog.task.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Export stopped; no file was written."
    assert not dialog.message.is_error
    assert not out.exists()
    assert dialog.export_button.isEnabled()


def test_coder_names_option_reaches_the_bundle(
    qtbot: QtBot, coded: Project, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, coded, codes=["Advisory groups"])
    assert dialog.options().coder_mode() == "keep"
    dialog.pseudonymise.setChecked(True)
    assert dialog.options().coder_mode() == "replace"
    dialog.coder_names.setCurrentIndex(dialog.coder_names.findData("omit"))
    assert dialog.options().coder_mode() == "omit"
    target = tmp_path / "b.docx"
    dialog.output.set_path(target)
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.start_export()
    text = _docx_text(target)
    assert "coded by" not in text
    assert "Coders are not named." in text
