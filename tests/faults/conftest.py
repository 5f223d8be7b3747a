"""A project of many small transcripts (enough for parallel index workers), copied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.documents import add_document
from qcode.search import ensure_index
from qcode.search.live import close_all
from qcode.store import Project
from tests.faults.helpers import copy_project, kill_all, new_tag

WORDS = [
    "advisory",
    "group",
    "bots",
    "impartiality",
    "recruitment",
    "training",
    "equality",
    "custody",
]


def transcript(i: int, lines: int = 30) -> str:
    return "\n".join(
        f"P{j % 4}: the {WORDS[(i + j) % len(WORDS)]} question came up in meeting {i} "
        f"and again about {WORDS[j % len(WORDS)]}"
        for j in range(lines)
    )


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "p.qcode"
    with Project.create(path, coder_name="Ann") as p:
        for i in range(40):
            add_document(p, f"Interview {i:02d}", transcript(i), kind="interview")
        add_code(p, "Advisory groups")
        add_code(p, "Social media/Bots")
        for i in range(0, 40, 4):
            apply_code(p, f"Interview {i:02d}", "Advisory groups", 0, 20)
        ensure_index(p)  # beside it: p.qcode-index/
    close_all()
    return path


@pytest.fixture
def project_file(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return copy_project(template, folder / "p.qcode")


@pytest.fixture
def tag() -> Iterator[str]:
    value = new_tag()
    yield value
    kill_all(value)
