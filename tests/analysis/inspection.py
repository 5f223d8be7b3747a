"""A small inspection project for the analysis tests: three forces, ToR codes, codings, memos."""

from __future__ import annotations

from pathlib import Path

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import Span

INTERVIEW = (
    "Interviewer: How are equality impact assessments used?\n"
    "Officer 2: They are a box-ticking exercise. Nobody reads them after sign-off.\n"
    "Interviewer: And training?\n"
    "Officer 2: One e-learning module, years ago, and nothing since."
)
FOCUS = (
    "Facilitator: What training have you had?\n"
    "Officer A: Face-to-face training on positive action was the best we had.\n"
    "Officer B: The trainers were never vetted by anyone."
)
NATIONAL = (
    "Interviewer: What is the national view?\n"
    "National lead: Impact assessments must be read, not filed."
)


def turns(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append(Span(pos, pos + len(line), line.split(":", 1)[0]))
        pos += len(line) + 1
    return spans


def code(project: Project, document: str, path: str, passage: str) -> str:
    start, end = find_text(project, document, passage)
    return apply_code(project, document, path, start, end).uuid


def build(project: Project) -> dict[str, str]:
    """Documents of forces Kent and Essex (and a national one with no force); ToR items 1 and 3
    with codes, item 9 with none coded; returns coding UUIDs by a short name."""
    add_document(
        project,
        "Interview 01",
        INTERVIEW,
        kind="interview",
        attributes={"force": "Kent", "role": "Inspector"},
        spans=turns(INTERVIEW),
    )
    add_document(
        project,
        "Focus group 01",
        FOCUS,
        kind="focus_group",
        attributes={"force": "Essex", "role": "Constable"},
        spans=turns(FOCUS),
    )
    add_document(
        project,
        "National 01",
        NATIONAL,
        kind="national_interview",
        attributes={"role": "Lead"},
        spans=turns(NATIONAL),
    )
    add_code(project, "Equality Act", tor_item="1")
    add_code(project, "Equality Act/Impact assessments", tor_item="1")
    add_code(project, "Training", tor_item="3")
    add_code(project, "Training/Vetting")  # inherits item 3 from its parent
    add_code(project, "Systemic issues", tor_item="9")
    return {
        "eia": code(project, "Interview 01", "Equality Act/Impact assessments", "box-ticking"),
        "eia_national": code(
            project, "National 01", "Equality Act/Impact assessments", "must be read"
        ),
        "elearning": code(project, "Interview 01", "Training", "One e-learning module"),
        "face": code(project, "Focus group 01", "Training", "Face-to-face training"),
        "vetted": code(project, "Focus group 01", "Training/Vetting", "never vetted"),
    }


def create(path: Path) -> dict[str, str]:
    """The project as a closed file at `path`."""
    with Project.create(path, coder_name="Ann") as p:
        return build(p)
