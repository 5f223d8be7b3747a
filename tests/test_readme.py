"""Every `qcode …` command shown in README.md's code blocks runs, in order, and exits 0."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
#: A README `qcode demo` without --scale gets this one (the test needs a small corpus only).
DEMO_SCALE = "0.05"
#: Commands that open the application window instead of finishing.
INTERACTIVE = {"gui"}
#: Longest a single README command may take.
TIMEOUT = 600
#: The team database the README shows: the test runs those lines against a database of a
#: PostgreSQL cluster of its own (tests/team/cluster.py).
TEAM_URL = "postgresql://db.example.org/inspection"


def code_blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """(heading above, lines) of every fenced code block."""
    blocks: list[tuple[str, list[str]]] = []
    heading = ""
    lines: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("```"):
            if lines is None:
                lines = []
            else:
                blocks.append((heading, lines))
                lines = None
        elif lines is not None:
            lines.append(line)
        elif line.startswith("#"):
            heading = line.lstrip("#").strip()
    return blocks


def commands(markdown: str) -> list[list[str]]:
    """The words of every `qcode …` line of the code blocks (comments dropped), in order."""
    out: list[list[str]] = []
    for _, lines in code_blocks(markdown):
        for line in lines:
            if not re.match(r"\s*qcode(\s|$)", line):
                continue
            words = shlex.split(line, comments=True)
            if len(words) < 2 or words[1] in INTERACTIVE:
                continue
            out.append(words)
    return out


def _prepared(words: list[str]) -> list[str]:
    if words[1] == "demo" and not any(w.startswith("--scale") for w in words):
        words = [*words, "--scale", DEMO_SCALE]
    return [sys.executable, "-m", "qcode", *words[1:]]


def test_the_quick_start_is_make_run_and_make_test() -> None:
    blocks = code_blocks(README.read_text(encoding="utf-8"))
    quick = [lines for heading, lines in blocks if heading.startswith("Quick start")]
    assert quick, "README has no 'Quick start' section with a code block"
    assert [shlex.split(line, comments=True) for line in quick[0]] == [
        ["make", "run"],
        ["make", "test"],
    ]


def test_the_readme_shows_the_worked_session() -> None:
    found = commands(README.read_text(encoding="utf-8"))
    shown = {words[1] for words in found}
    assert {"new", "import", "search", "code", "export", "speakers"} <= shown


@contextmanager
def _team_server(lines: list[list[str]]) -> Iterator[str]:
    """A cluster with an empty database for the README's team lines (if it has any)."""
    if not any(TEAM_URL in w for words in lines for w in words):
        yield TEAM_URL
        return
    from tests.team import cluster

    running = cluster.start()
    try:
        running.psql("postgres", "CREATE DATABASE inspection")
        yield running.url("inspection")
    finally:
        running.stop()


def test_every_readme_command_runs(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COLUMNS": "100"}
    lines = commands(README.read_text(encoding="utf-8"))
    with _team_server(lines) as url:
        _run_all([[w.replace(TEAM_URL, url) for w in words] for words in lines], tmp_path, env)


def _run_all(lines: list[list[str]], tmp_path: Path, env: dict[str, str]) -> None:
    for words in lines:
        done = subprocess.run(
            _prepared(words),
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(
                f"README command failed (exit {done.returncode}): {shlex.join(words)}\n"
                f"{done.stderr.strip()[-2000:]}"
            )
