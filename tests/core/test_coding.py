"""Coding services on a real project file."""

from __future__ import annotations

import pytest

from qcode.codebook.tree import add_code, get_code, list_codes
from qcode.coding import (
    apply_code,
    code_in_vivo,
    find_text,
    list_codings,
    quotes,
    recode,
    remove_coding,
    resize_coding,
    restore_codings,
    set_coding_memo,
)
from qcode.documents import delete_document, document_text, restore_document
from qcode.errors import InvalidOffsetsError, NotFoundError
from qcode.store import Project


def _span(p: Project, passage: str) -> tuple[int, int]:
    return find_text(p, "Interview 01", passage)


def test_apply_and_quote_with_provenance(sample: Project) -> None:
    start, end = _span(sample, "a box-ticking exercise")
    coding = apply_code(sample, "Interview 01", "Equality Act/Impact assessments", start, end)
    assert coding.code_path == "Equality Act/Impact assessments"
    assert coding.coder_name == "Ann"
    [quote] = quotes(sample, "Equality Act/Impact assessments")
    assert quote.text == "a box-ticking exercise"
    assert quote.speaker == ""  # plain paragraphs: no speaker recognised at this level
    assert quote.paragraph == 2
    assert quote.kind == "interview"
    assert quote.attributes == {"force": "C"}
    assert document_text(sample, "Interview 01")[quote.start : quote.end] == quote.text


def test_same_coding_twice_is_not_duplicated(sample: Project) -> None:
    a = apply_code(sample, "Interview 01", "Advisory groups/Influence", 0, 10)
    b = apply_code(sample, "Interview 01", "Advisory groups/Influence", 0, 10)
    assert a.uuid == b.uuid
    assert len(list_codings(sample)) == 1


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 4), (0, 10_000)])
def test_invalid_offsets_are_refused_not_clamped(sample: Project, start: int, end: int) -> None:
    with pytest.raises(InvalidOffsetsError, match="not within"):
        apply_code(sample, "Interview 01", "Advisory groups/Influence", start, end)
    assert list_codings(sample) == []


def test_unknown_document_or_code(sample: Project) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        apply_code(sample, "Nope", "Advisory groups/Influence", 0, 3)
    with pytest.raises(NotFoundError, match="no code"):
        apply_code(sample, "Interview 01", "Advisory groups/Nope", 0, 3)


def test_remove_restore_resize_recode_memo(sample: Project) -> None:
    c = apply_code(sample, "Interview 01", "Equality Act/Positive action", 0, 12)
    assert resize_coding(sample, c.uuid, 2, 20) == (0, 12)
    old = recode(sample, c.uuid, "Advisory groups/Influence")
    assert old == get_code(sample, "Equality Act/Positive action").uuid
    assert set_coding_memo(sample, c.uuid, "check this") == ""
    [now] = list_codings(sample)
    assert (now.start, now.end, now.code_path, now.memo) == (
        2,
        20,
        "Advisory groups/Influence",
        "check this",
    )
    remove_coding(sample, c.uuid)
    assert list_codings(sample) == []
    with pytest.raises(NotFoundError):
        remove_coding(sample, c.uuid)
    restore_codings(sample, [c.uuid])
    assert [x.uuid for x in list_codings(sample)] == [c.uuid]


def test_in_vivo_creates_then_reuses_code(sample: Project) -> None:
    start, end = _span(sample, "box-ticking exercise")
    code, coding, created = code_in_vivo(sample, "Interview 01", start, end)
    assert created
    assert code.name == "box-ticking exercise"
    again, _, created_again = code_in_vivo(sample, "Interview 01", start, end, parent=None)
    assert not created_again
    assert again.uuid == code.uuid
    assert coding.code_uuid == code.uuid
    nested, _, _ = code_in_vivo(sample, "Interview 01", start, end, parent="Equality Act")
    assert nested.path == "Equality Act/box-ticking exercise"


def test_quotes_with_subcodes_and_by_coder(sample: Project) -> None:
    apply_code(sample, "Interview 01", "Equality Act/Impact assessments", 0, 10)
    sample.use_coder("Bob")
    apply_code(sample, "Interview 01", "Equality Act/Positive action", 20, 30)
    assert quotes(sample, "Equality Act") == []
    assert len(quotes(sample, "Equality Act", include_subcodes=True)) == 2
    assert [
        q.coder_name for q in quotes(sample, "Equality Act", include_subcodes=True, coder="Bob")
    ] == ["Bob"]
    with pytest.raises(NotFoundError, match="no coder"):
        list_codings(sample, coder="Zed")


def test_listing_filters(sample: Project) -> None:
    add_code(sample, "Other")
    apply_code(sample, "Interview 01", "Other", 0, 5)
    apply_code(sample, "Interview 01", "Advisory groups/Influence", 5, 9)
    assert [c.code_path for c in list_codings(sample, code="Other")] == ["Other"]
    assert len(list_codings(sample, document="Interview 01")) == 2
    assert len(list_codings(sample, coder="Ann")) == 2
    assert len(list_codes(sample)) == 6


def test_deleted_document_hides_codings_until_restored(sample: Project) -> None:
    apply_code(sample, "Interview 01", "Advisory groups/Influence", 0, 9)
    doc_uuid = list_codings(sample)[0].document_uuid
    removed = delete_document(sample, "Interview 01")
    assert list_codings(sample) == []
    restore_document(sample, doc_uuid, removed)
    assert len(list_codings(sample)) == 1
