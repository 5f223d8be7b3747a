"""Web pages (.html, .htm): the text of block elements in order; scripts, styles, head left out."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from qcode.importers.base import Block, Extracted, check_text_size, refuse
from qcode.importers.speakers import bold_label, label_name
from qcode.importers.txt import read_text

NAME = "Web page"
EXTENSIONS = (".html", ".htm")

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote",
    "pre", "section", "article", "td", "th", "br", "hr", "table", "ul", "ol", "dl", "main",
}  # fmt: skip
_BOLD = {"b", "strong"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)

Pieces = list[tuple[str, bool]]


def _walk(element: etree._Element, current: Pieces, out: list[Block], bold: bool = False) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP:
        if element.tail:
            current.append((element.tail, bold))
        return
    block = tag in _BLOCKS
    if block:
        _flush(current, out)
    inner = bold or tag in _BOLD or bool(_BOLD_STYLE.search(str(element.get("style", ""))))
    if element.text and tag:
        current.append((element.text, inner))
    for child in element:
        _walk(child, current, out, inner)
    if block:
        _flush(current, out)
    if element.tail:
        current.append((element.tail, bold))


def _flush(current: Pieces, out: list[Block]) -> None:
    """The collected text as one block; a bold 'Name:' at its start makes it a speaker turn."""
    text = " ".join("".join(t for t, _ in current).split())
    label = " ".join(bold_label(current).split())
    current.clear()
    if not text:
        return
    name = label_name(label) if label else ""
    if name and text.startswith(label):
        out.append(Block(text, speaker=name, label=label))
    else:
        out.append(Block(text))


def read(path: Path) -> Extracted:
    raw = read_text(path)
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = lxml_html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise refuse(path, f"is not a readable web page ({exc})") from exc
    body = root.find("body")
    blocks: list[Block] = []
    current: Pieces = []
    _walk(body if body is not None else root, current, blocks)
    _flush(current, blocks)
    check_text_size(path, sum(len(b.text) for b in blocks))
    return Extracted(blocks)
