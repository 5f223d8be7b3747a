"""Fixtures shared by every test: isolated settings, and fresh project files in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from qcode.codebook.tree import add_code
from qcode.documents import add_document
from qcode.store import Project

# Hypothesis: the same examples on every run (CI and plain `pytest`), so a red run is a real
# failure that the next run repeats; `HYPOTHESIS_PROFILE=deep` (`make fuzz`) explores at random.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None, database=None)
settings.register_profile(
    "deep", max_examples=1000, derandomize=False, print_blob=True, deadline=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED = Path(__file__).resolve().parents[2] / "shared"

INTERVIEW = (
    "Interviewer: Can you tell me about the equality impact assessments in your force?\n"
    "Officer 2: We do them, but honestly they are a box-ticking exercise most of the time. "
    "Nobody reads them after the policy is signed off.\n"
    "Interviewer: And the advisory group?\n"
    "Officer 2: The advisory group is useful. They challenged our stop and search data, "
    "and that changed how we brief the teams."
)


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read or write the user's real settings."""
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """An empty project file, coder Ann."""
    with Project.create(tmp_path / "test.qcode", coder_name="Ann") as p:
        yield p


@pytest.fixture
def sample(project: Project) -> Project:
    """A project with one interview and a small codebook."""
    add_document(project, "Interview 01", INTERVIEW, kind="interview", attributes={"force": "C"})
    add_code(project, "Equality Act/Impact assessments", definition="EIAs and their use")
    add_code(project, "Equality Act/Positive action")
    add_code(project, "Advisory groups/Influence")
    return project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/ui need Qt: mark them `gui` so `-m "not gui"` runs without it."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)
