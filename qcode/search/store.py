"""Where the index lives (beside the project file) and its metadata file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qcode.search.schema import INDEX_SCHEMA_VERSION

if TYPE_CHECKING:
    from qcode.store import Project

INDEX_SUFFIX = "-index"
META_FILE = "qcode-index.json"


def index_dir(project: Project | Path) -> Path:
    """`interviews.qcode` -> `interviews.qcode-index/`, in the same folder."""
    path = project if isinstance(project, Path) else project.path
    return path.with_name(path.name + INDEX_SUFFIX)


@dataclass
class Meta:
    """What the index was built from: checked against the project before every search."""

    schema: int = INDEX_SCHEMA_VERSION
    project: str = ""
    counter: int = -1
    documents: dict[str, str] = field(default_factory=dict)  # UUID -> fingerprint
    segments: int = 0
    state: str = ""  # `corpus.state_digest` of the project state the index reflects
    #: `corpus.quick_key` of that state: an index opened with the same key (and change counter)
    #: needs no full check
    quick: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "project": self.project,
            "counter": self.counter,
            "segments": self.segments,
            "documents": self.documents,
            "state": self.state,
            "quick": self.quick,
        }


def read_meta(folder: Path) -> Meta | None:
    """The metadata of an index folder, or None when missing or unreadable."""
    try:
        raw = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        docs = raw["documents"]
        if not isinstance(docs, dict):
            return None
        return Meta(
            schema=int(raw["schema"]),
            project=str(raw["project"]),
            counter=int(raw["counter"]),
            documents={str(k): str(v) for k, v in docs.items()},
            segments=int(raw.get("segments", 0)),
            state=str(raw.get("state", "")),
            quick=str(raw.get("quick", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_meta(folder: Path, meta: Meta) -> None:
    _atomic_write(folder / META_FILE, json.dumps(meta.to_json(), indent=0, sort_keys=True))


def folder_size(folder: Path) -> int:
    """Bytes taken by the files of an index folder."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
