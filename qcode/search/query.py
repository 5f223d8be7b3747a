"""Parsing a query with Whoosh's syntax, expanding wildcards over the corpus's own words, and
recording what to highlight in each hit."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser
from whoosh import query as wq

from qcode.search.analysis import stem, words
from qcode.search.docset import AndNot, DocnumsQuery
from qcode.search.live import LiveIndex
from qcode.search.phrase import CheckedPhrase, phrase_pattern
from qcode.search.schema import ATTRIBUTE_PREFIX, DOCUMENT, TEXT, build_schema
from qcode.search.syntax import QuerySyntaxError, check_query

#: A wildcard matching more distinct stems than this is refused (it would match almost anything).
MAX_EXPANSION = 2000
_SCHEMA = build_schema()
#: A query matching nothing (Whoosh's NullQuery means "no condition" inside an AND).
NOTHING = wq.Term(DOCUMENT, "\x00none")


@dataclass(frozen=True)
class PhraseSpec:
    """A phrase to find again in a hit: its stems, their distances, and the allowed slack."""

    stems: tuple[str, ...]
    gaps: tuple[int, ...]  # position distance to the previous word (1 = next to it)
    slop: int  # the user's slop: 1 for an exact phrase, N for "a b"~N

    @property
    def window(self) -> int:
        return max(self.slop, *self.gaps) if self.gaps else self.slop


@dataclass
class Highlight:
    """What counts as a match in a hit's text: stems, exact lower-case words, phrases."""

    stems: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    phrases: list[PhraseSpec] = field(default_factory=list)
    #: every lower-case word of the corpus that may be one of these (None: not worked out),
    #: so the highlighter can look for them instead of re-tokenising whole segments
    forms: frozenset[str] | None = None
    #: the highlighter's pattern for `forms`, compiled when first needed
    finder: re.Pattern[str] | None = None


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    query: Any  # a whoosh.query.Query
    highlight: Highlight


_PARSERS: dict[frozenset[tuple[str, str]], qparser.QueryParser] = {}


def _parser(aliases: dict[str, str]) -> qparser.QueryParser:
    """A query parser knowing these attribute aliases (kept: building one costs more than a
    short query's parse)."""
    key = frozenset(aliases.items())
    parser = _PARSERS.get(key)
    if parser is None:
        if len(_PARSERS) > 16:
            _PARSERS.clear()
        parser = _PARSERS[key] = _new_parser(aliases)
    return parser


def _new_parser(aliases: dict[str, str]) -> qparser.QueryParser:
    parser = qparser.QueryParser(TEXT, _SCHEMA)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    if aliases:
        by_field: dict[str, list[str]] = {}
        for alias, fieldname in aliases.items():
            by_field.setdefault(fieldname, []).append(alias)
        parser.add_plugin(qparser.FieldAliasPlugin(by_field))
    return parser


def parse_query(live: LiveIndex, text: str) -> ParsedQuery:
    """Parse `text`; QuerySyntaxError with a readable reason when it cannot be searched."""
    cleaned = check_query(text, live.aliases)
    try:
        parsed = _parser(live.aliases).parse(cleaned)
    except Exception as exc:  # Whoosh rarely raises, but when it does the message is cryptic
        raise QuerySyntaxError(f"cannot understand the query {text!r}") from exc
    if parsed is wq.NullQuery:
        raise QuerySyntaxError(
            f"nothing to search for in {text!r}: very common words (the, and, of ...) "
            "are not indexed"
        )
    highlight = Highlight()
    result = _Transformer(live, cleaned, highlight).walk(parsed, negated=False)
    stems = highlight.stems.union(*(p.stems for p in highlight.phrases))
    highlight.forms = frozenset(highlight.words).union(*map(live.forms, stems))
    return ParsedQuery(text, result, highlight)


