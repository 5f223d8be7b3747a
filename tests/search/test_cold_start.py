"""A cold search (index closed, as in a fresh `qcode search`) holds nothing in proportion to the
corpus: the reported failure loaded every segment's length and text at each cold start."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from qcode.documents import add_document
from qcode.search import ensure_index, search
from qcode.search.live import close_all
from qcode.store import Project

LINE = "P{i}: the advisory group met the police about recruitment and training in meeting {i}."


def corpus(path: Path, lines: int) -> Project:
    """Two transcripts of `lines` turns each; "kingfisher" is said in three turns only."""
    project = Project.create(path, coder_name="Ann")
    for d in range(2):
        turns = [LINE.format(i=i) for i in range(lines)]
        if d == 0:
            for i in (1, lines // 2, lines - 1):
                turns[i] += " The kingfisher initiative came up."
        add_document(project, f"Interview {d}", "\n".join(turns), kind="interview")
    ensure_index(project)
    close_all()
    return project


def cold_peak(project: Project, query: str) -> int:
    """Bytes Python allocated at most while opening the index and answering one query."""
    close_all()
    tracemalloc.start()
    try:
        results = search(project, query, page_size=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert results.total == 3
    return peak


def test_a_cold_search_holds_nothing_in_proportion_to_the_corpus(tmp_path: Path) -> None:
    small = corpus(tmp_path / "small.qcode", 200)
    large = corpus(tmp_path / "large.qcode", 4000)  # 20x the segments and words
    try:
        for query in ["kingfisher", '"kingfisher initiative"', "kingfish*"]:
            cold_peak(small, query)  # first use of each code path (caches of the parser)
            grown = cold_peak(large, query) - cold_peak(small, query)
            # the whole texts alone of the large corpus are ~700 KB, their segment rows more
            assert grown < 64_000, (query, grown)
    finally:
        close_all()
        small.close()
        large.close()
