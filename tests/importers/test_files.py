"""The test-file writers are deterministic: the same call writes the same bytes every time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.importers.files import (
    FIXED_ZIP_TIME,
    write_docx,
    write_odt,
    write_pdf,
    write_scanned_pdf,
    write_zip,
)

WRITERS: dict[str, Callable[[Path], Path]] = {
    "docx": write_docx,
    "odt": lambda p: write_odt(p, "<text:p>Facilitator: hello</text:p>"),
    "pdf": lambda p: write_pdf(p, ["Interviewer: a question", "P1: an answer"]),
    "encrypted pdf": lambda p: write_pdf(p, ["P1: secret"], encrypt="pw"),
    "scanned pdf": write_scanned_pdf,
    "zip": lambda p: write_zip(p, {"word/document.xml": "<w:document/>"}),
}


def _zip_clock() -> tuple[int, ...]:
    """The time as a zip member would record it: to the two seconds."""
    now = time.localtime()
    return (*now[:5], now[5] // 2)


def test_every_writer_is_byte_deterministic(tmp_path: Path) -> None:
    first = {
        kind: write(tmp_path / f"1-{i}").read_bytes()
        for i, (kind, write) in enumerate(WRITERS.items())
    }
    # the clocks that libraries stamp (zip members, document dates) move on before the second
    # round: a bounded poll, not a fixed sleep
    started = _zip_clock()
    deadline = time.monotonic() + 5
    while _zip_clock() == started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = {
        kind: write(tmp_path / f"2-{i}").read_bytes()
        for i, (kind, write) in enumerate(WRITERS.items())
    }
    assert [kind for kind in WRITERS if first[kind] != second[kind]] == []


def test_zip_members_carry_the_fixed_time(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(write_docx(tmp_path / "t.docx")) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_ZIP_TIME}
