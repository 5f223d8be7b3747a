"""Rich Text Format (.rtf): the text as striprtf reads it, one block per line."""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from qcode.importers.base import Extracted, check_text_size, lines_as_blocks, read_bytes, refuse

NAME = "Rich Text Format"
EXTENSIONS = (".rtf",)

#: Deepest group nesting accepted (hostile files nest thousands deep).
MAX_DEPTH = 400


def _depth(raw: str) -> int:
    depth = deepest = 0
    escaped = False
    for ch in raw:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            depth -= 1
    return deepest


def read(path: Path) -> Extracted:
    data = read_bytes(path)
    if not data.lstrip().startswith(b"{\\rtf"):
        raise refuse(path, "is not an RTF file (it does not start with {\\rtf)")
    raw = data.decode("latin-1")  # RTF is 7-bit; \'xx escapes carry the code page
    if _depth(raw) > MAX_DEPTH:
        raise refuse(path, f"nests groups more than {MAX_DEPTH} deep (refused as hostile)")
    try:
        text: str = rtf_to_text(raw, errors="replace")  # type: ignore[no-untyped-call]
    except Exception as exc:  # striprtf raises assorted errors on damaged files
        raise refuse(path, f"is a damaged RTF file ({exc})") from exc
    check_text_size(path, len(text))
    if not text.strip():
        raise refuse(path, "contains no text")
    return lines_as_blocks(text.replace("\r\n", "\n").replace("\r", "\n"))
