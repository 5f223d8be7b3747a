"""Building the index from scratch (in parallel when large) and updating it document by document."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from whoosh import index as windex
from whoosh.index import LockError

from qcode.errors import QcodeError
from qcode.faults import fault_point
from qcode.search import corpus
from qcode.search.analysis import vocabulary
from qcode.search.buildlock import IndexBusyError
from qcode.search.schema import (
    DOCUMENT,
    INDEX_SCHEMA_VERSION,
    KIND,
    SEGMENT,
    SPEAKER,
    TEXT,
    build_schema,
)
from qcode.search.store import (
    Meta,
    index_dir,
    read_meta,
    read_vocabulary,
    write_meta,
    write_vocabulary,
)
from qcode.search.workers import parallel_writer
from qcode.store import Document, Project

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
State = tuple[str, dict[str, str]]  # (state digest, per-document fingerprints)

#: Above this many words a full build uses one worker process per core (Whoosh's MpWriter).
PARALLEL_WORDS = 300_000
WRITER_TIMEOUT = 15.0
LIMIT_MB = 256


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
    """Worker processes for a full build: two when large and processes can be forked (Whoosh's
    workers are not safe to start by "spawn", the default on Windows and macOS)."""
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


def _add_segments(writer: Any, doc: corpus.IndexDocument) -> int:
    for sid, start, end, speaker in doc.segments:
        fields: dict[str, Any] = {
            SEGMENT: sid,
            DOCUMENT: doc.uuid,
            KIND: doc.kind,
            TEXT: doc.text[start:end],
        }
        if speaker:
            fields[SPEAKER] = speaker
        writer.add_document(**fields)
    return len(doc.segments)


def build(
    project: Project,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    state: State | None = None,
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
        ix = windex.create_in(str(fresh), build_schema())
        total_words = _count_words(project)
        procs = worker_processes(total_words)
        if procs > 1:
            writer = parallel_writer(ix, procs, multisegment=True, limitmb=LIMIT_MB)
        else:
            writer = ix.writer(limitmb=LIMIT_MB)
        words: set[str] = set()
        segments = 0
        try:
            for done, doc in enumerate(corpus.load_documents(project, order), start=1):
                _check(cancel)
                fault_point("index-build-document")
                segments += _add_segments(writer, doc)
                words |= vocabulary(doc.text)
                if progress:
                    progress(done, len(order) + 1, "indexing documents")
            if progress:
                progress(len(order), len(order) + 1, "writing the index")
            fault_point("index-build")
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        ix.close()
        write_vocabulary(fresh, words)
        write_meta(
            fresh,
            Meta(
                INDEX_SCHEMA_VERSION,
                corpus.project_uuid(project),
                counter,
                prints,
                segments,
                digest,
            ),
        )
        _swap(fresh, target)
    except OSError as exc:
        raise QcodeError(f"cannot write the search index in {target.parent}: {exc}") from exc
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    if progress:
        progress(len(order) + 1, len(order) + 1, "index ready")
    return IndexStatus(
        target, len(order), segments, rebuilt=True, seconds=time.perf_counter() - started
    )


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


def update(
    project: Project,
    meta: Meta,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    state: State | None = None,
) -> IndexStatus:
    """Bring an existing index up to date: drop and (re-)add only the documents that changed.
    The caller holds `buildlock.index_write_lock`."""
    started = time.perf_counter()
    folder = index_dir(project)
    counter = project.change_counter()
    digest, prints = state or corpus.project_state(project)
    old = meta.documents
    removed = [u for u, fp in old.items() if prints.get(u) != fp]
    added = sorted(u for u, fp in prints.items() if old.get(u) != fp)
    segments = meta.segments
    if removed or added:
        ix = windex.open_dir(str(folder))
        try:
            writer = ix.writer(timeout=WRITER_TIMEOUT)
        except LockError as exc:
            ix.close()
            raise IndexBusyError(
                "the search index is being updated by another qcode window; try again"
            ) from exc
        words = set(read_vocabulary(folder))
        try:
            # Documents about to be added are dropped first too: after a crash between the
            # commit and the metadata, the index may already hold some of them.
            for uuid in sorted(set(removed) | set(added)):
                writer.delete_by_term(DOCUMENT, uuid)
            for done, doc in enumerate(corpus.load_documents(project, added), start=1):
                _check(cancel)
                _add_segments(writer, doc)
                words |= vocabulary(doc.text)
                if progress:
                    progress(done, len(added), "updating the index")
            fault_point("index-update")
            writer.commit()
            segments = ix.doc_count()
        except BaseException:
            writer.cancel()
            raise
        finally:
            ix.close()
        write_vocabulary(folder, words)
    write_meta(folder, Meta(INDEX_SCHEMA_VERSION, meta.project, counter, prints, segments, digest))
    return IndexStatus(
        folder,
        len(prints),
        segments,
        added=len(added),
        removed=len(removed),
        seconds=time.perf_counter() - started,
    )


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
    if not windex.exists_in(str(folder)):
        return "the index is damaged or incomplete"
    return ""


def current_meta(project: Project) -> tuple[Meta | None, str]:
    folder = index_dir(project)
    meta = read_meta(folder)
    return meta, stale_reason(project, meta, folder)
