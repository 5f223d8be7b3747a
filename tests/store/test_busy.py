"""Issue 11 item 2: a second writer waits for the first within a bound, then says so in one line."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.codebook.tree import add_code
from qcode.errors import ProjectBusyError
from qcode.store import Code, Project

from .procs import expect, qcode, say, script

#: Holds the project's write lock: until told to let go, or for a given number of seconds.
HOLDER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE project SET memo = 'held' WHERE id = 1")
print("held", flush=True)
if sys.argv[2] == "until-told":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
conn.close()
print("released", flush=True)
"""


def _project(path: Path) -> Path:
    with Project.create(path, coder_name="Ann") as p:
        add_code(p, "Existing")
    return path


def _names(path: Path) -> set[str]:
    with Project.open(path) as p, p.read() as s:
        return set(s.scalars(select(Code.name).where(~Code.deleted)))


def test_a_writer_held_too_long_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    holder = script(HOLDER, str(path), "until-told")
    try:
        expect(holder, "held")
        done = qcode("codebook", "add", str(path), "New code", QCODE_BUSY_TIMEOUT_MS="300")
        say(holder, "go")
        expect(holder, "released")
    finally:
        holder.communicate(timeout=30)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "is busy: another qcode is writing to it" in lines[0]
    assert "Traceback" not in done.stderr
    assert "New code" not in _names(path)


def test_a_writer_held_for_a_second_is_waited_for(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.qcode")
    holder = script(HOLDER, str(path), "1.0")
    try:
        expect(holder, "held")
        done = qcode("codebook", "add", str(path), "New code")
        expect(holder, "released")
    finally:
        holder.communicate(timeout=30)
    assert done.returncode == 0, done.stderr
    assert {"Existing", "New code"} <= _names(path)


def test_the_service_raises_project_busy_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QCODE_BUSY_TIMEOUT_MS", "100")
    path = _project(tmp_path / "p.qcode")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        with Project.open(path, coder_name="Ann") as p:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(ProjectBusyError, match="is busy"):
                add_code(p, "Blocked")
            other.execute("COMMIT")
            add_code(p, "Now fine")
    finally:
        other.close()
    assert "Now fine" in _names(path)
    assert "Blocked" not in _names(path)


def test_writes_take_the_lock_first(tmp_path: Path) -> None:
    """A transaction that reads before writing cannot fail on a stale snapshot: it begins
    IMMEDIATE, so a concurrent commit comes before it or after it, never in between."""
    path = _project(tmp_path / "p.qcode")
    with Project.open(path, coder_name="Ann") as p, p.transaction("read then write") as s:
        assert s.connection().exec_driver_sql("SELECT 1").scalar() == 1
        other = sqlite3.connect(path, timeout=0.05)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def _raising(exc: BaseException) -> Callable[..., object]:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise exc

    return fail


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database is locked"),
        sqlite3.DatabaseError("database disk image is malformed"),
    ],
)
def test_the_cli_never_prints_a_traceback_for_sqlite_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: sqlite3.Error,
) -> None:
    from sqlalchemy.exc import OperationalError

    from qcode.cli import main
    from qcode.cli.commands import project as project_commands

    path = _project(tmp_path / "p.qcode")
    for raised in (error, OperationalError("SELECT 1", {}, error)):
        monkeypatch.setattr(project_commands, "list_documents", _raising(raised))
        assert main(["documents", str(path)]) == 1
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith("qcode: error: ")
        word = "busy" if "locked" in str(error) else "malformed"
        assert word in err


def test_a_migration_another_process_finished_first_is_not_run_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes open a schema-1 file at once: both read version 1, one migrates; the
    other, getting the write lock next, reads the version again and finds nothing to do."""
    from qcode.store import schema

    path = _project(tmp_path / "p.qcode")  # already migrated by "the other process"
    real = schema.read_versions
    calls: list[int] = []

    def stale_first(conn: object) -> tuple[int, int]:
        app_id, version = real(conn)  # type: ignore[arg-type]
        calls.append(version)
        return (app_id, 1) if len(calls) == 1 else (app_id, version)

    monkeypatch.setattr(schema, "read_versions", stale_first)
    with Project.open(path) as p:
        assert "Existing" in _names_in(p)
    assert len(calls) == 2


def _names_in(project: Project) -> set[str]:
    with project.read() as s:
        return set(s.scalars(select(Code.name)))
