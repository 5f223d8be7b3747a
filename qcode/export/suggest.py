"""Pseudonym suggestions: names of people, forces and places found in a project, with stand-ins."""

from __future__ import annotations

import functools
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
_WORD_TAIL = r"[^\W\d_]*(?:['\u2019\-][^\W\d_]+)*"
_WORD = re.compile(r"[^\W\d_]" + _WORD_TAIL)
_FORCE_SUFFIX = re.compile(r"^the\s+|\s+(police(\s+(service|force))?|constabulary)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
#: Endings of English words: a capitalised word that only opens sentences and ends so
#: ("Transcribed", "Honestly", "Basically") is not taken for a name.
_ENGLISH = re.compile(
    r"(ed|ing|ly|ness|ment|tion|sion|able|ible|ful|less|ous|ive|ity|ism|ise|ize|est|ies)$"
)
_CONTRACTIONS = frozenset({"ve", "d", "m", "ll", "re", "t"})
_OPENERS = frozenset('.!?:\n"\u201c\u2018([')


@dataclass(frozen=True)
class _Vocabulary:
    """Words seen in lower case, and capitalised words seen inside sentences."""

    lower: set[str]
    mid: set[str]


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

    taken: set[str]  # folded terms on the list or suggested
    taken_replacements: set[str]  # folded stand-ins in use, and names a stand-in must not be
    out: list[Suggestion] = field(default_factory=list)
    by_key: dict[str, str] = field(default_factory=dict)  # folded name → replacement
    counters: dict[str, int] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)  # stand-in → the role it was made for

    def _next(self, stem: str, letters: bool = False) -> str:
        while True:
            n = self.counters.get(stem, 0)
            self.counters[stem] = n + 1
            label = f"{stem} {_letters(n) if letters else n + 1}"
            if fold_key(label) not in self.taken_replacements:
                return label

    def add(
        self, names: list[str], stem: str, category: str, source: str, also: Iterable[str] = ()
    ) -> None:
        """One person, force or place known by `names`, and by `also` (a surname) if free.

        A name already known keeps its stand-in ("Sgt Morgan" as a speaker, "Morgan" in an
        attribute); a surname another person already has is not given to this one.
        """
        keys = [fold_key(t) for t in names]
        fresh = [(t, k) for t, k in zip(names, keys, strict=True) if k and k not in self.taken]
        fresh += [(t, fold_key(t)) for t in also if fold_key(t) and fold_key(t) not in self.taken]
        if not fresh:
            return
        replacement = next(
            (
                self.by_key[k]
                for k in keys
                if k in self.by_key and self.stems.get(self.by_key[k], stem) == stem
            ),
            "",
        )  # "Insp Hughes" is not "ACC Hughes", though both are "Hughes"
        if not replacement:
            replacement = self._next(stem, letters=category == "force")
            self.stems[replacement] = stem
        for term, key in fresh:
            if key in self.taken:
                continue
            self.taken.add(key)
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


@functools.lru_cache(maxsize=65536)
def _plain_word(token: str) -> str:
    """ "Morgan" from "Morgan's"; "" for a contraction ("I've", "Don't") or an acronym."""
    head, _, tail = re.sub("\u2019", "'", token).partition("'")
    if tail.casefold() in _CONTRACTIONS:
        return ""
    word = head if tail.casefold() == "s" else token
    if len(word) > 1 and word[1].isalpha() and word[1].isupper():
        return ""  # "NCALT", "IAGs", "PCs"
    return word


