"""Analysing documents' words for the index, in worker processes that die with qcode when large."""

from __future__ import annotations

import collections
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, cast

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


def _serve(parent: int, conn: Any) -> None:
    """A worker: analyse each document it is sent and send the analysis back, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's: it stops us
    die_with_parent(parent)
    while True:
        doc = conn.recv()
        if doc is None:
            return
        conn.send(analyse(doc))


class Analysers:
    """`map(documents)` gives each document with its analysis, in order: in this process, or
    with `procs` > 1 in forked workers while this process reads and writes. Leaving the block
    by an exception (a cancel, Ctrl+C, SIGTERM) kills the workers at once.

    Each worker has a pipe of its own and at most one document in hand, so nothing is shared
    between workers: killing one can never leave a lock held (`multiprocessing.Pool.terminate`
    could wait for ever on its task queue's lock), and no pipe can fill both ways at once."""

    def __init__(self, procs: int) -> None:
        self.procs = procs
        self.workers: list[tuple[Any, Any]] = []  # (process, this end of its pipe)

    def __enter__(self) -> Analysers:
        if self.procs > 1:
            context = multiprocessing.get_context("fork")
            for _ in range(self.procs):
                mine, theirs = context.Pipe()
                proc = context.Process(target=_serve, args=(os.getpid(), theirs), daemon=True)
                proc.start()
                theirs.close()
                self.workers.append((proc, mine))
        return self

    def map(self, documents: Iterable[IndexDocument]) -> Iterator[tuple[IndexDocument, Analysed]]:
        if not self.workers:
            for doc in documents:
                yield doc, analyse(doc)
            return
        free = collections.deque(conn for _proc, conn in self.workers)
        pending: collections.deque[tuple[IndexDocument, Any]] = collections.deque()
        for doc in documents:
            if not free:  # the oldest document's worker is the next one free
                first, conn = pending.popleft()
                yield first, self._receive(conn)
                free.append(conn)
            conn = free.popleft()
            conn.send(doc)
            pending.append((doc, conn))
        while pending:
            first, conn = pending.popleft()
            yield first, self._receive(conn)

    @staticmethod
    def _receive(conn: Any) -> Analysed:
        try:
            result = conn.recv()
        except EOFError as exc:  # the worker died (killed, out of memory)
            raise OSError("a search index worker process ended unexpectedly") from exc
        return cast(Analysed, result)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        workers, self.workers = self.workers, []
        for proc, conn in workers:
            if kind is None:
                try:
                    conn.send(None)  # done: the worker returns
                except OSError:
                    proc.kill()
            else:
                proc.kill()
        for proc, conn in workers:
            proc.join()
            conn.close()
