"""Indexed full-text search over every segment of a project (SQLite FTS5), with KWIC and autocoding.

Queries use Whoosh's syntax: words (stemmed: `bots` finds "bot"), AND / OR / NOT and brackets,
"exact phrases", proximity `"advisory box"~5`, wildcards `impartial*` `?at`, fuzzy `bots~`,
and fields `kind:focus_group`, `speaker:P3` and any document attribute such as `force:C`.
"""

from qcode.search.autocode import AutocodeResult, autocode
from qcode.search.engine import Hit, SearchResults, search
from qcode.search.indexer import IndexCancelled, IndexStatus
from qcode.search.live import close_index, ensure_index, rebuild_index, watch
from qcode.search.store import index_dir
from qcode.search.syntax import QuerySyntaxError

__all__ = [
    "AutocodeResult",
    "Hit",
    "IndexCancelled",
    "IndexStatus",
    "QuerySyntaxError",
    "SearchResults",
    "autocode",
    "close_index",
    "ensure_index",
    "index_dir",
    "rebuild_index",
    "search",
    "watch",
]
