"""Bulk imports commit in short batches: others write meanwhile, a kill leaves whole documents."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode import documents as documents_module
from qcode.documents import list_documents, segments
from qcode.importers import storing
from qcode.importers.bulk import import_paths
from qcode.importers.registry import read_file
from qcode.store import ChangeLog, Project

#: The longest another process may wait for the write lock during an import (ms).
OTHER_WRITER_WAIT_MS = 2000

WRITER = """
import sys
from pathlib import Path
from qcode.documents import list_documents
from qcode.store import Project

path, stop, log = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
n = 0
with Project.open(path, coder_name="Bo") as project:
    while not stop.exists():
        n += 1
        project.put_setting("probe", n)
        with log.open("a") as out:
            out.write(f"{len(list_documents(project))}\\n")
"""


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lines = [f"Interviewer: question {i}.{j} about training?" for j in range(3)]
        lines += [f"PC Smith {i}: answer {i}.{j}, mostly online." for j in range(3)]
        (folder / f"int {i:04d}.txt").write_text("\n".join(sorted(lines)) + "\n", "utf-8")
    sheet = folder.parent / f"{folder.name}.csv"
    rows = "".join(f"int {i:04d}.txt,Force {i % 7}\n" for i in range(count))
    sheet.write_text("file,force\n" + rows, encoding="utf-8")
    return sheet


def _wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QCODE_BUSY_TIMEOUT_MS"] = str(OTHER_WRITER_WAIT_MS)
    return env


def test_documents_are_committed_in_bounded_batches(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storing, "BATCH_DOCUMENTS", 10)
    _corpus(tmp_path / "in", 35)
    report = import_paths(project, [tmp_path / "in"], workers=1)
    assert len(report.imported) == 35
    with project.read() as s:
        logged = [
            json.loads(r.detail)["files"]
            for r in s.scalars(select(ChangeLog).where(ChangeLog.action == "import documents"))
        ]
    assert 4 <= len(logged) < 35  # several documents share a transaction ...
    assert max(len(files) for files in logged) <= 10  # ... never more than the batch size
    assert sorted(f for files in logged for f in files) == [f"int {i:04d}.txt" for i in range(35)]


def test_a_document_that_cannot_be_stored_leaves_its_batch_mates_stored(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path / "in", 5)
    real = documents_module.bump_change_counter
    calls: list[int] = []

    def crash_on_third(session: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        real(session)  # type: ignore[arg-type]

    monkeypatch.setattr(documents_module, "bump_change_counter", crash_on_third)
    report = import_paths(project, [tmp_path / "in"], workers=1)
    assert [o.path.name for o in report.refused] == ["int 0002.txt"]
    assert "could not be stored" in report.refused[0].message
    names = [d.name for d in list_documents(project)]
    assert names == ["int 0000", "int 0001", "int 0003", "int 0004"]


def test_another_process_writes_while_a_large_import_runs(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    Project.create(path, coder_name="Ann").close()
    total = 400
    sheet = _corpus(tmp_path / "in", total)
    stop, log = tmp_path / "stop", tmp_path / "writes.log"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(stop), str(log)],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: log.exists() and log.read_text().strip(), 60, "the first write")
        with Project.open(path) as project:
            report = import_paths(project, [tmp_path / "in"], attributes=sheet, workers=1)
    finally:
        stop.touch()
        _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err  # no "busy" error: it never waited past its bound
    assert len(report.imported) == total
    seen = [int(n) for n in log.read_text().split()]
    assert any(0 < n < total for n in seen)  # it wrote while the import was half done


def _documents(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return int(con.execute("SELECT count(*) FROM document").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_a_kill_midway_leaves_only_whole_documents(tmp_path: Path) -> None:
    path = tmp_path / "p.qcode"
    Project.create(path, coder_name="Ann").close()
    total = 400
    sheet = _corpus(tmp_path / "in", total)
    command = [sys.executable, "-m", "qcode", "import", str(path), str(tmp_path / "in")]
    importer = subprocess.Popen(
        [*command, "--attributes", str(sheet), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _documents(path) > 0 or importer.poll() is not None, 120, "a batch")
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=60)
    with Project.open(path) as project:
        with project.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        documents = list_documents(project)
        assert documents  # at least one batch was committed before the kill
        for doc in documents:
            source = tmp_path / "in" / f"{doc.name}.txt"
            expected = read_file(source)
            stored = segments(project, doc.uuid)
            assert [(g.start, g.end, g.speaker) for g in stored] == [
                (g.start, g.end, g.speaker) for g in expected.spans
            ]
            assert doc.attributes == {"force": f"Force {int(doc.name[4:]) % 7}"}
