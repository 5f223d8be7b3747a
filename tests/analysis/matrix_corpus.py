"""A small project for the analysis tests: three documents, two coders, codes with sub-codes."""

from __future__ import annotations

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import Span

DOC_A = (
    "Interviewer: How is training?\n"
    "Officer 1: The trainers were external and nobody vetted them.\n"
    "Interviewer: And the advisory group?\n"
    "Officer 1: The advisory group is useful, but only the loudest voices are heard."
)
DOC_B = (
    "Facilitator: What about recording?\n"
    "P1: Recording is risk averse. Trainers told us to record everything.\n"
    "P2: The advisory group never saw the training."
)
DOC_C = "Chief: We publish good news stories. The training was made in house."


def turns(text: str) -> list[Span]:
    """One speaker turn per line, its speaker the words before the first colon."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append(Span(start, start + len(line), line.split(":", 1)[0]))
        start += len(line) + 1
    return out


def code(project: Project, doc: str, passage: str, path: str) -> None:
    start, end = find_text(project, doc, passage)
    apply_code(project, doc, path, start, end)


def build(project: Project) -> Project:
    """Ann codes all three documents; Ben codes one passage of A as well."""
    add_document(
        project,
        "Interview A",
        DOC_A,
        spans=turns(DOC_A),
        kind="interview",
        attributes={"force": "Force A", "date": "2023-11-27"},
    )
    add_document(
        project,
        "Focus group B",
        DOC_B,
        spans=turns(DOC_B),
        kind="focus_group",
        attributes={"force": "Force B", "date": "2023-12-02"},
    )
    add_document(
        project,
        "Interview C",
        DOC_C,
        spans=turns(DOC_C),
        kind="interview",
        attributes={"force": "Force A", "date": "2024-01-15"},
    )
    for path in (
        "Training/External trainers",
        "Training/Force-made training",
        "Advisory groups",
        "Recording",
    ):
        add_code(project, path)
    code(
        project,
        "Interview A",
        "The trainers were external and nobody vetted them.",
        "Training/External trainers",
    )
    code(project, "Interview A", "nobody vetted them", "Training/External trainers")  # overlaps
    code(project, "Interview A", "The advisory group is useful", "Advisory groups")
    code(
        project,
        "Focus group B",
        "Trainers told us to record everything.",
        "Training/External trainers",
    )
    code(project, "Focus group B", "Recording is risk averse.", "Recording")
    code(project, "Focus group B", "The advisory group never saw the training.", "Advisory groups")
    code(project, "Interview C", "The training was made in house.", "Training/Force-made training")
    project.use_coder("Ben")
    code(project, "Interview A", "only the loudest voices are heard", "Advisory groups")
    project.use_coder("Ann")
    return project
