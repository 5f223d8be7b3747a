"""A parsed query as a small tree the engine evaluates against the index file."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    """Any of these stems (a word, a wildcard's or a fuzzy term's expansion)."""

    stems: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Stems in order at the given distances (or within `window` words for proximity), checked
    in each candidate segment's text with `pattern`."""

    stems: tuple[str, ...]
    gaps: tuple[int, ...]
    slop: int
    window: int
    pattern: re.Pattern[str]
    boost: float = 1.0


@dataclass(frozen=True)
class Docs:
    """Every segment of these documents (by their number in the index)."""

    numbers: frozenset[int]


@dataclass(frozen=True)
class Rows:
    """These segments (by row id in the index)."""

    rowids: frozenset[int]


@dataclass(frozen=True)
class Everything:
    """Every segment."""


@dataclass(frozen=True)
class And:
    kids: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    kids: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Everything but `kid` (an AND turns its NOT children into AndNot)."""

    kid: Node


@dataclass(frozen=True)
class AndNot:
    a: Node
    b: Node


@dataclass(frozen=True)
class AndMaybe:
    """`a`'s matches, scored higher where `b` matches too."""

    a: Node
    b: Node


Node = Terms | Phrase | Docs | Rows | Everything | And | Or | Not | AndNot | AndMaybe
NOTHING = Terms(())
