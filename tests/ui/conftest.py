"""GUI fixtures: offscreen Qt, a small project file on disk, and the main window open on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import Span, normalise
from tests.conftest import INTERVIEW

FOCUS_GROUP = normalise(
    "Facilitator: How do you decide what to police at a protest?\n"
    "Officer A: We police the law, not the cause. That is the whole point of impartiality.\n"
    "Officer B: In theory. In practice the community sees our rainbow lanyards and assumes "
    "we have taken a side.\n"
    "Facilitator: Does that affect trust?\n"
    "Officer A: Trust goes up with some groups and down with others. 🙂 It is hard to win."
)


def speaker_spans(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        speaker = line.split(":", 1)[0] if ":" in line else ""
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
    return spans


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """A closed project file: an interview, a focus group with speakers, codes, two codings."""
    path = tmp_path / "inspection.qcode"
    with Project.create(path, coder_name="Ann") as p:
        add_document(p, "Interview 01", INTERVIEW, kind="interview", attributes={"force": "C"})
        add_document(
            p,
            "Focus group 01",
            FOCUS_GROUP,
            kind="focus_group",
            attributes={"force": "A"},
            spans=speaker_spans(FOCUS_GROUP),
        )
        add_code(p, "Equality Act/Impact assessments", definition="EIAs and their use")
        add_code(p, "Equality Act/Positive action")
        add_code(p, "Impartiality/Symbols", definition="Lanyards, flags, badges")
        add_code(p, "Impartiality/Trust")
        add_code(p, "Advisory groups/Influence")
        start, end = find_text(p, "Focus group 01", "rainbow lanyards")
        apply_code(p, "Focus group 01", "Impartiality/Symbols", start, end)
        start, end = find_text(p, "Focus group 01", "Trust goes up with some groups")
        apply_code(p, "Focus group 01", "Impartiality/Trust", start, end)
    return path


@pytest.fixture
def window(qtbot: Any, project_file: Path) -> Any:
    """The main window, shown, on the small project (errors go to the status bar only)."""
    from qcode.ui.main_window import MainWindow

    win = MainWindow(coder="Ann")
    win.quiet_errors = True
    qtbot.addWidget(win)
    assert win.open_project(project_file)
    win.show()
    qtbot.waitExposed(win)
    return win
