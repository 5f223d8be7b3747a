"""`qcode clone` hands out working copies; `qcode merge` brings them back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.cli import main
from qcode.clone import clone_project
from qcode.coding import list_codings
from qcode.errors import ProjectFileError
from qcode.merge import merge_projects
from qcode.store import Coder, Project

from .helpers import content, make_lead
from .test_rules import code_passage


def test_clone_keeps_uuids_and_adds_the_coder(tmp_path: Path) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    code_passage(lead, "Lead", "Training", "Pride events")
    copy = clone_project(lead, tmp_path / "ann", "Ann")
    assert copy == tmp_path / "ann.qcode"
    before, after = content(lead), content(copy)
    for entity in ("document", "code", "coding", "attribute", "segment"):
        assert after[entity] == before[entity]
    with Project.open(copy, coder_name="Ann") as p, p.read() as s:
        assert "Ann" in set(s.scalars(select(Coder.name)))
    # Nothing of the lead's is lost or duplicated on the way back.
    report = merge_projects(lead, [copy])
    assert report.counts["code"].total == 0
    assert report.counts["coding"].total == 0
    with pytest.raises(ProjectFileError, match="already exists"):
        clone_project(lead, copy, "Ann")


def test_blind_clone_leaves_other_codings_out_and_merging_back_keeps_them(
    tmp_path: Path,
) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    code_passage(lead, "Lead", "Training", "Pride events")
    copy = clone_project(lead, tmp_path / "ann.qcode", "Ann", blind=True)
    with Project.open(copy, coder_name="Ann") as p:
        assert list_codings(p) == []
    code_passage(copy, "Ann", "Training", "networks campaign")
    merge_projects(lead, [copy])
    with Project.open(lead, coder_name="Lead") as p:
        assert sorted(c.coder_name for c in list_codings(p)) == ["Ann", "Lead"]


def test_merge_and_clone_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    assert main(["clone", str(lead), str(tmp_path / "bob.qcode"), "--coder", "Bob"]) == 0
    assert "created" in capsys.readouterr().out
    bob = tmp_path / "bob.qcode"
    code_passage(bob, "Bob", "Training", "Pride events")
    assert main(["merge", str(lead), str(bob), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would merge bob.qcode into lead.qcode" in out
    assert "codings     1 added" in out
    assert main(["merge", str(lead), str(bob), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["coding"]["added"] == 1
    assert Path(data["backup"]).exists()
    assert main(["merge", str(lead), str(tmp_path / "nope.qcode")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: error:")
    assert "nope.qcode" in err
    assert "Traceback" not in err
