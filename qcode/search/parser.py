"""The query language read into a query tree (`qtree`): words, operators, brackets, fields."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from qcode.search import qtree
from qcode.search.analysis import stems, value_keys, words
from qcode.search.schema import KIND, TEXT, is_field

# The language is Whoosh's (the index's first engine), which users' queries and the tests are
# written in, read the way Whoosh's parser read it (tests/search/test_parser_differential.py
# compares the two): a word is whatever no piece of syntax below claims; operators are upper case
# and bind, tightest first, NOT, AND, OR, ANDNOT, ANDMAYBE, REQUIRE, each applied left to right
# over its bracket group; side by side means AND; a field name applies to what follows it
# without a space (a bracket group included); `^2` boosts what it follows.

_QMARKS = "?\u055e\u061f\u1367"  # question marks of several scripts, as Whoosh's wildcards

#: What can start at a position of the query, in the order tried there (one pattern: searching
#: it finds the next piece of syntax, and the text skipped on the way is words).
_SYNTAX = re.compile(
    "|".join(
        f"(?P<{kind}>{pattern})"
        for kind, pattern in [
            ("ANDNOT", r"(?<=\s)ANDNOT(?=\s)"),
            ("ANDMAYBE", r"(?<=\s)ANDMAYBE(?=\s)"),
            ("every", r"[*]:[*]"),
            ("quoted", r"(^|(?<=\W))'(?P<q_text>.*?)'(?=\s|\]|[)}]|$)"),
            ("field", r"(?P<f_name>\w+|[*]):"),
            ("wild", f"[*{_QMARKS}]"),
            ("phrase", r'"(?P<p_text>.*?)"(~(?P<p_slop>[1-9][0-9]*))?'),
            ("open", r"[(]"),
            ("close", r"[)]"),
            ("NOT", r"(^|(?<=(\s|[()])))NOT(?=\s)"),
            ("AND", r"(?<=\s)AND(?=\s)"),
            ("OR", r"(?<=\s)OR(?=\s)"),
            ("REQUIRE", r"(^|(?<=\s))REQUIRE(?=\s)"),
            ("boost", r"\^(?P<b_value>[0-9]*(\.[0-9]+)?)($|(?=[ \t\r\n)]))"),
            ("fuzz", r"(?<=\S)~(?P<z_dist>[0-9])?(/(?P<z_prefix>[1-9][0-9]*))?"),
            (
                "range",
                r"(?P<r_open>\{|\[)(?P<r_start>('[^']*?'\s+)|([^\]}]+?(?=[Tt][Oo])))?[Tt][Oo]"
                r"(?P<r_end>(\s+'[^']*?')|([^\]}]+?))?(?P<r_close>}|])",
            ),
            ("space", r"\s+"),
        ]
    )
)

_BINARY = {op: op.lower() for op in ("AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")}
_OPERATORS = ("NOT", "AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")  # tightest first
_TEXTS = {"word", "wild", "prefix", "phrase", "fuzzy"}
_FIELDED = _TEXTS | {"range", "field"}
_BOOSTED = _TEXTS | {"range", "and", "or", "not"}
_GROUPS = {"and", "or", "not", "andnot", "andmaybe", "require"}
_MERGING = {"and", "or"}


class Unparsable(Exception):
    """The query has a shape no query can be made of (e.g. `NOT NOT a`)."""


@dataclass(eq=False)
class _Node:
    """A piece of the query as it is reshaped: a mark (operator, bracket, space, field name,
    boost, fuzziness) or something searched (word, pattern, phrase, range), or a group."""

    kind: str
    text: str = ""
    start: int = 0
    original: str = ""
    field: str | None = None
    boost: float = 1.0
    slop: int = 1
    maxdist: int = 1
    prefix: int = 0
    low: str | None = None
    high: str | None = None
    lowexcl: bool = False
    highexcl: bool = False
    kids: list[_Node] = dataclasses.field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.kind in _TEXTS

    @property
    def boostable(self) -> bool:
        return self.kind in _BOOSTED

    @property
    def is_group(self) -> bool:
        return self.kind in _GROUPS

    def set_field(self, name: str) -> None:
        """Give this (and what a group holds) a field unless it names one already."""
        if self.kind in _FIELDED and self.field is None:
            self.field = name
        for kid in self.kids:
            kid.set_field(name)


def _word(text: str, start: int) -> _Node:
    return _Node("word", text=text, start=start)


def _as_word(node: _Node) -> _Node:
    """A piece of syntax out of place, searched as the text it was written as."""
    return _word(node.original, node.start)


def _lex(text: str) -> list[_Node]:
    """The query as a flat list of nodes; text no syntax claims becomes words."""
    out: list[_Node] = []
    pos = 0
    while pos < len(text):
        match = _SYNTAX.search(text, pos)
        if match is None:
            break
        if pos < match.start():
            out.append(_word(text[pos : match.start()], pos))
        out.append(_token(match))
        pos = match.end()
    if pos < len(text):
        out.append(_word(text[pos:], pos))
    return out


def _token(m: re.Match[str]) -> _Node:
    kind = m.lastgroup or ""
    node = _Node(kind, start=m.start(), original=m.group(0))
    if kind == "quoted":
        node.kind, node.text = "word", m.group("q_text")
    elif kind == "field":
        node.text = m.group("f_name")
    elif kind == "phrase":
        node.text, node.start = m.group("p_text"), m.start("p_text")
        node.slop = int(m.group("p_slop") or 1)
    elif kind == "wild":
        node.text = m.group(0)
    elif kind == "boost":
        try:
            node.boost = float(m.group("b_value"))
        except ValueError:
            return _as_word(node)
    elif kind == "fuzz":
        node.maxdist = int(m.group("z_dist") or 1)
        node.prefix = int(m.group("z_prefix") or 0)
    elif kind == "range":
        start, end = m.group("r_start"), m.group("r_end")
        if start:
            start = start.rstrip()
            start = start[1:-1] if start.startswith("'") and start.endswith("'") else start
        if end:
            end = end.lstrip()
            end = end[1:-1] if end.startswith("'") and end.endswith("'") else end
        node.low, node.high = start, end
        node.lowexcl, node.highexcl = m.group("r_open") == "{", m.group("r_close") == "}"
    return node


# -- reshaping: each step walks the groups the brackets made -----------------------------------


def _bracket(nodes: list[_Node]) -> _Node:
    """Brackets made into groups (a stray closing one ignored, an unclosed one closed at the
    end); the whole query is one group, or the bracketed group it consists of."""
    stack = [_Node("and")]
    for node in nodes:
        if node.kind == "open":
            stack.append(_Node("and"))
        elif node.kind == "close":
            if len(stack) > 1:
                last = stack.pop()
                stack[-1].kids.append(last)
        else:
            stack[-1].kids.append(node)
    top = stack[0]
    for level in stack[1:]:
        top.kids.extend(level.kids)
    if len(top.kids) == 1 and top.kids[0].is_group:
        top = top.kids[0]
        top.boost = 1.0
    return top


def _stray_boosts(top: _Node) -> None:
    """A `^2` with nothing boostable right before it (at the top level) is a word."""
    kids = top.kids
    for i, node in enumerate(kids):
        if node.kind == "boost" and (not i or not kids[i - 1].boostable):
            kids[i] = _as_word(node)


def _fuzzy(group: _Node) -> None:
    """`word~2/3` -> a fuzzy term; a `~` after anything else is a word."""
    out: list[_Node] = []
    kids = group.kids
    i = 0
    while i < len(kids):
        node = kids[i]
        if i < len(kids) - 1 and node.kind == "word" and kids[i + 1].kind == "fuzz":
            mark = kids[i + 1]
            node = _Node(
                "fuzzy", text=node.text, start=node.start, field=node.field, boost=node.boost,
                maxdist=mark.maxdist, prefix=mark.prefix,
            )  # fmt: skip
            i += 1
        if node.kind == "fuzz":
            node = _as_word(node)
        if node.is_group:
            _fuzzy(node)
        out.append(node)
        i += 1
    group.kids = out


def _wildcards(group: _Node) -> None:
    """`*` and `?` joined with the text touching them; `word*` alone is a prefix."""
    kids = group.kids
    i = 0
    while i < len(kids):
        node = kids[i]
        if node.kind != "wild":
            if node.is_group:
                _wildcards(node)
            i += 1
            continue
        if i < len(kids) - 1 and kids[i + 1].is_text:
            node.text += kids.pop(i + 1).text
        if i > 0 and kids[i - 1].is_text:
            node.text = kids.pop(i - 1).text + node.text
        else:
            i += 1
    for i, node in enumerate(kids):
        text = node.text
        plain = len(text) > 1 and not any(q in text for q in _QMARKS)
        if node.kind == "wild" and plain and text.find("*") == len(text) - 1:
            kids[i] = _Node("prefix", text=text[:-1], start=node.start)


def _aliases(group: _Node, aliases: Mapping[str, str]) -> None:
    """Attribute names as written (`force:`) -> their fields (`a_force:`)."""
    for node in group.kids:
        if node.is_group:
            _aliases(node, aliases)
        elif node.kind == "field" and node.text in aliases:
            node.text = aliases[node.text]


def _fields(group: _Node) -> None:
    """A field name gives its field to what follows it at once; an unknown one is text."""
    kids: list[_Node] = []
    unknown: _Node | None = None
    for node in group.kids:
        if node.kind == "field" and not is_field(node.text):
            unknown = node
            continue
        if unknown is not None:
            if node.is_text:
                node.text = unknown.original + node.text
            else:
                kids.append(_as_word(unknown))
            unknown = None
        kids.append(node)
    if unknown is not None:
        kids.append(_as_word(unknown))
    out: list[_Node] = []
    i = len(kids)
    while i > 0:
        i -= 1
        node = kids[i]
        if node.kind == "field":
            node = _as_word(node)
        elif node.is_group:
            _fields(node)
        if i > 0 and node.kind != "space" and kids[i - 1].kind == "field":
            node.set_field(kids[i - 1].text)
            i -= 1
        out.append(node)
    out.reverse()
    group.kids = out


def _spaces(group: _Node) -> None:
    group.kids = [n for n in group.kids if n.kind != "space"]
    for node in group.kids:
        if node.is_group:
            _spaces(node)


def _boosts(group: _Node) -> None:
    """`^2` boosts what it follows."""
    out: list[_Node] = []
    for node in group.kids:
        if node.is_group:
            _boosts(node)
        elif node.kind == "boost":
            if out and out[-1].boostable:
                out[-1].boost = node.boost
                continue
            node = _as_word(node)
        out.append(node)
    group.kids = out


def _operators(group: _Node) -> None:
    """Operators applied, tightest first, each from left to right; an operator missing a side
    is dropped."""
    kids = group.kids
    for op in _OPERATORS:
        i = 0
        while i < len(kids):
            if kids[i].kind != op:
                i += 1
            elif op == "NOT":
                del kids[i]
                if i < len(kids):
                    kids[i] = _Node("not", kids=[kids[i]])
                i += 1
            elif 0 < i < len(kids) - 1:
                left, right, kind = kids[i - 1], kids[i + 1], _BINARY[op]
                if kind in _MERGING and left.kind == kind:
                    left.kids.append(right)
                    del kids[i : i + 2]
                else:
                    kids[i - 1 : i + 2] = [_Node(kind, kids=[left, right])]
            else:
                del kids[i]
    for node in kids:
        if node.is_group:
            _operators(node)


# -- the query tree ------------------------------------------------------------------------------


def _analysed(fieldname: str, text: str, tokenize: bool) -> list[str]:
    """The keys a word is looked up under in a field."""
    if fieldname == KIND:
        return [text]
    if fieldname == TEXT:
        return stems(text) if tokenize else [text.lower()]
    return value_keys(text, query=True)


_MAKERS: dict[str, Callable[[str, str, float], qtree.Query]] = {
    "word": qtree.Term,
    "wild": qtree.Wildcard,
    "prefix": qtree.Prefix,
}


def _query(node: _Node, source: str) -> qtree.Query | None:
    kind = node.kind
    if kind in ("and", "or"):
        kids = [q for q in (_query(kid, source) for kid in node.kids) if q is not None]
        return (qtree.And if kind == "and" else qtree.Or)(tuple(kids), node.boost)
    if kind == "not":
        if not node.kids:
            raise Unparsable("NOT with nothing after it")
        inner = _query(node.kids[0], source)
        if inner is None or (isinstance(inner, qtree.And | qtree.Or) and not inner.kids):
            return None
        return qtree.Not(inner)
    if kind in ("andnot", "andmaybe", "require"):
        if len(node.kids) != 2:
            raise Unparsable(f"{kind.upper()} with one side taken by another operator")
        a, b = _query(node.kids[0], source), _query(node.kids[1], source)
        if a is None or b is None:
            return b if a is None and b is not None else a if a is not None else qtree.NULL
        if kind == "andnot":
            return qtree.AndNot(a, b)
        return qtree.AndMaybe(a, b) if kind == "andmaybe" else qtree.Require(a, b)
    if kind == "every":
        return qtree.Every()
    fieldname = node.field or TEXT
    if kind == "phrase":
        return _phrase(node, fieldname, source)
    if kind == "range":
        low, high = node.low, node.high
        if low:
            low = next(iter(_analysed(fieldname, low, False)), None)
        if high:
            high = next(iter(_analysed(fieldname, high, False)), None)
        return qtree.Range(fieldname, low, high, node.lowexcl, node.highexcl, node.boost)
    if kind not in _TEXTS:
        raise Unparsable(f"{node.original!r} out of place")
    texts = _analysed(fieldname, node.text, tokenize=kind == "word")
    if kind == "fuzzy":
        if len(texts) != 1:
            raise Unparsable("a fuzzy term of no word")
        return qtree.Fuzzy(fieldname, texts[0], node.maxdist, node.prefix, node.boost)
    make = _MAKERS[kind]
    if len(texts) > 1:
        return qtree.And(tuple(make(fieldname, t, node.boost) for t in texts))
    return make(fieldname, texts[0], node.boost) if texts else None


def _phrase(node: _Node, fieldname: str, source: str) -> qtree.Phrase:
    """A phrase's stems, and their distances in the query (stop words count)."""
    if fieldname != TEXT:
        keys = [node.text] if fieldname == KIND else value_keys(node.text, query=True)
        return qtree.Phrase(fieldname, tuple(keys), node.slop, node.boost)
    found = words(node.text)
    gaps: tuple[int, ...] = ()
    if found:
        # where the words are in the query as written (the phrase's own text may have had an
        # unknown field name put in front of it)
        seen = words(source[node.start + found[0].start : node.start + found[-1].end])
        if len(seen) == len(found):
            gaps = tuple(b.pos - a.pos for a, b in itertools.pairwise(seen))
    if not gaps:
        gaps = (1,) * (len(found) - 1)
    return qtree.Phrase(fieldname, tuple(w.stem for w in found), node.slop, node.boost, gaps)


def parse(text: str, aliases: Mapping[str, str]) -> qtree.Query:
    """The query tree of a (checked) query; `aliases` maps attribute names to their fields.
    `qtree.NULL` when nothing is left to search for; Unparsable for a shape of no meaning."""
    top = _bracket(_lex(text))
    _stray_boosts(top)
    _fuzzy(top)
    _wildcards(top)
    if aliases:
        _aliases(top, aliases)
    _fields(top)
    _spaces(top)
    _boosts(top)
    _operators(top)
    query = _query(top, text)
    if query is None or (isinstance(query, qtree.And | qtree.Or) and not query.kids):
        return qtree.NULL
    return qtree.normalize(query)
