"""Analysing documents' words for the index, in worker processes that die with qcode when large."""

from __future__ import annotations

import collections
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from qcode.procs import die_with_parent
from qcode.search import cache
from qcode.search.analysis import indexable
from qcode.search.corpus import IndexDocument

#: Documents handed to the workers ahead of the one being written.
AHEAD = 8


@dataclass(frozen=True)
class Analysed:
    """A document's FTS5 body for each segment, and its distinct indexed words."""

    bodies: list[str]
    words: set[str]


def analyse(doc: IndexDocument) -> Analysed:
    """The terms of every segment of a document, and its vocabulary."""
    text = doc.text
    bodies: list[str] = []
    seen: set[str] = set()
    for _sid, start, end, _speaker, _ordinal in doc.segments:
        found = cache.tokens(text[start:end])
        seen.update(found)
        bodies.append(cache.terms(found))
    return Analysed(bodies, {w for w in seen if indexable(w)})


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's: it stops us
    die_with_parent(parent)


class Analysers:
    """`map(documents)` gives each document with its analysis, in order: in this process, or
    with `procs` > 1 in forked workers while this process reads and writes. Leaving the block
    by an exception (a cancel, Ctrl+C) ends the workers at once."""

    def __init__(self, procs: int) -> None:
        self.procs = procs
        self.pool: Any = None

    def __enter__(self) -> Analysers:
        if self.procs > 1:
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(self.procs, _start_worker, (os.getpid(),))
        return self

    def map(self, documents: Iterable[IndexDocument]) -> Iterator[tuple[IndexDocument, Analysed]]:
        if self.pool is None:
            for doc in documents:
                yield doc, analyse(doc)
            return
        pending: collections.deque[tuple[IndexDocument, Any]] = collections.deque()
        for doc in documents:
            pending.append((doc, self.pool.apply_async(analyse, (doc,))))
            if len(pending) > AHEAD:
                first, result = pending.popleft()
                yield first, result.get()
        while pending:
            first, result = pending.popleft()
            yield first, result.get()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.pool is None:
            return
        if kind is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()
        self.pool = None
