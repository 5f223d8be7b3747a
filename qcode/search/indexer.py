"""Building the index from scratch (words analysed in worker processes when large) and updating it
document by document."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import sys
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select

from qcode.errors import QcodeError
from qcode.faults import fault_point
from qcode.search import cache, corpus
from qcode.search.analysis import stem
from qcode.search.buildlock import IndexBusyError
from qcode.search.schema import INDEX_SCHEMA_VERSION
from qcode.search.store import Meta, index_dir, read_meta, write_meta
from qcode.search.workers import Analysed, Analysers
from qcode.store import Document, Project

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
State = tuple[str, dict[str, str]]  # (state digest, per-document fingerprints)

#: Above this many words a full build analyses the words in worker processes.
PARALLEL_WORDS = 300_000


class IndexCancelled(QcodeError):
    """The user stopped a build or update; the index is left as it was."""


def _check(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise IndexCancelled("indexing cancelled; the search index was left as it was")


@dataclass(frozen=True)
class IndexStatus:
    """What `ensure_index` found and did."""

    path: Path
    documents: int
    segments: int
    rebuilt: bool = False
    added: int = 0  # documents (re-)indexed by an incremental update
    removed: int = 0  # documents dropped by an incremental update
    seconds: float = 0.0
    reason: str = ""  # why it was rebuilt


def worker_processes(words: int) -> int:
    """Worker processes analysing the words of a full build: two when large and processes can
    be forked (QCODE_INDEX_PROCS overrides). The parent reads the project and writes the index
    meanwhile, so the work is split across two cores."""
    env = os.environ.get("QCODE_INDEX_PROCS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if words < PARALLEL_WORDS or multiprocessing.get_start_method(allow_none=True) not in (
        None,
        "fork",
    ):
        return 1
    if sys.platform != "linux":
        return 1
    return min(2, os.cpu_count() or 1)


def _insert(db: sqlite3.Connection, number: int, doc: corpus.IndexDocument, done: Analysed) -> int:
    """Add a document's row, its segments and their terms under document number `number`."""
    db.execute("INSERT INTO doc (id, uuid, kind) VALUES (?, ?, ?)", (number, doc.uuid, doc.kind))
    base = number << cache.SHIFT
    text = doc.text
    db.executemany(
        "INSERT INTO seg (id, sid, ordinal, start, stop, speaker, text) VALUES (?,?,?,?,?,?,?)",
        [
            (base + i, sid, ordinal, start, end, speaker, text[start:end])
            for i, (sid, start, end, speaker, ordinal) in enumerate(doc.segments)
        ],
    )
    db.executemany(
        "INSERT INTO fts (rowid, body) VALUES (?, ?)",
        [(base + i, body) for i, body in enumerate(done.bodies)],
    )
    return len(doc.segments)


def _save_words(db: sqlite3.Connection, words: set[str], speakers: set[str]) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO vocab (word, stem) VALUES (?, ?)",
        [(w, stem(w)) for w in sorted(words)],
    )
    db.executemany("INSERT OR IGNORE INTO speaker (name) VALUES (?)", [(s,) for s in speakers])


def build(
    project: Project,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    state: State | None = None,
    quick: str = "",
) -> IndexStatus:
    """Build a fresh index in a new folder, then swap it in place of the old one. The caller
    holds `buildlock.index_write_lock`.

    `state` is the project state read before any text (`corpus.project_state`): recorded in
    the metadata, so that anything changed while building is found stale at the next check.
    """
    started = time.perf_counter()
    target = index_dir(project)
    counter = project.change_counter()
    digest, prints = state or corpus.project_state(project)
    order = sorted(prints)
    clear_leftovers(target)
    fresh = target.with_name(f".{target.name}.new-{uuidlib.uuid4().hex[:8]}")
    try:
        fresh.mkdir()
        db = cache.connect(fresh, create=True)
        try:
            segments = _fill(db, project, order, progress, cancel)
        finally:
            db.close()
        write_meta(
            fresh,
            Meta(
                INDEX_SCHEMA_VERSION,
                corpus.project_uuid(project),
                counter,
                prints,
                segments,
                digest,
                quick,
            ),
        )
        _swap(fresh, target)
    except (OSError, sqlite3.OperationalError) as exc:
        raise QcodeError(f"cannot write the search index in {target.parent}: {exc}") from exc
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    if progress:
        progress(len(order) + 1, len(order) + 1, "index ready")
    return IndexStatus(
        target, len(order), segments, rebuilt=True, seconds=time.perf_counter() - started
    )


def _fill(
    db: sqlite3.Connection,
    project: Project,
    order: list[str],
    progress: Progress | None,
    cancel: Cancel | None,
) -> int:
    """Write every document into a new index file; the number of segments written."""
    words: set[str] = set()
    speakers: set[str] = set()
    segments = 0
    db.execute("BEGIN")
    with Analysers(worker_processes(_count_words(project))) as analysers:
        documents = corpus.load_documents(project, order)
        for done, (doc, analysed) in enumerate(analysers.map(documents), start=1):
            _check(cancel)
            fault_point("index-build-document")
            segments += _insert(db, done, doc, analysed)
            words |= analysed.words
            speakers.update(speaker for _, _, _, speaker, _ in doc.segments)
            if progress:
                progress(done, len(order) + 1, "indexing documents")
    if progress:
        progress(len(order), len(order) + 1, "writing the index")
    fault_point("index-build")
    _save_words(db, words, speakers)
    for statement in cache.INDEXES:
        db.execute(statement)
    db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    db.execute("COMMIT")
    return segments


