"""Web pages (.html, .htm): the text of block elements in order; scripts, styles, head left out."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from qcode.importers.base import Block, Extracted, check_text_size, refuse
from qcode.importers.txt import read_text

NAME = "Web page"
EXTENSIONS = (".html", ".htm")

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote",
    "pre", "section", "article", "td", "th", "br", "hr", "table", "ul", "ol", "dl", "main",
}  # fmt: skip


def _walk(element: etree._Element, current: list[str], out: list[Block]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP:
        if element.tail:
            current.append(element.tail)
        return
    block = tag in _BLOCKS
    if block:
        _flush(current, out)
    if element.text and tag:
        current.append(element.text)
    for child in element:
        _walk(child, current, out)
    if block:
        _flush(current, out)
    if element.tail:
        current.append(element.tail)


def _flush(current: list[str], out: list[Block]) -> None:
    text = " ".join("".join(current).split())
    current.clear()
    if text:
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
    current: list[str] = []
    _walk(body if body is not None else root, current, blocks)
    _flush(current, blocks)
    check_text_size(path, sum(len(b.text) for b in blocks))
    return Extracted(blocks)
