"""File names that are valid on Windows, macOS and Linux alike, and paths written on any of them."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from qcode.errors import QcodeError

#: Device names Windows reserves in every folder, with any extension ("con.txt" is CON too).
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
#: Characters no Windows file name may hold (and '/', which none may anywhere).
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
#: A file name's bytes in UTF-8 (ext4, APFS) and units in UTF-16 (NTFS) stay within 255.
MAX_NAME_BYTES = 255
#: Windows' classic limit for a whole path (MAX_PATH, 260 with the final NUL).
MAX_PATH = 259
#: True where Windows' rules hold; tests switch it on to run the same code paths on Linux.
WINDOWS = os.name == "nt"


def is_reserved(name: str) -> bool:
    """Whether Windows treats `name` as a device (CON, nul.txt, "COM1 .docx", ...)."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in RESERVED


def _fits(name: str, limit: int) -> bool:
    return len(name.encode("utf-8")) <= limit and len(name.encode("utf-16-le")) // 2 <= limit


def _truncate(text: str, limit: int) -> str:
    while text and not _fits(text, limit):
        text = text[:-1]
    return text


def safe_filename(name: str, suffix: str = "", fallback: str = "file", limit: int = 120) -> str:
    """`name` + `suffix` as a file name every system accepts, the same on every system.

    Separators and characters Windows forbids become '-', trailing dots and spaces go
    (Windows drops them silently, so two names would meet), reserved device names get a '_',
    and the stem is cut (never inside a character) so the name stays within `limit` bytes.
    """
    stem = _FORBIDDEN.sub("-", name)
    stem = " ".join(stem.split()).strip(" .-") or fallback
    if is_reserved(stem + suffix):
        stem = f"_{stem}"
    stem = _truncate(stem, max(1, min(limit, MAX_NAME_BYTES) - len(suffix.encode("utf-8"))))
    stem = stem.rstrip(" .") or fallback
    return stem + suffix


def unique_names(names: Iterable[str]) -> list[str]:
    """The names, with ' (2)', ' (3)' ... added to any that another already has, ignoring case
    (Windows and macOS see "Theme.docx" and "theme.DOCX" as one file)."""
    taken: set[str] = set()
    result = []
    for name in names:
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def fit_in_folder(folder: Path, name: str, limit: int = MAX_PATH) -> str:
    """`name` shortened (its stem, keeping the extension) so `folder/name` stays within
    Windows' path limit; unchanged when it already fits, or where Windows' rules do not hold."""
    if not WINDOWS:
        return name
    room = limit - len(str(folder)) - 1
    if len(name) <= room:
        return name
    stem, dot, ext = name.rpartition(".")
    keep = room - len(dot + ext)
    if not dot or keep < 8:
        raise QcodeError(
            f"{folder}: the folder's path is too long for Windows ({len(str(folder))} "
            f"characters); choose a folder nearer the top of the drive"
        )
    return stem[:keep].rstrip(" .") + dot + ext


def portable_basename(text: str) -> str:
    """The last part of a path written on any system: "C:\\data\\A.docx" and "data/A.docx"
    both give "A.docx" (trailing dots and spaces dropped, as Windows does)."""
    last = re.split(r"[\\/]", text.strip())[-1]
    if re.fullmatch(r"[A-Za-z]:.*", last):
        last = last[2:]
    return last.rstrip(" .")


def check_output_path(path: Path) -> None:
    """Refuse, with one clear line, an output file name Windows cannot create (on Windows)."""
    if not WINDOWS:
        return
    name = path.name
    reason = ""
    if is_reserved(name):
        reason = f"{name.split('.', 1)[0].rstrip()!r} is a name Windows reserves for a device"
    elif name != name.rstrip(" ."):
        reason = "Windows does not allow a file name ending in a dot or a space"
    elif _FORBIDDEN.search(name):
        reason = 'Windows does not allow \\ / : * ? " < > | in a file name'
    elif len(str(path.absolute())) > MAX_PATH:
        reason = f"the path is longer than Windows allows ({MAX_PATH} characters)"
    if reason:
        raise QcodeError(f"{path}: cannot write this file: {reason}")
