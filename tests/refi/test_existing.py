"""Into an existing project: match by GUID then text, add only what is new, last writer wins."""

from __future__ import annotations

from pathlib import Path

from qcode.refi.importer import import_qdpx
from qcode.store import Project
from tests.refi.helpers import DOC, coded, project_xml, selection, write_qdpx

TEXT = "Interviewer: Why?\nAnn: Because the review was late and the budget was cut.\n"


def _at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def _file(tmp_path: Path, name: str, sels: str, guid: str = DOC) -> Path:
    qde = project_xml(sels, path=f"internal://{guid}.txt").replace(DOC, guid)
    return write_qdpx(tmp_path / name, qde, {f"sources/{guid}.txt": TEXT.encode()})


def test_a_later_export_adds_only_what_is_new_and_newer_changes_win(
    project: Project, tmp_path: Path
) -> None:
    first = _file(tmp_path, "v1.qdpx", selection(1, *_at("review")))
    import_qdpx(project, first)
    # The colleague moved coding 1 later on, and added coding 2.
    later = _file(
        tmp_path,
        "v2.qdpx",
        selection(1, *_at("budget"), modified="2024-06-01") + selection(2, *_at("late")),
    )
    report = import_qdpx(project, later)
    assert report.documents_added == []
    assert report.codings_added == 1
    assert report.codings_updated == 1
    assert sorted(row[2] for row in coded(project)) == ["budget", "late"]
    # An older file changes nothing back.
    stale = import_qdpx(project, first)
    assert stale.codings_updated == 0
    assert stale.codings_added == 0
    assert sorted(row[2] for row in coded(project)) == ["budget", "late"]


def test_same_text_under_another_guid_matches_by_sha256(project: Project, tmp_path: Path) -> None:
    import_qdpx(project, _file(tmp_path, "a.qdpx", selection(1, *_at("review"))))
    other = "77777777-7777-4777-8777-777777777777"
    report = import_qdpx(project, _file(tmp_path, "b.qdpx", selection(3, *_at("late")), other))
    assert report.documents_added == []
    assert report.documents_matched == ["Interview A"]
    assert sorted(row[2] for row in coded(project)) == ["late", "review"]


def test_undo_and_redo_an_import(sample: Project, tmp_path: Path) -> None:
    from qcode.refi.undo import redo_import, undo_import
    from tests.refi.test_export import content

    import_qdpx(sample, _file(tmp_path, "v1.qdpx", selection(1, *_at("review"))))
    before = content(sample)
    later = _file(
        tmp_path,
        "v2.qdpx",
        selection(1, *_at("budget"), modified="2024-06-01") + selection(2, *_at("late")),
    )
    report = import_qdpx(sample, later)
    after = content(sample)
    assert after != before
    undo_import(sample, report)
    assert content(sample) == before
    redo_import(sample, report)
    assert content(sample) == after
    fresh = import_qdpx(sample, _file(tmp_path, "v3.qdpx", ""))
    assert fresh.documents_added == []
    undo_import(sample, fresh)
    assert content(sample) == after


def test_undo_of_a_first_import_leaves_the_project_as_it_was(
    sample: Project, tmp_path: Path
) -> None:
    from qcode.refi.undo import undo_import
    from tests.refi.test_export import content
    from tests.refi.test_vendors import NVIVO

    before = content(sample)
    if not NVIVO.exists():
        report = import_qdpx(sample, _file(tmp_path, "v1.qdpx", selection(1, *_at("review"))))
    else:
        report = import_qdpx(sample, NVIVO)
    undo_import(sample, report)
    assert content(sample) == before


def test_future_dates_are_not_believed_and_the_project_stays_sound(
    project: Project, tmp_path: Path
) -> None:
    """A file dated 9999 must not win every later merge nor make the project fail its own
    check (it would then be refused at its next open)."""
    from qcode.integrity.files import check_project

    qde = project_xml(selection(1, *_at("review"), modified="9999-12-31")).replace(
        "2024-05-01T10:00:00Z", "9999-12-31T10:00:00Z"
    )
    future = write_qdpx(tmp_path / "future.qdpx", qde, {f"sources/{DOC}.txt": TEXT.encode()})
    import_qdpx(project, future)
    path = project.path
    project.close()
    assert check_project(path).problems == []
    with Project.open(path) as again:
        assert [row[2] for row in coded(again)] == ["review"]