def _is_initial(text: str, start: int) -> bool:
    """Whether a word starting at `start` opens a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _OPENERS


Capital = tuple[int, int, str, bool]  # start, end, the word, whether it opens a sentence


@functools.cache
def _capital_word() -> re.Pattern[str]:
    """A word that starts with an upper-case letter of any script."""
    upper = [c for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha()]
    ranges: list[str] = []
    start = prev = upper[0]
    for c in [*upper[1:], -2]:
        if c != prev + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
            )
            start = c
        prev = c
    return re.compile(r"(?<![^\W\d_])[" + "".join(ranges) + "]" + _WORD_TAIL)


def _capitals(text: str, lower: set[str] | None = None) -> list[Capital]:
    """The capitalised words of `text`; words in lower case go into `lower`."""
    if lower is not None:
        lower.update(w for w in set(_WORD.findall(text)) if w[0].islower())
    return [
        (m.start(), m.end(), m.group(0), _is_initial(text, m.start()))
        for m in _capital_word().finditer(text)
    ]


def _name_runs(
    text: str,
    capitals: list[Capital],
    vocabulary: _Vocabulary,
    excluded: set[str],
    *,
    prose: bool = True,
) -> list[str]:
    """Runs of capitalised words that are not common words, e.g. "Mary O'Neill".

    In prose, a single word that only ever opens sentences and ends like an English word
    ("Transcribed", "Basically") is not taken for a name; in names of documents, every word
    counts.
    """
    runs: list[str] = []
    current: list[tuple[str, bool]] = []
    last_end = -2

    def close() -> None:
        if current and (not prose or len(current) > 1 or not current[0][1]):
            runs.append(" ".join(w for w, _ in current))
        current.clear()

    for start, end, token, opens in capitals:
        word = _plain_word(token)
        is_name = (
            bool(word) and _is_name_word(word, vocabulary.lower) and word.casefold() not in excluded
        )
        initial = prose and opens and word not in vocabulary.mid and bool(_ENGLISH.search(word))
        if not (is_name and current and text[last_end:start] == " "):
            close()
        if is_name:
            current.append((word, initial))
        last_end = end
    close()
    return runs


def _person_terms(label: str, lower_vocabulary: set[str]) -> tuple[str, list[str], list[str]]:
    """The role, the names (label, full name) and the surname a label names someone by."""
    role, words = _split_label(label)
    names = [w for w in words if w[:1].isalpha()]
    if not any(_is_name_word(w.strip(".,"), lower_vocabulary) for w in names):
        return role, [], []
    name = " ".join(words)
    terms = [label] if role and label != name else []
    terms.append(name)
    surname = names[-1] if len(names) > 1 and _is_name_word(names[-1], lower_vocabulary) else ""
    return role, terms, [surname] if surname else []


def _force_terms(value: str) -> list[str]:
    """The terms a force goes by: "Surrey Police" is also called "Surrey"."""
    full = " ".join(value.split())
    short = _FORCE_SUFFIX.sub("", full).strip()
    return [full, short] if short and short != full else [full]


def _vocabulary(capitals: Iterable[list[Capital]], lower: set[str]) -> _Vocabulary:
    mid = {_plain_word(token) for caps in capitals for _, _, token, opens in caps if not opens}
    return _Vocabulary(lower, mid)


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
    lower: set[str] = set()
    capitals = {d.uuid: _capitals(d.text, lower) for d in docs}
    vocabulary = _vocabulary(capitals.values(), lower)
    b = _Builder(
        {fold_key(p.term) for p in listed},
        {fold_key(p.replacement) for p in listed} | {fold_key(p.term) for p in listed},
    )
    b.by_key.update({fold_key(p.term): p.replacement for p in listed})
    return _collect(b, docs, capitals, attributes, speakers, coders, vocabulary, code_words)


def _collect(
    b: _Builder,
    docs: list[_Source],
    capitals: dict[str, list[Capital]],
    attributes: dict[str, list[tuple[str, str]]],
    speakers: dict[str, list[str]],
    coders: list[Coder],
    vocabulary: _Vocabulary,
    code_words: set[str],
) -> list[Suggestion]:
    forces = [
        (key, value)
        for d in docs
        for key, value in attributes.get(d.uuid, [])
        if key.strip().casefold() in FORCE_KEYS and _names_something(value)
    ]
    # a stand-in is never a name the data already uses ("Force A" as a force's own value)
    b.taken_replacements |= {fold_key(t) for _, v in forces for t in _force_terms(v)}
    for key, value in forces:  # forces first, lettered in sheet (document) order
        b.add(_force_terms(value), "Force", "force", "attribute " + key)
    for d in docs:
        for key, value in attributes.get(d.uuid, []):
            k, value = key.strip().casefold(), " ".join(value.split())
            if k in PERSON_KEYS:
                _, names, surname = _person_terms(value, vocabulary.lower)
                b.add(names, k.title(), "person", "attribute " + key, surname)
            elif k in PLACE_KEYS and _names_something(value):
                b.add([value], "Place", "place", "attribute " + key)
        for label in speakers.get(d.uuid, []):
            role, names, surname = _person_terms(" ".join(label.split()), vocabulary.lower)
            b.add(names, role or "Person", "person", "speaker", surname)
    for c in coders:
        if any(_is_name_word(w, vocabulary.lower) for w in _WORD.findall(c.name)):
            b.add([" ".join(c.name.split())], "Coder", "person", "coder")
    for d in docs:
        name_capitals = _capitals(d.name)
        for run in _name_runs(d.name, name_capitals, vocabulary, code_words, prose=False):
            b.add([run], "Name", "name", "document name")
        for run in _name_runs(d.text, capitals[d.uuid], vocabulary, code_words):
            b.add([run], "Name", "name", "text")
    return b.out


def _names_something(value: str) -> bool:
    """A value with a letter code or a word that is not common ("National" names no force)."""
    return any(len(w) == 1 or w.casefold() not in common_words() for w in _WORD.findall(value))


def candidates(project: Project) -> list[str]:
    """Names the leak check looks for beyond the pseudonym list (the suggestions' terms)."""
    return [x.term for x in suggest(project)]


def apply_suggestions(project: Project, items: Iterable[Suggestion]) -> list[PseudonymInfo]:
    """Add the given suggestions to the pseudonym list; returns the list afterwards."""
    for item in items:
        set_pseudonym(project, item.term, item.replacement)
    return list_pseudonyms(project)
