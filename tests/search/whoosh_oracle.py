"""Whoosh's reading of the query language (the old path): the oracle our parser is tested by."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.analysis import Composable, Token

from qcode.search import plan
from qcode.search.analysis import WORD, indexable, stem, words
from qcode.search.live import LiveIndex
from qcode.search.phrase import phrase_pattern
from qcode.search.query import MAX_EXPANSION, Highlight, ParsedQuery, PhraseSpec, expand_pattern
from qcode.search.schema import ATTRIBUTE_PREFIX, KIND, SPEAKER, TEXT
from qcode.search.syntax import QuerySyntaxError, check_query


class _StatelessAnalyzer(Composable):  # type: ignore[misc]
    """An analyser with no settings: any two of the same class are equal (Whoosh compares
    analysers to decide whether a stored schema matches the code's)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class QcodeAnalyzer(_StatelessAnalyzer):
    """Whoosh analyser fused into one loop (about 15% faster to index than a filter chain).

    Tokens are stems; positions count every word (stop words included) so that phrases and
    proximity keep their distances. With `tokenize=False` (wildcards, prefixes) the text is only
    lower-cased: patterns are expanded against the corpus's words, never stemmed.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value.lower()
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        pos = start_pos
        for match in WORD.finditer(value):
            word = match.group().lower()
            if not indexable(word):
                pos += 1
                continue
            token.text = stem(word)
            if keeporiginal:
                token.original = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token


class ValueAnalyzer(_StatelessAnalyzer):
    """For attribute values and speakers: the whole value lower-cased, and each of its words,
    so that `force:C` finds "Force C" and `force:"Force C"` finds it exactly."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        whole = " ".join(value.lower().split())
        parts = [whole] if mode == "query" else [whole, *dict.fromkeys(WORD.findall(whole))]
        for i, text in enumerate(dict.fromkeys(p for p in parts if p)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token


def build_schema() -> fields.Schema:
    """The schema Whoosh's query parser analyses each field's words with: the text stemmed
    (as the index file holds it), kind and speaker as lower-cased values, and attribute fields
    (`a_*`, by their own names through aliases). The index itself is SQLite FTS5 (`cache`);
    attributes, kinds and speakers are answered from its tables and the project's, not FTS5.
    """
    keyword = ValueAnalyzer()
    schema = fields.Schema(
        **{
            KIND: fields.ID(),
            SPEAKER: fields.ID(analyzer=keyword),
            TEXT: fields.TEXT(analyzer=QcodeAnalyzer(), phrase=True),
        }
    )
    schema.add(ATTRIBUTE_PREFIX + "*", fields.ID(analyzer=keyword), glob=True)
    return schema


_SCHEMA = build_schema()


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


def whoosh_parse_query(live: LiveIndex, text: str) -> ParsedQuery:
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
    highlight.forms = frozenset(highlight.words).union(live.forms_of(stems))
    return ParsedQuery(text, result, highlight)


class _Transformer:
    def __init__(self, live: LiveIndex, source: str, highlight: Highlight) -> None:
        self.live = live
        self.source = source
        self.highlight = highlight

    def walk(self, q: Any, negated: bool) -> plan.Node:
        if isinstance(q, wq.Not):
            return plan.Not(self.walk(q.query, not negated))
        if isinstance(q, wq.AndNot):
            return plan.AndNot(self.walk(q.a, negated), self.walk(q.b, not negated))
        if isinstance(q, wq.AndMaybe):
            return plan.AndMaybe(self.walk(q.a, negated), self.walk(q.b, negated))
        if isinstance(q, wq.And):
            return self._and(q, negated)
        if isinstance(q, wq.Or | wq.DisjunctionMax):
            kids = tuple(self.walk(kid, negated) for kid in q.subqueries)
            return plan.Or(kids, q.boost)
        if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
            return plan.NOTHING
        if isinstance(q, wq.Every):
            return plan.Everything()
        fieldname = getattr(q, "fieldname", None)
        if isinstance(fieldname, str) and fieldname.startswith(ATTRIBUTE_PREFIX):
            return self._attribute(q)
        if fieldname == KIND:
            return self._kind(q)
        if fieldname == SPEAKER:
            return self._speaker(q)
        if fieldname == TEXT:
            return self._text(q, negated)
        raise QuerySyntaxError(f"cannot search {type(q).__name__} queries here")

    def _text(self, q: Any, negated: bool) -> plan.Node:
        if isinstance(q, wq.Phrase):
            return self._phrase(q, negated)
        if isinstance(q, wq.Wildcard | wq.Prefix):
            return self._pattern(q, negated)
        if isinstance(q, wq.FuzzyTerm):
            found = self.live.fuzzy_stems(q.text, q.maxdist, q.prefixlength)
            return self._expanded(found, q, negated)
        if isinstance(q, wq.TermRange):
            found = self.live.stems_between(q.start, q.end, q.startexcl, q.endexcl)
            return self._expanded(found, q, negated)
        if isinstance(q, wq.Term):
            if not negated:
                self.highlight.stems.add(q.text)
            return plan.Terms((q.text,), q.boost)
        raise QuerySyntaxError(f"cannot search {type(q).__name__} queries here")

    def _expanded(self, found: set[str], q: Any, negated: bool) -> plan.Node:
        if len(found) > MAX_EXPANSION:
            raise QuerySyntaxError(f"{q.text!r} matches too many words; narrow it down")
        if not negated:
            self.highlight.stems |= found
        return plan.Terms(tuple(sorted(found)), q.boost)

    def _and(self, q: Any, negated: bool) -> plan.Node:
        """`a AND NOT b` as AndNot(a, b): the complement of b is never worked out."""
        kids = [self.walk(kid, negated) for kid in q.subqueries]
        nots = [kid.kid for kid in kids if isinstance(kid, plan.Not)]
        positives = [kid for kid in kids if not isinstance(kid, plan.Not)]
        if not nots or not positives:
            return plan.And(tuple(kids), q.boost)
        positive = positives[0] if len(positives) == 1 else plan.And(tuple(positives), q.boost)
        negative = nots[0] if len(nots) == 1 else plan.Or(tuple(nots))
        return plan.AndNot(positive, negative)

    def _attribute(self, q: Any) -> plan.Node:
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
        return plan.Docs(self.live.numbers_of(docs)) if docs else plan.NOTHING

    def _kind(self, q: Any) -> plan.Node:
        if not isinstance(q, wq.Term):
            raise QuerySyntaxError("kinds are searched by name: write kind:interview")
        return plan.Docs(self.live.numbers_of_kinds(frozenset({q.text})))

    def _speaker(self, q: Any) -> plan.Node:
        """`speaker:P3` -> the segments of speakers named so (or with that word in the name)."""
        if isinstance(q, wq.Wildcard | wq.Prefix):
            pattern = q.text.lower() + ("*" if isinstance(q, wq.Prefix) else "")
            rows = self.live.rows_of_speakers(lambda keys: bool(expand_pattern(keys, pattern)))
        elif isinstance(q, wq.Term):
            wanted = q.text
            rows = self.live.rows_of_speakers(lambda keys: wanted in keys)
        else:
            raise QuerySyntaxError("speakers are searched by name: write speaker:P3")
        return plan.Rows(rows) if rows else plan.NOTHING

    def _pattern(self, q: Any, negated: bool) -> plan.Node:
        pattern = q.text.lower()
        if isinstance(q, wq.Prefix):
            pattern += "*"
        found = self.live.expand(pattern)
        stems = {stem(w) for w in found}
        if len(stems) > MAX_EXPANSION:
            raise QuerySyntaxError(
                f"{pattern!r} matches {len(stems)} different words; make the pattern longer"
            )
        if not negated:
            self.highlight.words |= found
        return plan.Terms(tuple(sorted(stems)), q.boost)

    def _phrase(self, q: Any, negated: bool) -> plan.Node:
        stems = tuple(q.words)
        if not stems:
            return plan.NOTHING
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
            return plan.Terms(stems, q.boost)
        forms = [self.live.forms(s) for s in stems]
        if not all(forms):
            return plan.NOTHING
        pattern = phrase_pattern(forms, spec.gaps, spec.slop)
        return plan.Phrase(stems, spec.gaps, spec.slop, spec.window, pattern, q.boost)
