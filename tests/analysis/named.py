"""A small project whose quotes, memos and attributes name people (the pseudonym tests' input)."""

from __future__ import annotations

from qcode.codebook.tree import add_code
from qcode.coding import apply_code, find_text
from qcode.documents import add_document
from qcode.export.pseudonyms import set_pseudonym
from qcode.export.suggest import apply_suggestions, suggest
from qcode.memos import add_memo
from qcode.store import Project
from tests.analysis.inspection import turns

TEXT = (
    "Interviewer: How were you briefed on the new policy?\n"
    "PC Jones: Sgt Morgan sent an email. Morgan's team ignored it, and nobody followed up.\n"
    "Interviewer: Thank you."
)
PASSAGE = "Sgt Morgan sent an email. Morgan's team ignored it, and nobody followed up."
#: The listed name in the quote, and what replaces it.
NAME, PSEUDONYM = "Morgan", "Sergeant 1"
#: A name the project shows (a speaker) that the pseudonym list may leave out.
UNLISTED = "Jones"


def build(project: Project) -> str:
    """One coded interview naming Morgan (ToR 3, force Kent), memos naming Morgan; the
    pseudonym Morgan -> Sergeant 1. Returns the coding's UUID."""
    add_code(project, "Briefings", tor_item="3", definition="How officers were briefed")
    add_document(
        project,
        "Interview 01",
        TEXT,
        kind="interview",
        attributes={"force": "Kent", "role": "Constable"},
        spans=turns(TEXT),
    )
    start, end = find_text(project, "Interview 01", PASSAGE)
    coding = apply_code(project, "Interview 01", "Briefings", start, end).uuid
    add_memo(project, "coding", coding, "Morgan is named by PC Jones and another.", "Who briefed")
    set_pseudonym(project, NAME, PSEUDONYM)
    return coding


def list_all_but(project: Project, *left_out: str) -> None:
    """Put every suggested name on the pseudonym list, except those containing `left_out`."""
    items = suggest(project)
    apply_suggestions(
        project, [x for x in items if not any(w.casefold() in x.term.casefold() for w in left_out)]
    )
