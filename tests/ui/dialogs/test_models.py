"""Every Qt model the dialogs use passes pytest-qt's model tester."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester

from qcode.codebook.tree import list_codes
from qcode.store import Project
from qcode.ui.dialogs.common import CheckList, CodeChecklist
from qcode.ui.dialogs.tables import RecordTableModel, display, humanise


@dataclass
class Stat:
    code_path: str
    units: int
    kappa: float | None


def test_record_table_model(qtmodeltester: ModelTester) -> None:
    model = RecordTableModel([Stat("A/B", 10, 0.5), Stat("C", 3, None)])
    qtmodeltester.check(model)
    assert model.headers() == ["Code path", "Units", "Kappa"]
    assert model.rows() == [["A/B", "10", "0.500"], ["C", "3", ""]]
    model.set_records([Stat("D", 1, float("nan"))])
    qtmodeltester.check(model)
    assert model.rows() == [["D", "1", "–"]]
    model.set_records([], [("Only", lambda r: r)])
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.headers() == ["Only"]


def test_dict_records_and_display() -> None:
    model = RecordTableModel([{"entity": "code", "added": 2}])
    assert model.headers() == ["Entity", "Added"]
    assert model.rows() == [["code", "2"]]
    assert display(True) == "yes"
    assert display(["a", "b"]) == "a, b"
    assert humanise("not_coded_by") == "Not coded by"


@pytest.fixture
def keep() -> Iterator[list[QWidget]]:
    """Holds widgets until after the model tester is gone (it must not outlive their models)."""
    widgets: list[QWidget] = []
    yield widgets
    for w in widgets:
        w.deleteLater()


def test_code_checklist(keep: list[QWidget], qtmodeltester: ModelTester, sample: Project) -> None:
    codes = list_codes(sample)
    tree = CodeChecklist()
    keep.append(tree)
    tree.set_codes(codes, checked=["Equality Act/Positive action"])
    qtmodeltester.check(tree.model())
    positive = next(c for c in codes if c.path == "Equality Act/Positive action")
    assert tree.checked() == [positive.uuid]
    tree.set_all(True)
    assert tree.checked() == [c.uuid for c in codes]
    eia = tree.item_for(next(c.uuid for c in codes if c.name == "Impact assessments"))
    assert eia is not None
    assert eia.toolTip(0) == "EIAs and their use"


def test_checklist(keep: list[QWidget], qtmodeltester: ModelTester) -> None:
    kinds = CheckList()
    keep.append(kinds)
    kinds.set_entries([("a", "A"), ("b", "B")], checked=["b"])
    qtmodeltester.check(kinds.model())
    assert kinds.checked() == ["b"]
    kinds.set_checked(["a", "b"])
    assert kinds.checked() == ["a", "b"]
