"""Quote bundles: choose codes, documents and coders; gather, merge and group the quotes."""

from __future__ import annotations

import bisect
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode import filenames
from qcode.clock import now
from qcode.codebook.tree import CodeInfo, code_infos, descendants, resolve_code
from qcode.coding import coder_uuids
from qcode.documents import KINDS, check_kind, resolve_document
from qcode.errors import QcodeError
from qcode.export.leaks import Leak, LeaksError, blocking, check_files
from qcode.export.model import Bundle, BundleQuote, QuoteGroup, Theme, kind_label, natural_key
from qcode.export.progress import CancelFn, ProgressFn, Ticker, atomic_paths
from qcode.export.pseudonyms import Pseudonymiser, list_pseudonyms, pseudonymiser
from qcode.memos import passage_memos
from qcode.speakers.labels import parse_meta, spoken
from qcode.store import Attribute, Coder, Coding, Document, Project, Segment
from qcode.text import sentence_bounds

FORMATS = ("docx", "pdf", "xlsx", "csv")
CODER_MODES = ("replace", "omit", "keep")
#: Attributes about the file rather than the source, left out of attributions unless asked for.
TECHNICAL_ATTRIBUTES = frozenset({"format", "file", "filename", "source", "path", "sha256"})
GROUP_BY_LABELS = {"kind": "source kind", "document": "document"}
Writer = Callable[[Bundle, Path, Ticker], None]


@dataclass
class BundleOptions:
    """What goes into a bundle and how it is laid out."""

    codes: list[str]
    include_subcodes: bool = True
    kinds: list[str] | None = None
    where: dict[str, str] | None = None
    documents: list[str] | None = None
    coders: list[str] | None = None
    group_by: str = "kind"  # "kind", "document", or an attribute such as "force"
    pseudonymise: bool = False
    include_memos: bool = False
    context: bool = False
    one_file_per_theme: bool = False
    #: Attributes shown in each attribution (None: all but file facts such as "format").
    attributes: list[str] | None = field(default=None)
    #: Coders in "coded by": "keep", "replace" (Coder 1 …) or "omit"; None: replace when
    #: pseudonymising, else keep.
    coder_names: str | None = None
    #: Names the user accepts in a pseudonymised export (the leak check lets them through).
    accept_leaks: list[str] | None = None

    def coder_mode(self) -> str:
        mode = self.coder_names or ("replace" if self.pseudonymise else "keep")
        if mode not in CODER_MODES:
            raise QcodeError(f"coder names: use one of {', '.join(CODER_MODES)}, not {mode!r}")
        return mode


@dataclass
class _Doc:
    uuid: str
    name: str
    kind: str
    attributes: dict[str, str]
    text: str = ""
    starts: list[int] = field(default_factory=list)
    segments: list[tuple[int, str]] = field(default_factory=list)  # (ordinal, speaker)
    turns: list[tuple[int, str]] = field(default_factory=list)  # (end, meta JSON)


def _select_documents(s: Session, options: BundleOptions) -> dict[str, _Doc]:
    query = select(Document.uuid, Document.name, Document.kind).where(Document.deleted.is_(False))
    if options.kinds:
        query = query.where(Document.kind.in_([check_kind(k) for k in options.kinds]))
    if options.documents:
        query = query.where(
            Document.uuid.in_([resolve_document(s, d).uuid for d in options.documents])
        )
    docs = {u: _Doc(u, n, k, {}) for u, n, k in s.execute(query)}
    for a in s.scalars(select(Attribute).where(Attribute.deleted.is_(False))):
        if a.document_uuid in docs:
            docs[a.document_uuid].attributes[a.key] = a.value
    for key, value in (options.where or {}).items():
        docs = {
            u: d
            for u, d in docs.items()
            if any(
                k.casefold() == key.strip().casefold()
                and v.strip().casefold() == value.strip().casefold()
                for k, v in d.attributes.items()
            )
        }
    return docs


def _load_texts(s: Session, docs: dict[str, _Doc], wanted: set[str]) -> None:
    for uuid, text in s.execute(
        select(Document.uuid, Document.text).where(Document.uuid.in_(wanted))
    ):
        docs[uuid].text = text
    rows = s.execute(
        select(
            Segment.document_uuid,
            Segment.start,
            Segment.ordinal,
            Segment.speaker,
            Segment.end,
            Segment.meta,
        )
        .where(Segment.document_uuid.in_(wanted))
        .order_by(Segment.document_uuid, Segment.start)
    )
    for uuid, start, ordinal, speaker, end, meta in rows:
        docs[uuid].starts.append(start)
        docs[uuid].segments.append((ordinal, speaker))
        docs[uuid].turns.append((end, meta))


