"""Real qcode processes killed (SIGKILL, SIGTERM) during every long action: afterwards the
project is intact and exactly as before or after, nothing is left running or lying about, the
action runs again cleanly, and search agrees with a fresh rebuild.

Kill times are fractions of the action's measured duration drawn from a seeded RNG (the same on
every run); `QCODE_FAULT_AT` kills at named points. `QCODE_FAULTS=deep` draws many more.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.search import ensure_index, rebuild_index, search
from qcode.search.live import close_all
from qcode.store import Project
from tests.faults.helpers import (
    ON_LINUX,
    copy_project,
    environment,
    finish,
    new_tag,
    start_qcode,
    survivors,
)
from tests.faults.state import Dump, canonical, integrity, raw, uuids

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ON_LINUX, reason="reads /proc")]

DEEP = os.environ.get("QCODE_FAULTS") == "deep"
QUERIES = ["advisory", "bots OR custody", '"imported line"', "meeting*"]


@dataclass(frozen=True)
class Action:
    """A qcode command run on the project `{p}` in the work folder `{w}`."""

    name: str
    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()

    def argv(self, project: Path, inputs: Path) -> list[str]:
        return [a.format(p=project, w=project.parent, i=inputs) for a in self.args]


ACTIONS = {
    a.name: a
    for a in [
        Action("import", ("import", "{p}", "{i}/incoming", "--quiet")),
        Action(
            "autocode",
            (
                "autocode",
                "{p}",
                "advisory OR bots",
                "--code",
                "Social media/Bots",
                "--unit",
                "sentence",
            ),
        ),
        Action("merge", ("merge", "{p}", "{w}/coder.qcode")),
        Action("codebook", ("codebook", "import", "{p}", "{i}/book.csv")),
        Action("index", ("index", "{p}", "--rebuild"), (("QCODE_INDEX_PROCS", "2"),)),
        Action("export", ("export", "{p}", "--code", "Advisory groups", "-o", "{w}/bundle.pdf")),
        Action("snapshot", ("backups", "take", "{p}")),
    ]
}


@pytest.fixture(scope="module")
def inputs(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files the actions read: transcripts to import, a coder's copy, a codebook."""
    folder = tmp_path_factory.mktemp("inputs")
    incoming = folder / "incoming"
    incoming.mkdir()
    for i in range(15):
        (incoming / f"new {i:02d}.txt").write_text(
            "\n".join(f"P{j % 3}: imported line {j} of file {i}" for j in range(40)),
            encoding="utf-8",
        )
    coder = folder / "coder.qcode"
    subprocess.run(
        [*_qcode(), "clone", str(template), str(coder), "--coder", "Bo"],
        check=True,
        capture_output=True,
        env=environment(new_tag()),
    )
    with Project.open(coder, coder_name="Bo") as p:
        add_code(p, "Training/Quality")
        for i in range(1, 40, 2):
            apply_code(p, f"Interview {i:02d}", "Training/Quality", 5, 40)
    with Project.create(folder / "book.qcode", coder_name="Cy") as p:
        for theme in range(12):
            for sub in range(8):
                add_code(p, f"Theme {theme:02d}/Sub-code {sub}", definition=f"About {sub}")
    subprocess.run(
        [*_qcode(), "codebook", "export", str(folder / "book.qcode"), str(folder / "book.csv")],
        check=True,
        capture_output=True,
        env=environment(new_tag()),
    )
    return folder


def _qcode() -> list[str]:
    import sys

    return [sys.executable, "-m", "qcode"]


@dataclass
class Prepared:
    project: Path
    tmp: Path  # the TMPDIR of the processes started
    before: Dump
    known: set[str]
    coder: Dump  # the coder's copy merged in: never changed


def _prepare(template: Path, inputs: Path, root: Path) -> Prepared:
    work = root / "work"
    work.mkdir(parents=True)
    project = copy_project(template, work / "p.qcode")
    shutil.copytree(template.with_name("p.qcode-index"), work / "p.qcode-index")
    copy_project(inputs / "coder.qcode", work / "coder.qcode")
    tmp = root / "tmp"
    tmp.mkdir()
    before = raw(project)
    known = uuids(before) | uuids(raw(work / "coder.qcode"))
    coder = canonical(work / "coder.qcode", known)
    return Prepared(project, tmp, canonical(project, known), known, coder)


def _listing(folder: Path) -> set[str]:
    """Files and folders under `folder`, digits and random hex masked (the index as one)."""
    out = set()
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("p.qcode-index/") or rel == ".p.qcode-index-lock":
            continue
        out.add(re.sub(r"[0-9a-f]{8,}|\d+", "#", rel))
    return out


@dataclass
class After:
    state: Dump
    listing: set[str]
    seconds: float


_AFTER: dict[str, After] = {}


