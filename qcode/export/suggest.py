"""Pseudonym suggestions: names of people, forces and places found in a project, with stand-ins."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from qcode.export.common_words import common_words
from qcode.export.matching import fold_key
from qcode.export.model import natural_key
from qcode.export.pseudonyms import PseudonymInfo, list_pseudonyms, set_pseudonym
from qcode.store import Attribute, Code, Coder, Document, Project, Segment

#: Ranks and roles that open a speaker label, as UK forces write them (dots dropped).
RANKS: dict[tuple[str, ...], str] = {
    ("pc",): "Constable",
    ("constable",): "Constable",
    ("police", "constable"): "Constable",
    ("dc",): "Detective Constable",
    ("detective", "constable"): "Detective Constable",
    ("pcso",): "PCSO",
    ("sgt",): "Sergeant",
    ("sergeant",): "Sergeant",
    ("ps",): "Sergeant",
    ("ds",): "Detective Sergeant",
    ("det", "sgt"): "Detective Sergeant",
    ("detective", "sergeant"): "Detective Sergeant",
    ("insp",): "Inspector",
    ("inspector",): "Inspector",
    ("di",): "Detective Inspector",
    ("det", "insp"): "Detective Inspector",
    ("detective", "inspector"): "Detective Inspector",
    ("ch", "insp"): "Chief Inspector",
    ("chief", "inspector"): "Chief Inspector",
    ("dci",): "Detective Chief Inspector",
    ("supt",): "Superintendent",
    ("superintendent",): "Superintendent",
    ("dsu",): "Detective Superintendent",
    ("det", "supt"): "Detective Superintendent",
    ("ch", "supt"): "Chief Superintendent",
    ("chief", "superintendent"): "Chief Superintendent",
    ("acc",): "Assistant Chief Constable",
    ("assistant", "chief", "constable"): "Assistant Chief Constable",
    ("dcc",): "Deputy Chief Constable",
    ("deputy", "chief", "constable"): "Deputy Chief Constable",
    ("chief", "constable"): "Chief Constable",
    ("commander",): "Commander",
    ("commissioner",): "Commissioner",
    ("chief", "officer"): "Chief Officer",
    ("officer",): "Officer",
    ("mr",): "",
    ("mrs",): "",
    ("ms",): "",
    ("miss",): "",
    ("mx",): "",
    ("dr",): "",
    ("prof",): "",
}
FORCE_KEYS = frozenset({"force", "forces", "police force", "constabulary", "police"})
PERSON_KEYS = frozenset(
    {
        "interviewer",
        "interviewee",
        "name",
        "participant",
        "officer",
        "respondent",
        "person",
        "speaker",
        "manager",
        "lead",
        "contact",
        "author",
        "chair",
        "facilitator",
        "note taker",
        "notetaker",
    }
)
PLACE_KEYS = frozenset(
    {
        "location",
        "place",
        "area",
        "town",
        "city",
        "county",
        "region",
        "station",
        "division",
        "district",
        "borough",
        "site",
        "bcu",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_FORCE_SUFFIX = re.compile(r"^the\s+|\s+(police(\s+(service|force))?|constabulary)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)


@dataclass(frozen=True)
class _Source:
    uuid: str
    name: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    """A term to replace on export, what to replace it by, and why it was suggested."""

    term: str
    replacement: str
    category: str  # "force", "person", "place" or "name"
    source: str  # "speaker", "attribute force", "coder", "document name", "text"


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


@dataclass
class _Builder:
    """Suggestions in the order found, each term once, numbered per role."""

    taken_terms: set[str]
    taken_replacements: set[str]
    out: list[Suggestion] = field(default_factory=list)
    by_key: dict[str, str] = field(default_factory=dict)  # folded name → replacement
    counters: dict[str, int] = field(default_factory=dict)

    def _next(self, stem: str, letters: bool = False) -> str:
        while True:
            n = self.counters.get(stem, 0)
            self.counters[stem] = n + 1
            label = f"{stem} {_letters(n) if letters else n + 1}"
            if fold_key(label) not in self.taken_replacements:
                return label

    def add(self, terms: list[str], stem: str, category: str, source: str) -> None:
        """One person, force or place known by `terms` (the first is its full name)."""
        keys = [fold_key(t) for t in terms]
        replacement = next((self.by_key[k] for k in keys if k in self.by_key), "")
        if not replacement:
            replacement = self._next(stem, letters=category == "force")
        for term, key in zip(terms, keys, strict=True):
            if not key or key in self.taken_terms:
                continue
            self.taken_terms.add(key)
            self.by_key[key] = replacement
            self.out.append(Suggestion(term, replacement, category, source))


def _is_name_word(word: str, lower_vocabulary: set[str]) -> bool:
    folded = word.casefold()
    return (
        word[:1].isupper()
        and not (word.isupper() and len(word) > 1 and len(word) <= 4)
        and folded not in common_words()
        and folded not in lower_vocabulary
        and sum(c.isalpha() for c in word) >= 2
    )


def _split_label(label: str) -> tuple[str, list[str]]:
    """("Sergeant", ["Morgan"]) from "Sgt. Morgan"; ("", []) from "Interviewer"."""
    words = label.split()
    plain = [w.casefold().strip(".") for w in words]
    for size in (3, 2, 1):
        if tuple(plain[:size]) in RANKS:
            return RANKS[tuple(plain[:size])], words[size:]
    return "", words


def _name_runs(text: str, lower_vocabulary: set[str], excluded: set[str]) -> list[str]:
    """Runs of capitalised words that are not common words, e.g. "Mary O'Neill"."""
    runs: list[str] = []
    current: list[str] = []
    last_end = -2
    for m in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group(0))
        is_name = _is_name_word(word, lower_vocabulary) and word.casefold() not in excluded
        if is_name and current and text[last_end : m.start()] == " ":
            current.append(word)
        else:
            if current:
                runs.append(" ".join(current))
            current = [word] if is_name else []
        last_end = m.end()
    if current:
        runs.append(" ".join(current))
    return runs


def _person_terms(label: str, lower_vocabulary: set[str]) -> tuple[str, list[str]]:
    """The role and the terms (full label, name, surname) a speaker label names someone by."""
    role, words = _split_label(label)
    names = [w for w in words if w[:1].isalpha()]
    if not any(_is_name_word(w.strip(".,"), lower_vocabulary) for w in names):
        return role, []
    name = " ".join(words)
    terms = [label] if role and label != name else []
    terms.append(name)
    if len(names) > 1 and _is_name_word(names[-1], lower_vocabulary):
        terms.append(names[-1])
    return role, terms


def _force_terms(value: str) -> list[str]:
    """The terms a force goes by: "Surrey Police" is also called "Surrey"."""
    full = " ".join(value.split())
    short = _FORCE_SUFFIX.sub("", full).strip()
    return [full, short] if short and short != full else [full]


def _lower_vocabulary(texts: Iterable[str]) -> set[str]:
    return {m.group(0) for t in texts for m in _WORD.finditer(t) if m.group(0)[:1].islower()}


def suggest(project: Project) -> list[Suggestion]:
    """Names in speakers, attributes, coders, document names and text not yet on the list."""
    listed = list_pseudonyms(project)
    with project.read() as s:
        rows = s.execute(
            select(Document.uuid, Document.name, Document.text, Document.imported_at).where(
                Document.deleted.is_(False)
            )
        )
        docs = [
            _Source(u, unicodedata.normalize("NFC", n), unicodedata.normalize("NFC", t))
            for u, n, t, _ in sorted(rows, key=lambda d: (d[3], natural_key(d[1]), d[0]))
        ]
        attributes: dict[str, list[tuple[str, str]]] = {}
        for a in s.scalars(
            select(Attribute).where(Attribute.deleted.is_(False)).order_by(Attribute.updated_at)
        ):
            attributes.setdefault(a.document_uuid, []).append((a.key, a.value))
        speakers: dict[str, list[str]] = {}
        for uuid, speaker in s.execute(
            select(Segment.document_uuid, Segment.speaker).order_by(
                Segment.document_uuid, Segment.start
            )
        ):
            if speaker and speaker not in speakers.setdefault(uuid, []):
                speakers[uuid].append(speaker)
        coders = sorted(
            s.scalars(select(Coder).where(Coder.deleted.is_(False))),
            key=lambda c: (c.name.casefold(), c.uuid),
        )
        code_words = {
            w.casefold()
            for c in s.scalars(select(Code).where(Code.deleted.is_(False)))
            for t in (c.name, c.definition, c.inclusion, c.exclusion, c.example, c.tor_item)
            for w in _WORD.findall(t)
        }
    vocabulary = _lower_vocabulary(d.text for d in docs)
    b = _Builder({fold_key(p.term) for p in listed}, {fold_key(p.replacement) for p in listed})
    b.by_key.update({fold_key(p.term): p.replacement for p in listed})
    return _collect(b, docs, attributes, speakers, coders, vocabulary, code_words)


def _collect(
    b: _Builder,
    docs: list[_Source],
    attributes: dict[str, list[tuple[str, str]]],
    speakers: dict[str, list[str]],
    coders: list[Coder],
    vocabulary: set[str],
    code_words: set[str],
) -> list[Suggestion]:
    for d in docs:  # forces first, lettered in sheet (document) order
        for key, value in attributes.get(d.uuid, []):
            if key.strip().casefold() in FORCE_KEYS and value.strip():
                b.add(_force_terms(value), "Force", "force", "attribute " + key)
    for d in docs:
        for key, value in attributes.get(d.uuid, []):
            k, value = key.strip().casefold(), " ".join(value.split())
            if not value or k in FORCE_KEYS:
                continue
            if k in PERSON_KEYS:
                _, terms = _person_terms(value, vocabulary)
                b.add(terms, k.title(), "person", "attribute " + key)
            elif k in PLACE_KEYS:
                b.add([value], "Place", "place", "attribute " + key)
        for label in speakers.get(d.uuid, []):
            role, terms = _person_terms(" ".join(label.split()), vocabulary)
            b.add(terms, role or "Person", "person", "speaker")
    for c in coders:
        if any(_is_name_word(w, vocabulary) for w in _WORD.findall(c.name)):
            b.add([" ".join(c.name.split())], "Coder", "person", "coder")
    for d in docs:
        for run in _name_runs(d.name, vocabulary, code_words):
            b.add([run], "Name", "name", "document name")
        for key, value in attributes.get(d.uuid, []):
            if key.strip().casefold() not in FORCE_KEYS | PERSON_KEYS | PLACE_KEYS:
                for run in _name_runs(value, vocabulary, code_words):
                    b.add([run], "Name", "name", "attribute " + key)
        for run in _name_runs(d.text, vocabulary, code_words):
            b.add([run], "Name", "name", "text")
    return b.out


def candidates(project: Project) -> list[str]:
    """Names the leak check looks for beyond the pseudonym list (the suggestions' terms)."""
    return [x.term for x in suggest(project)]


def apply_suggestions(project: Project, items: Iterable[Suggestion]) -> list[PseudonymInfo]:
    """Add the given suggestions to the pseudonym list; returns the list afterwards."""
    for item in items:
        set_pseudonym(project, item.term, item.replacement)
    return list_pseudonyms(project)
