"""Pseudonyms: a project table of terms replaced on export (the stored text never changes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import NotFoundError, QcodeError
from qcode.export.matching import Matcher, fold_key
from qcode.store import Action, Project, Pseudonym
from qcode.store.tombstones import tombstone


@dataclass(frozen=True)
class PseudonymInfo:
    """One term and what replaces it in exports."""

    uuid: str
    term: str
    replacement: str
    whole_word: bool


def _live(session: Session) -> list[Pseudonym]:
    rows = session.scalars(select(Pseudonym).where(Pseudonym.deleted.is_(False)))
    return sorted(rows, key=lambda p: p.term.casefold())


def _info(row: Pseudonym) -> PseudonymInfo:
    return PseudonymInfo(row.uuid, row.term, row.replacement, row.whole_word)


def list_pseudonyms(project: Project) -> list[PseudonymInfo]:
    """The live terms, alphabetically."""
    with project.read() as s:
        return [_info(p) for p in _live(s)]


def set_pseudonym(project: Project, term: str, replacement: str, whole_word: bool = True) -> str:
    """Add a term (or change the replacement of an existing one); returns its UUID."""
    term = " ".join(term.split())
    replacement = " ".join(replacement.split())
    if not term:
        raise QcodeError("a pseudonym needs a term to replace")
    if not replacement:
        raise QcodeError(f"give a replacement for {term!r} (for example 'Force C')")
    if Pseudonymiser([PseudonymInfo("", term, replacement, whole_word)]).finds(replacement):
        raise QcodeError(f"the replacement {replacement!r} still contains {term!r}")
    action = Action("set pseudonym", "pseudonym", touches={"pseudonyms"})
    with project.transaction(action) as s:
        stamp = now()
        for row in _live(s):
            if fold_key(row.term) == fold_key(term):
                row.term, row.replacement, row.whole_word = term, replacement, whole_word
                row.updated_at, row.updated_by = stamp, project.coder_uuid
                action.entity_uuid = row.uuid
                return row.uuid
        row = Pseudonym(
            term=term,
            replacement=replacement,
            whole_word=whole_word,
            updated_at=stamp,
            updated_by=project.coder_uuid,
        )
        s.add(row)
        s.flush()
        action.entity_uuid = row.uuid
        return row.uuid


def remove_pseudonym(project: Project, uuid_or_term: str) -> None:
    """Remove a term by UUID or by the term itself (any case)."""
    action = Action("remove pseudonym", "pseudonym", touches={"pseudonyms"})
    with project.transaction(action) as s:
        for row in _live(s):
            if uuid_or_term == row.uuid or fold_key(row.term) == fold_key(uuid_or_term):
                action.entity_uuid = row.uuid
                tombstone(s, Pseudonym, [row.uuid], now(), project.coder_uuid)
                return
        raise NotFoundError(f"no pseudonym {uuid_or_term!r} in this project")


class Pseudonymiser:
    """Replaces every term in one pass, longest first, however case, accents or quotes vary."""

    def __init__(self, terms: list[PseudonymInfo]) -> None:
        self.terms = sorted(terms, key=lambda t: (-len(t.term), t.term.casefold()))
        self._matcher = Matcher([(t.term, t.whole_word) for t in self.terms])
        self._reach = 2 * max((len(t.term) for t in self.terms), default=0) + 8
        #: The terms replaced so far (by UUID, or the term when it has none), for the statement.
        self.used: dict[str, PseudonymInfo] = {}

    def __bool__(self) -> bool:
        return bool(self._matcher)

    def _use(self, index: int) -> str:
        info = self.terms[index]
        self.used.setdefault(info.uuid or info.term, info)
        return info.replacement

    def apply(self, text: str) -> str:
        if not self or not text:
            return text
        out: list[str] = []
        pos = 0
        for hit in self._matcher.hits(text):
            out += [text[pos : hit.start], self._use(hit.index)]
            pos = hit.end
        out.append(text[pos:])
        return "".join(out)

    def apply_span(self, text: str, start: int, end: int, *, owns_cut_terms: bool = True) -> str:
        """`text[start:end]` pseudonymised as it reads in the whole text.

        A term cut by the bounds (a passage starting inside "Kent") is still found: with
        `owns_cut_terms` its replacement is put in whole, otherwise its part is left out (the
        neighbouring passage that owns it shows the replacement).
        """
        if not self or start >= end:
            return text[start:end]
        lo, hi = max(0, start - self._reach), min(len(text), end + self._reach)
        out: list[str] = []
        pos = start
        for hit in self._matcher.hits(text, lo, hi):
            if hit.end <= start or hit.start >= end:
                continue
            out.append(text[pos : max(pos, hit.start)])
            whole = start <= hit.start and hit.end <= end
            out.append(self._use(hit.index) if whole or owns_cut_terms else "")
            pos = max(pos, hit.end)
        if pos < end:
            out.append(text[pos:end])
        return "".join(out)

    def finds(self, text: str) -> bool:
        return self._matcher.search(text)


def pseudonymiser(project: Project) -> Pseudonymiser:
    """The project's current terms, ready to apply."""
    return Pseudonymiser(list_pseudonyms(project))


FORCE_WORDS = re.compile(r"\b(force|police|constabulary)\b", re.IGNORECASE)
PLACE_WORDS = re.compile(r"^(place|area|town|city|county|region|location|station)\b", re.I)


def category(info: PseudonymInfo) -> str:
    """The kind of a term ("force", "place" or "name"), read from it and its replacement."""
    if FORCE_WORDS.search(info.replacement) or FORCE_WORDS.search(info.term):
        return "force"
    if PLACE_WORDS.search(info.replacement):
        return "place"
    return "name"


def statement(used: list[PseudonymInfo], coders: str = "keep") -> str:
    """What a pseudonymised bundle says was done: only what was, never more; "" for nothing."""
    replacements: dict[str, set[str]] = {"force": set(), "place": set(), "name": set()}
    for info in used:  # "Sgt Morgan" and "Morgan" both becoming "Sergeant 1" are one name
        replacements[category(info)].add(fold_key(info.replacement))
    counts = {k: len(v) for k, v in replacements.items()}
    words = {"force": ("force", "forces"), "place": ("place", "places"), "name": ("name", "names")}
    parts = [f"{n} {words[k][n != 1]}" for k, n in counts.items() if n]
    lines = []
    if parts:
        said = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        lines.append(
            f"Pseudonymised: {said} from the project's pseudonym list "
            f"{'was' if sum(counts.values()) == 1 else 'were'} replaced wherever they occur in "
            "this bundle."
        )
    if coders == "replace":
        lines.append("Coders are named Coder 1, Coder 2 and so on.")
    elif coders == "omit":
        lines.append("Coders are not named.")
    if lines:
        lines.append("Check the document before circulating it.")
    return " ".join(lines)
