"""Code all hits in a child process (issue 20): same codings, progress, Stop, refusals."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading

import pytest
from sqlalchemy import select

from qcode.coding import list_codings
from qcode.errors import QcodeError
from qcode.search.autocode import AutocodeCancelled
from qcode.search.autocode_process import AutocodeJob, AutocodeProcess, autocode_in_process
from qcode.store import ChangeLog, Project
from qcode.store.external import row_stamps

CODE = "Advisory groups/Influence"


def job(project: Project, query: str = "advisory", code: str = CODE) -> AutocodeJob:
    return AutocodeJob(project.path, project.coder_name, project.coder_uuid, query, code)


def autocode_actions(project: Project) -> int:
    with project.read() as s:
        return len(s.scalars(select(ChangeLog.id).where(ChangeLog.action == "autocode")).all())


def test_the_child_codes_every_hit_as_this_coder_and_reports_progress(corpus: Project) -> None:
    reports: list[tuple[int, int, str]] = []
    result = autocode_in_process(job(corpus), progress=lambda *r: reports.append(r))
    assert len(result.created) == 4
    codings = list_codings(corpus, code=CODE)
    assert sorted(c.uuid for c in codings) == sorted(result.created)
    assert {c.coder_uuid for c in codings} == {corpus.coder_uuid}
    held = row_stamps(corpus, {"coding": result.created})
    assert [held[("coding", u)] for u in result.created] == [(at, False) for at in result.stamps]
    labels = [label for _done, _total, label in reports]
    assert labels[0] == "Searching…"
    assert any(label.startswith("Finding") for label in labels)
    assert reports[-1] == (4, 4, "Writing the codings…")
    assert autocode_actions(corpus) == 1


def test_a_refusal_is_the_services_own_message_and_nothing_is_coded(corpus: Project) -> None:
    with pytest.raises(QcodeError, match="Nothing like it"):
        autocode_in_process(job(corpus, code="Nothing like it"))
    with pytest.raises(QcodeError, match="nothing to search for"):
        autocode_in_process(job(corpus, query="the"))
    assert list_codings(corpus, code=CODE) == []


def test_stop_rolls_the_childs_transaction_back(corpus: Project) -> None:
    """Stopped while the child waits for the write lock (held here), then let go: the child
    finds the stop at its next batch, inside its transaction, and keeps nothing."""
    holder = sqlite3.connect(corpus.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    runner = AutocodeProcess(job(corpus))
    waiting = threading.Event()
    asked = threading.Event()
    outcome: list[BaseException | object] = []

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("Finding") and done == total:
            waiting.set()  # the plan is made: next comes the write lock

    def run() -> None:
        try:
            outcome.append(runner.run(progress, asked.is_set))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert waiting.wait(60)
        asked.set()
        assert runner.stop_sent.wait(60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        thread.join(60)
    assert len(outcome) == 1
    assert isinstance(outcome[0], AutocodeCancelled)
    assert "nothing was coded" in str(outcome[0])
    assert list_codings(corpus, code=CODE) == []
    assert autocode_actions(corpus) == 0


def test_a_child_that_dies_is_reported_and_leaves_nothing(corpus: Project) -> None:
    """Killed (out of memory, say) while it waits for the write lock held here."""
    holder = sqlite3.connect(corpus.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    runner = AutocodeProcess(job(corpus))

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("Finding") and done == total:
            os.kill(runner.child.pid, signal.SIGKILL)

    try:
        with pytest.raises(QcodeError, match="its process died"):
            runner.run(progress)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not runner.child.is_alive()
    assert list_codings(corpus, code=CODE) == []
    assert autocode_actions(corpus) == 0
