"""The index on disk: built beside the project, kept current incrementally, rebuilt when broken."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from qcode.documents import add_document, delete_document, restore_document, set_attributes
from qcode.errors import QcodeError
from qcode.search import IndexCancelled, ensure_index, index_dir, rebuild_index, search
from qcode.search.cache import DB_FILE
from qcode.search.live import close_index
from qcode.search.store import META_FILE
from qcode.store import Project
from tests.search.conftest import FG, add


def test_the_index_lives_beside_the_project_and_is_built_once(corpus: Project) -> None:
    first = ensure_index(corpus)
    assert first.path == corpus.path.with_name("test.qcode-index")
    assert first.path.is_dir()
    assert first.rebuilt
    assert first.reason == "no index yet"
    assert (first.documents, first.segments) == (3, 11)
    again = ensure_index(corpus)
    assert not again.rebuilt
    assert (again.added, again.removed) == (0, 0)
    # a fresh process (nothing cached) finds it current too
    close_index(corpus)
    reopened = ensure_index(corpus)
    assert not reopened.rebuilt
    assert reopened.segments == 11


def test_an_import_is_added_without_a_rebuild(corpus: Project) -> None:
    ensure_index(corpus)
    assert search(corpus, "relentless").total == 1
    add(corpus, "Focus group 02", FG, "focus_group", "E")
    status = ensure_index(corpus)
    assert not status.rebuilt
    assert (status.added, status.removed) == (1, 0)
    assert search(corpus, "relentless").per_document == {"Focus group 01": 1, "Focus group 02": 1}
    assert status.segments == 15


def test_a_deleted_document_vanishes_and_comes_back_when_restored(corpus: Project) -> None:
    assert search(corpus, "impartiality").total == 3
    codings = delete_document(corpus, "National 01")
    gone = search(corpus, "impartiality")
    assert gone.total == 1
    assert "National 01" not in gone.per_document
    status = ensure_index(corpus)
    assert not status.rebuilt
    assert status.segments == 9
    doc_uuid = next(iter({h.document_uuid for h in search(corpus, "bots").hits}))
    assert doc_uuid  # another document is untouched
    with corpus.read() as s:
        from sqlalchemy import select

        from qcode.store import Document

        uuid = s.scalars(select(Document.uuid).where(Document.name == "National 01")).one()
    restore_document(corpus, uuid, codings)
    assert search(corpus, "impartiality").total == 3


def test_changed_attributes_change_field_searches(corpus: Project) -> None:
    assert search(corpus, "force:d").per_document == {"Interview 01": 5}
    set_attributes(corpus, "Interview 01", {"force": "Force C"})
    assert search(corpus, "force:d").total == 0
    assert "Interview 01" in search(corpus, "force:c").per_document


def test_a_missing_index_is_rebuilt(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    shutil.rmtree(folder)
    status = ensure_index(corpus)
    assert status.rebuilt
    assert status.reason == "no index yet"
    assert search(corpus, "bots").total == 1


def test_a_corrupt_index_is_rebuilt(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    (folder / DB_FILE).write_bytes(b"\x00garbage" * 10)
    status = ensure_index(corpus)
    assert status.rebuilt
    assert status.reason.startswith("the index could not be read")
    assert search(corpus, "bots").total == 1


def test_damaged_metadata_forces_a_rebuild(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    (folder / META_FILE).write_text("{not json", encoding="utf-8")
    status = ensure_index(corpus)
    assert status.rebuilt
    assert "damaged" in status.reason


def test_an_index_of_an_older_schema_is_rebuilt(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta["schema"] = 1
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    status = ensure_index(corpus)
    assert status.rebuilt
    assert "schema 1" in status.reason


def test_a_stale_counter_triggers_an_update_not_a_rebuild(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta["counter"] = 0
    meta["documents"].pop(next(iter(meta["documents"])))
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    status = ensure_index(corpus)
    assert not status.rebuilt
    assert status.added == 1
    assert status.segments == 11  # the re-added document's segments are not doubled
    assert search(corpus, "impartiality").total == 3


def test_an_index_copied_from_another_project_is_rebuilt(corpus: Project, tmp_path: Path) -> None:
    folder = ensure_index(corpus).path
    with Project.create(tmp_path / "other.qcode", coder_name="Bo") as other:
        add_document(other, "Memo", "Nothing about robots here.", kind="other")
        shutil.copytree(folder, index_dir(other))
        status = ensure_index(other)
        assert status.rebuilt
        assert status.reason == "the index belongs to another project"
        assert search(other, "robots").total == 1
        assert search(other, "bots").total == 0
        close_index(other)


def test_rebuild_on_demand_reports_progress(corpus: Project) -> None:
    seen: list[tuple[int, int, str]] = []
    status = rebuild_index(corpus, progress=lambda d, t, label: seen.append((d, t, label)))
    assert status.rebuilt
    assert status.reason == "rebuild asked for"
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)


def test_a_cancelled_rebuild_leaves_the_old_index(corpus: Project) -> None:
    ensure_index(corpus)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(IndexCancelled):
        rebuild_index(corpus, cancel=cancel)
    assert not list(corpus.path.parent.glob(".test.qcode-index.*"))
    status = ensure_index(corpus)
    assert not status.rebuilt
    assert search(corpus, "bots").total == 1


def test_an_index_damaged_where_opening_does_not_look_is_a_clear_error(corpus: Project) -> None:
    folder = ensure_index(corpus).path
    close_index(corpus)
    db = sqlite3.connect(folder / DB_FILE)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'seg'").fetchone()
    db.close()
    with (folder / DB_FILE).open("r+b") as raw:  # the index's own cache file, not a project
        raw.seek((root - 1) * page)
        raw.write(b"\x07" * page)
    with pytest.raises(QcodeError, match=r"search index of test\.qcode could not be read"):
        search(corpus, "bots")
    assert rebuild_index(corpus).rebuilt
    assert search(corpus, "bots").total == 1
