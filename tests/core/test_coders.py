"""Coder listing keeps same-name coders apart."""

from __future__ import annotations

from qcode.coders import list_coders
from qcode.store import Project


def test_same_name_coders_get_distinct_labels(project: Project) -> None:
    from qcode.store import Coder

    with project.transaction("second Ann") as s:
        s.add(Coder(name="Ann"))
    project.use_coder("Bob")
    coders = list_coders(project)
    assert [c.label for c in coders] == ["Ann", "Ann (2)", "Bob"]
    assert len({c.uuid for c in coders}) == 3
