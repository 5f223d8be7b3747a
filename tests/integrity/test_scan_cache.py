"""A project the file system shows unchanged since its last clean opening scan is not rescanned."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from qcode.errors import ProjectFileError
from qcode.integrity import guard, scan_cache

from .hostile import CASES, coded_copy


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files look long settled: the clock the cache compares them with runs an hour ahead."""
    ahead = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(scan_cache.time, "time_ns", lambda: ahead)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = guard.damage

    def counted(path: Path) -> object:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(guard, "damage", counted)
    return calls


def _project(tmp_path: Path) -> Path:
    _lead, copy = coded_copy(tmp_path)
    return copy


def test_an_unchanged_file_is_scanned_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    path = _project(tmp_path)
    calls = _counting(monkeypatch)
    guard.refuse_if_damaged(path)
    guard.refuse_if_damaged(path)
    guard.refuse_if_damaged(path)
    assert len(calls) == 1


@pytest.mark.parametrize("case", ["offsets are decimals", "invalid UTF-8", "segment meta not JSON"])
def test_a_file_damaged_after_a_clean_scan_is_scanned_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None, case: str
) -> None:
    path = _project(tmp_path)
    guard.refuse_if_damaged(path)  # clean, remembered
    calls = _counting(monkeypatch)
    CASES[case][0](path)  # a program other than qcode writes bad rows
    with pytest.raises(guard.DamagedProjectError):
        guard.refuse_if_damaged(path)
    assert len(calls) == 1


def test_a_file_replaced_by_another_at_the_same_path_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    path = _project(tmp_path)
    guard.refuse_if_damaged(path)
    other = tmp_path / "other.qcode"
    with sqlite3.connect(path) as src, sqlite3.connect(other) as dst:
        src.backup(dst)
    CASES["offsets are decimals"][0](other)
    os.replace(other, path)
    with pytest.raises(ProjectFileError):
        guard.refuse_if_damaged(path)


def test_a_file_changed_just_now_is_not_remembered(tmp_path: Path) -> None:
    path = _project(tmp_path)  # written a moment ago: its times could hide a write in the tick
    assert scan_cache.fingerprint(path) is None
    guard.refuse_if_damaged(path)
    assert not scan_cache._cache_path().exists()


def test_whole_second_times_a_journal_or_a_shared_folder_are_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    path = _project(tmp_path)
    assert scan_cache.fingerprint(path) is not None
    second = 1_700_000_000
    os.utime(path, ns=(second * 10**9, second * 10**9))  # FAT and some shares keep seconds
    assert scan_cache.fingerprint(path) is None
    os.utime(path, ns=(second * 10**9 + 5, second * 10**9 + 5))
    assert scan_cache.fingerprint(path) is not None
    journal = Path(f"{path}-journal")
    journal.write_bytes(b"\0" * 512)  # stands for a hot journal beside the project
    assert scan_cache.fingerprint(path) is None
    journal.unlink()
    monkeypatch.setenv("QCODE_ASSUME_NETWORK", "1")
    assert scan_cache.fingerprint(path) is None


def test_a_damaged_cache_file_only_costs_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    path = _project(tmp_path)
    scan_cache._cache_path().parent.mkdir(parents=True, exist_ok=True)
    scan_cache._cache_path().write_text("[not a dict", encoding="utf-8")
    calls = _counting(monkeypatch)
    guard.refuse_if_damaged(path)
    guard.refuse_if_damaged(path)
    assert len(calls) == 1
