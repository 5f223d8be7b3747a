"""OpenDocument text (.odt): paragraphs, headings, lists and tables in order; notes left out."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from qcode.importers.base import Block, Extracted, check_text_size, read_bytes, refuse
from qcode.importers.safezip import open_zip, parse_xml, read_part
from qcode.importers.speakers import bold_label, label_name

NAME = "OpenDocument text"
EXTENSIONS = (".odt",)

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
T = f"{{{_TEXT}}}"
_P, _H, _S, _TAB, _BR = T + "p", T + "h", T + "s", T + "tab", T + "line-break"
_SKIP = {
    T + "note",
    T + "tracked-changes",
    T + "sequence-decls",
    f"{{{_OFFICE}}}annotation",
    f"{{{_OFFICE}}}annotation-end",
    f"{{{_OFFICE}}}forms",
}
_ROW, _CELL = f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell"
_TABLE_EL = f"{{{_TABLE}}}table"


_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_SPAN = T + "span"
_MAX_SPACES = 1000


def _bold_styles(root: etree._Element) -> set[str]:
    """Names of the text styles that make a span bold."""
    names: set[str] = set()
    for style in root.iter(f"{{{_STYLE}}}style"):
        props = style.find(f"{{{_STYLE}}}text-properties")
        weight = props.get(f"{{{_FO}}}font-weight", "") if props is not None else ""
        if weight in ("bold", "600", "700", "800", "900"):
            names.add(str(style.get(f"{{{_STYLE}}}name", "")))
    return names


def _spaces(element: etree._Element) -> str:
    raw = str(element.get(T + "c", "1"))
    count = int(raw) if raw.isdigit() else 1
    return " " * min(max(1, count), _MAX_SPACES)


class _Reader:
    """Collects blocks from an office:text body; bold spans ending in ':' are speaker labels."""

    def __init__(self, bold: set[str]) -> None:
        self.bold = bold

    def inline(self, element: etree._Element, out: list[tuple[str, bool]], bold: bool) -> None:
        if element.text:
            out.append((element.text, bold))
        for child in element:
            tag = child.tag
            if tag == _S:
                out.append((_spaces(child), bold))
            elif tag == _TAB:
                out.append(("\t", bold))
            elif tag == _BR:
                out.append(("\n", False))
            elif tag not in _SKIP and isinstance(tag, str):
                styled = tag == _SPAN and str(child.get(T + "style-name", "")) in self.bold
                self.inline(child, out, bold or styled)
            if child.tail:
                out.append((child.tail, bold))

    def container(self, element: etree._Element, out: list[Block]) -> None:
        for child in element:
            tag = child.tag
            if tag in (_P, _H):
                pieces: list[tuple[str, bool]] = []
                self.inline(child, pieces, False)
                block = Block("".join(text for text, _ in pieces))
                label = bold_label(pieces)
                name = label_name(label) if label else ""
                if name:
                    block.speaker, block.label = name, label
                out.append(block)
            elif tag == _TABLE_EL:
                for row in child.iter(_ROW):
                    cells = []
                    for cell in row.iter(_CELL):
                        inner: list[Block] = []
                        self.container(cell, inner)
                        cells.append("\n".join(b.text.strip() for b in inner if b.text.strip()))
                    if any(cells):
                        out.append(Block("\t".join(c for c in cells if c)))
            elif tag not in _SKIP and isinstance(tag, str):
                self.container(child, out)  # office:text, lists, list items, sections


def read(path: Path) -> Extracted:
    data = read_bytes(path)
    archive = open_zip(path, data, "OpenDocument text")
    with archive:
        names = set(archive.namelist())
        if "META-INF/manifest.xml" in names:
            manifest = parse_xml(
                path, read_part(path, archive, "META-INF/manifest.xml", "OpenDocument"), "manifest"
            )
            if manifest.find(f".//{{{_MANIFEST}}}encryption-data") is not None:
                raise refuse(path, "is password-protected (encrypted OpenDocument)")
        root = parse_xml(
            path, read_part(path, archive, "content.xml", "OpenDocument text"), "content.xml"
        )
    body = root.find(f"{{{_OFFICE}}}body")
    text_root = body.find(f"{{{_OFFICE}}}text") if body is not None else None
    if text_root is None:
        raise refuse(path, "is not an OpenDocument text (no text body)")
    blocks: list[Block] = []
    _Reader(_bold_styles(root)).container(text_root, blocks)
    check_text_size(path, sum(len(b.text) for b in blocks))
    return Extracted(blocks)
