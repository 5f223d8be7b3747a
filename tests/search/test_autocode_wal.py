"""Code all hits shows other connections nothing before its commit (issue 20: window reloads)."""

from __future__ import annotations

import importlib
import sqlite3

import pytest
from sqlalchemy import event

from qcode.codebook.tree import add_code
from qcode.store import Project
from qcode.store.external import FileWatch, Look
from tests.search.conftest import add

module = importlib.import_module("qcode.search.autocode")
CODE = "Advisory groups/Influence"


def test_no_change_is_seen_before_the_commit(
    corpus: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write transaction whose dirty pages spill into a restarted WAL changes the file's
    data version before it commits; the window's watcher then saw "changed elsewhere, with
    nothing logged" and reloaded every pane mid-way (8x: 42,000 rows overflowed SQLite's
    2 MiB page cache). The codings are written with a cache that holds them to the commit."""
    turns = [("Ruth", f"Turn {i}: the lanyard again, and trust in it.") for i in range(400)]
    add(corpus, "Long interview", turns, "interview", "C")
    monkeypatch.setattr(module, "BATCH", 100)

    @event.listens_for(corpus.engine, "connect")
    def tiny_cache(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.execute("PRAGMA cache_size = 2")  # pages: every write spills at once

    corpus.engine.dispose()  # new connections get the tiny cache
    watch = FileWatch(corpus.path)  # open throughout: the WAL stays
    add_code(corpus, "Something else")
    raw = sqlite3.connect(corpus.path)
    busy, frames, done = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    raw.close()
    assert busy == 0
    assert frames == done > 0  # all copied back: the next writer restarts the WAL
    watch.look()
    seen: list[Look] = []

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("Writing"):
            seen.append(watch.look())

    try:
        result = module.autocode(corpus, "lanyard", CODE, progress=progress)
        after = watch.look()
    finally:
        watch.close()
    assert len(result.created) == 400
    assert len(seen) == 4  # one look after each batch
    assert [look.changed for look in seen] == [False] * len(seen)
    assert after.changed
    assert after.entities == {"coding"}
