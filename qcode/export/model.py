"""What a quote bundle holds, ready to write: themes, groups, quotes with their attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from qcode.documents import KIND_LABELS
from qcode.export.pseudonyms import PseudonymInfo, statement

ATTRIBUTION_SEPARATOR = " · "


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key where "Interview 2" comes before "Interview 10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class BundleQuote:
    """One passage (overlapping codings of a theme merged) with everything that attributes it."""

    text: str
    document_uuid: str
    document_name: str
    kind: str
    start: int
    end: int
    paragraph: int
    paragraph_end: int
    speaker: str
    attributes: tuple[tuple[str, str], ...]
    coders: tuple[str, ...]
    codes: tuple[str, ...]  # code paths (the theme, or its sub-codes) that coded the passage
    memos: tuple[str, ...] = ()
    before: str = ""  # the rest of the sentence(s) around the quote, with context=True
    after: str = ""
    time: str = ""  # when the turn starts (recorded, or read from its label)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def paragraphs(self) -> str:
        if self.paragraph <= 0:
            return ""
        if self.paragraph_end > self.paragraph:
            return f"paras {self.paragraph}–{self.paragraph_end}"
        return f"para {self.paragraph}"

    def attribution_parts(self) -> list[str]:
        parts = [self.document_name, self.kind_label]
        if self.speaker:
            parts.append(f"{self.speaker} ({self.time})" if self.time else self.speaker)
        elif self.time:
            parts.append(self.time)
        parts += [f"{k}: {v}" for k, v in self.attributes if v]
        if self.paragraphs:
            parts.append(self.paragraphs)
        if self.coders:
            parts.append("coded by " + ", ".join(self.coders))
        return parts

    def attribution(self) -> str:
        return ATTRIBUTION_SEPARATOR.join(self.attribution_parts())


@dataclass
class QuoteGroup:
    """Quotes of one theme from one source kind (or force, or document)."""

    label: str
    quotes: list[BundleQuote] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len({q.document_uuid for q in self.quotes})


@dataclass
class Theme:
    """A chosen code: its definition, then its quotes in groups."""

    path: str
    name: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    tor_item: str = ""
    subcodes: list[str] = field(default_factory=list)
    groups: list[QuoteGroup] = field(default_factory=list)
    #: Pseudonym terms replaced in this theme's headings, quotes and attributions.
    replaced: tuple[PseudonymInfo, ...] = ()

    @property
    def quotes(self) -> list[BundleQuote]:
        return [q for g in self.groups for q in g.quotes]

    @property
    def n_quotes(self) -> int:
        return sum(len(g.quotes) for g in self.groups)

    @property
    def n_documents(self) -> int:
        return len({q.document_uuid for g in self.groups for q in g.quotes})


@dataclass
class Bundle:
    """Everything a writer renders; nothing else goes into an exported file."""

    project_name: str
    created: datetime
    filters: list[str]
    group_by: str
    themes: list[Theme]
    pseudonymised: bool = False
    include_memos: bool = False
    context: bool = False
    #: Pseudonym terms replaced on the title page (project name, selection).
    replaced: tuple[PseudonymInfo, ...] = ()
    coder_names: str = "keep"  # "keep", "replace" (Coder 1, Coder 2 …) or "omit"

    @property
    def statement(self) -> str:
        """What the bundle says was pseudonymised: exactly what was replaced, or ""."""
        if not self.pseudonymised:
            return ""
        used = {i.uuid or i.term: i for i in self.replaced}
        for theme in self.themes:
            used.update({i.uuid or i.term: i for i in theme.replaced})
        return statement(list(used.values()), self.coder_names)

    @property
    def n_quotes(self) -> int:
        return sum(t.n_quotes for t in self.themes)

    @property
    def title(self) -> str:
        if len(self.themes) == 1:
            return f"Evidence bundle: {self.themes[0].name}"
        return "Evidence bundle"

    def only(self, theme: Theme) -> Bundle:
        """The same bundle with a single theme (for one file per theme)."""
        return Bundle(
            self.project_name,
            self.created,
            self.filters,
            self.group_by,
            [theme],
            self.pseudonymised,
            self.include_memos,
            self.context,
            self.replaced,
            self.coder_names,
        )

    def texts(self) -> list[tuple[str, str, str]]:
        """(where, document, text) of every string a writer puts into a file."""
        out = [("title page", "", self.project_name)]
        out += [("title page", "", f) for f in self.filters]
        for theme in self.themes:
            for text in (theme.path, theme.definition, theme.inclusion, theme.exclusion):
                out.append(("heading", "", text))
            out += [("heading", "", s) for s in theme.subcodes]
            for group in theme.groups:
                out.append(("heading", "", group.label))
                for q in group.quotes:
                    out.append(("quote", q.document_name, q.before + q.text + q.after))
                    out.append(("attribution", q.document_name, q.attribution()))
                    out += [("memo", q.document_name, m) for m in q.memos]
        return [t for t in out if t[2]]
