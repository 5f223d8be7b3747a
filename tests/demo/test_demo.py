"""The demo corpus: every label style in every format imports as written; the built project."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from qcode.cli import main
from qcode.coding import list_codings
from qcode.demo import build_demo
from qcode.demo.corpus import STYLES, plan, script
from qcode.demo.writers import write_source
from qcode.documents import list_documents
from qcode.errors import QcodeError
from qcode.importers.registry import read_file
from qcode.store import Project, Segment

FORMATS = ("docx", "txt", "odt", "pdf")


def _cases() -> list[tuple[str, str, str]]:
    return [
        (kind, fmt, style)
        for kind in ("interview", "focus_group")
        for fmt in FORMATS
        for style in sorted(set(STYLES))
        if (style != "table" or fmt == "docx") and (style != "qa" or kind == "interview")
    ]


@pytest.mark.parametrize(("kind", "fmt", "style"), _cases())
def test_each_style_and_format_imports_with_its_speakers(
    tmp_path: Path, kind: str, fmt: str, style: str
) -> None:
    base = next(s for s in plan(0.05, seed=7) if s.kind == kind)
    source = dataclasses.replace(base, fmt=fmt, style=style, words=400)
    if style == "qa":
        source.labels = {"interviewer": "Q", "respondent": "A"}
    turns = script(source)
    path = write_source(tmp_path, source, turns)
    parsed = read_file(path)
    spoken = [s for s in parsed.spans if s.speaker]
    assert [s.speaker for s in spoken] == [source.labels[t.role] for t in turns]
    for span, turn in zip(spoken, turns, strict=True):  # each turn's words are in its segment
        words = parsed.text[span.start : span.end]
        assert " ".join(turn.text.split()[:6]) in " ".join(words.split())
    assert not any(s.speaker for s in parsed.spans[:3])  # the header lines are paragraphs


def test_conversation_discusses_the_themes_in_varied_words() -> None:
    texts = " ".join(t.text for s in plan(0.1, seed=2) for t in script(s))
    for phrase in (
        "advisory group",
        "positive action",
        "non-crime hate",
        "social media",
        "operational independence",
        "College of Policing",
        "staff network",
    ):
        assert phrase.lower() in texts.lower(), phrase
    assert "EIAs" in texts
    assert "equality impact assessments" in texts
    assert "{" not in texts
    assert "}" not in texts


def test_plan_has_the_real_shape() -> None:
    sources = plan()
    counts = {
        k: sum(1 for s in sources if s.kind == k)
        for k in ("interview", "focus_group", "national_interview")
    }
    assert counts == {"interview": 123, "focus_group": 90, "national_interview": 54}
    assert {s.force for s in sources if s.kind != "national_interview"} == {
        f"Force {c}" for c in "ABCDEFGHIJKL"
    }
    assert all(date(2023, 10, 9) <= s.day <= date(2023, 12, 1) for s in sources)
    assert {s.fmt for s in sources} == set(FORMATS)
    assert len({s.filename for s in sources}) == 267


def _built(tmp_path: Path, name: str, seed: int) -> Path:
    return build_demo(tmp_path / name, scale=0.03, seed=seed, length=0.05)


def test_build_demo_small(tmp_path: Path) -> None:
    messages: list[str] = []
    path = build_demo(
        tmp_path / "demo",
        scale=0.03,
        seed=5,
        length=0.05,
        progress=lambda d, t, label: messages.append(label),
    )
    assert path == tmp_path / "demo" / "demo.qcode"
    assert not [m for m in messages if m.startswith("warning")], messages
    # nothing beside it: no snapshot folder of the half-built project, no side files
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "attributes.xlsx",
        "corpus",
        "demo.qcode",
    ]
    sources = plan(0.03, seed=5, length=0.05)
    with Project.open(path) as project:
        docs = list_documents(project)
        assert sorted(d.name for d in docs) == sorted(s.stem for s in sources)
        by_name = {s.stem: s for s in sources}
        for doc in docs:
            source = by_name[doc.name]
            assert doc.kind == source.kind
            assert doc.attributes["force"] == source.force
            assert doc.attributes["date"] == source.day.isoformat()
        with project.read() as s:
            speakers = s.scalar(select(func.count(func.distinct(Segment.speaker))))
        assert speakers
        assert speakers > 5
        codings = list_codings(project)
        assert codings, "the demo opens with codings to see"
        assert {c.coder_name for c in codings} == {"Demo coder"}
    book = load_workbook(tmp_path / "demo" / "attributes.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][:3] == ("file", "kind", "force")
    assert len(rows) == len(sources) + 1


def _texts(path: Path) -> set[tuple[str, str]]:
    with Project.open(path) as project:
        return {(d.name, d.sha256) for d in list_documents(project)}


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    first = _texts(_built(tmp_path, "a", 11))
    assert first == _texts(_built(tmp_path, "b", 11))
    assert first != _texts(_built(tmp_path, "c", 12))


def test_existing_demo_is_kept_unless_replaced(tmp_path: Path) -> None:
    path = _built(tmp_path, "d", 1)
    with pytest.raises(QcodeError, match="already exists"):
        _built(tmp_path, "d", 1)
    assert build_demo(tmp_path / "d", scale=0.03, length=0.05, replace=True) == path
    assert re.fullmatch(r"demo\.qcode", path.name)


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert main(["demo", str(out), "--scale", "0.02", "--length", "0.05", "--seed", "3"]) == 0
    assert "built" in capsys.readouterr().out
    assert (out / "demo.qcode").is_file()
    assert (out / "attributes.xlsx").is_file()


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_source_writes_identical_bytes(tmp_path: Path, fmt: str) -> None:
    source = dataclasses.replace(plan(0.05, seed=4)[0], fmt=fmt, words=300)
    first = write_source(tmp_path / "a", source, script(source)).read_bytes()
    assert first == write_source(tmp_path / "b", source, script(source)).read_bytes()
