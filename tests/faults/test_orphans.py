"""Nothing outlives its parent: index workers, import readers and export temporaries."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.faults.helpers import ON_LINUX, finish, start_python, start_qcode, survivors, tagged

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ON_LINUX, reason="reads /proc")]


@pytest.mark.parametrize("how", ["kill", "term"])
def test_a_killed_parallel_index_build_leaves_no_worker(
    project_file: Path, tag: str, how: str
) -> None:
    run = start_qcode(
        ["index", str(project_file), "--rebuild"],
        tag,
        QCODE_INDEX_PROCS="2",
        QCODE_FAULT_AT=f"index-build:{how}",
    )
    code, _, err = finish(run)
    assert code == -(signal.SIGKILL if how == "kill" else signal.SIGTERM), err
    assert survivors(tag) == []
    # the next build clears what the dead one left and works
    code, out, err = finish(start_qcode(["index", str(project_file)], tag))
    assert code == 0, err
    assert "40 document(s)" in out
    left = [p.name for p in project_file.parent.iterdir() if ".new-" in p.name or ".old-" in p.name]
    assert left == []


CANCEL = """
import sys
from qcode.search import IndexCancelled, rebuild_index
from qcode.store import Project
calls = []
with Project.open(sys.argv[1]) as p:
    try:
        rebuild_index(p, cancel=lambda: calls.append(1) or len(calls) > 12)
    except IndexCancelled as exc:
        print("cancelled:", exc)
"""


def test_a_cancelled_parallel_build_is_quiet_and_stops_its_workers(
    project_file: Path, tag: str
) -> None:
    code, out, err = finish(start_python(CANCEL, [str(project_file)], tag, QCODE_INDEX_PROCS="2"))
    assert code == 0
    assert out.startswith("cancelled:")
    assert err == ""
    assert survivors(tag) == []


IMPORT = """
import os, signal, sys
from pathlib import Path
from qcode.importers.bulk import import_paths
from qcode.store import Project

def progress(done, total, label):
    if done >= 6:
        os.kill(os.getpid(), signal.SIGKILL)

with Project.open(sys.argv[1]) as p:
    import_paths(p, [Path(sys.argv[2])], workers=2, progress=progress)
"""


def test_a_killed_import_leaves_no_reader_process(
    project_file: Path, tag: str, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for i in range(30):
        (folder / f"new {i:02d}.txt").write_text(
            "\n".join(f"P{j}: imported line {j} of file {i}" for j in range(40)), encoding="utf-8"
        )
    code, _, err = finish(start_python(IMPORT, [str(project_file), str(folder)], tag))
    assert code == -signal.SIGKILL, err
    assert survivors(tag) == []


def test_a_killed_export_leaves_no_partial_file_after_the_next(
    project_file: Path, tag: str
) -> None:
    out = project_file.parent / "bundle.pdf"
    args = ["export", str(project_file), "--code", "Advisory groups", "-o", str(out)]
    code, _, err = finish(start_qcode(args, tag, QCODE_FAULT_AT="export-replace:kill"))
    assert code == -signal.SIGKILL, err
    assert not out.exists()
    left = [p.name for p in project_file.parent.iterdir() if ".qcode-partial-" in p.name]
    assert len(left) == 1  # what the killed process was writing, its PID in the name
    code, _, err = finish(start_qcode(args, tag))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in project_file.parent.iterdir() if "partial" in p.name] == []


def test_a_window_killed_while_it_builds_the_index_leaves_no_worker(
    project_file: Path, tag: str
) -> None:
    # no index yet: the window builds it as the project opens, in worker processes
    run = start_qcode(
        ["gui", str(project_file)],
        tag,
        QT_QPA_PLATFORM="offscreen",
        QCODE_INDEX_PROCS="2",
        QCODE_FAULT_AT="index-build:kill",
    )
    code, _, err = finish(run)
    assert code == -signal.SIGKILL, err
    assert survivors(tag) == []


def _workers_started(run: subprocess.Popen[str], tag: str) -> None:
    deadline = time.monotonic() + 120
    while len([p for p in tagged(tag) if p != run.pid]) < 2:
        assert run.poll() is None, run.communicate()[1]
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_window_closed_by_sigterm_during_a_build_is_quiet(project_file: Path, tag: str) -> None:
    run = start_qcode(
        ["gui", str(project_file)],
        tag,
        QT_QPA_PLATFORM="offscreen",
        QCODE_INDEX_PROCS="2",
        QCODE_FAULT_AT="index-build-document:slow",  # a fifth of a second a document
    )
    _workers_started(run, tag)
    run.send_signal(signal.SIGTERM)
    code, _, err = finish(run)
    assert code == 0, err
    assert "Traceback" not in err
    assert survivors(tag) == []


DEMO = """
import sys
from pathlib import Path
from qcode.demo.build import write_corpus
from qcode.demo.corpus import plan
write_corpus(Path(sys.argv[1]), plan(0.5, 1), workers=2)
"""


def test_a_killed_demo_build_leaves_no_writer(tmp_path: Path, tag: str) -> None:
    run = start_python(DEMO, [str(tmp_path / "demo")], tag)
    _workers_started(run, tag)
    run.kill()
    finish(run)
    assert survivors(tag) == []
