"""Codebook services: add, rename, move, merge, delete, recolour, edit."""

from __future__ import annotations

import pytest

from qcode.codebook import tree
from qcode.coding import apply_code, list_codings
from qcode.errors import InvalidNameError, NotFoundError, QcodeError
from qcode.palette import PALETTE
from qcode.store import Project


def paths(p: Project) -> list[str]:
    return [c.path for c in tree.list_codes(p)]


def test_add_creates_parents_and_refuses_duplicates(project: Project) -> None:
    code = tree.add_code(project, "Training/External trainers", definition="Who trains")
    assert code.path == "Training/External trainers"
    assert code.definition == "Who trains"
    assert paths(project) == ["Training", "Training/External trainers"]
    with pytest.raises(InvalidNameError, match="already exists"):
        tree.add_code(project, "Training/External trainers")
    with pytest.raises(InvalidNameError):
        tree.add_code(project, "Training//x")
    assert all(c.colour in PALETTE for c in tree.list_codes(project))


def test_rename_keeps_identity_and_codings(sample: Project) -> None:
    before = tree.get_code(sample, "Advisory groups/Influence")
    apply_code(sample, "Interview 01", before.uuid, 0, 5)
    after = tree.rename_code(sample, "Advisory groups/Influence", "Influence and box-ticking")
    assert after.uuid == before.uuid
    assert list_codings(sample)[0].code_path == "Advisory groups/Influence and box-ticking"
    with pytest.raises(InvalidNameError, match="cannot contain"):
        tree.rename_code(sample, after.uuid, "a/b")


def test_move_reparents_orders_and_refuses_cycles(sample: Project) -> None:
    tree.move_code(sample, "Advisory groups/Influence", "Equality Act", position=0)
    assert paths(sample) == [
        "Equality Act",
        "Equality Act/Influence",
        "Equality Act/Impact assessments",
        "Equality Act/Positive action",
        "Advisory groups",
    ]
    with pytest.raises(QcodeError, match="under itself"):
        tree.move_code(sample, "Equality Act", "Equality Act/Influence")
    tree.move_code(sample, "Equality Act/Influence", None)
    assert "Influence" in paths(sample)


def test_merge_moves_codings_and_drops_duplicates(sample: Project) -> None:
    apply_code(sample, "Interview 01", "Equality Act/Positive action", 0, 5)
    apply_code(sample, "Interview 01", "Equality Act/Positive action", 10, 15)
    apply_code(sample, "Interview 01", "Equality Act/Impact assessments", 0, 5)
    result = tree.merge_codes(
        sample, "Equality Act/Positive action", "Equality Act/Impact assessments"
    )
    assert len(result.moved_codings) == 1
    assert len(result.coding_uuids) == 1
    assert "Equality Act/Positive action" not in paths(sample)
    spans = sorted((c.start, c.end) for c in list_codings(sample))
    assert spans == [(0, 5), (10, 15)]
    assert {c.code_path for c in list_codings(sample)} == {"Equality Act/Impact assessments"}
    tree.unmerge(sample, result)
    assert "Equality Act/Positive action" in paths(sample)
    assert len(list_codings(sample)) == 3


def test_delete_tombstones_subtree_and_restore(sample: Project) -> None:
    apply_code(sample, "Interview 01", "Equality Act/Positive action", 0, 5)
    apply_code(sample, "Interview 01", "Advisory groups/Influence", 0, 5)
    deleted = tree.delete_code(sample, "Equality Act")
    assert len(deleted.code_uuids) == 3
    assert paths(sample) == ["Advisory groups", "Advisory groups/Influence"]
    assert len(list_codings(sample)) == 1
    with pytest.raises(NotFoundError):
        tree.get_code(sample, "Equality Act")
    tree.restore(sample, deleted)
    assert len(paths(sample)) == 5
    assert len(list_codings(sample)) == 2


def test_recolour_and_edit(sample: Project) -> None:
    assert tree.recolour_code(sample, "Equality Act", "#abc").colour == "#AABBCC"
    with pytest.raises(QcodeError, match="not a colour"):
        tree.recolour_code(sample, "Equality Act", "red")
    edited = tree.update_code(sample, "Equality Act", tor_item="1", inclusion="PSED talk")
    assert (edited.tor_item, edited.inclusion) == ("1", "PSED talk")
    with pytest.raises(QcodeError, match="unknown"):
        tree.update_code(sample, "Equality Act", nonsense="x")