def clear_leftovers(target: Path) -> None:
    """Remove the build folders an interrupted build left beside the index (`.<index>.new-*`,
    `.<index>.old-*`). The caller holds `index_write_lock`: no build is running."""
    for stale in target.parent.glob(f".{target.name}.*-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def _count_words(project: Project) -> int:
    with project.read() as s:
        chars = s.scalar(
            select(func.sum(func.length(Document.text))).where(Document.deleted.is_(False))
        )
    return int(chars or 0) // 6  # about six characters a word, space included


def _swap(fresh: Path, target: Path) -> None:
    trash = target.with_name(f".{target.name}.old-{uuidlib.uuid4().hex[:8]}")
    if target.exists():
        target.rename(trash)
    fresh.rename(target)
    shutil.rmtree(trash, ignore_errors=True)


def _drop(db: sqlite3.Connection, uuid: str) -> None:
    """Remove a document, its segments and their terms (worked out again from their text)."""
    row = db.execute("SELECT id FROM doc WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        return
    lo, hi = row[0] << cache.SHIFT, (row[0] + 1) << cache.SHIFT
    rows = db.execute("SELECT id, text FROM seg WHERE id >= ? AND id < ?", (lo, hi)).fetchall()
    db.executemany(
        "INSERT INTO fts (fts, rowid, body) VALUES ('delete', ?, ?)",
        [(rowid, cache.terms(cache.tokens(text))) for rowid, text in rows],
    )
    db.execute("DELETE FROM seg WHERE id >= ? AND id < ?", (lo, hi))
    db.execute("DELETE FROM doc WHERE id = ?", (row[0],))


def update(
    project: Project,
    meta: Meta,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    state: State | None = None,
    quick: str = "",
) -> IndexStatus:
    """Bring an existing index up to date: drop and (re-)add only the documents that changed,
    in one transaction. The caller holds `buildlock.index_write_lock`."""
    started = time.perf_counter()
    folder = index_dir(project)
    counter = project.change_counter()
    digest, prints = state or corpus.project_state(project)
    old = meta.documents
    removed = [u for u, fp in old.items() if prints.get(u) != fp]
    added = sorted(u for u, fp in prints.items() if old.get(u) != fp)
    segments = meta.segments
    if removed or added:
        try:
            _apply(folder, project, removed, added, progress, cancel)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise IndexBusyError(
                    "the search index is being read or updated by another qcode; try again"
                ) from exc
            raise
        segments = _segment_count(folder)
    write_meta(
        folder, Meta(INDEX_SCHEMA_VERSION, meta.project, counter, prints, segments, digest, quick)
    )
    return IndexStatus(
        folder,
        len(prints),
        segments,
        added=len(added),
        removed=len(removed),
        seconds=time.perf_counter() - started,
    )


def _segment_count(folder: Path) -> int:
    db = cache.connect(folder)
    try:
        return int(db.execute("SELECT count(*) FROM seg").fetchone()[0])
    finally:
        db.close()


def _apply(
    folder: Path,
    project: Project,
    removed: list[str],
    added: list[str],
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    """Drop and add documents in one transaction of the index file."""
    db = cache.connect(folder)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Documents about to be added are dropped first too: after a crash between the
            # commit and the metadata, the index may already hold some of them.
            for uuid in sorted(set(removed) | set(added)):
                _drop(db, uuid)
            number = db.execute("SELECT coalesce(max(id), 0) FROM doc").fetchone()[0]
            words: set[str] = set()
            speakers: set[str] = set()
            with Analysers(1) as analysers:
                documents = corpus.load_documents(project, added)
                for done, (doc, analysed) in enumerate(analysers.map(documents), start=1):
                    _check(cancel)
                    _insert(db, number + done, doc, analysed)
                    words |= analysed.words
                    speakers.update(speaker for _, _, _, speaker, _ in doc.segments)
                    if progress:
                        progress(done, len(added), "updating the index")
            _save_words(db, words, speakers)
            fault_point("index-update")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()


def record_quick(project: Project, meta: Meta, quick: str) -> None:
    """Record the quick key of a project state the index was found to reflect in full."""
    meta = replace(meta, counter=project.change_counter(), quick=quick)
    write_meta(index_dir(project), meta)


def stale_reason(project: Project, meta: Meta | None, folder: Path) -> str:
    """Why the index must be rebuilt from scratch ("" when an update is enough)."""
    if not folder.exists():
        return "no index yet"
    if meta is None:
        return "the index is damaged or incomplete"
    if meta.schema != INDEX_SCHEMA_VERSION:
        return f"the index was made by another qcode version (schema {meta.schema})"
    if meta.project != corpus.project_uuid(project):
        return "the index belongs to another project"
    if not (folder / cache.DB_FILE).is_file():
        return "the index is damaged or incomplete"
    return ""


def current_meta(project: Project) -> tuple[Meta | None, str]:
    folder = index_dir(project)
    meta = read_meta(folder)
    return meta, stale_reason(project, meta, folder)
