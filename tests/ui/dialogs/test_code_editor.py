"""The code editor: filled in as a user would, it returns the values and writes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from qcode.codebook.tree import get_code, list_codes, update_code
from qcode.palette import PALETTE
from qcode.store import Project
from qcode.ui.dialogs.code_editor import CodeEditorDialog


def test_new_code_values(qtbot: QtBot, sample: Project) -> None:
    parent = get_code(sample, "Advisory groups")
    dialog = CodeEditorDialog(sample)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "New code"
    qtbot.keyClicks(dialog.name, "  Box   ticking ")
    dialog.set_parent(parent.uuid)
    qtbot.mouseClick(dialog.colour.swatches[4], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.texts["definition"], "Consultation done for show")
    qtbot.keyClicks(dialog.texts["exclusion"], "Real influence")
    qtbot.keyClicks(dialog.tor_item, "5")
    before = list_codes(sample)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    values = dialog.values()
    assert values["name"] == "Box ticking"
    assert values["parent_uuid"] == parent.uuid
    assert values["path"] == "Advisory groups/Box ticking"
    assert values["colour"] == PALETTE[4]
    assert values["definition"] == "Consultation done for show"
    assert values["exclusion"] == "Real influence"
    assert values["inclusion"] == ""
    assert values["tor_item"] == "5"
    assert values["codable"] is True
    assert list_codes(sample) == before  # the dialog never writes


def test_edit_existing_code(qtbot: QtBot, sample: Project) -> None:
    code = get_code(sample, "Equality Act/Impact assessments")
    update_code(sample, code.uuid, inclusion="EIAs", tor_item="1")
    dialog = CodeEditorDialog(sample, code.uuid)
    qtbot.addWidget(dialog)
    assert "Equality Act/Impact assessments" in dialog.windowTitle()
    assert dialog.name.text() == "Impact assessments"
    assert dialog.texts["definition"].toPlainText() == "EIAs and their use"
    assert dialog.tor_item.text() == "1"
    assert dialog.parent_uuid() == code.parent_uuid
    # a code cannot become its own parent
    parents = [dialog.parent_box.itemData(i) for i in range(dialog.parent_box.count())]
    assert code.uuid not in parents
    dialog.texts["definition"].setPlainText("Equality impact assessments")
    dialog.accept()
    assert dialog.changed_fields() == {"definition": "Equality impact assessments"}


def test_refuses_empty_clashing_and_slashed_names(qtbot: QtBot, sample: Project) -> None:
    dialog = CodeEditorDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.is_error
    assert "needs a name" in dialog.message.text()
    dialog.name.setText("equality act")
    dialog.accept()
    assert "already exists" in dialog.message.text()
    dialog.name.setText("A/B")
    dialog.accept()
    assert "cannot contain" in dialog.message.text()
    dialog.name.setText("Training")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_other_colour_is_normalised(qtbot: QtBot, sample: Project) -> None:
    dialog = CodeEditorDialog(sample)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.colour.changed) as blocker:
        dialog.colour.set_colour("#abc")
    assert blocker.args == ["#AABBCC"]
    assert not any(b.isChecked() for b in dialog.colour.swatches)
    assert dialog.values()["colour"] == "#AABBCC"
