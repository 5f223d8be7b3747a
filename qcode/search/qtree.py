"""The parsed query before it meets the index: terms, patterns, phrases and their logic, tidied."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Term:
    """One analysed word (a stem in the text, a lower-cased value in the other fields)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Words starting with `text` (written `text*`)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """Words matching a pattern of `*` (any run) and `?` (one character)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """Words within `maxdist` edits of `text` sharing its first `prefix` characters."""

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Stems in order; `gaps` (not part of equality) are their distances in the query."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0
    gaps: tuple[int, ...] = dataclasses.field(default=(), compare=False)


@dataclass(frozen=True)
class Range:
    """Words between `start` and `end` (None: open), each end included unless excluded."""

    field: str
    start: str | None
    end: str | None
    startexcl: bool = False
    endexcl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class Every:
    """Everything (in one field, or at all when `field` is None)."""

    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class And:
    kids: tuple[Query, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    kids: tuple[Query, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    kid: Query
    boost: float = dataclasses.field(default=1.0, compare=False)


@dataclass(frozen=True)
class AndNot:
    a: Query
    b: Query


@dataclass(frozen=True)
class AndMaybe:
    a: Query
    b: Query


@dataclass(frozen=True)
class Require:
    """`a REQUIRE b`: parsed, but not something this search can answer."""

    a: Query
    b: Query


class _Null:
    """Nothing at all (only stop words, or an empty group)."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()

Leaf = Term | Prefix | Wildcard | Fuzzy | Phrase | Range | Every
Query = Leaf | And | Or | Not | AndNot | AndMaybe | Require | _Null
_LEAVES = (Term, Prefix, Wildcard, Fuzzy, Phrase, Range, Every)
_BOOSTED = (*_LEAVES, And, Or, Not)


def boost_of(q: Query) -> float:
    if isinstance(q, _BOOSTED):
        return q.boost
    return 1.0


def with_boost(q: Query, boost: float) -> Query:
    """The query with this boost (binary queries pass it on to the side that scores)."""
    if isinstance(q, _BOOSTED):
        return replace(q, boost=boost)
    if isinstance(q, AndNot):
        return AndNot(with_boost(q.a, boost), q.b)
    if isinstance(q, AndMaybe):
        return AndMaybe(with_boost(q.a, boost), with_boost(q.b, boost))
    if isinstance(q, Require):
        return Require(with_boost(q.a, boost), q.b)
    return q


def field_of(q: Query) -> str | None:
    """The one field a query searches, or None when it is several (or none)."""
    if isinstance(q, _LEAVES):
        return q.field
    if isinstance(q, And | Or):
        if not q.kids:
            return None
        first = field_of(q.kids[0])
        return first if all(field_of(k) == first for k in q.kids[1:]) else None
    if isinstance(q, AndNot | AndMaybe | Require):
        a = field_of(q.a)
        return a if field_of(q.b) == a else None
    return None


def normalize(q: Query) -> Query:
    """The query tidied: nested ANDs/ORs flattened, empty parts and duplicates dropped, one-word
    phrases made terms, patterns without wildcards made terms or prefixes."""
    if isinstance(q, And | Or):
        return _compound(q)
    if isinstance(q, Not):
        kid = normalize(q.kid)
        return NULL if kid is NULL else Not(kid, q.boost)
    if isinstance(q, AndNot | AndMaybe):
        a, b = normalize(q.a), normalize(q.b)
        if a is NULL:
            return NULL
        return a if b is NULL else type(q)(a, b)
    if isinstance(q, Require):
        a, b = normalize(q.a), normalize(q.b)
        return NULL if a is NULL or b is NULL else Require(a, b)
    if isinstance(q, Phrase):
        if not q.words:
            return NULL
        if len(q.words) == 1:
            return Term(q.field, q.words[0])
        return q
    if isinstance(q, Wildcard):
        return _pattern(q)
    if isinstance(q, Range):
        if q.start in ("", None) and q.end in ("\uffff", None):
            return Every(q.field, q.boost)
        if q.start == q.end:
            if q.startexcl or q.endexcl:
                return NULL
            return Term(q.field, q.start or "", q.boost)
    return q


def _pattern(q: Wildcard) -> Query:
    text = q.text
    if text == "*":
        return Every(q.field, q.boost)
    if "*" not in text and "?" not in text:
        return Term(q.field, text, q.boost)
    if "?" not in text and text.find("*") == len(text) - 1:
        return Prefix(q.field, text[:-1], q.boost)
    return q


def _compound(q: And | Or) -> Query:
    kids: list[Query] = []
    for kid in q.kids:
        kid = normalize(kid)
        if type(kid) is type(q):
            assert isinstance(kid, And | Or)
            kids += [with_boost(k, boost_of(k) * kid.boost) for k in kid.kids]
        else:
            kids.append(kid)
    if all(k is NULL for k in kids):
        return NULL
    if any(isinstance(k, Every) and k.field is None for k in kids):
        return Every()
    everywhere: set[str | None] = set()
    i = 0
    while i < len(kids):
        kid = kids[i]
        if field_of(kid) in everywhere:
            kids.pop(i)
            continue
        if isinstance(kid, Range):
            j = i + 1
            while j < len(kids):
                other = kids[j]
                if isinstance(other, Range) and _overlaps(kid, other):
                    kids.pop(j)
                    kid = _merge(kid, other, intersect=isinstance(q, And))
                else:
                    j += 1
            kid = kids[i] = normalize(kid)
        if isinstance(kid, Every):
            everywhere.add(kid.field)
        i += 1
    out: list[Query] = []
    seen: set[Query] = set()
    for kid in kids:
        if kid is NULL or kid in seen:
            continue
        if not isinstance(kid, Every) and field_of(kid) in everywhere:
            continue
        seen.add(kid)
        out.append(kid)
    if not out:
        return NULL
    if len(out) == 1:
        only = out[0]
        if not (q.boost == 1.0 and boost_of(only) == 1.0):
            only = with_boost(only, boost_of(only) * q.boost)
        return only
    return type(q)(tuple(out), q.boost)


_Bound = tuple[int, str, int]


def _start(r: Range) -> _Bound:
    return (0, "", 0) if r.start is None else (1, r.start, 1 if r.startexcl else 0)


def _end(r: Range) -> _Bound:
    return (2, "", 0) if r.end is None else (1, r.end, -1 if r.endexcl else 0)


def _overlaps(a: Range, b: Range) -> bool:
    if a.field != b.field:
        return False
    s1, s2, e1, e2 = _start(a), _start(b), _end(a), _end(b)
    return s2 <= s1 <= e2 or s2 <= e1 <= e2 or s1 <= s2 <= e1 or s1 <= e2 <= e1


def _merge(a: Range, b: Range, intersect: bool) -> Range:
    """Two overlapping ranges of an AND as their intersection, of an OR as their union."""
    s1, s2, e1, e2 = _start(a), _start(b), _end(a), _end(b)
    if s1 >= s2 and e1 <= e2:
        start, end = s2, e2
    elif s2 >= s1 and e2 <= e1:
        start, end = s1, e1
    elif intersect:
        start, end = max(s1, s2), min(e1, e2)
    else:
        start, end = min(s1, s2), max(e1, e2)
    return Range(
        a.field,
        None if start[0] == 0 else start[1],
        None if end[0] == 2 else end[1],
        start[2] == 1,
        end[2] == -1,
        max(a.boost, b.boost),
    )
