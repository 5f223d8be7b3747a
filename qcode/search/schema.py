"""The fields of the query language, as a Whoosh schema that its query parser reads."""

from __future__ import annotations

import re

from whoosh import fields

from qcode.search.analysis import QcodeAnalyzer, ValueAnalyzer

#: Bump whenever the index file, the analyser or what is indexed changes: old ones are rebuilt.
INDEX_SCHEMA_VERSION = 5

TEXT = "text"
KIND = "kind"
SPEAKER = "speaker"
ATTRIBUTE_PREFIX = "a_"
#: Fields a user may name in a query (attributes come on top, by their own names).
QUERY_FIELDS: tuple[str, ...] = (TEXT, KIND, SPEAKER)

_NOT_NAME = re.compile(r"[^0-9a-z]+")


def build_schema() -> fields.Schema:
    """The schema Whoosh's query parser analyses each field's words with: the text stemmed
    (as the index file holds it), kind and speaker as lower-cased values, and attribute fields
    (`a_*`, by their own names through aliases). The index itself is SQLite FTS5 (`cache`);
    attributes, kinds and speakers are answered from its tables and the project's, not FTS5.
    """
    keyword = ValueAnalyzer()
    schema = fields.Schema(
        **{
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
