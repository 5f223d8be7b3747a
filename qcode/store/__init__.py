"""The project file: models, schema and migrations, and the open-project object."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qcode.store.models import (
        Attribute,
        Base,
        ChangeLog,
        Code,
        Coder,
        Coding,
        Document,
        Memo,
        ProjectRow,
        Pseudonym,
        Segment,
    )
    from qcode.store.project import (
        PROJECT_SUFFIX,
        Action,
        Change,
        Project,
        bump_change_counter,
    )
    from qcode.store.versions import SCHEMA_VERSION

#: Where each name lives: imported on first use, so that a module of the package that needs
#: SQLite alone (`door`, `location`) does not load SQLAlchemy and the models (~0.25 s) with it.
_HOMES = {
    **dict.fromkeys(
        (
            "Attribute",
            "Base",
            "ChangeLog",
            "Code",
            "Coder",
            "Coding",
            "Document",
            "Memo",
            "ProjectRow",
            "Pseudonym",
            "Segment",
        ),
        "qcode.store.models",
    ),
    **dict.fromkeys(
        ("PROJECT_SUFFIX", "Action", "Change", "Project", "bump_change_counter"),
        "qcode.store.project",
    ),
    "SCHEMA_VERSION": "qcode.store.versions",
}

__all__ = [
    "PROJECT_SUFFIX",
    "SCHEMA_VERSION",
    "Action",
    "Attribute",
    "Base",
    "Change",
    "ChangeLog",
    "Code",
    "Coder",
    "Coding",
    "Document",
    "Memo",
    "Project",
    "ProjectRow",
    "Pseudonym",
    "Segment",
    "bump_change_counter",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'qcode.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
