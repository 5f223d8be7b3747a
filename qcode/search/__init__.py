"""Indexed full-text search over every segment of a project (SQLite FTS5), with KWIC and autocoding.

Queries use Whoosh's syntax: words (stemmed: `bots` finds "bot"), AND / OR / NOT and brackets,
"exact phrases", proximity `"advisory box"~5`, wildcards `impartial*` `?at`, fuzzy `bots~`,
and fields `kind:focus_group`, `speaker:P3` and any document attribute such as `force:C`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qcode.search.autocode import AutocodeResult
    from qcode.search.engine import Hit, SearchResults, search
    from qcode.search.indexer import IndexCancelled, IndexStatus
    from qcode.search.live import close_index, ensure_index, rebuild_index, watch
    from qcode.search.store import index_dir
    from qcode.search.syntax import QuerySyntaxError

#: Where each name lives, imported on first use: a cold `qcode search` loads only the modules
#: its read path needs (the autocoder and the index builder need SQLAlchemy, ~0.25 s). The
#: function `autocode` is imported from `qcode.search.autocode`: a lazy name here would be
#: shadowed by the submodule of the same name once that is imported.
_HOMES = {
    "AutocodeResult": "autocode",
    "Hit": "engine",
    "SearchResults": "engine",
    "search": "engine",
    "IndexCancelled": "indexer",
    "IndexStatus": "indexer",
    "close_index": "live",
    "ensure_index": "live",
    "rebuild_index": "live",
    "watch": "live",
    "index_dir": "store",
    "QuerySyntaxError": "syntax",
}

__all__ = [
    "AutocodeResult",
    "Hit",
    "IndexCancelled",
    "IndexStatus",
    "QuerySyntaxError",
    "SearchResults",
    "close_index",
    "ensure_index",
    "index_dir",
    "rebuild_index",
    "search",
    "watch",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'qcode.search' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"qcode.search.{home}"), name)
    globals()[name] = value
    return value
