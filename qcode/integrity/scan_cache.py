"""Remembers which project files passed the opening scan, by what the file system says of them."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from qcode import __version__
from qcode.settings import config_dir
from qcode.store.location import warning

#: A file changed this recently (seconds) is not remembered: a write in the same clock tick
#: as the look at it could leave its times unchanged (git's "racily clean" files).
SETTLED = 2.0
#: Entries kept (the most recent ones).
KEEP = 200
CACHE_FILE = "clean-scans.json"


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def fingerprint(path: Path) -> list[Any] | None:
    """What the file system says of the project and its side files, or None when that cannot
    vouch for its content: a hot journal, a shared or synced folder, coarse or recent times."""
    path = Path(path).absolute()
    main = _stat(path)
    if main is None or Path(f"{path}-journal").exists() or warning(path) is not None:
        return None
    wal = _stat(Path(f"{path}-wal"))
    if wal is not None and wal[2] == 0:
        wal = None  # an empty WAL (left by a reader, or not yet used) holds nothing
    newest = time.time_ns() - int(SETTLED * 1e9)
    for st in (main, wal):
        if st is None:
            continue
        if st[3] % 1_000_000_000 == 0 or st[3] > newest or st[4] > newest:
            return None  # whole-second times (FAT, some shares) or a change just now
    return [str(path), __version__, main, wal]  # a newer qcode may scan for more


def _cache_path() -> Path:
    return config_dir() / CACHE_FILE


def _load() -> dict[str, Any]:
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def known_clean(fp: list[Any]) -> bool:
    """True when this very state of the file passed the scan before."""
    return _load().get(fp[0]) == fp[1:]


def remember_clean(fp: list[Any]) -> None:
    """Record a state that passed the scan (best effort: a lost entry only costs a rescan)."""
    data = _load()
    data.pop(fp[0], None)
    data[fp[0]] = fp[1:]
    if len(data) > KEEP:
        data = dict(list(data.items())[-KEEP:])
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{CACHE_FILE}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
