"""The opening scan, one pass per big table, refuses all the old scan did; its short-cuts hold."""

from __future__ import annotations

import atexit
import contextlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qcode.coding import apply_code
from qcode.documents import add_document
from qcode.integrity import guard, quick
from qcode.integrity.files import connect_checked
from qcode.integrity.quick import quick_ok
from qcode.merging.state import copy_database
from qcode.store import Project
from tests.merge.helpers import make_lead

from . import quick_reference
from .hostile import CASES, hostile, sql
from .test_fuzz import VALUES, _damage

#: Curly quotes, accents and a character outside the BMP: bytes and code points differ.
WIDE = (
    "Interviewer: Was the café’s “neutral” policy clear?\n"
    "Officer Zoë: Not really — it changed twice. 🙂 Then we asked again.\n"
    "Interviewer: And now?\n"
    "Officer Zoë: Clearer."
)


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_checked(path)
    try:
        yield conn
    finally:
        conn.close()


def scans(path: Path) -> tuple[bool, bool]:
    """(the scan, the old scan) on the file."""
    with opened(path) as conn:
        return quick_ok(conn), quick_reference.quick_ok(conn)


def wide_project(folder: Path) -> Path:
    """The lead's two documents, one more in non-ASCII text, a coding in each."""
    path = make_lead(folder / "wide.qcode")
    with Project.open(path, coder_name="Lead") as p:
        add_document(p, "Interview 02", WIDE, kind="interview")
        apply_code(p, "Interview 02", "Training", 13, 40)
        apply_code(p, "Interview 01", "Training", 50, 80)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wide_project(tmp_path_factory.mktemp("quick"))


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "p.qcode"
    copy_database(template, path)
    return path


def _wide_uuid(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT uuid FROM document WHERE name = 'Interview 02'")
                   .fetchone()[0])
    finally:
        conn.close()


def test_a_sound_file_passes_both_scans(project: Path) -> None:
    assert scans(project) == (True, True)


@pytest.mark.parametrize("case", [c for c, (_f, expected) in CASES.items() if expected])
def test_every_hostile_file_the_old_scan_refused_is_refused(tmp_path: Path, case: str) -> None:
    _lead, damaged = hostile(tmp_path, case)
    new, old = scans(damaged)
    if not old:
        assert not new, f"{case}: the old scan refused it, the new one passed it"


# --- each short-cut of the one-pass scan, with the damage it must still see -------------------
def test_segment_end_past_its_documents_last_code_point_is_refused(project: Path) -> None:
    """Lengths are code points of the decoded text: an end inside the UTF-8 bytes but past the
    last character is refused, the end at the last character passes."""
    doc = _wide_uuid(project)
    n, size = len(WIDE), len(WIDE.encode("utf-8"))
    assert size > n + 1
    last = f"UPDATE segment SET \"end\" = ? WHERE document_uuid = '{doc}' AND ordinal = " \
           f"(SELECT max(ordinal) FROM segment WHERE document_uuid = '{doc}')"
    sql(project, last, params=(n,))
    assert scans(project) == (True, True)
    sql(project, last, params=(n + 1,))
    assert scans(project) == (False, False)


def test_a_coding_past_the_end_of_a_non_ascii_text_is_refused(project: Path) -> None:
    doc = _wide_uuid(project)
    sql(project, f"UPDATE coding SET \"end\" = {len(WIDE) + 1} WHERE document_uuid = '{doc}'")
    assert scans(project) == (False, False)


def test_a_segment_of_no_document_is_refused(project: Path) -> None:
    sql(project, "UPDATE segment SET document_uuid = '00000000-0000-4000-8000-000000000000' "
                 "WHERE id = (SELECT max(id) FROM segment)")
    assert scans(project) == (False, False)


@pytest.mark.parametrize("value", [1.5, 2.0, "3", "three", None, b"\x01"])
@pytest.mark.parametrize("column", ["start", "end"])
def test_a_segment_offset_that_is_not_an_integer_is_refused(
    project: Path, column: str, value: object
) -> None:
    """Stored as given (2.0 stays a decimal, "3" text, NULL allowed): a file written by a
    program whose schema has no type for the column."""
    conn = sqlite3.connect(project)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(f"UPDATE sqlite_master SET sql = replace(sql, '{column} INTEGER NOT NULL', "
                     f"'{column}') WHERE name = 'segment'"
                     if column == "start" else
                     "UPDATE sqlite_master SET sql = replace(sql, '\"end\" INTEGER NOT NULL', "
                     "'\"end\"') WHERE name = 'segment'")
        conn.commit()
    finally:
        conn.close()
    sql(project, f'UPDATE segment SET "{column}" = ? WHERE ordinal = 1', params=(value,))
    conn = sqlite3.connect(project)
    try:
        stored = conn.execute(f'SELECT "{column}" FROM segment WHERE ordinal = 1').fetchone()[0]
    finally:
        conn.close()
    assert type(stored) is type(value)
    assert scans(project) == (False, False)


@pytest.mark.parametrize("meta", ["{not json", "{}x", "{}{}", "", "{'a': 1}"])
def test_a_segment_meta_that_is_not_json_is_refused(project: Path, meta: str) -> None:
    sql(project, "UPDATE segment SET meta = ? WHERE id = (SELECT max(id) FROM segment)",
        params=(meta,))
    assert scans(project) == (False, False)


@pytest.mark.parametrize("meta", ['{"time": "00:01:02"}', " {} ", "{ }"])
def test_a_segment_meta_that_is_json_but_not_the_empty_object_passes(
    project: Path, meta: str
) -> None:
    sql(project, "UPDATE segment SET meta = ?", params=(meta,))
    assert scans(project) == (True, True)