@dataclass
class _Span:
    start: int
    end: int
    coders: list[str]
    codes: list[str]
    memos: list[str]


def _merge(codings: list[tuple[int, int, str, str, str]]) -> list[_Span]:
    """Overlapping (start, end, coder, code, memo) passages merged into one span each."""
    out: list[_Span] = []
    for start, end, coder, code, memo in sorted(codings):
        if out and start < out[-1].end:
            span = out[-1]
            span.end = max(span.end, end)
        else:
            span = _Span(start, end, [], [], [])
            out.append(span)
        for items, value in ((span.coders, coder), (span.codes, code), (span.memos, memo)):
            if value and value not in items:
                items.append(value)
    return out


def _quote(doc: _Doc, span: _Span, options: BundleOptions, p: Pseudonymiser) -> BundleQuote:
    raw = doc.text[span.start : span.end]
    lead = len(raw) - len(raw.lstrip())
    start, end = span.start + lead, span.start + len(raw.rstrip())
    end = max(end, start)
    first = max(bisect.bisect_right(doc.starts, start) - 1, 0)
    start, end, time = _spoken(doc, first, start, end)
    last = max(bisect.bisect_right(doc.starts, max(end - 1, start)) - 1, 0)
    segs = doc.segments[first : last + 1]
    speakers: list[str] = []
    for _, speaker in segs:
        if speaker and speaker not in speakers:
            speakers.append(speaker)
    before = after = ""
    if options.context:
        left, right = sentence_bounds(doc.text, start, end)
        for speaker in speakers:  # the context starts after "Speaker:", not before it
            label = re.match(re.escape(speaker) + r"\s*:\s*", doc.text[left:start])
            if label:
                left += label.end()
        before = p.apply_span(doc.text, left, start, owns_cut_terms=False)
        after = p.apply_span(doc.text, end, right, owns_cut_terms=False)
    shown = options.attributes
    attrs = sorted(doc.attributes.items(), key=lambda kv: kv[0].casefold())
    if shown is None:
        attrs = [kv for kv in attrs if kv[0].casefold() not in TECHNICAL_ATTRIBUTES]
    else:
        keep = [k.casefold() for k in shown]
        attrs = sorted(
            (kv for kv in attrs if kv[0].casefold() in keep),
            key=lambda kv: keep.index(kv[0].casefold()),
        )
    return BundleQuote(
        text=p.apply_span(doc.text, start, end),
        document_uuid=doc.uuid,
        document_name=p.apply(doc.name),
        kind=doc.kind,
        start=start,
        end=end,
        paragraph=segs[0][0] if segs else 0,
        paragraph_end=segs[-1][0] if segs else 0,
        speaker=p.apply(" / ".join(speakers)),
        time=time,
        attributes=tuple((k, p.apply(v)) for k, v in attrs),
        coders=tuple(span.coders),
        codes=tuple(p.apply(c) for c in span.codes),
        memos=tuple(p.apply(m) for m in span.memos) if options.include_memos else (),
        before=before,
        after=after,
    )


def _spoken(doc: _Doc, first: int, start: int, end: int) -> tuple[int, int, str]:
    """The passage without the label opening its turn ("Ruth (01:07:00): "), and the time."""
    if not doc.segments:
        return start, end, ""
    seg_start, (seg_end, raw), speaker = doc.starts[first], doc.turns[first], doc.segments[first][1]
    return spoken(doc.text, start, end, seg_start, seg_end, speaker, parse_meta(raw))


def _group_key(
    quote: BundleQuote, doc: _Doc, group_by: str, p: Pseudonymiser
) -> tuple[object, str]:
    if group_by == "kind":
        order = KINDS.index(doc.kind) if doc.kind in KINDS else len(KINDS)
        return (order, natural_key(doc.kind)), quote.kind_label
    if group_by == "document":
        return natural_key(quote.document_name), quote.document_name
    value = next(
        (v for k, v in doc.attributes.items() if k.casefold() == group_by.casefold() and v), ""
    )
    if not value:
        return (1, ()), f"No {group_by} recorded"
    value = p.apply(value)
    return (0, natural_key(value)), value


def _filters(
    options: BundleOptions,
    themes: Sequence[CodeInfo],
    p: Pseudonymiser,
    coder_names: dict[str, str],
) -> list[str]:
    sub = " (with sub-codes)" if options.include_subcodes else ""
    lines = [f"Themes: {'; '.join(t.path for t in themes)}{sub}"]
    if options.kinds:
        lines.append("Sources: " + ", ".join(kind_label(check_kind(k)) for k in options.kinds))
    for key, value in (options.where or {}).items():
        lines.append(f"Only documents where {key} is {value}")
    if options.documents:
        docs = options.documents
        named = ", ".join(docs[:6]) + (f" and {len(docs) - 6} more" if len(docs) > 6 else "")
        lines.append(f"Documents: {named}")
    lines.append(f"Grouped by {GROUP_BY_LABELS.get(options.group_by, options.group_by)}")
    out = [p.apply(line) for line in lines]
    shown = [coder_names.get(c.casefold(), c) for c in options.coders or []]
    if any(shown):
        out.insert(-1, "Coded by: " + ", ".join(n for n in shown if n))
    return out


