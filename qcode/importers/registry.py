"""The importers by file extension, and reading one file into text and segments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from qcode.importers import docx, html, markdown, odt, pdf, rtf, subtitles, txt
from qcode.importers.assemble import Parsed, build
from qcode.importers.base import Extracted, refuse
from qcode.importers.speakers import compile_pattern

Reader = Callable[[Path], Extracted]

_MODULES: tuple[ModuleType, ...] = (docx, txt, odt, rtf, pdf, markdown, html, subtitles)
_READERS: dict[str, tuple[str, Reader]] = {
    ext: (module.NAME, module.read) for module in _MODULES for ext in module.EXTENSIONS
}


#: Formats people often have that qcode does not read, with what to do instead.
_HINTS = {
    ".doc": "the old Word 97-2003 format; open it in Word and save it as .docx",
    ".wpd": "a WordPerfect file; save it as .docx or .rtf",
    ".pages": "an Apple Pages file; export it as .docx",
    ".xls": "a spreadsheet; use it as an attribute sheet (save as .xlsx or .csv) instead",
    ".xlsx": "a spreadsheet; pass it as the attribute sheet instead",
    ".csv": "a spreadsheet; pass it as the attribute sheet instead",
}


def supported_extensions() -> tuple[str, ...]:
    """File extensions qcode can import, lower case with the dot (e.g. '.docx')."""
    return tuple(_READERS)


def format_name(path: Path) -> str | None:
    """The name of the format that reads `path`, or None if it is not supported."""
    entry = _READERS.get(path.suffix.lower())
    return entry[0] if entry else None


def read_file(path: Path, speaker_pattern: str | None = None) -> Parsed:
    """Read a transcript into normalised text and segments (speaker turns or paragraphs).

    Raises ImportRefusedError naming the file and the reason for anything unreadable.
    """
    entry = _READERS.get(path.suffix.lower())
    if entry is None and path.suffix.lower() in _HINTS:
        raise refuse(path, f"is {_HINTS[path.suffix.lower()]}")
    if entry is None:
        known = ", ".join(supported_extensions())
        suffix = path.suffix or "(none)"
        raise refuse(path, f"unsupported file type {suffix!r}; qcode reads {known}")
    pattern = compile_pattern(speaker_pattern)
    try:
        extracted = entry[1](path)
    except RecursionError as exc:
        raise refuse(path, "is nested too deeply to read (refused as hostile)") from exc
    except MemoryError as exc:
        raise refuse(path, "is too large to read into memory") from exc
    return build(path, extracted, pattern)
