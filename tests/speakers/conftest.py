"""A project with one transcript whose turns were found with one label missed."""

from __future__ import annotations

import pytest

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text, list_codings
from qcode.documents import add_document
from qcode.store import Project
from qcode.text import Span

LINES = [
    "INT: How were the trainers chosen?",
    "Ruth (01:07:00): Nobody vetted them. We took whoever was free.",
    "PC Smith: I was never asked about it.",  # a label the import missed
    "INT: And the advisory group?",
    "Ruth (01:09:30): They were not consulted.",
]
TEXT = "\n".join(LINES)


def spans_missing_smith() -> list[Span]:
    """Turns as an importer that missed 'PC Smith:' made them: his words are in Ruth's turn."""
    starts = [TEXT.index(line) for line in LINES]
    ends = [s + len(line) for s, line in zip(starts, LINES, strict=True)]
    return [
        Span(starts[0], ends[0], "INT"),
        Span(starts[1], ends[2], "Ruth"),
        Span(starts[3], ends[3], "INT"),
        Span(starts[4], ends[4], "Ruth"),
    ]


@pytest.fixture
def turns(project: Project) -> Project:
    """Interview 7 with four turns (Smith's line inside Ruth's first), a second document and a
    coding over Smith's words."""
    add_document(
        project,
        "Interview 7",
        TEXT,
        kind="interview",
        spans=spans_missing_smith(),
    )
    add_document(
        project,
        "Interview 8",
        "INT: Hello?\nRuth: Hello.",
        kind="interview",
        spans=[Span(0, 11, "INT"), Span(12, 24, "Ruth")],
    )
    add_code(project, "Training/Vetting")
    start, end = find_text(project, "Interview 7", "I was never asked about it.")
    apply_code(project, "Interview 7", "Training/Vetting", start, end)
    assert len(list_codings(project)) == 1
    return project
