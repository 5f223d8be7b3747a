"""Pseudonyms in the analysis exports: the bundle's replacements and its read-back leak check."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from qcode.coding import Quote
from qcode.export.bundle import BundleOptions, check_leaks, coder_labels
from qcode.export.leaks import LeaksError, blocking
from qcode.export.progress import atomic_path
from qcode.export.pseudonyms import Pseudonymiser, pseudonymiser, statement
from qcode.store import Coder, Document, Project

#: A passage is looked up at (document UUID, start, end).
Span = tuple[str, int, int]


@dataclass(frozen=True)
class Privacy:
    """How an export treats names: apply the pseudonym list (then read the finished file back
    and stop on any name still shown, unless accepted), and how coders are named."""

    pseudonymise: bool = False
    #: "keep", "replace" (Coder 1 …) or "omit"; None: replace when pseudonymising, else keep.
    coder_names: str | None = None
    #: Names the user accepts in the pseudonymised file (the leak check lets them through).
    accept_leaks: tuple[str, ...] = ()

    def coder_mode(self) -> str:
        return self.bundle_options([]).coder_mode()

    def bundle_options(self, codes: list[str], **kw: object) -> BundleOptions:
        """The quote-bundle options for `codes` with these privacy choices."""
        return BundleOptions(
            codes=codes,
            pseudonymise=self.pseudonymise,
            coder_names=self.coder_names,
            accept_leaks=list(self.accept_leaks) or None,
            **kw,  # type: ignore[arg-type]
        )


class Names:
    """One export's replacements: the project's pseudonyms and its coders' labels; remembers
    the terms it replaced, for the statement the file makes."""

    def __init__(self, project: Project, privacy: Privacy) -> None:
        self.project = project
        self.privacy = privacy
        self.mode = privacy.coder_mode()
        self.p = pseudonymiser(project) if privacy.pseudonymise else Pseudonymiser([])
        with project.read() as s:
            names = {c.uuid: c.name for c in s.scalars(select(Coder))}
        self._coders = coder_labels(names, self.mode, self.p)
        self._by_name = {n.casefold(): self._coders[u] for u, n in names.items()}
        self.p.used.clear()  # coders are accounted for by the statement's own line, as in bundles

    def apply(self, text: str) -> str:
        return self.p.apply(text)

    def coder(self, uuid_or_name: str) -> str:
        """How a coder (by UUID or name) is named in this export ("" when left out)."""
        if uuid_or_name in self._coders:
            return self._coders[uuid_or_name]
        if uuid_or_name.casefold() in self._by_name:
            return self._by_name[uuid_or_name.casefold()]
        return self.p.apply(uuid_or_name)

    def passages(self, spans: Iterable[Span]) -> dict[Span, str]:
        """Each passage pseudonymised as it reads in its whole document (a term cut by the
        passage's bounds is still replaced); {} when nothing is to be replaced."""
        wanted = list(dict.fromkeys(spans))
        if not self.p or not wanted:
            return {}
        docs = sorted({d for d, _, _ in wanted})
        texts: dict[str, str] = {}
        with self.project.read() as s:
            for i in range(0, len(docs), 500):
                chunk = select(Document.uuid, Document.text).where(
                    Document.uuid.in_(docs[i : i + 500])
                )
                texts.update((uuid, text) for uuid, text in s.execute(chunk))
        return {(d, a, b): self.p.apply_span(texts[d], a, b) for d, a, b in wanted if d in texts}

    def quotes(self, quotes: Iterable[Quote]) -> list[Quote]:
        """The quotes with names replaced in text, attribution, code, memo and coder."""
        quotes = list(quotes)
        if not self.p and self.mode == "keep":
            return quotes
        texts = self.passages((q.document_uuid, q.start, q.end) for q in quotes)
        return [
            replace(
                q,
                text=texts.get((q.document_uuid, q.start, q.end), self.p.apply(q.text)),
                document_name=self.p.apply(q.document_name),
                speaker=self.p.apply(q.speaker),
                code_path=self.p.apply(q.code_path),
                memo=self.p.apply(q.memo),
                coder_name=self.coder(q.coder_uuid or q.coder_name) if q.coder_name else "",
                attributes={k: self.p.apply(v) for k, v in q.attributes.items()},
            )
            for q in quotes
        ]

    def statement(self, noun: str = "bundle", *, coders: bool = True) -> str:
        """What the file (a "bundle", "report" or "table") says was pseudonymised: only the
        terms replaced so far, and how coders are named if it names `coders` ("" for nothing)."""
        if not self.privacy.pseudonymise:
            return ""
        said = statement(list(self.p.used.values()), self.mode if coders else "keep")
        return said.replace("in this bundle", f"in this {noun}")


@contextlib.contextmanager
def checked_path(project: Project, out: Path, privacy: Privacy) -> Iterator[Path]:
    """A temporary path that replaces `out` when the block finishes; when pseudonymising, the
    finished file is read back first and LeaksError (nothing left behind) stops it if it
    still shows a listed term or a suggested name the user did not accept."""
    with atomic_path(out) as temp:
        yield temp
        if privacy.pseudonymise:
            stopping = blocking(check_leaks(project, [(out, temp)]), privacy.accept_leaks)
            if stopping:
                raise LeaksError(stopping)
