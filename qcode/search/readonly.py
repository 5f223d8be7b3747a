"""A search of a project file known sound and already indexed, with SQLite alone (no ORM)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qcode.integrity import scan_cache
from qcode.search.engine import Order, SearchResults, search_index
from qcode.search.live import open_current


def search_file(
    path: Path,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    order: Order = "rank",
    page: int = 1,
    page_size: int = 50,
) -> SearchResults | None:
    """`search` of a project file without opening it as a project, or None when that cannot be
    done safely, and the caller opens the project (which scans, migrates, warns and brings the
    index up to date as every command does).

    It is done only when the file is exactly as it was when it last passed the opening scan
    (`scan_cache`: same inode, size and times, settled, on a local disk; a project in a shared
    or synced folder is never vouched for so), and is of the current schema with a current
    index (`live.open_current`). What it costs does not grow with the corpus: a few index
    lookups, and the rows of the hits shown.
    """
    path = Path(path)
    fp = scan_cache.fingerprint(path)
    if fp is None or not scan_cache.known_clean(fp):
        return None
    live = open_current(path)
    if live is None:
        return None
    try:
        return search_index(live, query, kinds=kinds, order=order, page=page, page_size=page_size)
    finally:
        live.close()
