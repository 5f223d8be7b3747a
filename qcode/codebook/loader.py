"""Load a codebook file into a project, choosing the reader by file extension."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qcode.errors import QcodeError
from qcode.store import Project


@dataclass
class LoadReport:
    """What loading a codebook did: codes added, updated and left alone."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"codebook: {len(self.added)} code(s) added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} left alone"
        )


def load_codebook_file(project: Project, path: Path) -> LoadReport:
    """Import a codebook (.qdc, .csv, .xlsx) into the project, merging by UUID then by path."""
    raise QcodeError(f"{path}: reading codebooks of type {path.suffix or '(none)'} is not supported")
