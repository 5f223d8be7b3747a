"""Fixtures for the dialog tests: no Qt warnings allowed, no worker left running."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QThreadPool, QtMsgType

from qcode.coding import apply_code, find_text
from qcode.store import Project

BAD = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
#: Noise from the headless "offscreen" platform plug-in itself, not from our code.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


@pytest.fixture(autouse=True)
def _no_qt_warnings(qtlog: object) -> Iterator[None]:
    """Any Qt warning emitted during a dialog test fails it."""
    yield
    bad = [r.message for r in qtlog.records if r.type in BAD and r.message not in PLATFORM_NOISE]  # type: ignore[attr-defined]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture(autouse=True)
def _drain_pool(qapp: object) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def code_passage(project: Project, document: str, passage: str, code: str) -> str:
    """Code the first occurrence of `passage` in `document`; returns the coding UUID."""
    start, end = find_text(project, document, passage)
    return apply_code(project, document, code, start, end).uuid


@pytest.fixture
def coded(sample: Project) -> Project:
    """The sample interview with three codings by Ann."""
    code_passage(
        sample, "Interview 01", "a box-ticking exercise", "Equality Act/Impact assessments"
    )
    code_passage(
        sample, "Interview 01", "The advisory group is useful", "Advisory groups/Influence"
    )
    code_passage(
        sample, "Interview 01", "that changed how we brief the teams", "Advisory groups/Influence"
    )
    return sample


def xlsx_cells(path: Path) -> list[str]:
    """Every non-empty cell of every sheet, as text."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [
            str(c)
            for ws in book.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        ]
    finally:
        book.close()
