"""Finding the matched words again in a hit's text, and keyword-in-context snippets."""

from __future__ import annotations

import re

from qcode.search.analysis import WORD, Word, indexable, stem, words
from qcode.search.query import Highlight, PhraseSpec

CONTEXT = 60
OPEN, CLOSE = "«", "»"


#: More word forms than this and the highlighter re-tokenises the whole segment instead.
MAX_FORMS = 300


def _finder(highlight: Highlight) -> re.Pattern[str] | None:
    """A pattern for every form of the highlighted words in lower-case text (None: too many
    forms or not worked out). Each form is written first and its word boundary checked by a
    look back after it, so the engine can jump from one possible first letter to the next."""
    forms = highlight.forms
    if forms is None or not forms or len(forms) > MAX_FORMS:
        return None
    if highlight.finder is None:
        ordered = [re.escape(f) for f in sorted(forms, key=len, reverse=True)]
        body = "|".join(f"{f}(?<!\\w{f})" for f in ordered)
        highlight.finder = re.compile(f"(?:{body})(?!\\w)")
    return highlight.finder


def _token_at(text: str, start: int, end: int) -> bool:
    """Whether the tokeniser makes [start, end) one word (the finder saw no letter before it).

    Words are made of letters, digits, `.` and `,` only: after any other character a word
    starts, and it is this one if the tokeniser's pattern ends where the finder's did. After a
    `.` or `,` (inside "3.5", "U.K."), tokenise from the start of the run of non-space
    characters: tokens never cross white space, so that gives the same words."""
    if start == 0 or text[start - 1] not in ".,":
        found = WORD.match(text, start)
        return found is not None and found.end() == end
    chunk = start
    while chunk > 0 and not text[chunk - 1].isspace():
        chunk -= 1
    for match in WORD.finditer(text, chunk):
        if match.start() >= start:
            return match.start() == start and match.end() == end
    return False


def _candidate_words(text: str, highlight: Highlight) -> list[Word] | None:
    """The words of `text` that may be highlighted, with their true positions (None: use
    `words`). The pattern proposes places; each is confirmed to be a whole token, and its
    position is the number of tokens before it, counted between consecutive places."""
    finder = _finder(highlight)
    if finder is None or "\u0130" in text:  # İ lower-cases to two characters
        return None
    out: list[Word] = []
    pos, last = 0, 0
    tokens = WORD.finditer
    # Only phrases need positions, and only distances up to their widest window: counting
    # the words between two places stops past it (the distance is "too far" either way).
    widest = max((phrase.window for phrase in highlight.phrases), default=0)
    last_pos = -widest - 2
    # lower case keeps every offset (İ, which grows, was excluded above)
    for match in finder.finditer(text.lower()):
        start, end = match.span()
        if not _token_at(text, start, end):
            continue
        if widest:
            for _ in tokens(text, last, start):
                pos += 1
                if pos - last_pos > widest:
                    break
        lower = text[start:end].lower()
        if indexable(lower):
            out.append(Word(stem(lower), lower, pos, start, end))
        last_pos = pos
        pos += 1
        last = end
    return out


def find_matches(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """[start, end) of every match in `text` (code points), sorted, overlaps merged."""
    if not (highlight.stems or highlight.words or highlight.phrases):
        return []
    ws = _candidate_words(text, highlight)
    if not ws:  # no form found (or none known): make sure with every word of the text
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
