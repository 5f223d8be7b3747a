"""A codebook as exchange formats see it: codes by path with their fields, and code sets."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field

from qcode.codebook.tree import SEPARATOR

#: The fields of a code that travel between files, in the order spreadsheets show them.
FIELDS = ("definition", "inclusion", "exclusion", "example", "tor_item")


@dataclass
class CodeEntry:
    """One code read from (or written to) a file; `path` runs from the top-level theme down."""

    path: tuple[str, ...]
    uuid: str | None = None
    colour: str | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    tor_item: str = ""
    #: None when the file does not say (a spreadsheet with an empty cell).
    codable: bool | None = True
    #: The GUID as the file wrote it (upper-case, braces) when that differs from `uuid`.
    written_guid: str = ""

    @property
    def path_text(self) -> str:
        return SEPARATOR.join(self.path)

    def fields(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in FIELDS}


@dataclass
class CodeSet:
    """A named group of codes across the tree (REFI-QDA `<Set>`)."""

    uuid: str
    name: str
    description: str = ""
    members: list[str] = field(default_factory=list)


@dataclass
class Codebook:
    """What a reader found in a file, with the repairs it made as warnings."""

    entries: list[CodeEntry] = field(default_factory=list)
    sets: list[CodeSet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    origin: str = ""


def canonical_uuid(value: str | None) -> str | None:
    """`{ABC...}` or upper-case GUIDs as the lower-case canonical form; None if not a GUID."""
    if not value:
        return None
    text = value.strip().strip("{}")
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        return None


def clean_name(name: str) -> str:
    """A code name as the tree accepts it: one line, no path separator (looks the same)."""
    return " ".join(name.replace(SEPARATOR, "\u2215").split())
