"""Markdown (.md): headings, emphasis, links and list markers reduced to plain text."""

from __future__ import annotations

import re
from pathlib import Path

from qcode.importers.base import Block, Extracted
from qcode.importers.speakers import label_name
from qcode.importers.txt import read_text

NAME = "Markdown"
EXTENSIONS = (".md", ".markdown")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CODE = re.compile(r"`([^`]+)`")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BREAK = re.compile(r"( {2,}|\\)$")
#: A bold label opening a line: **Name:** or **Name**: (or with __).
_BOLD_LABEL = re.compile(r"\s{0,3}(\*\*|__)(?P<name>[^*_\n]{1,60}?)(?::\1|\1[ \t]*:)(?=\s|$)")


def plain(line: str) -> str:
    """One line of Markdown as the text a reader sees."""
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _QUOTE.sub("", line)
    line = _BREAK.sub("", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    for _ in range(2):  # nested emphasis such as ***bold italic***
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    return line


def read(path: Path) -> Extracted:
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            blocks.append(Block(line))
        elif _RULE.match(line):
            blocks.append(Block(""))
        else:
            blocks.append(_block(line))
    return Extracted(blocks)


def _block(line: str) -> Block:
    """A line as a block; a bold label at its start makes it a speaker turn."""
    text = plain(line)
    bold = _BOLD_LABEL.match(line)
    if bold:
        name = label_name(bold.group("name"))
        label = " ".join(bold.group("name").split()) + ":"
        if name and text.lstrip().startswith(label):
            return Block(text, speaker=name, label=label)
    return Block(text)
