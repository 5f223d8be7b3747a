"""`qcode search` on a file known sound and indexed runs with SQLite alone (no ORM), and gives
exactly what the full path gives; anything it cannot vouch for goes the full path."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.documents import rename_document
from qcode.integrity import guard, scan_cache
from qcode.search import ensure_index, search
from qcode.search.live import close_all, open_current
from qcode.search.readonly import search_file
from qcode.store import Project

from .conftest import FG, INTERVIEW, NATIONAL, add

QUERIES = [
    "impartiality",
    '"advisory group"',
    '"advisory box"~5',
    "impartial*",
    "?ot",
    "bots~",
    "advisory AND NOT box",
    "kind:focus_group OR force:D",
    "speaker:officer",
    'force:"Force C" AND (bot OR group)',
]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files look long settled: the clock the scan cache compares them with runs an hour ahead."""
    ahead = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(scan_cache.time, "time_ns", lambda: ahead)


def _indexed(tmp_path: Path) -> Path:
    """A project with three transcripts, indexed, closed, and remembered as clean."""
    path = tmp_path / "p.qcode"
    with Project.create(path, coder_name="Ann") as project:
        add(project, "Focus group 01", FG, "focus_group", "C")
        add(project, "Interview 01", INTERVIEW, "interview", "D")
        add(project, "National 01", NATIONAL, "national_interview", "C")
        add_code(project, "Advisory groups/Influence")
        ensure_index(project)
    close_all()
    guard.refuse_if_damaged(path)  # scanned once; the verdict is remembered
    return path


def _full(path: Path, query: str, **kw: object) -> dict[str, object]:
    with Project.open(path) as project:
        result = asdict(search(project, query, **kw))  # type: ignore[arg-type]
    close_all()
    result.pop("seconds")
    return result


def _quick(path: Path, query: str, **kw: object) -> dict[str, object]:
    found = search_file(path, query, **kw)  # type: ignore[arg-type]
    assert found is not None, "the read-only path was not taken"
    result = asdict(found)
    result.pop("seconds")
    return result


def test_it_gives_exactly_what_the_full_search_gives(tmp_path: Path, settled: None) -> None:
    path = _indexed(tmp_path)
    for query in QUERIES:
        assert _quick(path, query) == _full(path, query), query
    for kw in [
        {"kinds": ["interview"]},
        {"order": "document"},
        {"page": 2, "page_size": 2},
        {"kinds": ["Focus group", "national_interview"], "order": "document"},
    ]:
        assert _quick(path, "advisory OR impartiality", **kw) == _full(
            path, "advisory OR impartiality", **kw
        ), kw


def test_the_shell_search_loads_no_orm(tmp_path: Path, settled: None) -> None:
    path = _indexed(tmp_path)
    script = (
        "import sys, time, json\n"
        "from qcode.integrity import scan_cache\n"
        "ahead = time.time_ns() + 3600 * 10**9\n"
        "scan_cache.time.time_ns = lambda: ahead\n"
        "from qcode.cli import main\n"
        f"code = main(['search', {str(path)!r}, 'advisory', '--json'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6'))\n"
        "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    out = json.loads(done.stdout)
    assert out["total"] == 4
    assert {h["document_name"] for h in out["hits"]} == {
        "Focus group 01",
        "Interview 01",
    }


def test_a_changed_project_goes_the_full_path_and_finds_the_change(
    tmp_path: Path, settled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _indexed(tmp_path)
    with Project.open(path) as project:
        rename_document(project, "National 01", "National lead 01")
    # the file changed since its scan: not vouched for; and its index is behind it
    assert search_file(path, "impartiality") is None
    assert open_current(path) is None
    assert main(["search", str(path), "impartiality", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "National lead 01" in out["per_document"]
    # the full path brought the index up to date and scanned the file: quick again
    guard.refuse_if_damaged(path)
    assert _quick(path, "impartiality")["per_document"] == out["per_document"]


def test_a_file_never_scanned_or_just_written_is_not_vouched_for(tmp_path: Path) -> None:
    path = _indexed(tmp_path)  # no `settled`: the file was written a moment ago
    assert search_file(path, "advisory") is None


def test_filters_the_index_cannot_answer_go_the_full_path(
    tmp_path: Path, settled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _indexed(tmp_path)
    with Project.open(path) as project:
        apply_code(project, "Interview 01", "Advisory groups/Influence", 0, 40)
    guard.refuse_if_damaged(path)
    close_all()
    assert main(["search", str(path), "advisory", "--code", "Advisory groups", "--json"]) == 0
    coded = json.loads(capsys.readouterr().out)
    assert coded["total"] == 1
    assert coded["hits"][0]["document_name"] == "Interview 01"
    assert main(["search", str(path), "advisory", "--not-code", "Advisory groups", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 3


def test_a_damaged_index_is_rebuilt_by_the_full_path(
    tmp_path: Path, settled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _indexed(tmp_path)
    db = path.with_name(path.name + "-index") / "search.db"
    db.write_bytes(b"not an index" * 100)
    assert open_current(path) is None
    assert main(["search", str(path), "advisory", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 4
    assert open_current(path) is not None


def test_an_old_schema_is_never_read_without_its_migration(tmp_path: Path, settled: None) -> None:
    path = _indexed(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    # a verdict remembered for this very file state (say, by a build of qcode with the same
    # version number but an older schema): the schema is still checked before reading
    fp = scan_cache.fingerprint(path)
    assert fp is not None
    scan_cache.remember_clean(fp)
    assert search_file(path, "advisory") is None
    assert open_current(path) is None