def coder_labels(names: dict[str, str], mode: str, p: Pseudonymiser) -> dict[str, str]:
    """How each coder (by UUID) is named in the bundle: as is, a pseudonym, "Coder N" or ""."""
    if mode == "keep":
        return dict(names)
    if mode == "omit":
        return dict.fromkeys(names, "")
    order = sorted(names, key=lambda u: (names[u].casefold(), u))
    out = {}
    for n, uuid in enumerate(order, start=1):
        listed = p.apply(names[uuid])
        out[uuid] = listed if listed != names[uuid] else f"Coder {n}"
    return out


def build_bundle(project: Project, options: BundleOptions) -> Bundle:
    """Gather the quotes `options` asks for, merged, grouped, ordered and attributed."""
    if not options.codes:
        raise QcodeError("choose at least one code to export")
    group_by = options.group_by.strip() or "kind"
    coder_mode = options.coder_mode()
    p = pseudonymiser(project) if options.pseudonymise else Pseudonymiser([])
    with project.read() as s:
        infos = {c.uuid: c for c in code_infos(s)}
        chosen: list[CodeInfo] = []
        for ref in options.codes:
            info = infos[resolve_code(s, ref).uuid]
            if info not in chosen:
                chosen.append(info)
        members = {
            t.uuid: [t.uuid, *(descendants(s, t.uuid) if options.include_subcodes else [])]
            for t in chosen
        }
        docs = _select_documents(s, options)
        wanted = {u for m in members.values() for u in m}
        query = select(
            Coding.document_uuid,
            Coding.code_uuid,
            Coding.start,
            Coding.end,
            Coding.coder_uuid,
            Coding.memo,
            Coding.uuid,
        ).where(Coding.deleted.is_(False), Coding.code_uuid.in_(wanted))
        if options.coders:
            uuids = [u for c in options.coders for u in coder_uuids(s, c)]
            query = query.where(Coding.coder_uuid.in_(uuids))
        rows = [r for r in s.execute(query) if r[0] in docs]
        linked = passage_memos(s, [r[6] for r in rows]) if options.include_memos else {}
        names = {c.uuid: c.name for c in s.scalars(select(Coder))}
        coders = coder_labels(names, coder_mode, p)
        by_name = {names[u].casefold(): coders[u] for u in names}
        _load_texts(s, docs, {r[0] for r in rows})
    themes = []
    for info in chosen:
        p.used.clear()
        theme = Theme(
            path=p.apply(info.path),
            name=p.apply(info.name),
            definition=p.apply(info.definition),
            inclusion=p.apply(info.inclusion),
            exclusion=p.apply(info.exclusion),
            tor_item=p.apply(info.tor_item),
            subcodes=[p.apply(infos[u].path[len(info.path) + 1 :]) for u in members[info.uuid][1:]],
        )
        mine = set(members[info.uuid])
        per_doc: dict[str, list[tuple[int, int, str, str, str]]] = {}
        for doc_uuid, code_uuid, start, end, coder, memo, coding in rows:
            if coding in linked:  # memos written on the passage go with its coding memo
                memo = "\n".join(filter(None, [memo, *linked[coding]]))
            if code_uuid in mine:
                sub = infos[code_uuid].path[len(info.path) + 1 :] if code_uuid != info.uuid else ""
                per_doc.setdefault(doc_uuid, []).append(
                    (start, end, coders.get(coder, ""), sub, memo)
                )
        groups: dict[str, tuple[object, QuoteGroup]] = {}
        for doc_uuid, codings in per_doc.items():
            doc = docs[doc_uuid]
            for span in _merge(codings):
                quote = _quote(doc, span, options, p)
                if not quote.text:
                    continue
                key, label = _group_key(quote, doc, group_by, p)
                groups.setdefault(label, (key, QuoteGroup(label)))[1].quotes.append(quote)
        for _, group in sorted(groups.values(), key=lambda kg: kg[0]):  # type: ignore[arg-type,return-value]
            group.quotes.sort(key=lambda q: (natural_key(q.document_name), q.start, q.end))
            theme.groups.append(group)
        theme.replaced = tuple(p.used.values())
        themes.append(theme)
    with project.read() as s:
        name = project.name
    p.used.clear()
    project_name, filters = p.apply(name), _filters(options, chosen, p, by_name)
    return Bundle(
        project_name=project_name,
        created=now(),
        filters=filters,
        group_by=group_by,
        themes=themes,
        pseudonymised=options.pseudonymise,
        include_memos=options.include_memos,
        context=options.context,
        replaced=tuple(p.used.values()),
        coder_names=coder_mode,
    )


