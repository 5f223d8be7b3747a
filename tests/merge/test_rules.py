"""The merge rules one by one, on real project files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.agreement import agreement
from qcode.clone import clone_project
from qcode.codebook.tree import add_code, get_code, list_codes, move_code, rename_code, update_code
from qcode.coding import (
    apply_code,
    find_text,
    list_codings,
    remove_coding,
    set_coding_memo,
)
from qcode.documents import (
    add_document,
    document_text,
    get_document,
    list_documents,
    segments,
    set_attributes,
)
from qcode.errors import ProjectFileError, QcodeError
from qcode.merge import merge_projects
from qcode.merging import apply as merge_apply
from qcode.store import Coder, Project

from .helpers import TEXT_1, TEXT_2, content, copies


def code_passage(path: Path, coder: str, code: str, passage: str, doc: str = "Interview 01") -> str:
    with Project.open(path, coder_name=coder) as p:
        start, end = find_text(p, doc, passage)
        return apply_code(p, doc, code, start, end).uuid


def codings(path: Path) -> list[tuple[str, str, str]]:
    with Project.open(path, coder_name="Lead") as p:
        return sorted((c.code_path, c.coder_name, c.document_name) for c in list_codings(p))


def paths(path: Path) -> list[str]:
    with Project.open(path, coder_name="Lead") as p:
        return [c.path for c in list_codes(p)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clones_merge_by_uuid_and_sources_are_not_written(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    code_passage(ann, "Ann", "Impartiality/Activism", "networks campaign")
    code_passage(bob, "Bob", "Impartiality/Events", "Pride events")
    before = digest(bob)
    seen: list[tuple[int, int, str]] = []
    report = merge_projects(ann, [bob], progress=lambda *a: seen.append(a))
    assert digest(bob) == before
    assert seen[0] == (0, 2, "reading bob.qcode")
    assert seen[-1][0] == seen[-1][1]  # ends complete
    assert report.counts["coding"].added == 1
    assert report.counts["document"].added == 0  # same documents, matched by UUID
    assert codings(ann) == [
        ("Impartiality/Activism", "Ann", "Interview 01"),
        ("Impartiality/Events", "Bob", "Interview 01"),
    ]


def test_documents_match_by_text_when_uuids_differ(tmp_path: Path) -> None:
    a, b = tmp_path / "a.qcode", tmp_path / "b.qcode"
    for path, coder, name in ((a, "Ann", "Interview 01"), (b, "Bob", "Int one")):
        with Project.create(path, coder_name=coder) as p:
            add_document(p, name, TEXT_1, kind="interview")
            add_code(p, "Impartiality/Activism")
    code_passage(a, "Ann", "Impartiality/Activism", "networks campaign")
    code_passage(b, "Bob", "Impartiality/Activism", "Pride events", doc="Int one")
    merge_projects(a, [b])
    with Project.open(a, coder_name="Lead") as p:
        docs = list_documents(p)
        assert len(docs) == 1  # one transcript, not two
        assert len(list_codes(p)) == 2  # codes of the same path folded too
        placed = list_codings(p)
        assert {c.coder_name for c in placed} == {"Ann", "Bob"}
        assert {c.document_uuid for c in placed} == {docs[0].uuid}
        assert {c.code_path for c in placed} == {"Impartiality/Activism"}
    merge_projects(b, [a])  # the other way round gives the same content
    assert content(a) == content(b)


def test_same_name_different_text_is_a_conflict_and_codings_are_not_placed(
    tmp_path: Path,
) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(bob, coder_name="Bob") as p:
        add_document(p, "Interview 02", TEXT_2 + "\nBob's version.", kind="interview")
        start, end = find_text(p, "Interview 02", "training was useful")
        apply_code(p, "Interview 02", "Training", start, end)
    with Project.open(ann, coder_name="Ann") as p:
        add_document(p, "Interview 02", TEXT_2 + "\nAnn's version.", kind="interview")
    report = merge_projects(ann, [bob])
    assert [c.kind for c in report.conflicts] == ["document name"]
    assert "Interview 02" in report.conflicts[0].message
    assert [(u.document_name, u.code_path, u.coder_name, u.text) for u in report.unplaced] == [
        ("Interview 02", "Training", "Bob", "training was useful")
    ]
    assert "not placed" in report.describe()
    with Project.open(ann, coder_name="Ann") as p:
        assert document_text(p, "Interview 02").endswith("Ann's version.")  # target's stays
        assert len(list_documents(p)) == 3
    assert codings(ann) == []


def test_two_coders_new_code_of_the_same_path_end_as_one(tmp_path: Path) -> None:
    ann, bob, cid = copies(tmp_path, "Ann", "Bob", "Cid")
    for path, coder, passage in ((ann, "Ann", "Pride events"), (bob, "Bob", "networks")):
        with Project.open(path, coder_name=coder) as p:
            add_code(p, "Impartiality/New idea")
            add_code(p, "Brand new/Sub")
        code_passage(path, coder, "Impartiality/New idea", passage)
        code_passage(path, coder, "Brand new/Sub", passage)
    merge_projects(ann, [bob])
    assert paths(ann).count("Impartiality/New idea") == 1
    assert paths(ann).count("Brand new/Sub") == 1
    assert not any("(2)" in p for p in paths(ann))
    assert codings(ann) == [
        ("Brand new/Sub", "Ann", "Interview 01"),
        ("Brand new/Sub", "Bob", "Interview 01"),
        ("Impartiality/New idea", "Ann", "Interview 01"),
        ("Impartiality/New idea", "Bob", "Interview 01"),
    ]
    # Bob keeps working with his copy of the code, renames it, and sends his file again:
    # the lead's project remembers that Bob's code is the merged one.
    with Project.open(bob, coder_name="Bob") as p:
        rename_code(p, "Impartiality/New idea", "Newer idea")
    code_passage(bob, "Bob", "Impartiality/Newer idea", "hardest call")
    merge_projects(ann, [bob, cid])
    assert "Impartiality/Newer idea" in paths(ann)
    assert "Impartiality/New idea" not in paths(ann)
    assert len([c for c in codings(ann) if c[0] == "Impartiality/Newer idea"]) == 3


def test_rename_or_move_in_one_file_takes_the_change(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(ann, coder_name="Ann") as p:
        rename_code(p, "Training", "Training and learning")
        move_code(p, "Impartiality/Events", None)
    report = merge_projects(bob, [ann])
    assert report.conflicts == []
    assert paths(bob) == paths(ann)
    assert "Training and learning" in paths(bob)
    assert "Events" in paths(bob)
    merge_projects(ann, [bob])  # the untouched copy changes nothing back
    assert "Training and learning" in paths(ann)


def test_changed_in_both_later_wins_and_is_listed(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(ann, coder_name="Ann") as p:
        rename_code(p, "Training", "Training (Ann)")
    with Project.open(bob, coder_name="Bob") as p:
        rename_code(p, "Training", "Training (Bob)")
    report = merge_projects(ann, [bob])
    assert "Training (Bob)" in paths(ann)
    assert "Training (Ann)" not in paths(ann)
    [conflict] = [c for c in report.conflicts if c.kind == "code changed in both"]
    assert "Training (Bob)" in conflict.message
    merge_projects(bob, [ann])
    assert paths(ann) == paths(bob)


def test_removed_coding_is_removed_and_later_memo_wins(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    first = code_passage(ann, "Ann", "Training", "Pride events")
    second = code_passage(ann, "Ann", "Impartiality/Activism", "networks campaign")
    merge_projects(bob, [ann])  # Bob now has Ann's two codings
    with Project.open(ann, coder_name="Ann") as p:
        remove_coding(p, first)
        set_coding_memo(p, second, "Ann's memo")
    with Project.open(bob, coder_name="Bob") as p:
        set_coding_memo(p, second, "Bob's later memo")
        set_attributes(p, "Interview 01", {"force": "B", "role": "sergeant"})
    report = merge_projects(ann, [bob])
    assert report.counts["coding"].updated == 1
    with Project.open(ann, coder_name="Ann") as p:
        live = list_codings(p)
        assert [c.uuid for c in live] == [second]
        assert live[0].memo == "Bob's later memo"
        assert get_document(p, "Interview 01").attributes == {"force": "B", "role": "sergeant"}
    merge_projects(bob, [ann])
    assert codings(bob) == codings(ann)  # Ann's removal travelled as a tombstone


def test_attributes_set_separately_on_the_same_key_become_one(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(ann, coder_name="Ann") as p:
        set_attributes(p, "Focus group 01", {"force": "C"})
    with Project.open(bob, coder_name="Bob") as p:
        set_attributes(p, "Focus group 01", {"force": "D"})
    merge_projects(ann, [bob])
    merge_projects(bob, [ann])
    for path in (ann, bob):
        with Project.open(path, coder_name="Lead") as p:
            assert get_document(p, "Focus group 01").attributes == {"force": "D"}
    assert content(ann) == content(bob)


def test_coders_with_the_same_name_are_kept_apart(tmp_path: Path) -> None:
    a, b = tmp_path / "a.qcode", tmp_path / "b.qcode"
    for path in (a, b):
        with Project.create(path, coder_name="Sam") as p:
            add_document(p, "Interview 01", TEXT_1)
            add_code(p, "Impartiality/Activism")
    code_passage(a, "Sam", "Impartiality/Activism", "networks campaign")
    code_passage(b, "Sam", "Impartiality/Activism", "networks campaign")
    report = merge_projects(a, [b])
    assert any(c.kind == "coder name" for c in report.conflicts)
    with Project.open(a, coder_name="Lead") as p:
        with p.read() as s:
            sams = list(s.scalars(select(Coder).where(Coder.name == "Sam")))
        assert len(sams) == 2
        placed = list_codings(p)
        assert len(placed) == 2  # both Sams' identical codings survive
        assert {c.coder_uuid for c in placed} == {s.uuid for s in sams}
        # Agreement between them needs their UUIDs, and tells them apart in the report.
        with pytest.raises(QcodeError, match="give a UUID"):
            agreement(p, ["Sam", sams[0].uuid])
        report = agreement(p, [s.uuid for s in sams])
        assert report.overall.percent == 1.0
        assert report.coders == [f"Sam ({s.uuid[:8]})" for s in sams]


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    code_passage(bob, "Bob", "Training", "Pride events")
    before = digest(ann)
    report = merge_projects(ann, [bob], dry_run=True)
    assert report.dry_run
    assert report.backup is None
    assert report.counts["coding"].added == 1
    assert "would merge" in report.describe()
    assert digest(ann) == before
    assert list(tmp_path.glob("*backups*")) == []


def test_backup_is_written_and_a_failure_midway_leaves_the_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(bob, coder_name="Bob") as p:
        add_document(p, "Interview 03", TEXT_2 + "\nMore.", kind="interview")
        add_code(p, "Wellbeing")
    code_passage(bob, "Bob", "Wellbeing", "training was useful", doc="Interview 03")
    before = content(ann)

    def broken(*args: object) -> None:
        raise OSError("disk full (simulated)")

    # Rows of every table are written by then; the segments step fails.
    monkeypatch.setattr(merge_apply, "_write_segments", broken)
    with pytest.raises(OSError, match="simulated"):
        merge_projects(ann, [bob])
    assert content(ann) == before
    [backup] = list(tmp_path.glob("ann.qcode-backups/*-merge.qcode"))
    assert content(backup) == before
    monkeypatch.undo()
    report = merge_projects(ann, [bob])
    assert report.backup is not None
    assert report.backup.exists()
    with Project.open(ann, coder_name="Lead") as p:
        assert [c.code_path for c in list_codings(p)] == ["Wellbeing"]
        assert get_document(p, "Interview 03").length > 0


def test_new_documents_arrive_with_text_segments_and_attributes(tmp_path: Path) -> None:
    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(bob, coder_name="Bob") as p:
        add_document(p, "Interview 03", TEXT_2, kind="national_interview",
                     attributes={"force": "E"})
        update_code(p, "Training", definition="Courses and briefings")
    merge_projects(ann, [bob])
    with Project.open(ann, coder_name="Lead") as p:
        info = get_document(p, "Interview 03")
        assert info.kind == "national_interview"
        assert info.attributes == {"force": "E"}
        assert document_text(p, "Interview 03") == TEXT_2
        assert [s.start for s in segments(p, "Interview 03")] == [0, 54, 108]
        assert get_code(p, "Training").definition == "Courses and briefings"


def test_refusals(tmp_path: Path) -> None:
    ann, _bob = copies(tmp_path, "Ann", "Bob")
    junk = tmp_path / "junk.qcode"
    junk.write_bytes(b"PK\x03\x04 not a project")
    with pytest.raises(ProjectFileError, match=r"junk\.qcode"):
        merge_projects(ann, [junk])
    foreign = tmp_path / "foreign.qcode"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(ProjectFileError, match=r"foreign\.qcode: not a qcode project"):
        merge_projects(ann, [foreign])
    with pytest.raises(ProjectFileError, match=r"foreign\.qcode: not a qcode project"):
        clone_project(foreign, tmp_path / "copy.qcode", "Ann")
    assert not (tmp_path / "copy.qcode").exists()
    with pytest.raises(QcodeError, match="itself"):
        merge_projects(ann, [ann])
    with pytest.raises(ProjectFileError, match="no such"):
        merge_projects(ann, [tmp_path / "missing.qcode"])
    other = tmp_path / "other.qcode"
    with Project.create(other, coder_name="Zed") as p:
        add_document(p, "Unrelated", "Completely different text.")
    with pytest.raises(ProjectFileError, match="not a copy"):
        merge_projects(ann, [other])


def test_pseudonyms_for_the_same_term_become_one(tmp_path: Path) -> None:
    from qcode.export.pseudonyms import list_pseudonyms, set_pseudonym

    ann, bob = copies(tmp_path, "Ann", "Bob")
    with Project.open(ann, coder_name="Ann") as p:
        set_pseudonym(p, "Kent", "Force A")
    with Project.open(bob, coder_name="Bob") as p:
        set_pseudonym(p, "kent", "Force K")
    merge_projects(ann, [bob])
    merge_projects(bob, [ann])
    for path in (ann, bob):
        with Project.open(path, coder_name="Lead") as p:
            assert [(x.term, x.replacement) for x in list_pseudonyms(p)] == [("kent", "Force K")]
    assert content(ann) == content(bob)


def test_a_change_to_the_target_during_the_merge_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qcode.merge as merge_module

    ann, bob = copies(tmp_path, "Ann", "Bob")
    code_passage(bob, "Bob", "Training", "Pride events")
    real_take = merge_module.snapshots.take

    def backup_then_edit(source: Path, reason: str) -> Path:
        out = real_take(source, reason)
        # the GUI codes something while the merge is being prepared
        code_passage(ann, "Ann", "Training", "networks campaign")
        return out

    monkeypatch.setattr(merge_module.snapshots, "take", backup_then_edit)
    with pytest.raises(QcodeError, match="changed while the merge"):
        merge_projects(ann, [bob])
    assert codings(ann) == [("Training", "Ann", "Interview 01")]


def test_a_code_lifted_out_of_a_cycle_goes_back_when_a_later_version_parts_it(
    tmp_path: Path,
) -> None:
    ann, bob, cid = copies(tmp_path, "Ann", "Bob", "Cid")
    with Project.open(ann, coder_name="Ann") as p:
        move_code(p, "Impartiality/Activism", "Impartiality/Events")
    with Project.open(bob, coder_name="Bob") as p:
        move_code(p, "Impartiality/Events", "Impartiality/Activism")
    with Project.open(cid, coder_name="Cid") as p:
        rename_code(p, "Impartiality/Activism", "Campaigning")  # the latest change
    report = merge_projects(ann, [bob])
    assert "Events/Activism" in paths(ann)  # Bob's move was the later: Events is lifted
    [conflict] = [c for c in report.conflicts if c.kind == "code cycle"]
    assert "'Events'" in conflict.message
    # Cid's version of Activism is the latest and sits under Impartiality: no cycle is left,
    # so Events is back where Bob put it, as if the three files were merged at once.
    report = merge_projects(ann, [cid])
    assert "Impartiality/Campaigning/Events" in paths(ann)
    assert "Events" not in paths(ann)
    assert not [c for c in report.conflicts if c.kind == "code cycle"]
    merge_projects(bob, [cid, ann])
    assert content(bob) == content(ann)


def test_two_codes_renamed_onto_one_path_in_two_files_stay_two(tmp_path: Path) -> None:
    ann, bob, cid = copies(tmp_path, "Ann", "Bob", "Cid")
    with Project.open(ann, coder_name="Ann") as p:
        rename_code(p, "Impartiality/Events", "Conduct")
    code_passage(ann, "Ann", "Impartiality/Conduct", "Pride events")
    with Project.open(bob, coder_name="Bob") as p:
        rename_code(p, "Impartiality/Activism", "Conduct")
    code_passage(bob, "Bob", "Impartiality/Conduct", "networks")
    report = merge_projects(ann, [bob])
    assert paths(ann).count("Impartiality/Conduct") == 2
    assert [c.kind for c in report.conflicts].count("same code path") == 1
    assert len(codings(ann)) == 2
    # Cid names Events otherwise, later: the two codes part again, each with its coding.
    with Project.open(cid, coder_name="Cid") as p:
        rename_code(p, "Impartiality/Events", "Events at work")
    merge_projects(ann, [cid])
    assert sorted(paths(ann)) == [
        "Impartiality", "Impartiality/Conduct", "Impartiality/Events at work", "Training",
    ]
    assert codings(ann) == [
        ("Impartiality/Conduct", "Bob", "Interview 01"),
        ("Impartiality/Events at work", "Ann", "Interview 01"),
    ]
