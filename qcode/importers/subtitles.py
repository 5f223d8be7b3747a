"""Subtitles (.vtt, .srt): one segment per cue, with its speaker and its timestamps."""

from __future__ import annotations

import html
import re
from pathlib import Path

from qcode.importers.base import Block, Extracted, refuse
from qcode.importers.speakers import candidate
from qcode.importers.txt import read_text

NAME = "Subtitles"
EXTENSIONS = (".vtt", ".srt")

_TIMING = re.compile(
    r"(?P<start>(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[\w.\-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>\n]{0,200}>")


def _stamp(raw: str) -> str:
    """A cue time as HH:MM:SS.mmm."""
    raw = raw.replace(",", ".")
    main, _, millis = raw.partition(".")
    parts = main.split(":")
    while len(parts) < 3:
        parts.insert(0, "00")
    return ":".join(p.zfill(2) for p in parts) + "." + millis.ljust(3, "0")[:3]


def _cue(lines: list[str], start: str, end: str) -> Block | None:
    speaker = ""
    texts: list[str] = []
    for line in lines:
        voice = _VOICE.search(line)
        if voice and not speaker:
            speaker = voice.group(1).strip()
        clean = html.unescape(_TAG.sub("", line)).strip()
        if clean:
            texts.append(clean)
    if not texts:
        return None
    text = " ".join(texts)
    meta = {"time": _stamp(start), "end_time": _stamp(end)}
    if speaker:
        return Block(f"{speaker}: {text}", speaker=speaker, label=f"{speaker}:", meta=meta)
    return Block(text, meta=meta)


def read(path: Path) -> Extracted:
    raw = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    vtt = path.suffix.lower() == ".vtt"
    if vtt and not raw.lstrip("\ufeff").startswith("WEBVTT"):
        raise refuse(path, "is not a WebVTT file (it does not start with WEBVTT)")
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", raw):
        lines = [line for line in chunk.split("\n") if line.strip()]
        for i, line in enumerate(lines[:3]):
            timing = _TIMING.search(line)
            if timing:
                block = _cue(lines[i + 1 :], timing.group("start"), timing.group("end"))
                if block is not None:
                    blocks.append(block)
                break
    # "Name: text" cues: in subtitles a leading name is a speaker even when it occurs once.
    for block in blocks:
        hit = candidate(block.text) if block.speaker is None else None
        if hit is not None:
            block.speaker = hit[0].speaker
            block.label = block.text[: hit[0].length]
    if not blocks:
        raise refuse(path, f"contains no subtitle cues ({'WebVTT' if vtt else 'SRT'} expected)")
    return Extracted(blocks, cues=True)
