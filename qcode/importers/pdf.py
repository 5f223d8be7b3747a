"""PDF (.pdf): the text layer page by page; a scan without text is refused."""

from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path

from qcode.importers.base import Extracted, check_text_size, lines_as_blocks, read_bytes, refuse
from qcode.importers.speakers import label_only

NAME = "PDF"
EXTENSIONS = (".pdf",)

MAX_PAGES = 5000
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)


def read(path: Path) -> Extracted:
    data = read_bytes(path)
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise refuse(path, "is not a PDF file (no %PDF header)")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    pages: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as exc:
                    raise refuse(path, f"is encrypted in a way qcode cannot open ({exc})") from exc
                if not opened:
                    raise refuse(path, "is password-protected; remove the password first")
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise refuse(path, f"has too many pages ({count:,}; limit {MAX_PAGES:,})")
            total = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                total += len(text)
                check_text_size(path, total)
                pages.append(text)
    except FileNotDecryptedError as exc:
        raise refuse(path, "is password-protected; remove the password first") from exc
    except PdfReadError as exc:
        raise refuse(path, f"is a damaged PDF ({exc})") from exc
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        raise refuse(path, f"is a damaged PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise refuse(path, "has no pages")
    if sum(len(p.strip()) for p in pages) < 10:
        raise refuse(
            path, "has no text layer (a scanned image?); run it through OCR and import the result"
        )
    lines: list[str] = []
    for text in pages:
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if not _PAGE_NUMBER.fullmatch(line.strip()):
                lines.append(line)
    return lines_as_blocks("\n".join(_join_labels(lines)))


def _join_labels(lines: list[str]) -> list[str]:
    """A label alone on its line joined to the words after it: a text layer often breaks the
    line where the font changes (a bold 'Analyst:' then the answer in the regular font)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if after.strip() and label_only(line) and not label_only(after):
            out.append(f"{line.strip()} {after.strip()}")
            i += 2
            continue
        out.append(line)
        i += 1
    return out
