"""The merge's shortcuts give what the plain way gives: rows read once, dates kept as text."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from qcode.coding import apply_code, list_codings, set_coding_memo
from qcode.integrity.files import check_copy, check_project
from qcode.integrity.rows import Fetched
from qcode.merge import merge_projects
from qcode.merging import apply as merge_apply
from qcode.merging.state import copy_database, open_engine, read_state
from qcode.store import Project

from .helpers import content, copies


def _coded(tmp: Path) -> tuple[Path, Path]:
    """Ann's and Bob's copies, each with codings, one memo and one removal."""
    ann, bob = copies(tmp, "Ann", "Bob")
    for path, coder in ((ann, "Ann"), (bob, "Bob")):
        with Project.open(path, coder_name=coder) as p:
            for i in range(4):
                apply_code(p, "Interview 01", "Training", 10 * i, 10 * i + 8)
            apply_code(p, "Focus group 01", "Impartiality/Events", 5, 30)
            first = list_codings(p)[0]
            set_coding_memo(p, first.uuid, f"{coder} says why")
    return ann, bob


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _raw(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_rows_the_check_read_make_the_state_a_second_read_makes(tmp_path: Path) -> None:
    ann, _bob = _coded(tmp_path)
    copy = tmp_path / "copy.qcode"
    copy_database(ann, copy)
    fetched: Fetched = {}
    assert check_copy(copy, ann, keep=fetched).ok
    assert {"coding", "document", "code", "coder", "attribute"} <= set(fetched)
    engine = open_engine(copy, source=True)
    try:
        with Session(engine) as s:
            reused = read_state(s, ann, origin=copy, fetched=fetched)
            read = read_state(s, ann, origin=copy)
    finally:
        engine.dispose()
    assert reused.rows == read.rows
    assert reused.rows["coding"]  # not vacuous
    assert (reused.aliases, reused.lifted, reused.origin, reused.base) == (
        read.aliases, read.lifted, read.origin, read.base)


def test_timestamps_without_microseconds_arrive_as_qcode_writes_them(tmp_path: Path) -> None:
    ann, bob = _coded(tmp_path)
    _sql(bob, "UPDATE coding SET created_at = substr(created_at, 1, 19), "
              "updated_at = substr(updated_at, 1, 19)")
    assert check_project(bob).ok  # a stored form SQLAlchemy reads too
    merge_projects(ann, [bob])
    stamps = _raw(ann, "SELECT created_at, updated_at FROM coding")
    assert stamps
    assert {len(s) for row in stamps for s in row} == {26}
    assert not merge_projects(ann, [bob]).changed  # equal times: nothing to write again
    assert check_project(ann).ok


def test_an_exact_tie_is_won_by_the_version_earlier_qcode_chose(tmp_path: Path) -> None:
    """Two versions of one coding with the same time and coder: the content decides, compared
    as earlier versions did (datetimes spelt by repr), so that files merged by either agree.

    repr(datetime(2024, 9, ...)) sorts after repr(datetime(2024, 11, ...)): September wins,
    although as text "2024-09" sorts before "2024-11".
    """
    ann, bob = _coded(tmp_path)
    [(uuid,)] = _raw(ann, "SELECT uuid FROM coding WHERE memo = 'Ann says why'")
    columns = [r[1] for r in _raw(ann, "PRAGMA table_info(coding)")]
    [row] = _raw(ann, f"SELECT * FROM coding WHERE uuid = '{uuid}'")
    stamp = "2025-01-02 03:04:05.000006"
    theirs = dict(zip(columns, row, strict=True))
    theirs.update(updated_at=stamp, created_at="2024-09-01 08:07:06.000000", memo="September")
    _sql(ann, f"UPDATE coding SET updated_at = '{stamp}', "
              "created_at = '2024-11-05 10:00:00.000000', memo = 'November' "
              f"WHERE uuid = '{uuid}'")
    conn = sqlite3.connect(bob)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"INSERT INTO coding ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
                     f"VALUES ({', '.join('?' for _ in columns)})", list(theirs.values()))
        conn.commit()
    finally:
        conn.close()
    _sql(bob, f"ATTACH '{ann}' AS a",
         "INSERT INTO coder SELECT * FROM a.coder WHERE uuid NOT IN (SELECT uuid FROM coder)")
    assert repr(datetime(2024, 9, 1)) > repr(datetime(2024, 11, 5))  # what the rule rests on
    ann_first, bob_first = tmp_path / "a.qcode", tmp_path / "b.qcode"
    copy_database(ann, ann_first)
    copy_database(bob, bob_first)
    merge_projects(ann_first, [bob])
    merge_projects(bob_first, [ann])
    for merged in (ann_first, bob_first):
        assert _raw(merged, f"SELECT memo FROM coding WHERE uuid = '{uuid}'") == [("September",)]
    assert content(ann_first)["coding"] == content(bob_first)["coding"]


@pytest.mark.parametrize("bulk", [1, 10**9])
def test_a_bulk_insert_rebuilds_the_indexes_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    """Indexes dropped before a large insert and built again after (or kept, below the
    threshold): the same index definitions, sound indexes, the same merged rows."""
    ann, bob = _coded(tmp_path)
    plain = tmp_path / "plain.qcode"
    copy_database(ann, plain)
    merge_projects(plain, [bob])
    monkeypatch.setattr(merge_apply, "BULK", bulk)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    before = _raw(ann, schema)
    merge_projects(ann, [bob])
    assert _raw(ann, schema) == before
    assert _raw(ann, "PRAGMA integrity_check") == [("ok",)]
    assert content(ann) == content(plain)
    assert check_project(ann).ok
