"""Retrieval in context: filter quotes, expand a passage to its turns, page, export a selection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import func, select

from qcode.analysis.privacy import Names, Privacy, checked_path
from qcode.clock import now
from qcode.coding import Quote
from qcode.documents import resolve_document
from qcode.errors import QcodeError
from qcode.export.model import Bundle, BundleQuote, QuoteGroup, Theme, kind_label, natural_key
from qcode.export.progress import Ticker
from qcode.store import Document, Project, Segment

T = TypeVar("T")
PAGE_SIZE = 200
EXPORT_FORMATS = ("docx", "pdf", "xlsx", "csv")


@dataclass(frozen=True)
class QuoteFilter:
    """Which quotes to keep; an empty field keeps all. Text matches ignore case."""

    attributes: tuple[tuple[str, str], ...] = ()  # (key, value) each quote's document has
    kinds: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()  # coder names or UUIDs
    memo: str = ""  # words in the coding's memo
    text: str = ""  # words in the passage

    def __bool__(self) -> bool:
        return bool(self.attributes or self.kinds or self.coders or self.memo or self.text)

    def matches(self, q: Quote) -> bool:
        if self.kinds and q.kind not in self.kinds:
            return False
        if self.coders and q.coder_name not in self.coders and q.coder_uuid not in self.coders:
            return False
        if self.memo and self.memo.casefold() not in q.memo.casefold():
            return False
        if self.text and self.text.casefold() not in q.text.casefold():
            return False
        folded = {k.casefold(): v.casefold() for k, v in q.attributes.items()}
        return all(folded.get(k.casefold(), "") == v.casefold() for k, v in self.attributes)


def filter_quotes(quotes: Iterable[Quote], keep: QuoteFilter) -> list[Quote]:
    """The quotes `keep` matches, in their order."""
    return [q for q in quotes if keep.matches(q)] if keep else list(quotes)


@dataclass(frozen=True)
class Choices:
    """What the filters of a list of quotes can offer: values present in it."""

    attributes: dict[str, list[str]]
    kinds: list[str]
    coders: list[str]


def filter_choices(quotes: Iterable[Quote]) -> Choices:
    attrs: dict[str, set[str]] = {}
    kinds: set[str] = set()
    coders: set[str] = set()
    for q in quotes:
        kinds.add(q.kind)
        if q.coder_name:
            coders.add(q.coder_name)
        for k, v in q.attributes.items():
            attrs.setdefault(k, set()).add(v)
    return Choices(
        {k: sorted(v, key=natural_key) for k, v in sorted(attrs.items())},
        sorted(kinds),
        sorted(coders, key=str.casefold),
    )


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a long list: its items, which page, how many pages and items in all."""

    items: list[T]
    number: int
    pages: int
    total: int


