"""Plain text (.txt): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""

from __future__ import annotations

import codecs
from pathlib import Path

from qcode.importers.base import Extracted, check_text_size, lines_as_blocks, read_bytes, refuse

NAME = "Plain text"
EXTENSIONS = (".txt", ".text")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 100)


def decode(path: Path, data: bytes) -> str:
    """Text from bytes: by BOM, else UTF-8, else Windows-1252; binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise refuse(path, f"is not valid {encoding.upper()} text ({exc.reason})") from exc
    if looks_binary(data):
        raise refuse(path, "is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte decodes; cp1252 leaves five undefined


def read_text(path: Path) -> str:
    data = read_bytes(path)
    text = decode(path, data)
    check_text_size(path, len(text))
    if not text.strip():
        raise refuse(path, "contains no text")
    return text


def read(path: Path) -> Extracted:
    return lines_as_blocks(read_text(path).replace("\r\n", "\n").replace("\r", "\n"))
