"""The Whoosh schema of the search index: one index document per segment, kept lean."""

from __future__ import annotations

import re

from whoosh import fields
from whoosh.columns import NumericColumn

from qcode.search.analysis import QcodeAnalyzer, ValueAnalyzer

#: Bump whenever the schema, the analyser or what is indexed changes: old indexes are rebuilt.
INDEX_SCHEMA_VERSION = 4

TEXT = "text"
SEGMENT = "seg"
DOCUMENT = "doc"
KIND = "kind"
SPEAKER = "speaker"
ATTRIBUTE_PREFIX = "a_"
#: Fields a user may name in a query (attributes come on top, by their own names).
QUERY_FIELDS: tuple[str, ...] = (TEXT, KIND, SPEAKER)

_NOT_NAME = re.compile(r"[^0-9a-z]+")


def build_schema() -> fields.Schema:
    """Segment id as a column only (no postings), document/kind/speaker as lower-cased keywords,
    the text stemmed with positions (for phrases) and not stored: the project file holds the
    text, and matched words are found again by re-tokenising it.

    Attribute fields (`a_*`) are declared for the query parser but hold no postings: a document
    has a handful of attributes and a segment inherits them, so indexing them per segment would
    add about as many postings as the text itself. `force:C` is answered from the attribute table
    (held in memory) as a set of documents instead.
    """
    keyword = ValueAnalyzer()
    schema = fields.Schema(
        **{
            SEGMENT: fields.COLUMN(NumericColumn("i")),
            DOCUMENT: fields.ID(),
            KIND: fields.ID(),
            SPEAKER: fields.ID(analyzer=keyword),
            TEXT: fields.TEXT(analyzer=QcodeAnalyzer(), phrase=True),
        }
    )
    schema.add(ATTRIBUTE_PREFIX + "*", fields.ID(analyzer=keyword), glob=True)
    return schema


def attribute_alias(key: str) -> str:
    """An attribute key as written in a query: `Force` -> `force`, `Rank band` -> `rank_band`."""
    return _NOT_NAME.sub("_", key.strip().lower()).strip("_")


def attribute_field(key: str) -> str:
    """The index field holding an attribute's value."""
    return ATTRIBUTE_PREFIX + attribute_alias(key)