def safe_filename(name: str) -> str:
    """A file name from a theme name, valid on Windows, macOS and Linux."""
    return filenames.safe_filename(name, fallback="theme", limit=80)


def _writer(fmt: str) -> Writer:
    if fmt == "docx":
        from qcode.export.docx_writer import write_docx

        return write_docx
    if fmt == "pdf":
        from qcode.export.pdf_writer import write_pdf

        return write_pdf
    from qcode.export.sheet_writer import write_csv, write_xlsx

    return write_xlsx if fmt == "xlsx" else write_csv


def _targets(bundle: Bundle, options: BundleOptions, out: Path, fmt: str) -> list[Path]:
    if options.one_file_per_theme:
        if out.exists() and not out.is_dir():
            raise QcodeError(f"{out}: exists and is not a folder (one file per theme needs one)")
        if not out.parent.is_dir():
            raise QcodeError(f"{out}: folder {out.parent} does not exist")
        out.mkdir(exist_ok=True)
        names = filenames.unique_names(
            filenames.safe_filename(f"{i:02d} {t.name}", f".{fmt}", limit=90)
            for i, t in enumerate(bundle.themes, start=1)
        )
        return [out / filenames.fit_in_folder(out.absolute(), name) for name in names]
    if not out.suffix:
        out = out.with_suffix(f".{fmt}")
    elif out.suffix.lower() != f".{fmt}":
        raise QcodeError(f"{out}: the file name does not end in .{fmt}")
    filenames.check_output_path(out)
    return [out]


def export_bundle(
    project: Project,
    options: BundleOptions,
    out: Path,
    fmt: str = "docx",
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> list[Path]:
    """Write the bundle (one file, or one per theme); returns the files written.

    A pseudonymised bundle is read back before it is put in place: if any name the pseudonym
    list or the suggestions know of still shows (and the user did not accept it), LeaksError
    lists them and no file is left behind.
    """
    written, _ = _export(project, options, out, fmt, progress, cancel, stop_on_leaks=True)
    return written


def bundle_leaks(
    project: Project, options: BundleOptions, fmt: str = "docx", name: str = "bundle"
) -> list[Leak]:
    """Every leak (blocking or inside a word) in the pseudonymised export `options` describes.

    The same check `export_bundle` makes, on the same finished files, written to a temporary
    folder under the same file name and removed afterwards.
    """
    options = replace(options, pseudonymise=True, accept_leaks=None)
    with tempfile.TemporaryDirectory(prefix="qcode-check-") as folder:
        target = Path(folder) / Path(name).name
        _, found = _export(project, options, target, fmt, stop_on_leaks=False)
    return found


def _export(
    project: Project,
    options: BundleOptions,
    out: Path,
    fmt: str,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    *,
    stop_on_leaks: bool,
) -> tuple[list[Path], list[Leak]]:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise QcodeError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out)
    ticker = Ticker(1, progress, cancel)
    ticker.check()
    bundle = build_bundle(project, options)
    if not bundle.n_quotes:
        raise QcodeError(
            "no coded passage matches this selection, so there is nothing to export; "
            "no file was written"
        )
    targets = _targets(bundle, options, out, fmt)
    parts = [bundle.only(t) for t in bundle.themes] if options.one_file_per_theme else [bundle]
    ticker.total = max(1, sum(b.n_quotes + 1 for b in parts))
    write = _writer(fmt)
    found: list[Leak] = []
    with atomic_paths(targets) as temps:
        for part, temp in zip(parts, temps, strict=True):
            write(part, temp, ticker)
        ticker.check()
        if options.pseudonymise:
            files = list(zip(targets, temps, strict=True))
            found = check_leaks(project, files, folder=options.one_file_per_theme)
            stopping = blocking(found, options.accept_leaks or ())
            if stop_on_leaks and stopping:
                raise LeaksError(stopping)
    ticker.finish()
    return targets, found


def check_leaks(
    project: Project, files: list[tuple[Path, Path]], *, folder: bool = False
) -> list[Leak]:
    """Every leak in finished files, given as (name the reader sees, path where it is now):
    the project's listed terms and suggested names (the check every pseudonymised export makes).
    """
    from qcode.export.suggest import candidates

    listed = [p.term for p in list_pseudonyms(project)]
    return check_files(files, listed, candidates(project), folder=folder)
