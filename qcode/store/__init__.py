"""The project file: models, schema and migrations, and the open-project object."""

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
from qcode.store.project import PROJECT_SUFFIX, Action, Change, Project, bump_change_counter
from qcode.store.schema import SCHEMA_VERSION

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