def page(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page `number` (from 1; clamped to the last) of `items`, `size` per page."""
    size = max(1, size)
    pages = max(1, -(-len(items) // size))
    number = min(max(1, number), pages)
    return Page(list(items[(number - 1) * size : number * size]), number, pages, len(items))


@dataclass(frozen=True)
class Context:
    """A passage with the turns (or paragraphs) around it: the whole text from `start` to
    `end`, the passage at `passage_start`–`passage_end` inside it (document offsets)."""

    document_uuid: str
    document_name: str
    start: int
    end: int
    passage_start: int
    passage_end: int
    text: str
    first_paragraph: int
    last_paragraph: int
    speakers: list[str] = field(default_factory=list)

    @property
    def before(self) -> str:
        return self.text[: self.passage_start - self.start]

    @property
    def passage(self) -> str:
        return self.text[self.passage_start - self.start : self.passage_end - self.start]

    @property
    def after(self) -> str:
        return self.text[self.passage_end - self.start :]


def passage_context(
    project: Project, document: str, start: int, end: int, *, around: int = 0
) -> Context:
    """The turns or paragraphs holding [start, end), and `around` more on each side."""
    with project.read() as s:
        doc = resolve_document(s, document)
        length = s.scalar(select(func.length(Document.text)).where(Document.uuid == doc.uuid))
        if not 0 <= start < end <= (length or 0):
            raise QcodeError(f"passage [{start}, {end}) is not within {doc.name!r}")
        segs = list(
            s.execute(
                select(Segment.ordinal, Segment.start, Segment.end, Segment.speaker)
                .where(Segment.document_uuid == doc.uuid)
                .order_by(Segment.start)
            )
        )
        inside = [i for i, r in enumerate(segs) if r.start < end and r.end > start]
        if inside:
            lo = max(0, inside[0] - max(0, around))
            hi = min(len(segs) - 1, inside[-1] + max(0, around))
            first, last = segs[lo], segs[hi]
            c_start, c_end = min(first.start, start), max(last.end, end)
            paras = (first.ordinal, last.ordinal)
            speakers = list(dict.fromkeys(r.speaker for r in segs[lo : hi + 1] if r.speaker))
        else:
            c_start, c_end, paras, speakers = start, end, (0, 0), []
        text = s.scalar(
            select(func.substr(Document.text, c_start + 1, c_end - c_start)).where(
                Document.uuid == doc.uuid
            )
        )
        return Context(doc.uuid, doc.name, c_start, c_end, start, end, text or "", *paras, speakers)


def bundle_of_quotes(project_name: str, quotes: Sequence[Quote], title: str = "") -> Bundle:
    """A bundle of exactly these quotes: one theme per code, grouped by source kind."""
    themes: dict[str, Theme] = {}
    groups: dict[tuple[str, str], QuoteGroup] = {}
    for q in quotes:
        path = q.code_path or title or "Selected quotes"
        theme = themes.get(path)
        if theme is None:
            theme = themes[path] = Theme(path, path.rsplit("/", 1)[-1])
        label = kind_label(q.kind)
        group = groups.get((path, label))
        if group is None:
            group = groups[(path, label)] = QuoteGroup(label)
            theme.groups.append(group)
        group.quotes.append(
            BundleQuote(
                text=q.text,
                document_uuid=q.document_uuid,
                document_name=q.document_name,
                kind=q.kind,
                start=q.start,
                end=q.end,
                paragraph=q.paragraph,
                paragraph_end=q.paragraph,
                speaker=q.speaker,
                attributes=tuple(sorted(q.attributes.items())),
                coders=(q.coder_name,) if q.coder_name else (),
                codes=(q.code_path,) if q.code_path else (),
                memos=(q.memo,) if q.memo else (),
                time=q.time,
            )
        )
    filters = [f"{len(quotes)} quote(s) chosen in the quotes pane"] + ([title] if title else [])
    return Bundle(project_name, now(), filters, "kind", list(themes.values()), include_memos=True)


def export_quotes(
    project: Project,
    quotes: Sequence[Quote],
    out: Path,
    *,
    title: str = "",
    privacy: Privacy | None = None,
) -> Path:
    """Write exactly these quotes as a bundle (.docx, .pdf, .xlsx or .csv by the suffix).

    With `privacy.pseudonymise`, names are replaced as in a quote bundle and the finished file
    is read back: LeaksError (no file left) if it still shows a name not accepted.
    """
    privacy = privacy or Privacy()
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise QcodeError(f"{out}: quotes are exported as .docx, .pdf, .xlsx or .csv")
    if not quotes:
        raise QcodeError("no quote is selected, so there is nothing to export")
    names = Names(project, privacy)
    shown = names.quotes(quotes)
    bundle = bundle_of_quotes(names.apply(project.name), shown, names.apply(title))
    if privacy.pseudonymise:
        bundle.pseudonymised = True
        bundle.replaced = tuple(names.p.used.values())
    bundle.coder_names = names.mode
    if fmt == "docx":
        from qcode.export.docx_writer import write_docx as write
    elif fmt == "pdf":
        from qcode.export.pdf_writer import write_pdf as write
    elif fmt == "xlsx":
        from qcode.export.sheet_writer import write_xlsx as write
    else:
        from qcode.export.sheet_writer import write_csv as write
    with checked_path(project, out, privacy) as temp:
        write(bundle, temp, Ticker(max(1, len(quotes) + len(bundle.themes))))
    return out
