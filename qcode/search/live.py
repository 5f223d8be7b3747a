"""The open index of a project, kept in memory between searches and refreshed when stale."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length, length_to_byte

from qcode.search import corpus, indexer
from qcode.search.analysis import ValueAnalyzer
from qcode.search.buildlock import IndexBusyError, index_write_lock
from qcode.search.indexer import Cancel, IndexStatus, Progress
from qcode.search.schema import QUERY_FIELDS, SEGMENT, TEXT, attribute_alias, attribute_field
from qcode.search.store import index_dir, read_vocabulary
from qcode.store import Change, Project

_LOCK = threading.RLock()
_OPEN: dict[Path, LiveIndex] = {}
_VALUES = ValueAnalyzer()


class LiveIndex:
    """An open searcher plus the lookups every search needs (segment rows, docnum maps)."""

    def __init__(self, project: Project, folder: Path, state: str) -> None:
        self.folder = folder
        # `corpus.quick_key` of the project when this was opened
        self.state = state
        self.project = project
        self.project_uuid = corpus.project_uuid(project)
        self.lock = threading.RLock()
        self.ix = windex.open_dir(str(folder))
        self.searcher: Any = self.ix.searcher()
        try:
            reader = self.searcher.reader()
            # docnum -> segment id (an index of no documents has an EmptyReader: no columns)
            self.segment_of: list[int] = (
                list(reader.column_reader(SEGMENT)) if reader.doc_count_all() else []
            )
            self.docnum_of: dict[int, int] = {self.segment_of[d]: d for d in reader.all_doc_ids()}
            self.stem_of = read_vocabulary(folder)  # word -> stem
            self.vocabulary = sorted(self.stem_of)
            self.segments = corpus.segment_rows(project)
            self.documents = corpus.document_rows(project)
            self.aliases: dict[str, str] = {}
            #: attribute field -> value word (or whole value) -> documents with it
            self.attribute_docs: dict[str, dict[str, set[str]]] = {}
            for doc, attrs in corpus.live_attributes(project).items():
                for key, value in attrs.items():
                    alias = attribute_alias(key)
                    if not alias or alias in QUERY_FIELDS or not value:
                        continue
                    field = self.aliases.setdefault(alias, attribute_field(key))
                    values = self.attribute_docs.setdefault(field, {})
                    for token in _VALUES(value, mode="index"):
                        values.setdefault(token.text, set()).add(doc)
        except BaseException:
            self.close()
            raise
        rows = self.segments
        self.doc_at: list[str] = [
            row.document_uuid if row is not None else "" for row in map(rows.get, self.segment_of)
        ]
        self._rank: list[int] | None = None
        self._texts: dict[str, str] | None = None
        self._lower: list[str] | None = None
        self._by_document: dict[str, list[int]] | None = None
        #: docnum offset of each segment reader, to turn its numbers into the searcher's
        self.offsets: dict[int, int] = {
            id(sub.reader()): base for sub, base in self.searcher.leaf_searchers()
        }
        self._forms: dict[str, list[str]] | None = None
        self._of_kinds: dict[frozenset[str], frozenset[int]] = {}
        self._norms: tuple[tuple[float, float], list[float]] | None = None
        self.lower_texts()  # read every text now: the first phrase search should not pay for it

    def text(self, document_uuid: str) -> str:
        """A live document's text, all of them read once (a few bytes a word) and kept."""
        if self._texts is None:
            self._texts = corpus.document_texts(self.project)
        return self._texts.get(document_uuid, "")

    def docnums_of_kinds(self, kinds: Iterable[str]) -> frozenset[int]:
        """Docnums of every segment of documents of these kinds (kept: asked at every search)."""
        wanted = frozenset(kinds)
        found = self._of_kinds.get(wanted)
        if found is None:
            uuids = frozenset(u for u, row in self.documents.items() if row.kind in wanted)
            found = self._of_kinds[wanted] = frozenset(self.docnums_of_documents(uuids))
        return found

    def docnums_of_documents(self, documents: frozenset[str]) -> list[int]:
        """Sorted docnums of every segment of the given documents."""
        if self._by_document is None:
            by_document: dict[str, list[int]] = {}
            for docnum in self.docnum_of.values():
                by_document.setdefault(self.doc_at[docnum], []).append(docnum)
            self._by_document = by_document
        return sorted(d for uuid in documents for d in self._by_document.get(uuid, ()))

    def lower_texts(self) -> list[str]:
        """Every index document's segment text in lower case, by docnum ("" if gone)."""
        if self._lower is None:
            out = []
            for segment_id in self.segment_of:
                row = self.segments.get(segment_id)
                body = self.text(row.document_uuid)[row.start : row.end] if row else ""
                out.append(body.lower())
            self._lower = out
        return self._lower

    def forms(self, stem: str) -> list[str]:
        """Every word of the corpus with this stem (`group` -> group, groups, grouped)."""
        if self._forms is None:
            forms: dict[str, list[str]] = {}
            for word, stemmed in self.stem_of.items():
                forms.setdefault(stemmed, []).append(word)
            self._forms = forms
        return self._forms.get(stem, [])

    def length_norms(self, b: float, k1: float) -> list[float]:
        """BM25's length part `k1 * (1 - b + b * length / average)` of every index document's
        text field, by docnum, worked out once per searcher (Whoosh reads it hit by hit)."""
        key = (b, k1)
        if self._norms is None or self._norms[0] != key:
            average = self.searcher.avg_field_length(TEXT) or 1
            # Whoosh stores each length as one byte: work the norm out once per byte value
            by_byte = [k1 * ((1 - b) + b * byte_to_length(x) / average) for x in range(256)]
            norms: list[float] = []
            for sub, _base in self.searcher.leaf_searchers():
                reader = sub.reader()
                count = reader.doc_count_all()
                lengths = _length_bytes(reader, count)
                if lengths is None:  # another codec: the public way, document by document
                    fl = reader.doc_field_length
                    lengths = [length_to_byte(fl(d, TEXT, 0) or 0) for d in range(count)]
                norms += map(by_byte.__getitem__, lengths)
            self._norms = (key, norms)
        return self._norms[1]

    def document_at(self, docnum: int) -> str:
        """UUID of the document an index document (segment) belongs to."""
        return self.doc_at[docnum]

    def document_sort_key(self, uuid: str) -> tuple[str, str]:
        row = self.documents.get(uuid)
        return (row.name.casefold(), uuid) if row else ("\uffff", uuid)

    def order_key(self, docnum: int) -> int:
        """Sort key putting segments in document order (by document name, then text order)."""
        if self._rank is None:
            rows = self.segments

            def key(d: int) -> tuple[tuple[str, str], int]:
                row = rows.get(self.segment_of[d])
                if row is None:
                    return (("\uffff", ""), d)
                return (self.document_sort_key(row.document_uuid), row.start)

            rank = [0] * len(self.segment_of)
            for i, d in enumerate(sorted(range(len(self.segment_of)), key=key)):
                rank[d] = i
            self._rank = rank
        return self._rank[docnum]

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    @property
    def size(self) -> int:
        return len(self.docnum_of)


