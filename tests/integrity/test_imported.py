"""Projects holding other programs' data (REFI-QDA samples, old dates) pass `qcode check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.integrity.files import check_project
from qcode.refi.importer import import_qdpx
from qcode.store import Project
from tests.conftest import SHARED

SAMPLES = SHARED / "refi-qda" / "samples"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared REFI-QDA samples absent")
@pytest.mark.parametrize(
    "name", ["nvivo12-windows-oltas0517.qdpx", "atlasti8-mac-TestProject.qdpx"]
)
def test_a_project_with_an_imported_refi_qda_sample_passes_the_check(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "imported.qcode"
    with Project.create(path, coder_name="Lead") as p:
        import_qdpx(p, SAMPLES / name)
    result = check_project(path)
    assert result.ok, result.problems[:5]
