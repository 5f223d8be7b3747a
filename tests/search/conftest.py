"""Fixtures for the search tests: a small corpus of three documents with speakers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qcode.codebook.tree import add_code
from qcode.documents import add_document
from qcode.search.live import close_all
from qcode.store import Project
from qcode.text import Span

FG = [
    ("Moderator", "What do you think about positive action in recruitment?"),
    ("P1", "Positive action is fine, but the advisory group treats it as box ticking."),
    ("P2", "Bots flood our social media after every arrest. The bot accounts are relentless."),
    ("P3", "Head of department said impartiality matters more than targets."),
]
INTERVIEW = [
    ("Interviewer", "Tell me about the advisory group in your force."),
    ("Officer 2", "The advisory group is useful: it challenged our stop and search data."),
    ("Officer 2", "Some call it box-ticking. I think the group has real influence now."),
    ("Interviewer", "And the café culture? Naïve officers, 🙂 emojis in chats?"),
    ("Officer 2", "Honestly, the advisory board sits in a box room; ticking boxes is unfair."),
]
NATIONAL = [
    ("Q", "How do forces measure impartiality?"),
    ("A", "Impartial policing is measured badly. Forces recruit for diversity, not impartiality."),
]


def transcript(turns: list[tuple[str, str]]) -> tuple[str, list[Span]]:
    """A transcript text with one speaker turn per line, and its spans with speakers."""
    lines, spans, pos = [], [], 0
    for speaker, said in turns:
        line = f"{speaker}: {said}"
        lines.append(line)
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
    return "\n".join(lines), spans


def add(project: Project, name: str, turns: list[tuple[str, str]], kind: str, force: str) -> None:
    text, spans = transcript(turns)
    add_document(
        project,
        name,
        text,
        kind=kind,
        spans=spans,
        attributes={"force": f"Force {force}", "rank band": "Junior"},
    )


@pytest.fixture
def corpus(project: Project) -> Project:
    """Three documents (a focus group, an interview, a national interview) and a codebook."""
    add(project, "Focus group 01", FG, "focus_group", "C")
    add(project, "Interview 01", INTERVIEW, "interview", "D")
    add(project, "National 01", NATIONAL, "national_interview", "C")
    add_code(project, "Advisory groups/Influence")
    add_code(project, "Social media/Bots")
    return project


@pytest.fixture(autouse=True)
def _close_indexes() -> Iterator[None]:
    yield
    close_all()
