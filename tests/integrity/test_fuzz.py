"""Hypothesis writes arbitrary values into real project files: a merge refuses or stays sound."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qcode.errors import QcodeError
from qcode.integrity.files import check_project
from qcode.integrity.rows import PROJECT, TABLES
from qcode.merge import merge_projects
from qcode.merging.state import copy_database

from .hostile import GHOST, coded_copy
from .test_hostile import exports_everything

COLUMNS = [("project", c) for c, _k in PROJECT] + [
    (t, c) for t, spec in TABLES.items() for c, _k in spec
]
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=8),
    st.sampled_from([
        "9999-12-31 00:00:00.000000", "1970-01-01 00:00:00", "2024-02-30 10:00:00", "garbage",
        "{}", "[]", '{"merge.code_aliases": {}}', "{not json", GHOST, "", "  ", -1, 0, 10**9,
    ]),
)

_template: list[Path] = []


def _files() -> tuple[Path, Path]:
    """A lead's project and a coder's coded copy, made once (copied per example)."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="qcode-fuzz-template-"))
        atexit.register(shutil.rmtree, folder, True)
        _template.extend(coded_copy(folder))
    return _template[0], _template[1]


def _damage(path: Path, table: str, column: str, value: object, binary_text: bool,
            every_row: bool) -> bool:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        where = "" if every_row else f" WHERE rowid = (SELECT min(rowid) FROM {table})"
        mark = "CAST(? AS TEXT)" if binary_text and isinstance(value, bytes) else "?"
        conn.execute(f'UPDATE {table} SET "{column}" = {mark}{where}', (value,))
        conn.commit()
        return True
    except (sqlite3.IntegrityError, OverflowError):
        return False  # NOT NULL or unique: the file's own constraints refuse it
    finally:
        conn.close()


#: Bounded in CI (each example merges real files); `HYPOTHESIS_PROFILE=deep` runs its own count.
EXAMPLES = 25 if settings.default.max_examples <= 100 else settings.default.max_examples


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(COLUMNS),
    value=VALUES,
    binary_text=st.booleans(),
    every_row=st.booleans(),
)
def test_any_value_in_any_column_is_refused_or_merged_soundly(
    target: tuple[str, str], value: object, binary_text: bool, every_row: bool
) -> None:
    lead_template, copy_template = _files()
    folder = Path(tempfile.mkdtemp(prefix="qcode-fuzz-"))
    try:
        lead, damaged = folder / "lead.qcode", folder / "damaged.qcode"
        copy_database(lead_template, lead)
        copy_database(copy_template, damaged)
        assume(_damage(damaged, *target, value, binary_text, every_row))
        with contextlib.suppress(QcodeError):  # refused as a whole, with a message: fine
            check_project(damaged)
        for skip in (False, True):
            # A clear refusal (QcodeError) or a merge; never another exception.
            with contextlib.suppress(QcodeError):
                merge_projects(lead, [damaged], skip_invalid=skip)
            result = check_project(lead)
            assert result.ok, result.problems
        exports_everything(lead, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
