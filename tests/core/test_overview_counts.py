"""The window's counts (issue 20: one grouped query): live codings in live documents only."""

from __future__ import annotations

from qcode.coding import apply_code, list_codings, remove_codings
from qcode.documents import add_document, delete_document, resolve_document
from qcode.overview import coding_counts
from qcode.store import Project
from tests.conftest import INTERVIEW

EIA = "Equality Act/Impact assessments"


def test_counts_by_code_and_document_leave_out_what_was_deleted(sample: Project) -> None:
    add_document(sample, "Interview 02", INTERVIEW, kind="interview")
    add_document(sample, "Gone", INTERVIEW, kind="interview")
    for doc in ("Interview 01", "Interview 02", "Gone"):
        apply_code(sample, doc, EIA, 0, 10)
        apply_code(sample, doc, EIA, 20, 30)
    apply_code(sample, "Interview 02", "Equality Act/Positive action", 5, 9)
    remove_codings(sample, [list_codings(sample, document="Interview 01")[0].uuid])
    delete_document(sample, "Gone")
    counts = coding_counts(sample)
    with sample.read() as s:
        one, two = (resolve_document(s, n).uuid for n in ("Interview 01", "Interview 02"))
    eia = next(c.code_uuid for c in list_codings(sample) if c.code_path == EIA)
    assert counts.per_document == {one: 1, two: 3}
    assert counts.per_code[eia] == 3
    assert counts.documents_per_code[eia] == 2
    assert sum(counts.per_code.values()) == 4
