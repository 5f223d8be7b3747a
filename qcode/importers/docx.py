"""Word (.docx): body paragraphs and tables in order; a bold label ending in ':' is a speaker."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from qcode.importers.base import Block, Extracted, check_text_size, read_bytes, refuse
from qcode.importers.safezip import open_zip, parse_xml, read_part
from qcode.importers.speakers import bold_label, is_time, label_name, speaker_column

NAME = "Word document"
EXTENSIONS = (".docx", ".docm")

_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_LABEL = 60
_FALSE = {"0", "false", "off", "none"}
_BOLD_STYLES = {"Strong", "Bold", "StrongEmphasis"}


def _main_part(path: Path, archive: zipfile.ZipFile) -> str:
    """The name of the main document part, from the package relationships."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        rels = parse_xml(path, read_part(path, archive, "_rels/.rels", "Word document"), ".rels")
        for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise refuse(path, "is not a Word document (no main document part)")


class _Walker:
    """Collects blocks from the body of one WordprocessingML document."""

    def __init__(self, ns: str) -> None:
        w = f"{{{ns}}}"
        self.p, self.tbl, self.tr, self.tc = w + "p", w + "tbl", w + "tr", w + "tc"
        self.r, self.t, self.tab = w + "r", w + "t", w + "tab"
        self.br, self.cr, self.hyphen = w + "br", w + "cr", w + "noBreakHyphen"
        self.rpr, self.b, self.val = w + "rPr", w + "b", w + "val"
        self.rstyle = w + "rStyle"
        self.skip = {w + "del", w + "moveFrom", w + "pPr", w + "rPr"}
        self.fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

    def container(self, element: etree._Element, out: list[Block]) -> None:
        """Body, cell, or content control: paragraphs and tables in order."""
        for child in element:
            tag = child.tag
            if tag == self.p:
                out.append(self.paragraph(child))
            elif tag == self.tbl:
                self.table(child, out)
            elif isinstance(tag, str) and not tag.endswith("}sectPr"):
                self.container(child, out)  # sdt, sdtContent, customXml, ins ...

    def table(self, tbl: etree._Element, out: list[Block]) -> None:
        """One block per row, the cells' text joined by tabs. A speaker column (a short first
        cell, or a second cell after a time column, naming a speaker on several rows) makes
        each row a speaker turn, with its time if there is one."""
        rows: list[tuple[Block, str, str]] = []  # block, speaker name, time
        for row in tbl:
            if row.tag != self.tr:
                continue
            cells: list[str] = []
            for cell in row:
                if cell.tag != self.tc:
                    continue
                inner: list[Block] = []
                self.container(cell, inner)
                cells.append("\n".join(b.text.strip() for b in inner if b.text.strip()))
            filled = [c for c in cells if c]
            if not filled:
                continue
            time = filled[0] if len(filled) >= 3 and is_time(filled[0]) else ""
            who = filled[1] if time else filled[0]
            name = ""
            if len(filled) >= 2 and "\n" not in who and len(who) <= _MAX_LABEL:
                name = label_name(who)
            rows.append((Block("\t".join(filled)), name, time))
        speakers = speaker_column([name for _, name, time in rows if name and not time])
        for block, name, time in rows:
            if name and (time or name in speakers):  # a time column marks a transcript
                block.speaker = name
                block.label = "" if time else block.text.split("\t", 1)[0]
                if time:
                    block.meta = {"time": time.strip("()[]")}
            out.append(block)

    def paragraph(self, p: etree._Element) -> Block:
        pieces: list[tuple[str, bool]] = []
        self.inline(p, pieces)
        text = "".join(t for t, _ in pieces)
        block = Block(text)
        label = bold_label(pieces)
        if label:
            name = label_name(label)
            if name:
                block.speaker, block.label = name, label
        return block

    def inline(self, element: etree._Element, pieces: list[tuple[str, bool]]) -> None:
        for child in element:
            tag = child.tag
            if tag == self.r:
                self.run(child, pieces)
            elif tag in self.skip or tag == self.fallback or not isinstance(tag, str):
                continue
            elif tag == self.p:  # a paragraph nested in a content control
                if pieces:
                    pieces.append(("\n", False))
                self.inline(child, pieces)
            else:
                self.inline(child, pieces)  # hyperlink, ins, smartTag, fldSimple, sdt ...

    def run(self, run: etree._Element, pieces: list[tuple[str, bool]]) -> None:
        bold = False
        rpr = run.find(self.rpr)
        if rpr is not None:
            b = rpr.find(self.b)
            if b is not None:
                bold = str(b.get(self.val, "true")).lower() not in _FALSE
            else:  # the built-in "Strong" character style is bold too
                style = rpr.find(self.rstyle)
                bold = style is not None and str(style.get(self.val, "")) in _BOLD_STYLES
        for child in run:
            tag = child.tag
            if tag == self.t:
                if child.text:
                    pieces.append((child.text, bold))
            elif tag == self.tab:
                pieces.append(("\t", bold))
            elif tag in (self.br, self.cr):
                pieces.append(("\n", False))
            elif tag == self.hyphen:
                pieces.append(("-", bold))


def read(path: Path) -> Extracted:
    data = read_bytes(path)
    archive = open_zip(path, data, "Word document")
    with archive:
        part = _main_part(path, archive)
        root = parse_xml(path, read_part(path, archive, part, "Word document"), part)
    ns = etree.QName(root).namespace or ""
    if ns not in _NAMESPACES:
        raise refuse(path, "is not a Word document (unknown XML vocabulary)")
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise refuse(path, "is not a Word document (no body)")
    blocks: list[Block] = []
    _Walker(ns).container(body, blocks)
    check_text_size(path, sum(len(b.text) for b in blocks))
    return Extracted(blocks)
