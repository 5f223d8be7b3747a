"""`qcode search`, `qcode autocode` and `qcode index` through the real command."""

from __future__ import annotations

import json

import pytest

from qcode.cli import main
from qcode.store import Project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_prints_kwic_lines_and_counts(
    corpus: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "search", str(corpus.path), '"advisory group"', "--limit", "2")
    assert code == 0, err
    assert "«advisory group»" in out
    assert "¶" in out
    assert "3 hit(s) in 2 document(s)" in out
    assert "page 1 of 2" in out


def test_search_json_with_filters(corpus: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "search", str(corpus.path), "advisory", "--kind", "interview", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 3
    assert set(data["per_kind"]) == {"interview"}
    hit = data["hits"][0]
    assert {"segment_id", "matches", "snippet", "left", "match", "right"} <= set(hit)
    start, end = hit["matches"][0]
    assert end - start == len("advisory")


def test_search_errors_are_one_line(corpus: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", str(corpus.path), '"advisory group')
    assert code == 1
    assert out == ""
    assert err.strip() == 'qcode: error: a quotation mark (") is not closed'
    assert "Traceback" not in err
    code, _, err = run(capsys, "search", str(corpus.path), "bots", "--code", "Nope")
    assert code == 1
    assert err.startswith("qcode: error:")


def test_autocode_and_index_commands(corpus: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(corpus.path)
    code, out, err = run(capsys, "autocode", path, "bots", "--code", "Social media/Bots")
    assert code == 0, err
    assert "coded 2 passage(s) with Social media/Bots from 1 hit(s); 0 already coded" in out
    code, out, _ = run(
        capsys, "autocode", path, "bots", "--code", "Social media/Bots", "--unit", "segment"
    )
    assert code == 0
    assert "coded 1 passage(s)" in out
    code, out, _ = run(capsys, "index", path)
    assert code == 0
    assert "3 document(s), 11 segment(s)" in out
    assert "up to date" in out
    code, out, _ = run(capsys, "index", path, "--rebuild", "--json")
    assert code == 0
    assert json.loads(out)["rebuilt"] is True
