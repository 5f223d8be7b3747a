"""Load a codebook file into a project, choosing the reader by file extension."""

from __future__ import annotations

from pathlib import Path

from qcode.codebook.apply import LoadReport, apply_codebook, undo_load
from qcode.codebook.model import Codebook
from qcode.errors import QcodeError
from qcode.store import Project

__all__ = ["READABLE", "LoadReport", "load_codebook_file", "read_codebook_file", "undo_load"]

#: Extensions `load_codebook_file` reads (.qdpx/.qde: the codebook of a REFI-QDA project).
READABLE = (".qdc", ".qdpx", ".qde", ".csv", ".xlsx")


def read_codebook_file(path: Path) -> Codebook:
    """Parse a codebook file without touching any project."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".qdc", ".qdpx", ".qde", ".xml"):
        from qcode.codebook.qdc import read_qdc

        return read_qdc(path)
    if suffix in (".csv", ".xlsx", ".tsv"):
        from qcode.codebook.sheet import read_sheet

        return read_sheet(path)
    if suffix in (".docx", ".txt", ".md"):
        raise QcodeError(
            f"{path}: a {suffix} file is not a codebook; to make themes from terms of "
            "reference use `qcode codebook from-tor`"
        )
    raise QcodeError(
        f"{path}: reading codebooks of type {suffix or '(none)'} is not supported "
        f"(use {', '.join(READABLE)})"
    )


def load_codebook_file(project: Project, path: Path, *, dry_run: bool = False) -> LoadReport:
    """Import a codebook (.qdc, .csv, .xlsx, or a .qdpx project's codebook) into the project,
    merging by UUID then by path, as one undoable action (nothing is written with `dry_run`).

    A bare name such as `activism-impartiality` loads that shipped codebook."""
    path = Path(path)
    if not path.exists() and not path.suffix and path.parent == Path("."):
        from qcode.codebook.shipped import shipped_codebook, shipped_names

        if path.name in shipped_names():
            path = shipped_codebook(path.name)
    book = read_codebook_file(path)
    return apply_codebook(project, book, source=str(path), dry_run=dry_run)
