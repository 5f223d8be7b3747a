"""The leak check: read finished export files and find names a reader must not see."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from qcode.errors import QcodeError
from qcode.export.matching import Matcher, fold_key

#: Parts of a .docx/.xlsx that hold no text a user wrote (styles, fonts, themes, relations).
_SKIPPED_PARTS = re.compile(
    r"(^\[Content_Types\]\.xml$|\.rels$|(^|/)(styles|fontTable|settings|webSettings|numbering"
    r"|calcChain|theme\d*)\.xml$|/theme/)"
)
_WHERE = [
    (re.compile(r"^word/document\.xml$"), "Word body"),
    (re.compile(r"^word/header\d*\.xml$"), "Word header"),
    (re.compile(r"^word/footer\d*\.xml$"), "Word footer"),
    (re.compile(r"^word/comments\w*\.xml$"), "Word comments"),
    (re.compile(r"^word/(foot|end)notes\.xml$"), "Word notes"),
    (re.compile(r"^docProps/"), "document properties"),
    (re.compile(r"^xl/(sharedStrings|worksheets/)"), "Excel cells"),
    (re.compile(r"^xl/workbook\.xml$"), "Excel sheet names"),
    (re.compile(r"^xl/(charts|drawings|chartsheets)/"), "Excel chart"),
    (re.compile(r"^xl/comments"), "Excel comments"),
]
_PARAGRAPHS = {"p", "si", "is"}  # a Word/drawing paragraph, a shared or inline string
_BREAKS = {"tab", "br", "cr", "ptab"}
_NAMED_ATTRIBUTES = {"name", "title", "descr", "tooltip"}


@dataclass(frozen=True)
class Leak:
    """A name that a finished export still shows, and where."""

    term: str
    where: str  # e.g. "Word footer", "PDF page 3", "Excel sheet names", "file name"
    file: str
    excerpt: str
    whole_word: bool  # False: only inside a longer word ("Kent" in "Kentish"); never blocks
    listed: bool  # True: on the pseudonym list; False: a suggested name not on the list


class LeaksError(QcodeError):
    """A pseudonymised export that would show names; nothing was left under the file name."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        terms: dict[str, int] = {}
        for leak in leaks:
            terms[leak.term] = terms.get(leak.term, 0) + 1
        named = ", ".join(f"{t!r} ({n}×)" for t, n in list(terms.items())[:12])
        more = f" and {len(terms) - 12} more" if len(terms) > 12 else ""
        super().__init__(
            f"LEAKS: the pseudonymised export would still show {named}{more}; no file was "
            "written. Add pseudonyms for them (qcode pseudonyms suggest/add), or accept them "
            "with --accept-leaks TERM …"
        )


def _where(part: str) -> str:
    for pattern, label in _WHERE:
        if pattern.search(part):
            return label
    return part


def _paragraph_text(element: ElementTree.Element) -> str:
    out: list[str] = []
    for node in element.iter():
        local = node.tag.rsplit("}", 1)[-1]
        if local in _BREAKS:
            out.append(" ")
        elif node.text and local != "instrText":
            out.append(node.text)
    return "".join(out)


def _xml_texts(element: ElementTree.Element) -> Iterator[str]:
    local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] in _NAMED_ATTRIBUTES:
            yield value
    if local in _PARAGRAPHS:
        yield _paragraph_text(element)
        for node in element.iter():
            for key, value in node.attrib.items():
                if node is not element and key.rsplit("}", 1)[-1] in _NAMED_ATTRIBUTES:
                    yield value
        return
    if element.text and element.text.strip():
        yield element.text
    for child in element:
        yield from _xml_texts(child)


def _zip_texts(path: Path) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        for part in sorted(z.namelist()):
            if not part.endswith(".xml") or _SKIPPED_PARTS.search(part):
                continue
            root = ElementTree.fromstring(z.read(part))
            where = _where(part)
            for text in _xml_texts(root):
                yield where, text


def _pdf_texts(path: Path) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    for n, page in enumerate(reader.pages, start=1):
        yield f"PDF page {n}", page.extract_text() or ""

    def outline(items: list[object]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from outline(item)
            else:
                yield str(getattr(item, "title", "") or "")

    for title in outline(list(reader.outline)):
        yield "PDF outline", title
    for value in (reader.metadata or {}).values():
        yield "PDF properties", str(value)


def _csv_texts(path: Path) -> Iterator[tuple[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for cell in row:
            yield f"CSV row {n}", cell


def file_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every piece of text a finished export file holds."""
    from pypdf.errors import PyPdfError

    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".xlsx"):
            yield from _zip_texts(path)
        elif suffix == ".pdf":
            yield from _pdf_texts(path)
        elif suffix == ".csv":
            yield from _csv_texts(path)
        else:
            raise QcodeError(f"{path}: cannot check a {suffix or 'suffix-less'} file for leaks")
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, PyPdfError) as exc:
        raise QcodeError(f"{path}: cannot be read back to check it ({exc})") from exc


def _excerpt(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - 30), min(len(text), end + 30)
    return " ".join(text[lo:hi].split())


def _telling_inside_words(term: str) -> bool:
    """Whether a term inside a longer word is worth reporting: "Kent" in "Kentish" is, while
    "Sam" in "same", "Dev" in "develop" and "Force D" in "force data" are noise."""
    key = fold_key(term)
    return " " not in key and sum(c.isalpha() for c in key) >= 4


def find_leaks(
    sources: Iterable[tuple[str, str, str]], listed: Sequence[str], candidates: Sequence[str]
) -> list[Leak]:
    """Every listed term (even inside a word) and whole candidate name in (file, where, text)."""
    keys = {fold_key(t) for t in listed}
    extra = [
        c
        for c in dict.fromkeys(candidates)
        if fold_key(c) not in keys and sum(ch.isalpha() for ch in fold_key(c)) >= 2
    ]
    terms = [(t, False) for t in listed] + [(c, True) for c in extra]
    matcher = Matcher(terms)
    out: dict[Leak, None] = {}
    if not matcher:
        return []
    for file, where, text in sources:
        for hit in matcher.hits(text):
            term = terms[hit.index][0]
            if not hit.whole_word and not _telling_inside_words(term):
                continue
            leak = Leak(
                term,
                where,
                file,
                _excerpt(text, hit.start, hit.end),
                hit.whole_word,
                hit.index < len(listed),
            )
            out.setdefault(leak, None)
    return list(out)


def check_files(
    files: Sequence[tuple[Path, Path]],
    listed: Sequence[str],
    candidates: Sequence[str],
    *,
    folder: bool = False,
) -> list[Leak]:
    """Leaks in finished files, given as (name the reader sees, path where it is now).

    With `folder`, the files go out together in their folder, whose name is checked too.
    """

    def sources() -> Iterator[tuple[str, str, str]]:
        for shown, path in files:
            yield shown.name, "file name", shown.name
            if folder:
                yield shown.name, "folder name", shown.parent.name
            for where, text in file_texts(path):
                yield shown.name, where, text

    return find_leaks(sources(), listed, candidates)


def blocking(leaks: Sequence[Leak], accepted: Iterable[str] = ()) -> list[Leak]:
    """The leaks that stop an export: whole names the user has not explicitly accepted.

    Accepting a name accepts the longer names that contain it ("Bhriain" accepts
    "PC Siobhán Ní Bhriain"), however it is typed.
    """
    accept = Matcher([(a, True) for a in accepted])
    return [x for x in leaks if x.whole_word and not accept.search(x.term)]
