"""Pseudonym suggestions: where names are found, their stand-ins, and that they are stable."""

from __future__ import annotations

from qcode.codebook.tree import add_code
from qcode.documents import add_document
from qcode.export.pseudonyms import list_pseudonyms, set_pseudonym
from qcode.export.suggest import apply_suggestions, suggest
from qcode.store import Project
from qcode.text import Span


def _add(project: Project, name: str, text: str, **attributes: str) -> None:
    spans, pos = [], 0
    for line in text.split("\n"):
        speaker = line.split(":", 1)[0] if ":" in line else ""
        spans.append(Span(pos, pos + len(line), speaker))
        pos += len(line) + 1
    add_document(project, name, text, spans=spans, kind="interview", attributes=attributes)


def _table(project: Project) -> dict[str, tuple[str, str, str]]:
    return {x.term: (x.replacement, x.category, x.source) for x in suggest(project)}


def test_forces_are_lettered_in_sheet_order_and_people_numbered_by_role(project: Project) -> None:
    _add(
        project,
        "Surrey_interview_01",
        "Interviewer: Hello.\nDS Patel: Morning. Ch Insp O'Neill agreed.\nInterviewer: Thanks.",
        force="Surrey Police",
        interviewer="B. Osei",
    )
    _add(
        project,
        "Interview 02",
        "Interviewer: Hello.\nDS Nowak: We met Patel.\nSergeant Żaneta Kowalczyk: Yes.",
        force="Dyfed-Powys",
        location="Aberystwyth",
    )
    t = _table(project)
    assert t["Surrey Police"] == t["Surrey"] == ("Force A", "force", "attribute force")
    assert t["Dyfed-Powys"] == ("Force B", "force", "attribute force")
    assert t["B. Osei"][:2] == t["Osei"][:2] == ("Interviewer 1", "person")
    assert t["DS Patel"][0] == t["Patel"][0] == "Detective Sergeant 1"
    assert t["DS Nowak"][0] == "Detective Sergeant 2"
    assert t["Sergeant Żaneta Kowalczyk"][0] == t["Kowalczyk"][0] == "Sergeant 1"
    assert t["Aberystwyth"][:2] == ("Place 1", "place")
    assert t["Ann"] == ("Coder 1", "person", "coder")
    assert t["O'Neill"] == ("Name 1", "name", "text")  # "Ch Insp" is a rank, not a name
    assert "Interviewer" not in t
    assert "Morning" not in t
    assert suggest(project) == suggest(project)


def test_common_words_codebook_words_and_lower_case_words_are_not_names(
    project: Project,
) -> None:
    add_code(project, "Stop and Search", definition="Use of Section 60 powers")
    _add(
        project,
        "Interview 01",
        "Interviewer: Honestly?\nOfficer: Nobody reads the Section 60 forms. Training on "
        "Stop and Search was fine; training matters. Ravensworth agreed, as did Mr Quill. "
        "Transcribed by Halloran. I've asked Ravensworth. Don't. Mm. IAGs and NCALT help.",
    )
    t = _table(project)
    assert set(t) == {"Ravensworth", "Quill", "Halloran", "Ann"}
    # "Transcribed" only ever opens a sentence, unlike "Ravensworth", which is also said
    # inside one; contractions, interjections and acronyms are not names


def test_listed_terms_are_not_suggested_again_and_their_stand_ins_are_reused(
    project: Project,
) -> None:
    _add(project, "Interview 01", "Interviewer: Hi.\nPC Smith: Hello.", force="Kent")
    set_pseudonym(project, "Kent", "Force A")
    set_pseudonym(project, "Smith", "an officer")
    t = _table(project)
    assert "Kent" not in t
    assert "Smith" not in t
    assert t["PC Smith"][0] == "an officer"  # the same person keeps the same stand-in
    _add(project, "Interview 02", "Interviewer: Hi.", force="Essex")
    assert _table(project)["Essex"][0] == "Force B"  # "Force A" is taken
    apply_suggestions(project, suggest(project))
    assert {p.term for p in list_pseudonyms(project)} >= {"Kent", "Essex", "PC Smith", "Ann"}
    assert suggest(project) == []
