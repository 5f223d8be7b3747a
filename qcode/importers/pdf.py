"""PDF (.pdf): the text layer page by page; a scan without text is refused."""

from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path

from qcode.importers.base import Extracted, check_text_size, lines_as_blocks, read_bytes, refuse

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
    return lines_as_blocks("\n".join(lines))
