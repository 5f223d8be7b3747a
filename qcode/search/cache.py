"""The search cache file: segments, their stems as FTS5 terms, and the corpus word list (SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.search.analysis import WORD, indexable, stem

#: The SQLite file of the index, inside the index folder.
DB_FILE = "search.db"
#: A row id is `document number << SHIFT | segment number`: the document of any hit is a shift
#: away, and row order is document order, segment by segment.
SHIFT = 24
MASK = (1 << SHIFT) - 1

TABLES = (
    "CREATE TABLE doc (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL)",
    # `sid` is the project's segment id; `text` the segment's text (snippets, phrase checks)
    "CREATE TABLE seg (id INTEGER PRIMARY KEY, sid INTEGER NOT NULL, ordinal INTEGER NOT NULL,"
    " start INTEGER NOT NULL, stop INTEGER NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL)",
    "CREATE TABLE vocab (word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE speaker (name TEXT PRIMARY KEY) WITHOUT ROWID",
    # the stems only, no copy of them (`content=''`); rows are deleted with their terms
    "CREATE VIRTUAL TABLE fts USING fts5(body, content='', tokenize='ascii')",
)
#: Made after a full build's bulk load (cheaper than keeping them up to date row by row).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS seg_sid ON seg(sid)",
    "CREATE INDEX IF NOT EXISTS seg_speaker ON seg(speaker)",
    "CREATE INDEX IF NOT EXISTS vocab_stem ON vocab(stem)",
)


def connect(folder: Path, *, create: bool = False) -> sqlite3.Connection:
    """A connection to the index file of `folder` (made with its tables when `create`)."""
    path = folder / DB_FILE
    if not create and not path.is_file():
        raise sqlite3.DatabaseError(f"no {DB_FILE} in {folder}")
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=15.0)
    try:
        db.execute("PRAGMA cache_size = -32000")
        if create:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            for statement in TABLES:
                db.execute(statement)
        else:
            db.execute("SELECT 1 FROM fts WHERE rowid = 0").fetchall()  # a readable index
    except BaseException:
        db.close()
        raise
    return db


def encode(stemmed: str) -> str:
    """A stem as one token of FTS5's `ascii` tokeniser, which splits at every ASCII character
    that is not a letter or digit: plain stems as they are, others (`3.5`, `u.k.`, `café`,
    anything starting with 0) as 0 and the hex of their UTF-8."""
    if stemmed.isascii() and stemmed.isalnum() and stemmed[0] != "0":
        return stemmed.lower()
    return "0" + stemmed.encode("utf-8").hex()


#: The token standing for every word that is not indexed (stop words, single letters): it keeps
#: the positions of the words after it, so that FTS5's phrases are exactly the phrases of the
#: analyser, whose positions count every word. (`encode` never gives it: a stem is at least two
#: characters and one starting with 0 is encoded.)
GAP = "0"


class _Terms(dict[str, str]):
    """Lower-case word -> its encoded stem (GAP for a word not indexed), filled as words come."""

    def __missing__(self, word: str) -> str:
        found = self[word] = encode(stem(word)) if indexable(word) else GAP
        if len(self) > 500_000:
            self.clear()
        return found


_TERMS = _Terms()


def tokens(text: str) -> list[str]:
    """The lower-case words of a text as the analyser finds them (stop words included)."""
    if "\u0130" in text:  # İ lower-cases to two characters: lower word by word
        return [m.group().lower() for m in WORD.finditer(text)]
    return WORD.findall(text.lower())


def terms(words: list[str]) -> str:
    """The FTS5 body of a segment: its words' stems, encoded, in order (GAP for the others)."""
    return " ".join(map(_TERMS.__getitem__, words))


def quote(stemmed: str) -> str:
    """A stem as an FTS5 query string (one token)."""
    return f'"{encode(stemmed)}"'
