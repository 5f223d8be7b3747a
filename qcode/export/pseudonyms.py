"""Pseudonyms: a project table of terms replaced on export (the stored text never changes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import NotFoundError, QcodeError
from qcode.store import Action, Project, Pseudonym
from qcode.store.tombstones import tombstone

if TYPE_CHECKING:
    from qcode.export.bundle import BundleOptions


@dataclass(frozen=True)
class PseudonymInfo:
    """One term and what replaces it in exports."""

    uuid: str
    term: str
    replacement: str
    whole_word: bool


@dataclass(frozen=True)
class Leak:
    """A pseudonymised term that would still appear in an export, and where."""

    term: str
    where: str  # e.g. "quote", "attribution", "heading", "title page"
    document_name: str
    excerpt: str
    whole_word: bool  # False: only inside a longer word (e.g. "Kent" in "Kentish")


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
            if row.term.casefold() == term.casefold():
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
            if uuid_or_term in (row.uuid,) or row.term.casefold() == uuid_or_term.casefold():
                action.entity_uuid = row.uuid
                tombstone(s, Pseudonym, [row.uuid], now(), project.coder_uuid)
                return
        raise NotFoundError(f"no pseudonym {uuid_or_term!r} in this project")


def _pattern(term: str, whole_word: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in term.split())
    return rf"(?<!\w){body}(?!\w)" if whole_word else body


class Pseudonymiser:
    """Replaces every term in one pass, longest first, case-insensitively."""

    def __init__(self, terms: list[PseudonymInfo]) -> None:
        self.terms = sorted(terms, key=lambda t: (-len(t.term), t.term.casefold()))
        self._by_key = {" ".join(t.term.casefold().split()): t for t in self.terms}
        alternatives = [_pattern(t.term, t.whole_word) for t in self.terms]
        self._regex = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def _replace(self, match: re.Match[str]) -> str:
        found = self._by_key.get(" ".join(match.group(0).casefold().split()))
        if found is None:  # case folding changed the length (rare): find it the slow way
            found = next(
                t
                for t in self.terms
                if re.fullmatch(_pattern(t.term, False), match.group(0), re.IGNORECASE)
            )
        return found.replacement

    def apply(self, text: str) -> str:
        return self._regex.sub(self._replace, text) if self._regex is not None and text else text

    def apply_span(self, text: str, start: int, end: int, *, owns_cut_terms: bool = True) -> str:
        """`text[start:end]` pseudonymised as it reads in the whole text.

        A term cut by the bounds (a passage starting inside "Kent") is still found: with
        `owns_cut_terms` its replacement is put in whole, otherwise its part is left out (the
        neighbouring passage that owns it shows the replacement).
        """
        if self._regex is None or start >= end:
            return text[start:end]
        reach = 2 * max(len(t.term) for t in self.terms) + 8
        out: list[str] = []
        pos = start
        for m in self._regex.finditer(text, max(0, start - reach), min(len(text), end + reach)):
            if m.end() <= start or m.start() >= end:
                continue
            out.append(text[pos : max(pos, m.start())])
            whole = start <= m.start() and m.end() <= end
            out.append(self._replace(m) if whole or owns_cut_terms else "")
            pos = max(pos, m.end())
        if pos < end:
            out.append(text[pos:end])
        return "".join(out)

    def finds(self, text: str) -> bool:
        return self._regex is not None and self._regex.search(text) is not None


def pseudonymiser(project: Project) -> Pseudonymiser:
    """The project's current terms, ready to apply."""
    return Pseudonymiser(list_pseudonyms(project))


def scan(terms: list[PseudonymInfo], texts: list[tuple[str, str, str]]) -> list[Leak]:
    """Every occurrence of a term, even inside a longer word, in (where, document, text)."""
    out: list[Leak] = []
    for t in terms:
        loose = re.compile(_pattern(t.term, False), re.IGNORECASE)
        strict = re.compile(_pattern(t.term, True), re.IGNORECASE)
        for where, document, text in texts:
            for m in loose.finditer(text):
                lo, hi = max(0, m.start() - 30), min(len(text), m.end() + 30)
                whole = strict.match(text, m.start()) is not None and (
                    m.start() == 0 or not text[m.start() - 1].isalnum()
                )
                excerpt = " ".join(text[lo:hi].split())
                out.append(Leak(t.term, where, document, excerpt, whole))
    return out


def leaks(project: Project, options: BundleOptions) -> list[Leak]:
    """Terms that would still appear in the pseudonymised export described by `options`."""
    from dataclasses import replace

    from qcode.export.bundle import build_bundle

    terms = list_pseudonyms(project)
    bundle = build_bundle(project, replace(options, pseudonymise=True))
    return scan(terms, bundle.texts())
