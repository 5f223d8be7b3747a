"""Damaged copies of real files: every reader answers with a refusal or a text, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.errors import QcodeError
from qcode.importers.registry import read_file
from tests.importers.files import write_docx, write_odt, write_pdf


def _seed_file(directory: Path, suffix: str) -> bytes:
    path = directory / f"seed{suffix}"
    if suffix == ".docx":
        write_docx(path)
    elif suffix == ".odt":
        write_odt(path, "<text:p>Facilitator: hello</text:p><text:p>P1: hi</text:p>")
    elif suffix == ".pdf":
        write_pdf(path, ["Interviewer: a question", "P1: an answer"])
    elif suffix == ".rtf":
        path.write_bytes(rb"{\rtf1\ansi {\b Q:} one\par {\b A:} two\par}")
    elif suffix == ".vtt":
        path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi</v>\n")
    else:
        path.write_text("Interviewer: hello\nP1: hi\n", encoding="utf-8")
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".pdf", ".rtf", ".vtt", ".txt", ".md"])
@settings(
    # a quarter of the profile's examples: 25 under "ci", 250 under "deep"
    max_examples=max(1, settings.default.max_examples // 4),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_files_are_refused_or_read(
    tmp_path: Path, suffix: str, data: st.DataObject
) -> None:
    original = _seed_file(tmp_path, suffix)
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(damaged) // 3, len(damaged)))
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(bytes(damaged[:cut]))
    message = ""
    try:
        parsed = read_file(path)
    except QcodeError as exc:
        message = str(exc)
    if message:
        assert message.startswith(f"{path.name}: ")
    else:
        assert parsed.text
