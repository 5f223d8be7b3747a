"""Publish, clone and sync against a real PostgreSQL cluster: rows travel, nothing is lost."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from qcode.codebook.tree import rename_code
from qcode.documents import add_document, delete_document
from qcode.search import ensure_index, search
from qcode.store import Project
from qcode.store.models import Code
from qcode.team import SyncRejectedError, sync
from tests.merge.helpers import content

from .cluster import Cluster
from .helpers import code_some, live_codings, qcode, team


def _same(*paths: Path) -> None:
    first = content(paths[0])
    for other in paths[1:]:
        assert content(other) == first, f"{other.name} differs from {paths[0].name}"


def test_laptops_end_with_each_others_work(tmp_path: Path, team_url: str) -> None:
    lead, (ann, bob) = team(tmp_path, team_url, "Ann", "Bob")
    code_some(ann, 5)
    code_some(bob, 7, code="Trust", new_code=True)
    with Project.open(lead) as p:
        rename_code(p, "Training", "Training and briefing")
    for laptop in (ann, bob, lead, ann, bob):
        sync(laptop)
    _same(lead, ann, bob)
    assert len(live_codings(lead)) == 12
    with Project.open(ann) as p, p.read() as s:
        names = set(s.scalars(select(Code.name).where(Code.deleted.is_(False))))
    assert {"Training and briefing", "Trust"} <= names


def test_a_second_sync_changes_nothing(tmp_path: Path, team_url: str) -> None:
    lead, (ann,) = team(tmp_path, team_url, "Ann")
    code_some(ann, 3)
    sync(ann)
    sync(lead)
    before = content(lead)
    again = sync(lead)
    assert again.pulled_rows == 0
    assert again.pushed == 0
    assert content(lead) == before


def test_deletions_travel_as_tombstones(tmp_path: Path, team_url: str) -> None:
    lead, (ann,) = team(tmp_path, team_url, "Ann")
    code_some(ann, 2, document="Focus group 01")
    sync(ann)
    sync(lead)
    with Project.open(lead) as p:
        delete_document(p, "Focus group 01")
    sync(lead)
    sync(ann)
    _same(lead, ann)
    assert live_codings(ann) == set()


def test_two_laptops_syncing_at_once_lose_no_rows(tmp_path: Path, team_url: str) -> None:
    lead, (ann, bob) = team(tmp_path, team_url, "Ann", "Bob")
    code_some(ann, 150)
    code_some(bob, 150, code="Impartiality/Events")
    mine = live_codings(ann) | live_codings(bob)
    runs = [qcode("sync", str(ann)), qcode("sync", str(bob))]  # at the same moment
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    for laptop in (lead, ann, bob):
        sync(laptop)
    assert mine <= live_codings(lead)
    _same(lead, ann, bob)


@pytest.mark.parametrize("point", ["sync-merged", "sync-push", "sync-pushed"])
def test_a_killed_sync_is_run_again(tmp_path: Path, team_url: str, point: str) -> None:
    lead, (ann, bob) = team(tmp_path, team_url, "Ann", "Bob")
    code_some(bob, 4, code="Impartiality/Activism")
    sync(bob)
    code_some(ann, 6)
    killed = qcode("sync", str(ann), fault=point)
    killed.communicate(timeout=120)
    assert killed.returncode != 0
    sync(ann)  # run again
    for laptop in (lead, bob):
        sync(laptop)
    _same(lead, ann, bob)
    assert len(live_codings(lead)) == 10


def test_pulled_rows_are_checked(tmp_path: Path, team_url: str, cluster: Cluster) -> None:
    lead, (ann,) = team(tmp_path, team_url, "Ann")
    code_some(ann, 2)
    sync(ann)
    before = content(lead)
    # A tampered server: a coding now reaches far past the end of its document.
    database = urlsplit(team_url).path.strip("/")
    cluster.psql(database, "UPDATE coding SET \"end\" = 99999, seq = nextval('qcode_seq')")
    with pytest.raises(SyncRejectedError) as caught:
        sync(lead)
    message = str(caught.value)
    assert "coding" in message
    assert "is not a passage of the text" in message
    assert content(lead) == before


def test_the_index_takes_in_pulled_documents(tmp_path: Path, team_url: str) -> None:
    lead, (ann,) = team(tmp_path, team_url, "Ann")
    with Project.open(lead) as p:
        ensure_index(p)
    with Project.open(ann) as p:
        add_document(p, "Interview 02", "Interviewer: Any thoughts?\nOfficer 3: Kettling.")
    sync(ann)
    report = sync(lead)
    assert report.indexed
    with Project.open(lead) as p:
        status = ensure_index(p)
        assert status.added == 0  # the sync already indexed the new document
        assert len(search(p, "kettling").hits) == 1


def test_a_push_after_another_laptops_new_code_pulls_and_folds_first(
    tmp_path: Path, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_module = importlib.import_module("qcode.team.sync")  # (qcode.team.sync: the function)

    lead, (ann, bob) = team(tmp_path, team_url, "Ann", "Bob")
    code_some(ann, 2, code="Trust", new_code=True)
    code_some(bob, 3, code="Trust", new_code=True)
    real_pull = sync_module.pull
    calls = []

    def pull_then_bob_pushes(*args: object, **kwargs: object) -> object:
        pulled = real_pull(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:  # Bob pushes his "Trust" between Ann's pull and Ann's push
            monkeypatch.setattr(sync_module, "pull", real_pull)
            sync(bob)
            monkeypatch.setattr(sync_module, "pull", pull_then_bob_pushes)
        return pulled

    monkeypatch.setattr(sync_module, "pull", pull_then_bob_pushes)
    report = sync(ann)
    monkeypatch.setattr(sync_module, "pull", real_pull)
    assert report.rounds == 2  # the first push found codes changed: pulled and folded first
    for laptop in (bob, lead):
        sync(laptop)
    _same(lead, ann, bob)
    with Project.open(lead) as p, p.read() as s:
        trust = list(s.scalars(select(Code.uuid).where(Code.name == "Trust",
                                                       Code.deleted.is_(False))))
    assert len(trust) == 1
    assert len(live_codings(lead)) == 5


def test_a_damaged_laptop_pushes_nothing(tmp_path: Path, team_url: str) -> None:
    from qcode.integrity.guard import DamagedProjectError
    from tests.integrity.hostile import offsets_past_end

    lead, (ann,) = team(tmp_path, team_url, "Ann")
    code_some(ann, 2)
    offsets_past_end(ann)  # its rows would stop every other laptop's sync
    with pytest.raises(DamagedProjectError, match="qcode salvage"):
        sync(ann)
    assert sync(lead).pulled_rows == 0


def test_two_laptops_setting_one_attribute_fold_on_every_laptop(
    tmp_path: Path, team_url: str
) -> None:
    from qcode.documents import set_attributes

    lead, (ann, bob) = team(tmp_path, team_url, "Ann", "Bob")
    with Project.open(ann) as p:
        set_attributes(p, "Interview 01", {"role": "Sergeant"})
    with Project.open(bob) as p:
        set_attributes(p, "Interview 01", {"role": "Inspector"})
    sync(ann)
    sync(bob)  # the server now holds both laptops' "role" rows for the document
    sync(lead)  # pulled together, checked, folded into one
    sync(ann)
    _same(lead, ann, bob)


def test_a_document_row_pulled_without_its_segments_reports_no_speaker_turns(
    tmp_path: Path, team_url: str
) -> None:
    """The server sends segments only for documents new to a laptop: a renamed document comes
    as its row alone, which says nothing of its speaker turns (no false 'speaker turns')."""
    from qcode.documents import rename_document

    lead, (ann,) = team(tmp_path, team_url, "Ann")
    with Project.open(lead) as p:
        rename_document(p, "Interview 01", "Interview 01 (Force A)")
    sync(lead)
    report = sync(ann)
    assert [c for c in report.conflicts if c.kind == "speaker turns"] == []
    with Project.open(ann) as p:
        from qcode.documents import list_documents

        assert "Interview 01 (Force A)" in {d.name for d in list_documents(p)}
