"""The ToR evidence board: counts per item, forces with and without evidence, quotable flags,
one bundle per item."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as Docx

from qcode.analysis.evidence import evidence_board, export_item_bundle, item_passages
from qcode.analysis.memo_index import memo_index
from qcode.analysis.quotable import mark_markers, quotable_codings, set_quotable
from qcode.coding import remove_coding
from qcode.errors import NotFoundError
from qcode.store import Project
from tests.analysis.inspection import build


@pytest.fixture
def inspection(project: Project) -> tuple[Project, dict[str, str]]:
    return project, build(project)


def test_board_counts_each_item(inspection: tuple[Project, dict[str, str]]) -> None:
    project, _ = inspection
    board = evidence_board(project)
    assert [i.item for i in board.items] == ["1", "3", "9"]
    assert board.groups == ["Essex", "Kent"]
    one, three, nine = board.items
    assert (one.label, one.passages, one.documents) == ("ToR 1: Equality Act", 2, 2)
    assert one.groups == {"Kent": 1}
    assert one.without == ["Essex"]
    assert (three.passages, three.documents, three.groups) == (3, 2, {"Essex": 2, "Kent": 1})
    assert three.without == []
    assert "Training/Vetting" in three.codes
    assert (nine.passages, nine.without) == (0, ["Essex", "Kent"])


def test_quotable_flag_is_a_marker_memo_and_undoes(
    inspection: tuple[Project, dict[str, str]],
) -> None:
    project, codings = inspection
    markers = set_quotable(project, codings["face"], True)
    assert len(markers) == 1
    assert set_quotable(project, codings["face"], True) == []  # already flagged
    assert quotable_codings(project) == {codings["face"]}
    assert evidence_board(project).item("3").quotable == 1
    passages = item_passages(project, "3")
    assert passages[0].coding_uuid == codings["face"]
    assert passages[0].quotable
    assert memo_index(project) == []  # a flag is not a memo to read
    mark_markers(project, markers, deleted=True)  # undo the flag
    assert quotable_codings(project) == set()
    mark_markers(project, markers, deleted=False)  # redo
    unflagged = set_quotable(project, codings["face"], False)
    assert unflagged == markers
    assert quotable_codings(project) == set()
    with pytest.raises(NotFoundError):
        set_quotable(project, "no-such-coding", True)


def test_passages_of_one_force_and_removed_codings(
    inspection: tuple[Project, dict[str, str]],
) -> None:
    project, codings = inspection
    essex = item_passages(project, "3", group="Essex")
    assert [p.text for p in essex] == ["Face-to-face training", "never vetted"]
    assert essex[0].speaker == "Officer A"
    assert essex[0].paragraph == 2
    remove_coding(project, codings["vetted"])
    assert evidence_board(project).item("3").groups == {"Essex": 1, "Kent": 1}


def test_one_click_bundle_per_item(
    inspection: tuple[Project, dict[str, str]], tmp_path: Path
) -> None:
    project, _ = inspection
    [out] = export_item_bundle(project, "3", tmp_path / "tor3.docx")
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "Face-to-face training" in text
    assert "never vetted" in text
    assert "box-ticking" not in text  # item 1's quote
    assert "Essex" in text
    assert "Kent" in text
    with pytest.raises(NotFoundError):
        export_item_bundle(project, "7", tmp_path / "tor7.docx")
