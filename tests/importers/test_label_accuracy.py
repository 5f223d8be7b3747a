"""Speaker labels in a labelled set of transcript styles and formats: precision and recall."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from qcode.importers.registry import read_file
from tests.importers.transcripts import PROSE, STYLES, WRITERS, Transcript, key, pdf_safe


def _found(path: Path) -> list[tuple[str, str]]:
    parsed = read_file(path)
    return [(s.speaker, key(parsed.text[s.start : s.end])) for s in parsed.spans if s.speaker]


def _cases() -> list[tuple[str, Transcript]]:
    cases = []
    for n, style in enumerate(STYLES):
        transcript = style(random.Random(n))
        for fmt in WRITERS:
            if fmt == "pdf" and not pdf_safe(transcript):
                continue
            cases.append((fmt, transcript))
    return cases


def _score(expected: list[tuple[str, str]], found: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(right, expected, found): a turn is right when its speaker and opening words match."""
    right = sum((Counter(expected) & Counter(found)).values())
    return right, len(expected), len(found)


def _row(style: str, formats: int, right: int, expected: int, got: int) -> str:
    precision = right / got if got else 1.0
    return f"{style:<30} {formats:>7} {expected:>6} {precision:>10.1%} {right / expected:>7.1%}"


def test_turn_precision_and_recall_over_styles_and_formats(tmp_path: Path) -> None:
    rows: list[tuple[str, str, int, int, int]] = []
    misses: list[str] = []
    for n, (fmt, transcript) in enumerate(_cases()):
        path = WRITERS[fmt](tmp_path / f"t{n}.{fmt}", transcript)
        found = _found(path)
        right, expected, got = _score(transcript.expected, found)
        rows.append((transcript.style, fmt, right, expected, got))
        if right != expected or got != expected:
            wrong = sorted(set(found) - set(transcript.expected))[:3]
            lost = sorted(set(transcript.expected) - set(found))[:3]
            misses.append(f"{transcript.style} [{fmt}] missed {lost} false {wrong}")
    by_style: dict[str, list[int]] = {}
    for style, _fmt, right, expected, got in rows:
        totals = by_style.setdefault(style, [0, 0, 0])
        for i, value in enumerate((right, expected, got)):
            totals[i] += value
    print("\nstyle                          formats  turns  precision  recall")
    for style, (right, expected, got) in by_style.items():
        formats = sum(1 for r in rows if r[0] == style)
        print(
            f"{style:<30} {formats:>7} {expected:>6} {right / got:>10.1%} {right / expected:>7.1%}"
        )
    right = sum(r[2] for r in rows)
    expected = sum(r[3] for r in rows)
    got = sum(r[4] for r in rows)
    print(_row("all", len(rows), right, expected, got))
    assert len(by_style) >= 12
    assert right / got >= 0.99, misses
    assert right / expected >= 0.99, misses


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("make", PROSE, ids=lambda f: f.__name__)
def test_plain_prose_gives_no_turns(tmp_path: Path, fmt: str, make: object) -> None:
    transcript = make(random.Random(7))  # type: ignore[operator]
    path = WRITERS[fmt](tmp_path / f"prose.{fmt}", transcript)
    assert _found(path) == []
