"""What every importer returns (blocks of text with speaker hints), limits and refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qcode.errors import ImportRefusedError

#: Largest file read from disk at all (bytes).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest amount of text a document may hold (characters), about 8 million words.
MAX_TEXT_CHARS = 50_000_000


@dataclass
class Block:
    """A paragraph of a source file, in reading order.

    `speaker` is set when the format itself marks the paragraph as a speaker turn (a bold label
    in Word, a voice tag in a subtitle cue); `label` is then the prefix of `text` that names the
    speaker (e.g. ``"Interviewer:"``), possibly empty. `meta` is kept with the segment
    (e.g. ``{"time": "00:01:02.000"}``).
    """

    text: str
    speaker: str | None = None
    label: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Extracted:
    """The text of a source file as blocks; `cues` means every block is exactly one segment."""

    blocks: list[Block]
    cues: bool = False


def refuse(path: Path, reason: str) -> ImportRefusedError:
    """The error for a file we will not import: one line naming the file and the reason."""
    return ImportRefusedError(f"{path.name}: {reason}")


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, refusing missing, unreadable, empty and oversized files."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise refuse(path, "file not found") from exc
    except OSError as exc:
        raise refuse(path, f"cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise refuse(path, "the file is empty")
    if size > limit:
        raise refuse(
            path, f"the file is too large ({size / 1e6:.0f} MB; limit {limit // 10**6} MB)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise refuse(path, f"cannot be read ({exc.strerror or exc})") from exc


def check_text_size(path: Path, chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise refuse(path, f"too much text ({chars:,} characters; limit {MAX_TEXT_CHARS:,})")


def lines_as_blocks(text: str) -> Extracted:
    """Plain text as one block per line (blank lines kept as empty blocks)."""
    return Extracted([Block(line) for line in text.split("\n")])