@pytest.mark.parametrize(
    ("column", "raw"),
    [("speaker", "4672C3"), ("speaker", "FF"), ("meta", "7B7DFF"), ("speaker", "4100FF"),
     ("meta", "7B2274223A2280227D")],
)
def test_a_segment_text_that_is_not_utf8_is_refused(project: Path, column: str, raw: str) -> None:
    sql(project, f"UPDATE segment SET {column} = CAST(X'{raw}' AS TEXT) "
                 "WHERE id = (SELECT min(id) + 1 FROM segment)")
    assert scans(project) == (False, False)


def test_halves_of_a_character_in_two_segments_are_each_refused(project: Path) -> None:
    """Joined end to end, 'Zo\\xc3' and '\\xab' would spell 'Zoë': the newline between the
    values of the joined column keeps each half invalid."""
    sql(project, "UPDATE segment SET speaker = CAST(X'5A6FC3' AS TEXT) WHERE id = 1",
        "UPDATE segment SET speaker = CAST(X'AB' AS TEXT) WHERE id = 2")
    assert scans(project) == (False, False)


@pytest.mark.parametrize("column", ["text", "name", "kind", "source_filename", "memo",
                                    "source_guid"])
def test_a_document_text_column_that_is_not_utf8_is_refused(project: Path, column: str) -> None:
    sql(project, f"UPDATE document SET {column} = CAST(X'4F6666FF' AS TEXT) "
                 "WHERE name != 'Interview 01'")
    assert scans(project) == (False, False)


@pytest.mark.parametrize(
    "value", ["garbage", "2025-02-30 10:00:00.000000", "9999-01-01 00:00:00.000000", 5,
              b"2025-01-01 10:00:00", "2025-01-01 10:00:00\n2025-01-01 10:00:00"],
)
@pytest.mark.parametrize("column", ["imported_at", "updated_at"])
def test_a_document_date_that_python_cannot_use_is_refused(
    project: Path, column: str, value: object
) -> None:
    sql(project, f"UPDATE document SET {column} = ? WHERE name = 'Interview 02'",
        params=(value,))
    assert scans(project) == (False, False)


def test_a_document_text_stored_as_binary_is_refused(project: Path) -> None:
    sql(project, "UPDATE document SET text = CAST(text AS BLOB) WHERE name = 'Interview 02'")
    assert scans(project) == (False, False)


def test_segment_texts_longer_than_sqlite_allows_fall_back_to_the_full_check(
    project: Path,
) -> None:
    """Joining the speakers can exceed SQLite's longest value: the scan says 'look closer'
    (the full check then reads them row by row) instead of failing."""
    sql(project, "UPDATE segment SET speaker = ?", params=("S" * 300,))
    with opened(project) as conn:
        (joined,) = conn.execute("SELECT sum(length(speaker) + 1) FROM segment").fetchone()
        assert joined > 3000
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 2000)  # longer than any row of the file
        assert not quick_ok(conn)
    assert scans(project) == (True, True)  # without the limit: sound


def test_statistics_in_the_file_cannot_turn_the_segment_walk_into_a_scan_per_document(
    project: Path,
) -> None:
    """ANALYZE's table may be in a project file; one that calls the segment index useless
    would have SQLite scan every segment once per document (at 8x, 1,068 x 509,621 rows:
    past the check's work bound, so a sound file refused as unreadable)."""
    sql(project, "ANALYZE", "UPDATE sqlite_stat1 SET stat = '1000000 1000000 1000000 unordered'"
        " WHERE tbl = 'segment'")
    with opened(project) as conn:
        known = json.dumps({u: 1 for (u,) in conn.execute("SELECT uuid FROM document")})
        plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {quick._SEGMENTS}", (known,))]
        assert any("ix_segment_document_start (document_uuid=?" in p for p in plan), plan
        assert "SCAN s" not in plan
    assert scans(project) == (True, True)
    sql(project, 'UPDATE segment SET "end" = 1000000 WHERE id = 3')
    assert scans(project) == (False, False)


def test_the_window_path_refuses_segment_damage_and_opens_the_sound_file(project: Path) -> None:
    guard.refuse_if_damaged(project)  # sound: no exception
    sql(project, 'UPDATE segment SET "end" = 1000000 WHERE ordinal = 2')
    with pytest.raises(guard.DamagedProjectError, match=r"segment.*start, end"):
        guard.refuse_if_damaged(project)


# --- any value in any column of the tables the new passes read --------------------------------
_template: list[Path] = []


def _files() -> Path:
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="qcode-quick-template-"))
        atexit.register(shutil.rmtree, folder, True)
        _template.append(wide_project(folder))
    return _template[0]


COLUMNS = [
    ("document", c) for c in ("uuid", "name", "kind", "text", "source_filename", "imported_at",
                              "memo", "source_guid", "updated_at")
] + [("segment", c) for c in ("document_uuid", "start", "end", "speaker", "meta")] + [
    ("coding", c) for c in ("document_uuid", "start", "end")
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(COLUMNS), value=VALUES, binary_text=st.booleans(),
       every_row=st.booleans())
def test_any_value_the_old_scan_refused_is_refused(
    target: tuple[str, str], value: object, binary_text: bool, every_row: bool
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qcode-quick-"))
    try:
        path = folder / "p.qcode"
        copy_database(_files(), path)
        assume(_damage(path, *target, value, binary_text, every_row))
        new, old = scans(path)
        if not old:
            assert not new
    finally:
        shutil.rmtree(folder, ignore_errors=True)
