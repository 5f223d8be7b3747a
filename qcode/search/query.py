"""A query read (`parser`) into the engine's plan, wildcards expanded over the corpus's own words,
and what to highlight in each hit recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qcode.search import plan, qtree
from qcode.search.analysis import stem
from qcode.search.live import LiveIndex
from qcode.search.parser import Unparsable, parse
from qcode.search.phrase import phrase_pattern
from qcode.search.schema import ATTRIBUTE_PREFIX, KIND, SPEAKER, TEXT
from qcode.search.syntax import QuerySyntaxError, check_query

#: A wildcard matching more distinct stems than this is refused (it would match almost anything).
MAX_EXPANSION = 2000


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
    query: plan.Node
    highlight: Highlight


def parse_query(live: LiveIndex, text: str) -> ParsedQuery:
    """Parse `text`; QuerySyntaxError with a readable reason when it cannot be searched."""
    # a field needs a colon: without one, the attributes (a row per value) are not read
    aliases = live.aliases if ":" in text else {}
    cleaned = check_query(text, aliases)
    try:
        parsed = parse(cleaned, aliases)
    except Unparsable as exc:
        raise QuerySyntaxError(f"cannot understand the query {text!r}") from exc
    if parsed is qtree.NULL:
        raise QuerySyntaxError(
            f"nothing to search for in {text!r}: very common words (the, and, of ...) "
            "are not indexed"
        )
    highlight = Highlight()
    result = _Transformer(live, highlight).walk(parsed, negated=False)
    stems = highlight.stems.union(*(p.stems for p in highlight.phrases))
    highlight.forms = frozenset(highlight.words).union(live.forms_of(stems))
    return ParsedQuery(text, result, highlight)


class _Transformer:
    def __init__(self, live: LiveIndex, highlight: Highlight) -> None:
        self.live = live
        self.highlight = highlight

    def walk(self, q: qtree.Query, negated: bool) -> plan.Node:
        if isinstance(q, qtree.Not):
            return plan.Not(self.walk(q.kid, not negated))
        if isinstance(q, qtree.AndNot):
            return plan.AndNot(self.walk(q.a, negated), self.walk(q.b, not negated))
        if isinstance(q, qtree.AndMaybe):
            return plan.AndMaybe(self.walk(q.a, negated), self.walk(q.b, negated))
        if isinstance(q, qtree.And):
            return self._and(q, negated)
        if isinstance(q, qtree.Or):
            return plan.Or(tuple(self.walk(kid, negated) for kid in q.kids), q.boost)
        if q is qtree.NULL:
            return plan.NOTHING
        if isinstance(q, qtree.Every):
            return plan.Everything()
        if isinstance(q, qtree.Require | qtree._Null):
            raise QuerySyntaxError(f"cannot search {type(q).__name__} queries here")
        if q.field.startswith(ATTRIBUTE_PREFIX):
            return self._attribute(q)
        if q.field == KIND:
            return self._kind(q)
        if q.field == SPEAKER:
            return self._speaker(q)
        if q.field == TEXT:
            return self._text(q, negated)
        raise QuerySyntaxError(f"cannot search {type(q).__name__} queries here")

    def _text(self, q: qtree.Leaf, negated: bool) -> plan.Node:
        if isinstance(q, qtree.Phrase):
            return self._phrase(q, negated)
        if isinstance(q, qtree.Wildcard | qtree.Prefix):
            return self._pattern(q, negated)
        if isinstance(q, qtree.Fuzzy):
            similar = self.live.fuzzy_stems(q.text, q.maxdist, q.prefix)
            return self._expanded(similar, q.text, q.boost, negated)
        if isinstance(q, qtree.Range):
            between: set[str] = set()
            if q.start is not None and q.end is not None:  # an open end matches nothing
                between = self.live.stems_between(q.start, q.end, q.startexcl, q.endexcl)
            return self._expanded(between, f"[{q.start} TO {q.end}]", q.boost, negated)
        if isinstance(q, qtree.Term):
            if not negated:
                self.highlight.stems.add(q.text)
            return plan.Terms((q.text,), q.boost)
        raise QuerySyntaxError(f"cannot search {type(q).__name__} queries here")

    def _expanded(self, found: set[str], text: str, boost: float, negated: bool) -> plan.Node:
        if len(found) > MAX_EXPANSION:
            raise QuerySyntaxError(f"{text!r} matches too many words; narrow it down")
        if not negated:
            self.highlight.stems |= found
        return plan.Terms(tuple(sorted(found)), boost)

    def _and(self, q: qtree.And, negated: bool) -> plan.Node:
        """`a AND NOT b` as AndNot(a, b): the complement of b is never worked out."""
        kids = [self.walk(kid, negated) for kid in q.kids]
        nots = [kid.kid for kid in kids if isinstance(kid, plan.Not)]
        positives = [kid for kid in kids if not isinstance(kid, plan.Not)]
        if not nots or not positives:
            return plan.And(tuple(kids), q.boost)
        positive = positives[0] if len(positives) == 1 else plan.And(tuple(positives), q.boost)
        negative = nots[0] if len(nots) == 1 else plan.Or(tuple(nots))
        return plan.AndNot(positive, negative)

    def _attribute(self, q: qtree.Leaf) -> plan.Node:
        """`force:C` -> the documents whose attribute has that value (or word of it)."""
        values = self.live.attribute_docs.get(q.field or "", {})
        if isinstance(q, qtree.Wildcard | qtree.Prefix):
            pattern = q.text.lower() + ("*" if isinstance(q, qtree.Prefix) else "")
            keys = expand_pattern(sorted(values), pattern)
        elif isinstance(q, qtree.Term):
            keys = {q.text}
        else:
            raise QuerySyntaxError("attributes are searched by value: write force:C or force:C*")
        docs = frozenset().union(*(values.get(k, set()) for k in keys))
        return plan.Docs(self.live.numbers_of(docs)) if docs else plan.NOTHING

    def _kind(self, q: qtree.Leaf) -> plan.Node:
        if not isinstance(q, qtree.Term):
            raise QuerySyntaxError("kinds are searched by name: write kind:interview")
        return plan.Docs(self.live.numbers_of_kinds(frozenset({q.text})))

    def _speaker(self, q: qtree.Leaf) -> plan.Node:
        """`speaker:P3` -> the segments of speakers named so (or with that word in the name)."""
        if isinstance(q, qtree.Wildcard | qtree.Prefix):
            pattern = q.text.lower() + ("*" if isinstance(q, qtree.Prefix) else "")
            rows = self.live.rows_of_speakers(lambda keys: bool(expand_pattern(keys, pattern)))
        elif isinstance(q, qtree.Term):
            wanted = q.text
            rows = self.live.rows_of_speakers(lambda keys: wanted in keys)
        else:
            raise QuerySyntaxError("speakers are searched by name: write speaker:P3")
        return plan.Rows(rows) if rows else plan.NOTHING

    def _pattern(self, q: qtree.Wildcard | qtree.Prefix, negated: bool) -> plan.Node:
        pattern = q.text.lower()
        if isinstance(q, qtree.Prefix):
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

    def _phrase(self, q: qtree.Phrase, negated: bool) -> plan.Node:
        stems = q.words
        if not stems:
            return plan.NOTHING
        gaps = q.gaps or (1,) * (len(stems) - 1)
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


def expand_pattern(vocabulary: list[str], pattern: str) -> set[str]:
    """Words of a (sorted) list matching a wildcard pattern (`*` any run, `?` one)."""
    head = re.split(r"[*?]", pattern, maxsplit=1)[0]
    return matching(
        vocabulary if not head else [w for w in vocabulary if w.startswith(head)], pattern
    )


def matching(candidates: list[str], pattern: str) -> set[str]:
    """The candidates matching a wildcard pattern as a whole."""
    head = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if pattern == head + "*":
        return {w for w in candidates if w.startswith(head)}
    regex = re.compile(
        "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern),
        re.DOTALL,
    )
    return {w for w in candidates if regex.fullmatch(w)}
