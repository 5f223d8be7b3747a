"""Codebook themes from a terms-of-reference document: one theme per bullet or numbered item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from qcode.codebook.model import clean_name
from qcode.codebook.safeio import CodebookFileError, check_zip, read_limited
from qcode.codebook.tree import insert_code_path
from qcode.store import Action, Code, Project
from qcode.text import normalise

READABLE = (".docx", ".txt", ".md", ".markdown", ".text")
MAX_TOR_BYTES = 20 * 1024 * 1024
NAME_LENGTH = 70
#: A list belongs to a heading that mentions the section when it starts this close below it.
ANCHOR_WINDOW = 8
_ITEM = re.compile(
    r"^\s*(?:[-*+•‣◦·▪–]|(\d{1,2})[.)]|\((\d{1,2})\)|[a-z][.)]|\([a-z]\)|\(?[ivx]{1,4}[.)])\s+(\S.*)$"
)
_ANCHOR = "terms of reference"


@dataclass
class TorItem:
    """One item of the terms of reference and the theme it gives."""

    number: str
    name: str
    definition: str
    #: Why nothing was created for it (a theme for the item exists), or "".
    skipped: str = ""


@dataclass
class TorReport:
    """What `codes_from_tor` found and created (or, with a dry run, would create)."""

    source: str
    items: list[TorItem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    #: UUIDs of the themes created (to undo: delete them).
    created_uuids: list[str] = field(default_factory=list)
    dry_run: bool = False

    def describe(self) -> str:
        lines = [
            f"{self.source}: {len(self.items)} terms-of-reference item(s); "
            + (
                f"{sum(not i.skipped for i in self.items)} theme(s) would be created"
                if self.dry_run
                else f"{len(self.created)} theme(s) created"
            )
        ]
        for item in self.items:
            state = f"  (skipped: {item.skipped})" if item.skipped else ""
            lines.append(f"  ToR {item.number}: {item.name}{state}")
        return "\n".join(lines)


# --- reading the document --------------------------------------------------------------------
def _lines(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise CodebookFileError(
            f"{path}: terms of reference are read from {', '.join(READABLE)}, not "
            f"{suffix or '(no extension)'}"
        )
    data = read_limited(path, MAX_TOR_BYTES)
    if suffix == ".docx":
        return _docx_lines(path)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CodebookFileError(f"{path}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return normalise(data.decode(encoding)).split("\n")
        except UnicodeDecodeError:
            continue
    raise CodebookFileError(f"{path}: the text encoding is not UTF-8 or Windows-1252")


def _docx_lines(path: Path) -> list[str]:
    check_zip(path)
    import docx  # python-docx parses with entity resolution off

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise CodebookFileError(f"{path}: cannot be read as a Word document ({exc})") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        p_pr = paragraph._p.pPr
        listed = (p_pr is not None and p_pr.numPr is not None) or (
            paragraph.style is not None and (paragraph.style.name or "").lower().startswith("list")
        )
        if text and listed and not _ITEM.match(text):
            text = f"- {text}"
        lines.append(text)
    return lines


def _runs(lines: list[str]) -> list[tuple[int, list[tuple[str, str]]]]:
    """Lists in the text: (index of first line, [(explicit number or "", item text)])."""
    runs: list[tuple[int, list[tuple[str, str]]]] = []
    current: list[tuple[str, str]] = []
    start = 0
    for index, line in enumerate(lines):
        match = _ITEM.match(line)
        if match:
            if not current:
                start = index
            current.append((match.group(1) or match.group(2) or "", match.group(3).strip()))
        elif current and line.strip() and line[:1].isspace():
            number, text = current[-1]
            current[-1] = (number, f"{text} {line.strip()}")
        elif line.strip() and current:
            runs.append((start, current))
            current = []
    if current:
        runs.append((start, current))
    return runs


def tor_items(path: Path, section: str | None = None) -> list[tuple[str, str]]:
    """The items of the terms of reference in `path`: (number, text).

    The list taken is the first one starting just below the last line mentioning `section`
    (default: "terms of reference") that has one; without such a line, the longest list.
    """
    path = Path(path)
    lines = _lines(path)
    runs = _runs(lines)
    if not runs:
        raise CodebookFileError(f"{path}: no bulleted or numbered items found")
    anchor = (section or _ANCHOR).casefold()
    anchors = [i for i, line in enumerate(lines) if anchor in line.casefold()]
    anchors = [i for i in anchors if not _ITEM.match(lines[i])]
    chosen = None
    for line_index in reversed(anchors):
        chosen = next(
            (run for start, run in runs if line_index < start <= line_index + ANCHOR_WINDOW),
            None,
        )
        if chosen:
            break
    if chosen is None:
        if section:
            raise CodebookFileError(f"{path}: no list after a line mentioning {section!r}")
        chosen = max((run for _, run in runs), key=len)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for position, (number, text) in enumerate(chosen, start=1):
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        out.append((number or str(position), text))
    return out


def _definition(text: str) -> str:
    text = re.sub(r"(?:\s*;\s*(?:and|or)?|\s*,\s*and|\s+and)\s*$", "", text.strip())
    text = text.rstrip(" ;,:")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _name(number: str, definition: str) -> str:
    words = definition.rstrip(".").split()
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > NAME_LENGTH:
            name = name.rstrip(" ,;:") + "…"
            break
        name = f"{name} {word}".strip()
    return clean_name(f"{number}. {name}")


# --- creating themes -------------------------------------------------------------------------
def codes_from_tor(
    project: Project, path: Path, dry_run: bool = False, section: str | None = None
) -> TorReport:
    """One top-level theme per ToR item (its text as the definition, its number as ToR item).

    Items that already have a top-level theme with the same ToR number or name are skipped.
    With `dry_run`, nothing is written: the report says what would be created.
    """
    report = TorReport(source=str(path), dry_run=dry_run)
    for number, text in tor_items(Path(path), section):
        definition = _definition(text)
        report.items.append(TorItem(number, _name(number, definition), definition))
    action = Action(
        "codes from terms of reference", "code", touches={"codes"}, detail={"file": str(path)}
    )
    context = project.read() if dry_run else project.transaction(action)
    with context as s:
        themes = list(
            s.scalars(select(Code).where(Code.parent_uuid.is_(None), Code.deleted.is_(False)))
        )
        by_tor = {c.tor_item: c.name for c in themes if c.tor_item}
        names = {c.name for c in themes}
        for item in report.items:
            if item.number in by_tor:
                item.skipped = f"ToR {item.number} already has the theme {by_tor[item.number]!r}"
            elif item.name in names:
                item.skipped = "a theme of this name exists"
            elif not dry_run:
                code = insert_code_path(
                    s,
                    item.name,
                    project.coder_uuid,
                    definition=item.definition,
                    tor_item=item.number,
                )
                report.created.append(item.name)
                report.created_uuids.append(code.uuid)
    return report
