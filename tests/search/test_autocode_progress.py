"""Code all hits at scale (issue 20): progress, Stop leaving nothing, work linear in the hits."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import event, select

from qcode.coding import list_codings
from qcode.documents import add_document
from qcode.search.autocode import autocode
from qcode.store import ChangeLog, Project
from tests.search.conftest import INTERVIEW, transcript

module = importlib.import_module("qcode.search.autocode")
CODE = "Advisory groups/Influence"


def autocode_actions(project: Project) -> int:
    with project.read() as s:
        return len(s.scalars(select(ChangeLog.id).where(ChangeLog.action == "autocode")).all())


def test_progress_is_reported_for_both_phases(corpus: Project) -> None:
    reports: list[tuple[int, int, str]] = []
    result = autocode(corpus, "advisory", CODE, progress=lambda *r: reports.append(r))
    assert len(result.created) == 4
    finding = [r for r in reports if r[2].startswith("Finding")]
    writing = [r for r in reports if r[2].startswith("Writing")]
    assert finding[-1][0] == finding[-1][1] == result.hits
    assert writing[-1][:2] == (4, 4)
    for phase in (finding, writing):
        assert [r[0] for r in phase] == sorted(r[0] for r in phase)  # only forward
        assert all(0 <= done <= total for done, total, _ in phase)


@pytest.mark.parametrize("phase", ["Finding", "Writing"])
def test_stop_leaves_nothing_in_either_phase(
    corpus: Project, monkeypatch: pytest.MonkeyPatch, phase: str
) -> None:
    """Stopped while working out the passages, or between two batches of inserts (then
    inside the one transaction, rolled back): no coding, no logged action, a clear error."""
    monkeypatch.setattr(module, "BATCH", 1)  # one insert per coding: several batches
    seen: list[str] = []

    def cancel() -> bool:
        return any(label.startswith(phase) for label in seen)

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("Writing") and done < 2:
            return  # let the first batch be written before the stop is noticed
        seen.append(label)

    with pytest.raises(module.AutocodeCancelled, match="nothing was coded"):
        autocode(corpus, "advisory", CODE, progress=progress, cancel=cancel)
    assert any(label.startswith(phase) for label in seen)
    assert list_codings(corpus, code=CODE) == []
    assert autocode_actions(corpus) == 0
    # and the next run is complete
    assert len(autocode(corpus, "advisory", CODE).created) == 4
    assert autocode_actions(corpus) == 1


def test_codings_are_read_in_one_query_however_many_documents(corpus: Project) -> None:
    """Issue 20: it read each document's codings with a scan of every live coding (SQLite took
    the `deleted` index), so the time grew with documents x codings. Now the code's codings
    are read once before the plan and once in the transaction, whatever the corpus."""
    for n in range(2, 8):
        text, spans = transcript(INTERVIEW)
        add_document(corpus, f"Interview {n:02}", text, kind="interview", spans=spans)
    statements: list[str] = []

    def count(conn: object, cursor: object, sql: str, *args: object) -> None:
        if "FROM coding" in sql and "WHERE" in sql:
            statements.append(sql)

    event.listen(corpus.engine, "before_cursor_execute", count)
    try:
        result = autocode(corpus, '"advisory group"', CODE)
    finally:
        event.remove(corpus.engine, "before_cursor_execute", count)
    assert len(result.created) == 7 * 2 + 1
    assert len(statements) == 2
    assert all("code_uuid" in sql and "deleted =" not in sql for sql in statements)
