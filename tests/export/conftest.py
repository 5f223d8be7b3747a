"""A small project for the export tests: three kinds of source, accented names, overlaps."""

from __future__ import annotations

import pytest

from qcode.codebook.tree import add_code, update_code
from qcode.coding import apply_code, find_text, set_coding_memo
from qcode.documents import add_document
from qcode.export.pseudonyms import set_pseudonym
from qcode.store import Project
from qcode.text import Span

INTERVIEW = (
    "Interviewer: How are equality impact assessments used in Kent Police?\n"
    "Superintendent Zoë Ødegård: Honestly they are a box-ticking exercise. Nobody in Kent "
    "reads them after sign-off.\n"
    "Interviewer: And the advisory group?\n"
    "Superintendent Zoë Ødegård: The advisory group challenged our stop and search data. "
    "That changed how we brief the teams."
)
FOCUS_GROUP = (
    "Facilitator: What training have you had on the Equality Act?\n"
    "PC Siobhán Ní Bhriain: One e-learning module, years ago. In Kent it was the same.\n"
    "PC Дмитрий Αλέξανδρος: The training was a box-ticking exercise too; Kentish officers "
    "said so.\n"
    "Facilitator: Anything else?\n"
    "PC Siobhán Ní Bhriain: We need face-to-face training on positive action."
)
NATIONAL = (
    "Interviewer: What is the national view on advisory groups?\n"
    "National lead: Advisory groups must hear a range of views, including opposing ones."
)


def turns(text: str) -> list[Span]:
    """One segment per line, its speaker the label before the first colon."""
    spans, pos = [], 0
    for line in text.split("\n"):
        speaker = line.split(":", 1)[0] if ":" in line else ""
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
    return spans


def _add(project: Project, name: str, text: str, **kw: object) -> None:
    add_document(project, name, text, spans=turns(text), **kw)  # type: ignore[arg-type]


def _code(project: Project, document: str, code: str, passage: str, memo: str = "") -> str:
    start, end = find_text(project, document, passage)
    info = apply_code(project, document, code, start, end)
    if memo:
        set_coding_memo(project, info.uuid, memo)
    return info.uuid


@pytest.fixture
def corpus(project: Project) -> Project:
    """Three documents, four codes, overlapping codings by two coders, pseudonyms."""
    return build_corpus(project)


def build_corpus(project: Project) -> Project:
    """Fill an empty project with the export test corpus."""
    _add(
        project,
        "Kent Interview 01",
        INTERVIEW,
        kind="interview",
        attributes={"force": "Kent", "role": "Superintendent"},
    )
    _add(project, "Focus group 10", FOCUS_GROUP, kind="focus_group", attributes={"force": "Kent"})
    _add(
        project,
        "Focus group 2",
        FOCUS_GROUP.replace("Kent", "Essex"),
        kind="focus_group",
        attributes={"force": "Essex"},
    )
    _add(project, "National 01", NATIONAL, kind="national_interview")
    add_code(
        project,
        "Equality Act/Impact assessments",
        definition="How forces use equality impact assessments (EIAs).",
    )
    update_code(
        project,
        "Equality Act",
        definition="Compliance with the Equality Act 2010.",
        tor_item="ToR 1",
    )
    add_code(
        project,
        "Training",
        definition="Training on equality and impartiality.",
        exclusion="Recruitment (code under Positive action).",
    )
    add_code(
        project,
        "Advisory groups",
        definition="Selection and use of advisory groups.",
        tor_item="ToR 6",
    )
    add_code(project, "Non-crime hate incidents", tor_item="ToR 4")
    _code(
        project,
        "Kent Interview 01",
        "Equality Act/Impact assessments",
        "they are a box-ticking exercise",
        memo="Strong view from Kent; compare Essex.",
    )
    _code(
        project,
        "Kent Interview 01",
        "Equality Act/Impact assessments",
        "box-ticking exercise. Nobody in Kent reads them after sign-off.",
    )
    _code(
        project,
        "Kent Interview 01",
        "Advisory groups",
        "The advisory group challenged our stop and search data.",
    )
    _code(project, "Focus group 10", "Training", "One e-learning module, years ago.")
    _code(
        project,
        "Focus group 10",
        "Training",
        "The training was a box-ticking exercise too; Kentish officers said so.",
    )
    _code(project, "Focus group 2", "Training", "One e-learning module, years ago.")
    _code(
        project,
        "Focus group 10",
        "Equality Act",
        "We need face-to-face training on positive action.",
    )
    _code(
        project,
        "National 01",
        "Advisory groups",
        "Advisory groups must hear a range of views, including opposing ones.",
    )
    project.use_coder("Bea")
    _code(
        project, "Kent Interview 01", "Equality Act/Impact assessments", "Nobody in Kent reads them"
    )
    _code(project, "Focus group 10", "Training", "We need face-to-face training")
    project.use_coder("Ann")
    set_pseudonym(project, "Kent", "Force C")
    set_pseudonym(project, "Essex", "Force A")
    set_pseudonym(project, "Zoë Ødegård", "a superintendent")
    return project