class _Transformer:
    def __init__(self, live: LiveIndex, source: str, highlight: Highlight) -> None:
        self.live = live
        self.source = source
        self.highlight = highlight

    def walk(self, q: Any, negated: bool) -> Any:
        if isinstance(q, wq.Not):
            return wq.Not(self.walk(q.query, not negated))
        if isinstance(q, wq.AndNot):
            return AndNot(self.walk(q.a, negated), self.walk(q.b, not negated))
        fieldname = getattr(q, "fieldname", None)
        if isinstance(fieldname, str) and fieldname.startswith(ATTRIBUTE_PREFIX):
            return self._attribute(q)
        if fieldname == TEXT:
            if isinstance(q, wq.Phrase):
                return self._phrase(q, negated)
            if isinstance(q, wq.Wildcard | wq.Prefix):
                return self._pattern(q, negated)
            if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
                if not negated:
                    self.highlight.stems.add(q.text)
                return q
            if isinstance(q, wq.MultiTerm):  # fuzzy terms, ranges
                if not negated:
                    self.highlight.stems |= self._expanded(q)
                return q
        if isinstance(q, wq.And):
            return self._and(q, negated)
        if isinstance(q, wq.CompoundQuery):
            return q.apply(lambda kid: self.walk(kid, negated))
        return q

    def _and(self, q: Any, negated: bool) -> Any:
        """`a AND NOT b` as AndNot(a, b): Whoosh would otherwise walk every document not
        containing b (the whole index, in Python) and intersect."""
        kids = [self.walk(kid, negated) for kid in q.subqueries]
        nots = [kid.query for kid in kids if isinstance(kid, wq.Not)]
        positives = [kid for kid in kids if not isinstance(kid, wq.Not)]
        if not nots or not positives:
            return wq.And(kids, boost=q.boost)
        positive = positives[0] if len(positives) == 1 else wq.And(positives, boost=q.boost)
        negative = nots[0] if len(nots) == 1 else wq.Or(nots)
        return AndNot(positive, negative)

    def _attribute(self, q: Any) -> Any:
        """`force:C` -> the documents whose attribute has that value (or word of it)."""
        values = self.live.attribute_docs.get(q.fieldname, {})
        if isinstance(q, wq.Wildcard | wq.Prefix):
            pattern = q.text.lower() + ("*" if isinstance(q, wq.Prefix) else "")
            keys = expand_pattern(sorted(values), pattern)
        elif isinstance(q, wq.Term):
            keys = {q.text}
        else:
            raise QuerySyntaxError("attributes are searched by value: write force:C or force:C*")
        docs = frozenset().union(*(values.get(k, set()) for k in keys))
        if not docs:
            return NOTHING
        return DocnumsQuery(self.live, self.live.docnums_of_documents(docs), q.fieldname)

    def _expanded(self, q: Any) -> set[str]:
        reader = self.live.searcher.reader()
        out: set[str] = set()
        for _fieldname, btext in q.expanded_terms(reader):
            out.add(btext.decode("utf-8") if isinstance(btext, bytes) else str(btext))
            if len(out) > MAX_EXPANSION:
                raise QuerySyntaxError(f"{q.text!r} matches too many words; narrow it down")
        return out

    def _pattern(self, q: Any, negated: bool) -> Any:
        pattern = q.text.lower()
        if isinstance(q, wq.Prefix):
            pattern += "*"
        found = expand_pattern(self.live.vocabulary, pattern)
        stems = {stem(w) for w in found}
        if len(stems) > MAX_EXPANSION:
            raise QuerySyntaxError(
                f"{pattern!r} matches {len(stems)} different words; make the pattern longer"
            )
        if not negated:
            self.highlight.words |= found
        if not stems:
            return NOTHING
        terms = [wq.Term(TEXT, s) for s in sorted(stems)]
        return terms[0] if len(terms) == 1 else wq.Or(terms, boost=q.boost)

    def _phrase(self, q: Any, negated: bool) -> Any:
        stems = tuple(q.words)
        if not stems:
            return NOTHING
        gaps: tuple[int, ...] = ()
        ranges = getattr(q, "char_ranges", None)
        if ranges and len(ranges) == len(stems):
            seen = words(self.source[ranges[0][0] : ranges[-1][1]])
            if len(seen) == len(stems):
                gaps = tuple(b.pos - a.pos for a, b in itertools.pairwise(seen))
        if not gaps:
            gaps = (1,) * (len(stems) - 1)
        spec = PhraseSpec(stems, gaps, max(1, q.slop))
        if not negated:
            self.highlight.phrases.append(spec)
        if len(stems) == 1:
            return wq.Term(TEXT, stems[0], boost=q.boost)
        forms = [self.live.forms(s) for s in stems]
        if all(forms):
            pattern = phrase_pattern(forms, spec.gaps, spec.slop)
            return CheckedPhrase(TEXT, list(stems), spec.window, q.boost, forms, pattern, self.live)
        return wq.Phrase(TEXT, list(stems), slop=spec.window, boost=q.boost)


def expand_pattern(vocabulary: list[str], pattern: str) -> set[str]:
    """Words of the (sorted) vocabulary matching a wildcard pattern (`*` any run, `?` one)."""
    head = re.split(r"[*?]", pattern, maxsplit=1)[0]
    lo = bisect.bisect_left(vocabulary, head)
    hi = bisect.bisect_left(vocabulary, head + "\uffff") if head else len(vocabulary)
    if pattern == head + "*":
        return set(vocabulary[lo:hi])
    regex = re.compile(
        "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern),
        re.DOTALL,
    )
    return {w for w in vocabulary[lo:hi] if regex.fullmatch(w)}
