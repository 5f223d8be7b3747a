"""Finding the matched words again in a hit's text, and keyword-in-context snippets."""

from __future__ import annotations

from qcode.search.analysis import Word, words
from qcode.search.query import Highlight, PhraseSpec

CONTEXT = 60
OPEN, CLOSE = "«", "»"


def find_matches(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """[start, end) of every match in `text` (code points), sorted, overlaps merged."""
    ws = words(text)
    spans = [
        (w.start, w.end) for w in ws if w.stem in highlight.stems or w.lower in highlight.words
    ]
    for phrase in highlight.phrases:
        spans += _phrase_spans(ws, phrase)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _phrase_spans(ws: list[Word], phrase: PhraseSpec) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    window = phrase.window
    first = phrase.stems[0]
    for i, word in enumerate(ws):
        if word.stem != first:
            continue
        chain = [i]
        for wanted, gap in zip(phrase.stems[1:], phrase.gaps, strict=True):
            cur = ws[chain[-1]]
            lo, hi = (gap, gap) if phrase.slop <= 1 else (1, window)
            nxt = next(
                (
                    j
                    for j in range(chain[-1] + 1, len(ws))
                    if lo <= ws[j].pos - cur.pos <= hi and ws[j].stem == wanted
                ),
                None,
            )
            if nxt is None:
                break
            chain.append(nxt)
        if len(chain) < len(phrase.stems):
            continue
        if phrase.slop <= 1:
            out.append((ws[chain[0]].start, ws[chain[-1]].end))
        else:
            out += [(ws[j].start, ws[j].end) for j in chain]
    return out


def _flat(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "\t" in text else text


def _left(text: str, start: int) -> str:
    lo = max(0, start - CONTEXT)
    piece = text[lo:start]
    if lo > 0:
        cut = piece.find(" ")
        piece = "…" + (piece[cut + 1 :] if 0 <= cut < len(piece) - 1 else piece)
    return piece


def _right(text: str, end: int) -> str:
    hi = min(len(text), end + CONTEXT)
    piece = text[end:hi]
    if hi < len(text):
        cut = piece.rfind(" ")
        piece = (piece[:cut] if cut > 0 else piece) + "…"
    return piece


def kwic(text: str, matches: list[tuple[int, int]]) -> tuple[str, str, str, str]:
    """(snippet, left, match, right) for a hit: `matches` are offsets into `text`.

    The snippet shows the first match with its context, every match inside it wrapped in «».
    """
    if not matches:
        right = _right(text, 0) if len(text) > 2 * CONTEXT else text
        return _flat(right), "", "", _flat(right)
    start, end = matches[0]
    left, match, right = _left(text, start), text[start:end], _right(text, end)
    lo = start - len(left.lstrip("…"))
    hi = end + len(right.rstrip("…"))
    parts: list[str] = ["…"] if left.startswith("…") else []
    pos = lo
    for s, e in matches:
        if s < lo or e > hi:
            continue
        parts += [text[pos:s], OPEN, text[s:e], CLOSE]
        pos = e
    parts.append(text[pos:hi])
    if right.endswith("…"):
        parts.append("…")
    return _flat("".join(parts)), _flat(left), _flat(match), _flat(right)
