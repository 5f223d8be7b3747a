"""The fields of the query language: the text, kind, speaker and attribute fields (`a_*`)."""

from __future__ import annotations

import re

#: Bump whenever the index file, the analyser or what is indexed changes: old ones are rebuilt.
INDEX_SCHEMA_VERSION = 5

TEXT = "text"
KIND = "kind"
SPEAKER = "speaker"
ATTRIBUTE_PREFIX = "a_"
#: Fields a user may name in a query (attributes come on top, by their own names).
QUERY_FIELDS: tuple[str, ...] = (TEXT, KIND, SPEAKER)

_NOT_NAME = re.compile(r"[^0-9a-z]+")


def is_field(name: str) -> bool:
    """Whether a query may search this field: the text (stemmed, as the index holds it), kind
    (by name, as written), speaker and attributes (`a_*`, by lower-cased value). The index is
    SQLite FTS5 (`cache`); kinds, speakers and attributes are answered from its tables and the
    project's, not FTS5."""
    return name in QUERY_FIELDS or name.startswith(ATTRIBUTE_PREFIX)


def attribute_alias(key: str) -> str:
    """An attribute key as written in a query: `Force` -> `force`, `Rank band` -> `rank_band`."""
    return _NOT_NAME.sub("_", key.strip().lower()).strip("_")


def attribute_field(key: str) -> str:
    """The index field holding an attribute's value."""
    return ATTRIBUTE_PREFIX + attribute_alias(key)
