"""Document services."""

from __future__ import annotations

import pytest

from qcode.documents import (
    add_document,
    get_document,
    list_documents,
    rename_document,
    segments,
    set_attributes,
)
from qcode.errors import InvalidNameError, QcodeError
from qcode.ids import text_sha256
from qcode.store import Project
from qcode.text import Span


def test_add_normalises_and_hashes(project: Project) -> None:
    doc = add_document(project, "A", "\ufeffline one\r\nline two\r\n", kind="focus_group")
    assert doc.length == len("line one\nline two")
    assert doc.sha256 == text_sha256("line one\nline two")
    assert [(s.ordinal, s.start, s.end) for s in segments(project, "A")] == [(1, 0, 8), (2, 9, 17)]


def test_spans_and_speakers_are_stored(project: Project) -> None:
    text = "Q: hello\nA: hi"
    add_document(project, "B", text, spans=[Span(0, 8, "Q"), Span(9, 14, "A")])
    assert [s.speaker for s in segments(project, "B")] == ["Q", "A"]
    with pytest.raises(QcodeError, match="outside"):
        add_document(project, "C", text, spans=[Span(0, 99)])


def test_refusals(project: Project) -> None:
    add_document(project, "A", "text")
    with pytest.raises(InvalidNameError, match="already exists"):
        add_document(project, "A", "other text")
    with pytest.raises(QcodeError, match="no text"):
        add_document(project, "Empty", "   \n ")
    with pytest.raises(QcodeError, match="unknown source kind"):
        add_document(project, "K", "x", kind="podcast")
    assert [d.name for d in list_documents(project)] == ["A"]


def test_rename_and_attributes(project: Project) -> None:
    add_document(project, "A", "text", attributes={"force": "A", "role": "PC"})
    rename_document(project, "A", "Renamed")
    set_attributes(project, "Renamed", {"force": "B", "role": ""})
    assert get_document(project, "Renamed").attributes == {"force": "B"}
    assert project.change_counter() >= 2


def test_attribute_values_of_live_documents(project: Project) -> None:
    from qcode.documents import attribute_values, delete_document

    add_document(project, "A", "text a", attributes={"force": "B", "role": "PC"})
    add_document(project, "B", "text b", attributes={"force": "A", "role": ""})
    add_document(project, "C", "text c", attributes={"force": "Z"})
    delete_document(project, "C")
    assert attribute_values(project) == {"force": ["A", "B"], "role": ["PC"]}
