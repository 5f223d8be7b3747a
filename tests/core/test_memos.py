"""Memo services on a real project file."""

from __future__ import annotations

import pytest

from qcode.codebook.tree import get_code
from qcode.documents import get_document
from qcode.errors import NotFoundError, QcodeError
from qcode.memos import add_memo, delete_memo, list_memos, update_memo
from qcode.store import Project


def test_memos_on_documents_and_codes(sample: Project) -> None:
    doc = get_document(sample, "Interview 01")
    code = get_code(sample, "Equality Act")
    m1 = add_memo(sample, "document", doc.uuid, "Interviewee was guarded.", title="Tone")
    add_memo(sample, "code", code.uuid, "Split PSED from EIAs?")
    assert [m.text for m in list_memos(sample)] == [
        "Interviewee was guarded.",
        "Split PSED from EIAs?",
    ]
    assert [m.title for m in list_memos(sample, "document", doc.uuid)] == ["Tone"]
    assert list_memos(sample)[0].coder_name == "Ann"
    assert update_memo(sample, m1.uuid, "Guarded at first.") == "Interviewee was guarded."
    delete_memo(sample, m1.uuid)
    assert [m.target_kind for m in list_memos(sample)] == ["code"]
    delete_memo(sample, m1.uuid, deleted=False)
    assert len(list_memos(sample)) == 2


def test_memo_targets_are_checked(sample: Project) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        add_memo(sample, "document", "nope", "x")
    with pytest.raises(QcodeError, match="memos attach to"):
        add_memo(sample, "planet", "x", "x")
