"""The parsed query before it meets the index: terms, patterns, phrases and their logic, tidied."""

from __future__ import annotations

from typing import Any

# Plain classes with slots, not dataclasses: a cold `qcode search` pays for every class made at
# import, and a frozen dataclass costs about half a millisecond to make (13 here: ~7 ms).


class _Node:
    """A query node: never changed once made; equal to another of its class with the same
    `_KEY` fields (as Whoosh's queries compared, which the parser's tidying relies on)."""

    __slots__: tuple[str, ...] = ()
    _KEY: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._KEY or self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"

    def _with(self, **changes: Any) -> Any:
        made = object.__new__(type(self))
        for name in self.__slots__:
            object.__setattr__(made, name, changes.get(name, getattr(self, name)))
        return made


class Term(_Node):
    """One analysed word (a stem in the text, a lower-cased value in the other fields)."""

    __slots__ = ("boost", "field", "text")

    def __init__(self, field: str, text: str, boost: float = 1.0) -> None:
        self.field, self.text, self.boost = field, text, boost


class Prefix(_Node):
    """Words starting with `text` (written `text*`)."""

    __slots__ = ("boost", "field", "text")

    def __init__(self, field: str, text: str, boost: float = 1.0) -> None:
        self.field, self.text, self.boost = field, text, boost


class Wildcard(_Node):
    """Words matching a pattern of `*` (any run) and `?` (one character)."""

    __slots__ = ("boost", "field", "text")

    def __init__(self, field: str, text: str, boost: float = 1.0) -> None:
        self.field, self.text, self.boost = field, text, boost


class Fuzzy(_Node):
    """Words within `maxdist` edits of `text` sharing its first `prefix` characters."""

    __slots__ = ("boost", "field", "maxdist", "prefix", "text")

    def __init__(
        self, field: str, text: str, maxdist: int = 1, prefix: int = 0, boost: float = 1.0
    ) -> None:
        self.field, self.text, self.boost = field, text, boost
        self.maxdist, self.prefix = maxdist, prefix


class Phrase(_Node):
    """Stems in order; `gaps` (not part of equality) are their distances in the query."""

    __slots__ = ("boost", "field", "gaps", "slop", "words")
    _KEY = ("field", "words", "slop", "boost")

    def __init__(
        self,
        field: str,
        words: tuple[str, ...],
        slop: int = 1,
        boost: float = 1.0,
        gaps: tuple[int, ...] = (),
    ) -> None:
        self.field, self.words, self.slop, self.boost, self.gaps = field, words, slop, boost, gaps


class Range(_Node):
    """Words between `start` and `end` (None: open), each end included unless excluded."""

    __slots__ = ("boost", "end", "endexcl", "field", "start", "startexcl")

    def __init__(
        self,
        field: str,
        start: str | None,
        end: str | None,
        startexcl: bool = False,
        endexcl: bool = False,
        boost: float = 1.0,
    ) -> None:
        self.field, self.start, self.end, self.boost = field, start, end, boost
        self.startexcl, self.endexcl = startexcl, endexcl


class Every(_Node):
    """Everything (in one field, or at all when `field` is None)."""

    __slots__ = ("boost", "field")

    def __init__(self, field: str | None = None, boost: float = 1.0) -> None:
        self.field, self.boost = field, boost


class And(_Node):
    __slots__ = ("boost", "kids")

    def __init__(self, kids: tuple[Query, ...], boost: float = 1.0) -> None:
        self.kids, self.boost = kids, boost


class Or(_Node):
    __slots__ = ("boost", "kids")

    def __init__(self, kids: tuple[Query, ...], boost: float = 1.0) -> None:
        self.kids, self.boost = kids, boost


class Not(_Node):
    __slots__ = ("boost", "kid")
    _KEY = ("kid",)

    def __init__(self, kid: Query, boost: float = 1.0) -> None:
        self.kid, self.boost = kid, boost


class AndNot(_Node):
    __slots__ = ("a", "b")

    def __init__(self, a: Query, b: Query) -> None:
        self.a, self.b = a, b


class AndMaybe(_Node):
    __slots__ = ("a", "b")

    def __init__(self, a: Query, b: Query) -> None:
        self.a, self.b = a, b


class Require(_Node):
    """`a REQUIRE b`: parsed, but not something this search can answer."""

    __slots__ = ("a", "b")

    def __init__(self, a: Query, b: Query) -> None:
        self.a, self.b = a, b


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
        made: Query = q._with(boost=boost)
        return made
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
