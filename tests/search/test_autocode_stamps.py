"""The stamps code all hits reports are the file's own text, even on a whole second (issue 20)."""

from __future__ import annotations

import importlib
import itertools
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from qcode.codebook.tree import add_code
from qcode.store import Code, Project
from qcode.store.external import row_stamps
from qcode.store.tombstones import stored

module = importlib.import_module("qcode.search.autocode")
CODE = "Advisory groups/Influence"


def test_stored_is_the_text_sqlite_holds(project: Project) -> None:
    """`stored()` spells a stamp as the file holds it: "….000000" on a whole second, where
    `str(datetime)` drops the microseconds (the undo that was refused 1 run in 7 at 8x)."""
    add_code(project, "Theme")
    for stamp in (datetime(2031, 5, 6, 7, 8, 9), datetime(2031, 5, 6, 7, 8, 9, 42)):
        with project.transaction("test") as s:
            s.execute(Code.__table__.update().values(updated_at=stamp))
        with project.read() as s:
            raw = s.connection().exec_driver_sql("SELECT updated_at FROM code").scalar_one()
            assert s.scalar(select(Code.updated_at)) == stamp
        assert stored(stamp) == raw


def test_autocode_reports_the_stamps_the_file_holds(
    corpus: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = itertools.count()
    start = datetime(2031, 5, 6, 7, 8, 9)
    monkeypatch.setattr(module, "now", lambda: start + timedelta(seconds=next(ticks)))
    result = module.autocode(corpus, "advisory", CODE)
    assert len(result.created) >= 2
    held = row_stamps(corpus, {"coding": result.created})
    assert {u: (at, False) for u, at in zip(result.created, result.stamps, strict=True)} == {
        uuid: held[("coding", uuid)] for uuid in result.created
    }