def _after(name: str, template: Path, inputs: Path, root: Path) -> After:
    """The action run to its end, once per test session: its result and its duration."""
    if name not in _AFTER:
        prep = _prepare(template, inputs, root)
        action = ACTIONS[name]
        tag = new_tag()
        started = time.monotonic()
        run = start_qcode(
            action.argv(prep.project, inputs), tag, TMPDIR=str(prep.tmp), **dict(action.env)
        )
        code, _, err = finish(run)
        seconds = time.monotonic() - started
        assert code == 0, err
        assert integrity(prep.project) == "ok"
        _AFTER[name] = After(
            canonical(prep.project, prep.known), _listing(prep.project.parent), seconds
        )
    return _AFTER[name]


def _cases() -> list[tuple[str, str, float | str]]:
    """(action, signal, when): `when` a fraction of the action's duration, or a fault label.

    Under CI each action is killed once, SIGKILL and SIGTERM taking turns, at a time from a
    fixed seed; `QCODE_FAULTS=deep` kills each action six times by each signal, at random."""
    cases: list[tuple[str, str, float | str]] = []
    seed = random.randrange(1 << 30) if DEEP else 2024
    if DEEP:
        print(f"QCODE_FAULTS=deep seed {seed}")
    for n, name in enumerate(ACTIONS):
        signals = ("kill", "term") if DEEP else (("kill", "term")[n % 2],)
        for how in signals:
            rng = random.Random(f"{seed}-{name}-{how}")
            cases += [(name, how, round(rng.uniform(0.3, 1.0), 3)) for _ in range(6 if DEEP else 1)]
    cases += [("index", "kill", "index-build"), ("export", "term", "export-replace")]
    return cases


def _hits(project: Path) -> list[list[tuple[int, str, str]]]:
    """Every hit of each query with the index as found, then after a rebuild."""

    def run(p: Project) -> list[list[tuple[int, str, str]]]:
        return [
            [
                (h.segment_id, h.document_name, h.snippet)
                for h in search(p, q, order="document", page_size=5000).hits
            ]
            for q in QUERIES
        ]

    try:
        with Project.open(project) as p:
            ensure_index(p)
            found = run(p)
            rebuild_index(p)
            fresh = run(p)
    finally:
        close_all()
    assert found == fresh
    return found


@pytest.mark.parametrize(("name", "how", "when"), _cases())
def test_killed_action_leaves_a_whole_project_and_nothing_else(
    template: Path,
    inputs: Path,
    tmp_path: Path,
    tag: str,
    name: str,
    how: str,
    when: float | str,
) -> None:
    after = _after(name, template, inputs, tmp_path / "reference")
    prep = _prepare(template, inputs, tmp_path / "case")
    action = ACTIONS[name]
    env = dict(action.env)
    if isinstance(when, str):
        env["QCODE_FAULT_AT"] = f"{when}:{how}"
    run = start_qcode(action.argv(prep.project, inputs), tag, TMPDIR=str(prep.tmp), **env)
    if isinstance(when, float):
        try:
            run.wait(timeout=when * after.seconds)
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL if how == "kill" else signal.SIGTERM)
    code, _, err = finish(run)
    assert "Traceback" not in err
    assert survivors(tag) == [], "a process outlived its parent"

    # the project: intact, and exactly its state before or after the action
    assert integrity(prep.project) == "ok"
    state = canonical(prep.project, prep.known)
    assert state in (prep.before, after.state), f"{name} killed ({code}) left a third state"
    # every other project file (the coder's copy, backups, snapshots) is whole: the coder's
    # copy unchanged, the others the state before (opening each one lets SQLite clear the
    # -wal/-shm files that a killed reader leaves beside it: they are SQLite's, not litter)
    folder = prep.project.parent
    assert integrity(folder / "coder.qcode") == "ok"
    assert canonical(folder / "coder.qcode", prep.known) == prep.coder
    for other in folder.rglob("*.qcode"):
        if other.name not in ("p.qcode", "coder.qcode"):
            assert integrity(other) == "ok", other
            assert canonical(other, prep.known) == prep.before, other

    # the action runs again to its end, and clears what the killed one left
    again = start_qcode(
        action.argv(prep.project, inputs), tag, TMPDIR=str(prep.tmp), **dict(action.env)
    )
    code, _, err = finish(again)
    assert code == 0, err
    assert survivors(tag) == []
    assert list(prep.tmp.iterdir()) == []
    # nothing in the folder that neither the state before nor after has
    extra = _listing(folder) - after.listing - _listing_before(prep)
    assert extra == set(), f"left behind: {sorted(extra)}"
    assert [p.name for p in folder.rglob("*") if "partial" in p.name or ".new-" in p.name] == []
    assert integrity(prep.project) == "ok"
    _hits(prep.project)


def _listing_before(prep: Prepared) -> set[str]:
    return {"p.qcode", "coder.qcode", "p.qcode-index"}
