"""Property tests: the index, the phrase check and the highlighter agree with a brute-force scan."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.documents import add_document
from qcode.search import search
from qcode.search.analysis import stem, words
from qcode.search.live import close_all
from qcode.store import Project
from qcode.text import Span

VOCABULARY = [
    "advisory",
    "groups",
    "group",
    "box",
    "ticking",
    "the",
    "of",
    "a",
    "Café",
    "🙂x",
    "U.K.",
]
SEPARATORS = [" ", "  ", ", ", ". ", " — ", "-", " (", ") "]

line = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=14
).map(lambda parts: "".join(w + s for w, s in parts).strip() or "box")


def build(folder: Path, lines: list[str]) -> Project:
    project = Project.create(folder / "p.qcode", coder_name="Ann")
    text = "\n".join(f"P{i}: {body}" for i, body in enumerate(lines))
    spans, pos = [], 0
    for i, body in enumerate(lines):
        length = len(f"P{i}: {body}")
        spans.append(Span(pos, pos + length, f"P{i}"))
        pos += length + 1
    add_document(project, "Doc", text, kind="interview", spans=spans)
    return project


def brute_phrase(segment: str, first: str, second: str, slop: int, gap: int) -> bool:
    ws = words(segment)
    for a, b in itertools.product(ws, ws):
        distance = b.pos - a.pos
        ok = distance == gap if slop <= 1 else 1 <= distance <= max(slop, gap)
        if a.stem == stem(first) and b.stem == stem(second) and ok:
            return True
    return False


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(line, min_size=1, max_size=6),
    first=st.sampled_from(["advisory", "group", "box", "ticking", "café"]),
    second=st.sampled_from(["group", "box", "ticking"]),
    slop=st.sampled_from([1, 3]),
)
def test_search_agrees_with_a_brute_force_scan(
    tmp_path_factory: object, lines: list[str], first: str, second: str, slop: int
) -> None:
    folder = tmp_path_factory.mktemp("prop")  # type: ignore[attr-defined]
    project = build(folder, lines)
    try:
        text = "\n".join(f"P{i}: {body}" for i, body in enumerate(lines))
        segments = text.split("\n")
        # a term: every segment holding a word of that stem, offsets slicing those words
        term = search(project, first, order="document", page_size=100)
        expected = [
            i for i, seg in enumerate(segments) if any(w.stem == stem(first) for w in words(seg))
        ]
        assert [h.paragraph - 1 for h in term.hits] == expected
        for hit in term.hits:
            for start, end in hit.matches:
                assert stem(text[start:end].lower()) == stem(first)
        # a phrase or proximity query: the same segments as position-by-position matching
        query = f'"{first} {second}"' + (f"~{slop}" if slop > 1 else "")
        phrase = search(project, query, order="document", page_size=100)
        wanted = [i for i, seg in enumerate(segments) if brute_phrase(seg, first, second, slop, 1)]
        assert [h.paragraph - 1 for h in phrase.hits] == wanted
        for hit in phrase.hits:
            assert hit.matches, "every phrase hit shows where it matched"
    finally:
        close_all()
        project.close()
