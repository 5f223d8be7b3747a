"""Our query parser against Whoosh's (the oracle): the same plan and highlights, or same error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.search.live import LiveIndex, open_index
from qcode.search.query import ParsedQuery, parse_query
from qcode.search.syntax import QuerySyntaxError
from qcode.store import Project
from tests.search.whoosh_oracle import whoosh_parse_query

WORDS = [
    "advisory", "Advisory", "group", "groups", "box", "boxes", "bots", "BOTS", "impartiality",
    "impartial", "recruit", "relentless", "café", "naïve", "emojis", "head", "department",
    "force", "officer", "ticking", "box-ticking", "U.K.", "u.k.", "us.we", "3.5", "2,000",
    "it's", "don't", "x", "P3", "zebra", "über",
]  # fmt: skip
STOP_WORDS = ["the", "and", "of", "not", "us", "a", "in", "or"]
PATTERNS = [
    "impartial*", "recrui?", "*ing", "ad*ry", "*", "gr*p*", "bo?", "zebra*", "Advis*", "?ox",
    "u.k*", "**",
]  # fmt: skip
FUZZY = ["relentles~", "grop~2", "advisory~1/3", "box~/2", "bots~0", "impartialty~", "the~"]
FIELDS = [
    "kind:focus_group", "kind:interview", 'kind:"focus group"', "kind:interviews", "speaker:p3",
    "speaker:P3", 'speaker:"Officer 2"', "speaker:off*", "speaker:officer", "force:c", "force:C",
    'force:"Force D"', "force:forc*", "rank_band:junior", "text:advisory", "force:c~",
    'text:"advisory group"', "speaker:(P1 OR P2)", "force:(c OR d)", "kind:(interview)",
    "speaker:[a TO q]", "über:box", "x'force:c", "*:*",
]  # fmt: skip
OTHER = [
    "[box TO group]", "{advisory TO bots}", "[TO group]", "'advisory group'", "advisory^2",
    "box^0.5", "^3", "~", "REQUIRE", "a'b'", "[photo]", "bots~^2", '"advisory group"*',
]  # fmt: skip


def phrases() -> st.SearchStrategy[str]:
    inner = st.lists(st.sampled_from(WORDS + STOP_WORDS), min_size=0, max_size=4)
    slop = st.sampled_from(["", "", "~", "~0", "~1", "~2", "~5", "~12", "~05"])
    return st.builds(lambda ws, s: '"' + " ".join(ws) + '"' + s, inner, slop)


LEAVES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(STOP_WORDS),
    st.sampled_from(PATTERNS),
    st.sampled_from(FUZZY),
    st.sampled_from(FIELDS),
    st.sampled_from(OTHER),
    phrases(),
)
OPERATORS = ["AND", "OR", "NOT", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"]


def _combine(kids: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", kids, st.sampled_from(OPERATORS), kids),
        st.builds(lambda a, b: f"{a} {b}", kids, kids),
        st.builds(lambda a: f"NOT {a}", kids),
        st.builds(lambda a, boost: f"({a}){boost}", kids, st.sampled_from(["", "", "^2"])),
        st.builds(lambda f, a: f"{f}:({a})", st.sampled_from(["speaker", "force", "kind"]), kids),
    )


QUERIES = st.recursive(LEAVES, _combine, max_leaves=8)
#: Loose text: syntax characters and word pieces in any order, to compare the odd corners.
PIECES = [
    *WORDS[:8], *STOP_WORDS[:3], *OPERATORS, *"\"()*?~^:[]{}/'", " ", " ", " ", "TO", "2",
    "force:", "speaker:", "kind:", "text:",
]  # fmt: skip
SCRAPS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@pytest.fixture
def live(corpus: Project) -> LiveIndex:
    return open_index(corpus)


def outcome(parse: object, live: LiveIndex, text: str) -> ParsedQuery | str:
    """What a parser makes of a query: its plan and highlights, or its error message."""
    assert callable(parse)
    try:
        parsed = parse(live, text)
    except QuerySyntaxError as exc:
        return f"error: {exc}"
    assert isinstance(parsed, ParsedQuery)
    return parsed


def assert_same(live: LiveIndex, text: str) -> None:
    ours = outcome(parse_query, live, text)
    theirs = outcome(whoosh_parse_query, live, text)
    if isinstance(ours, ParsedQuery) and isinstance(theirs, ParsedQuery):
        assert ours.query == theirs.query, text
        assert ours.highlight == theirs.highlight, text
    else:
        assert ours == theirs, text


_SETTINGS = settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(text=QUERIES)
def test_queries_of_the_grammar_parse_as_whoosh_parsed_them(live: LiveIndex, text: str) -> None:
    assert_same(live, text)


@_SETTINGS
@given(text=SCRAPS)
def test_loose_syntax_parses_as_whoosh_parsed_it(live: LiveIndex, text: str) -> None:
    assert_same(live, text)


@pytest.mark.parametrize(
    "text",
    [
        "bots",
        '"advisory group"',
        '"head of department"',
        '"advisory box"~5',
        "impartial* OR recrui?",
        "relentles~ grop~2/1",
        "(bots OR café) AND NOT arrest",
        "advisory ANDNOT box OR group",
        "advisory OR box ANDMAYBE group AND bots",
        "impartiality^2 OR force",
        'kind:"focus group" AND impartiality',
        "speaker:(P1 OR P2) bots",
        "force:(c OR d) AND rank_band:junior",
        "U.K. us.we 3.5",
        "the and of",
        "NOT NOT bots",
        "advisory REQUIRE box",
        "[advisory TO box] {bots TO group]",
        "* bots",
        "*:* bots",
        'über:"advisory group"',
    ],
)
def test_known_queries_parse_as_whoosh_parsed_them(live: LiveIndex, text: str) -> None:
    assert_same(live, text)
