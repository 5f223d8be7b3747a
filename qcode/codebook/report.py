"""The codebook report for the inspectors' handbook: every code with its definition (.docx/.pdf)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qcode.codebook.gather import project_codebook
from qcode.codebook.model import CodeEntry
from qcode.errors import QcodeError
from qcode.store import Project

#: Names that carry their own number ("2. Attitudes") are not numbered again.
_NUMBERED = re.compile(r"^\d+(\.\d+)*[.):]?\s")
#: With more themes than this, themes do not each start a new page.
PAGE_PER_THEME = 12
#: Field -> label, in the order each code shows them.
FIELD_LABELS = (
    ("definition", "Definition"),
    ("inclusion", "Use when"),
    ("exclusion", "Do not use when"),
    ("example", "Example"),
)


@dataclass(frozen=True)
class ReportCode:
    """A code as the report prints it."""

    entry: CodeEntry
    depth: int
    number: str  # "3", "3.2" …

    @property
    def title(self) -> str:
        name = self.entry.path[-1]
        return name if _NUMBERED.match(name) else f"{self.number}  {name}"


@dataclass(frozen=True)
class ReportData:
    title: str
    subtitle: str
    codes: list[ReportCode]
    #: ToR item -> theme titles citing it, in order.
    tor: list[tuple[str, list[str]]]

    @property
    def page_per_theme(self) -> bool:
        return sum(1 for c in self.codes if c.depth == 0) <= PAGE_PER_THEME


def report_data(project: Project) -> ReportData:
    book = project_codebook(project)
    counters: dict[tuple[str, ...], int] = {}
    numbers: dict[tuple[str, ...], str] = {}
    codes: list[ReportCode] = []
    tor: dict[str, list[str]] = {}
    for entry in book.entries:
        parent = entry.path[:-1]
        counters[parent] = counters.get(parent, 0) + 1
        number = ".".join(filter(None, [numbers.get(parent, ""), str(counters[parent])]))
        numbers[entry.path] = number
        code = ReportCode(entry, len(entry.path) - 1, number)
        codes.append(code)
        if entry.tor_item and len(entry.path) == 1:
            tor.setdefault(entry.tor_item, []).append(code.title)
    themes = sum(1 for c in codes if c.depth == 0)
    subtitle = f"{themes} theme(s), {len(codes)} code(s) in all. Printed {date.today():%d %B %Y}."
    return ReportData(
        title=f"Codebook: {project.name}",
        subtitle=subtitle,
        codes=codes,
        tor=sorted(tor.items(), key=lambda kv: _tor_key(kv[0])),
    )


def _tor_key(item: str) -> tuple[int, str]:
    digits = "".join(ch for ch in item if ch.isdigit())
    return (int(digits) if digits and digits == item.strip() else 10**6, item)


def export_codebook_report(project: Project, path: Path) -> Path:
    """Write the code tree with every definition and criterion as .docx or .pdf (by suffix)."""
    path = Path(path)
    data = report_data(project)
    if not data.codes:
        raise QcodeError("the codebook is empty: there is nothing to report")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from qcode.codebook.report_docx import write_docx

        return write_docx(data, path)
    if suffix == ".pdf":
        from qcode.codebook.report_pdf import write_pdf

        return write_pdf(data, path)
    raise QcodeError(f"{path}: the codebook report is written as .docx or .pdf, not {suffix}")