def _length_bytes(reader: Any, count: int) -> list[int] | None:
    """The text field's length byte of every document of a segment reader, read as one block
    of bytes from its column (None when the codec is not Whoosh 3's, as it is here)."""
    try:
        column = reader._perdoc._cached_reader(_lenfield(TEXT), LENGTHS_COLUMN)
        if column is None or column._fixedlen != 1:
            return None
        stored = min(column._count, count)
        raw = list(bytes(column._dbfile.get(column._basepos, stored)))
        return raw + [column._default] * (count - stored)
    except AttributeError:
        return None


def _status(live: LiveIndex, **extra: Any) -> IndexStatus:
    docs = {row.document_uuid for row in live.segments.values()}
    return IndexStatus(live.folder, len(docs), live.size, **extra)


def _forget(folder: Path) -> None:
    old = _OPEN.pop(folder, None)
    if old is not None:
        old.close()


def _open(
    project: Project, progress: Progress | None, force: bool, cancel: Cancel | None = None
) -> tuple[LiveIndex, IndexStatus | None]:
    """The open index, and what was done to bring it up to date (None: it already was)."""
    folder = index_dir(project)
    # checked before every search: a restored or replaced file, or a change by another process,
    # changes the key even where the change counter comes back to the same value
    key = corpus.quick_key(project)
    live = _OPEN.get(folder)
    if live is not None and not force and live.state == key and folder.exists():
        live.project = project
        return live, None
    _forget(folder)
    # one writer at a time per index, across processes; it may have just been brought up to date
    with index_write_lock(folder):
        indexer.clear_leftovers(folder)
        # the full check whenever the index is (re)opened: per-document text and segments
        state = corpus.project_state(project)
        digest = state[0]
        meta, reason = indexer.current_meta(project)
        if force:
            reason = "rebuild asked for"
        status: IndexStatus | None = None
        if not reason and meta is not None:
            try:
                if meta.state != digest or meta.documents != state[1]:
                    status = indexer.update(project, meta, progress, cancel, state)
                live = LiveIndex(project, folder, key)
            except Exception as exc:  # a damaged index is rebuilt, whatever Whoosh raised
                if isinstance(exc, IndexBusyError | indexer.IndexCancelled):
                    raise
                reason = f"the index could not be read ({type(exc).__name__})"
        if reason:
            built = indexer.build(project, progress, cancel, state)
            status = dataclasses.replace(built, reason=reason)
            live = LiveIndex(project, folder, key)
    assert live is not None
    _OPEN[folder] = live
    return live, status


def open_index(project: Project, progress: Progress | None = None) -> LiveIndex:
    """The up-to-date open index of a project (built or updated first when needed)."""
    with _LOCK:
        return _open(project, progress, False)[0]


def ensure_index(
    project: Project, progress: Progress | None = None, cancel: Cancel | None = None
) -> IndexStatus:
    """Make the index current: build it when missing, damaged or of an old schema, else add and
    drop only the documents that changed since it was last brought up to date.

    `progress(done, total, label)` is called as documents are indexed; when `cancel()` returns
    True the work stops with IndexCancelled and the index on disk is left as it was.
    """
    with _LOCK:
        live, status = _open(project, progress, False, cancel)
        return status or _status(live)


def rebuild_index(
    project: Project, progress: Progress | None = None, cancel: Cancel | None = None
) -> IndexStatus:
    """Build the index again from scratch (into a new folder, swapped in when complete)."""
    with _LOCK:
        live, status = _open(project, progress, True, cancel)
        return status or _status(live)


def close_index(project: Project) -> None:
    """Release the open index of a project (e.g. when the project is closed)."""
    with _LOCK:
        _forget(index_dir(project))


def close_all() -> None:
    """Release every open index (tests, application exit)."""
    with _LOCK:
        for folder in list(_OPEN):
            _forget(folder)


def watch(project: Project) -> None:
    """Keep the index current after every committed change to documents (for the GUI)."""

    def listener(change: Change) -> None:
        if change.entities & {"documents", "attributes"}:
            ensure_index(project)

    project.listeners.append(listener)
