"""A speaker fixed in one coder's copy is not silently lost in a merge: the document is listed
(the target's turns are kept; segments are not merged turn by turn)."""

from __future__ import annotations

from pathlib import Path

from qcode.merge import merge_projects
from qcode.speakers.turns import list_turns, reassign_turn
from qcode.store import Project

from .helpers import copies


def speakers(path: Path, document: str) -> list[str]:
    with Project.open(path, coder_name="Lead") as p:
        return [t.speaker for t in list_turns(p, document)]


def test_a_speaker_fixed_in_a_copy_is_listed_by_the_merge(tmp_path: Path) -> None:
    ann, bea = copies(tmp_path, "Ann", "Bea")
    lead = tmp_path / "lead.qcode"
    with Project.open(ann, coder_name="Ann") as p:
        second = list_turns(p, "Interview 01")[1]
        reassign_turn(p, "Interview 01", second.ordinal, "Officer 1")
    before = speakers(lead, "Interview 01")
    report = merge_projects(lead, [ann, bea])
    turns = [c for c in report.conflicts if c.kind == "speaker turns"]
    assert len(turns) == 1
    assert "'Interview 01'" in turns[0].message
    assert turns[0].message.startswith("ann.qcode: ")
    assert "the speaker turns of document 'Interview 01' differ" in report.describe()
    assert speakers(lead, "Interview 01") == before  # the target's kept, as the message says


def test_copies_with_the_same_turns_merge_without_a_word_about_them(tmp_path: Path) -> None:
    ann, bea = copies(tmp_path, "Ann", "Bea")
    report = merge_projects(tmp_path / "lead.qcode", [ann, bea])
    assert [c for c in report.conflicts if c.kind == "speaker turns"] == []
