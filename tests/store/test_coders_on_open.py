"""Issue 13 item 6 (store): reading adds no coder; a clone codes as the coder it was made for."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode import settings
from qcode.cli import main
from qcode.clone import clone_project
from qcode.coding import apply_code, find_text, list_codings
from qcode.store import Coder, Project

from ..merge.helpers import make_lead


def _coders(path: Path) -> list[str]:
    with Project.open(path, coder_name="Lead") as p, p.read() as s:
        return sorted(s.scalars(select(Coder.name)))


@pytest.mark.parametrize(
    "command",
    [
        ["documents", "{p}", "--coder", "Visitor"],
        ["codebook", "list", "{p}", "--coder", "Visitor"],
        ["codings", "{p}", "--coder", "Visitor"],
        ["search", "{p}", "training", "--coder", "Visitor"],
        ["backups", "list", "{p}"],
        ["documents", "{p}"],
    ],
)
def test_read_only_commands_add_no_coder(tmp_path: Path, command: list[str]) -> None:
    path = make_lead(tmp_path / "lead.qcode")
    settings.remember_coder("Machine Coder")
    assert main([a.format(p=path) for a in command]) == 0
    assert _coders(path) == ["Lead"]


def test_opening_and_reading_adds_no_coder(tmp_path: Path) -> None:
    path = make_lead(tmp_path / "lead.qcode")
    with Project.open(path, coder_name="Visitor") as p:
        assert p.coder_name == "Visitor"
        list_codings(p)
    assert _coders(path) == ["Lead"]


def test_the_first_write_adds_the_coder(tmp_path: Path) -> None:
    path = make_lead(tmp_path / "lead.qcode")
    with Project.open(path, coder_name="Visitor") as p:
        start, end = find_text(p, "Interview 01", "Pride events")
        apply_code(p, "Interview 01", "Training", start, end)
    assert _coders(path) == ["Lead", "Visitor"]


def test_a_clone_codes_as_its_coder_by_default(tmp_path: Path) -> None:
    lead = make_lead(tmp_path / "lead.qcode")
    copy = clone_project(lead, tmp_path / "b.qcode", "Inspector B")
    settings.remember_coder("Someone Else")
    with Project.open(copy) as p:
        assert p.coder_name == "Inspector B"
        start, end = find_text(p, "Interview 01", "Pride events")
        apply_code(p, "Interview 01", "Training", start, end)
        assert [c.coder_name for c in list_codings(p)] == ["Inspector B"]
    # --coder still wins
    args = ["--document", "Interview 01", "--code", "Training", "--text", "professional standards"]
    assert main(["code", str(copy), *args, "--coder", "Named"]) == 0
    with Project.open(copy) as p:
        assert sorted(c.coder_name for c in list_codings(p)) == ["Inspector B", "Named"]
    # and an ordinary project still uses the machine's coder
    with Project.open(lead) as p:
        assert p.coder_name == "Someone Else"
