"""The shipped activism-and-impartiality codebook: valid REFI-QDA, complete, loadable."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from qcode.codebook.loader import load_codebook_file
from qcode.codebook.qdc import read_qdc
from qcode.codebook.shipped import shipped_codebook, shipped_names
from qcode.codebook.tree import list_codes
from qcode.palette import PALETTE
from qcode.store import Project
from tests.codebook.helpers import assert_valid
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_codebook_validates_against_the_schema() -> None:
    assert_valid(shipped_codebook())


def test_every_terms_of_reference_item_has_a_theme_with_sub_codes() -> None:
    book = read_qdc(shipped_codebook())
    themes = [e for e in book.entries if len(e.path) == 1]
    by_item = {e.tor_item: e for e in themes}
    assert [str(n) for n in range(1, 10)] == sorted(set(by_item) - {"all"}, key=int)
    for entry in themes:
        children = [e for e in book.entries if e.path[:1] == entry.path and len(e.path) == 2]
        assert len(children) >= 3, entry.path
    cross = by_item["all"]
    names = {e.path[-1] for e in book.entries if e.path[0] == cross.path[0]}
    assert {"Good practice", "Concern", "Recommendation candidate", "Quotable"} <= names


def test_every_code_is_fully_described_with_a_safe_colour() -> None:
    book = read_qdc(shipped_codebook())
    assert len(book.entries) >= 50
    for e in book.entries:
        assert all(len(v) > 10 for v in (e.definition, e.inclusion, e.exclusion, e.example)), e
        assert e.tor_item, e.path
        assert e.colour in PALETTE, e.path
    paths = [e.path for e in book.entries]
    assert len(set(paths)) == len(paths)


def test_the_letter_is_paraphrased_not_pasted() -> None:
    letter = SHARED / "terms-of-reference-letter.txt"
    if not letter.is_file():
        return
    text = " ".join(re.findall(r"[\w’']+", letter.read_text(encoding="utf-8").lower()))
    book = read_qdc(shipped_codebook())
    copied = []
    for e in book.entries:
        for value in (e.definition, e.inclusion, e.exclusion, e.example):
            words = re.findall(r"[\w’']+", value.lower())
            for i in range(len(words) - 9):
                if " ".join(words[i : i + 10]) in text:
                    copied.append((e.path, " ".join(words[i : i + 10])))
    assert copied == []


def test_builder_reproduces_both_shipped_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_cb", ROOT / "codebooks" / "build_activism_impartiality.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_cb", module)
    spec.loader.exec_module(module)
    built = module.build()
    assert (ROOT / "codebooks" / "activism-impartiality.qdc").read_bytes() == built
    assert (
        ROOT / "qcode" / "codebook" / "data" / "activism-impartiality.qdc"
    ).read_bytes() == built


def test_loads_into_a_new_project_and_again_changes_nothing(project: Project) -> None:
    assert "activism-impartiality" in shipped_names()
    first = load_codebook_file(project, shipped_codebook())
    assert len(first.added) == len(list_codes(project)) >= 50
    again = load_codebook_file(project, Path("activism-impartiality"))
    assert again.added == []
    assert again.updated == []
    assert len(again.unchanged) == len(first.added)
    training = next(c for c in list_codes(project) if c.path == "Training and trainers")
    assert training.tor_item == "3"
    assert training.definition
