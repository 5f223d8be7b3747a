"""Theme summary: codes × source kinds (or any attribute), co-occurrence, thin ToR evidence."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from qcode.clock import now
from qcode.codebook.tree import ancestor_chains, code_infos
from qcode.documents import KINDS
from qcode.errors import QcodeError
from qcode.export.model import kind_label, natural_key
from qcode.export.pseudonyms import Pseudonymiser, pseudonymiser
from qcode.store import Attribute, Coding, Document, Project, Segment

#: A terms-of-reference theme with fewer quotes, or fewer documents, than this is "thin".
LITTLE_QUOTES = 5
LITTLE_DOCUMENTS = 3
SUMMARY_FORMATS = ("docx", "pdf", "xlsx")


@dataclass(frozen=True)
class SummaryRow:
    """One code: quotes and documents per column, counting its sub-codes too."""

    code_uuid: str
    path: str
    name: str
    depth: int
    tor_item: str
    quotes: dict[str, int]
    documents: dict[str, int]
    total_quotes: int
    total_documents: int


@dataclass(frozen=True)
class Cooccurrence:
    """Two codes applied to overlapping text within the same segments."""

    code_a: str
    code_b: str
    segments: int
    documents: int


@dataclass(frozen=True)
class TorEvidence:
    """A terms-of-reference item (or top-level theme) and how much evidence it has."""

    item: str
    codes: list[str]
    quotes: int
    documents: int
    status: str  # "none", "little" or "enough"


@dataclass
class ThemeSummary:
    """Everything the summary writers and the CLI print."""

    project_name: str
    created: datetime
    by: str
    by_label: str
    columns: list[str]
    column_documents: dict[str, int]
    total_documents: int
    rows: list[SummaryRow]
    cooccurrence: list[Cooccurrence] = field(default_factory=list)
    tor: list[TorEvidence] = field(default_factory=list)
    pseudonymised: bool = False

    def share(self, row: SummaryRow, column: str) -> float:
        """Share of the column's documents that have the code (0 to 1)."""
        total = self.column_documents.get(column, 0)
        return row.documents.get(column, 0) / total if total else 0.0

    @property
    def thin(self) -> list[TorEvidence]:
        return [t for t in self.tor if t.status != "enough"]


def _column(kind: str, attrs: dict[str, str], by: str, p: Pseudonymiser) -> str:
    if by == "kind":
        return kind_label(kind)
    value = next((v for k, v in attrs.items() if k.casefold() == by.casefold() and v), "")
    return p.apply(value) if value else f"No {by}"


def _merged_count(spans: list[tuple[int, int]]) -> int:
    """How many passages `spans` make once overlapping ones are merged."""
    count, end = 0, -1
    for start, stop in sorted(spans):
        if start >= end:
            count += 1
            end = stop
        else:
            end = max(end, stop)
    return count


def theme_summary(
    project: Project, by: str = "kind", *, pseudonymise: bool = False, top_pairs: int = 25
) -> ThemeSummary:
    """Count quotes (overlaps merged) and documents per code and per kind or attribute."""
    by = by.strip() or "kind"
    p = pseudonymiser(project) if pseudonymise else Pseudonymiser([])
    with project.read() as s:
        infos = code_infos(s)
        docs = {
            uuid: kind
            for uuid, kind in s.execute(
                select(Document.uuid, Document.kind).where(Document.deleted.is_(False))
            )
        }
        attrs: dict[str, dict[str, str]] = defaultdict(dict)
        for a in s.scalars(select(Attribute).where(Attribute.deleted.is_(False))):
            attrs[a.document_uuid][a.key] = a.value
        if by != "kind" and not any(
            k.casefold() == by.casefold() for a in attrs.values() for k in a
        ):
            raise QcodeError(
                f"no document has an attribute {by!r}; summarise by kind or one "
                "of: " + ", ".join(sorted({k for a in attrs.values() for k in a}))
            )
        codings: list[tuple[str, str, int, int]] = [
            (r[0], r[1], r[2], r[3])
            for r in s.execute(
                select(Coding.document_uuid, Coding.code_uuid, Coding.start, Coding.end).where(
                    Coding.deleted.is_(False)
                )
            )
            if r[0] in docs
        ]
        segs: dict[str, list[int]] = defaultdict(list)
        for doc_uuid, start in s.execute(
            select(Segment.document_uuid, Segment.start)
            .where(Segment.document_uuid.in_({c[0] for c in codings}))
            .order_by(Segment.document_uuid, Segment.start)
        ):
            segs[doc_uuid].append(start)
        name = project.name
    column_of = {u: _column(k, attrs.get(u, {}), by, p) for u, k in docs.items()}
    column_documents: dict[str, int] = defaultdict(int)
    for col in column_of.values():
        column_documents[col] += 1
    if by == "kind":
        order = {kind_label(k): i for i, k in enumerate(KINDS)}
        columns = sorted(column_documents, key=lambda c: (order.get(c, 99), c))
    else:
        columns = sorted(column_documents, key=lambda c: (c.startswith("No "), natural_key(c)))
    ancestors = ancestor_chains(infos)
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for doc_uuid, code_uuid, start, end in codings:
        for anc in ancestors.get(code_uuid, []):
            spans[(anc, doc_uuid)].append((start, end))
    rows = []
    for c in infos:
        quotes: dict[str, int] = defaultdict(int)
        documents: dict[str, int] = defaultdict(int)
        for doc_uuid in docs:
            found = spans.get((c.uuid, doc_uuid))
            if found:
                col = column_of[doc_uuid]
                quotes[col] += _merged_count(found)
                documents[col] += 1
        rows.append(
            SummaryRow(
                c.uuid,
                p.apply(c.path),
                p.apply(c.name),
                c.depth,
                p.apply(c.tor_item),
                dict(quotes),
                dict(documents),
                sum(quotes.values()),
                sum(documents.values()),
            )
        )
    return ThemeSummary(
        project_name=p.apply(name),
        created=now(),
        by=by,
        by_label="source kind" if by == "kind" else by,
        columns=columns,
        column_documents=dict(column_documents),
        total_documents=len(docs),
        rows=rows,
        cooccurrence=_cooccurrence(
            codings, segs, {c.uuid: p.apply(c.path) for c in infos}, top_pairs
        ),
        tor=_tor(rows, spans, p),
        pseudonymised=pseudonymise,
    )


def _cooccurrence(
    codings: list[tuple[str, str, int, int]],
    segs: dict[str, list[int]],
    paths: dict[str, str],
    top: int,
) -> list[Cooccurrence]:
    """Pairs of codes coding text in the same segment, most frequent first."""
    in_segment: dict[tuple[str, int], set[str]] = defaultdict(set)
    for doc_uuid, code_uuid, start, end in codings:
        if code_uuid not in paths:
            continue
        starts = segs.get(doc_uuid, [0])
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, 0)
        for i in range(first, last + 1):
            in_segment[(doc_uuid, i)].add(code_uuid)
    pair_segments: dict[tuple[str, str], int] = defaultdict(int)
    pair_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (doc_uuid, _), codes in in_segment.items():
        for a, b in combinations(sorted(codes, key=lambda u: paths[u]), 2):
            pair_segments[(a, b)] += 1
            pair_docs[(a, b)].add(doc_uuid)
    ranked = sorted(
        pair_segments.items(), key=lambda kv: (-kv[1], paths[kv[0][0]], paths[kv[0][1]])
    )
    return [
        Cooccurrence(paths[a], paths[b], n, len(pair_docs[(a, b)])) for (a, b), n in ranked[:top]
    ]


def _tor(
    rows: list[SummaryRow], spans: dict[tuple[str, str], list[tuple[int, int]]], p: Pseudonymiser
) -> list[TorEvidence]:
    """Evidence per terms-of-reference item (codes sharing a ToR reference), else per theme."""
    items: dict[str, list[SummaryRow]] = defaultdict(list)
    for row in rows:
        if row.tor_item:
            items[row.tor_item].append(row)
    if not items:
        items = {row.path: [row] for row in rows if row.depth == 0}
    out = []
    for item, members in items.items():
        uuids = {m.code_uuid for m in members}
        per_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (code_uuid, doc_uuid), found in spans.items():
            if code_uuid in uuids:
                per_doc[doc_uuid] += found
        quotes = sum(_merged_count(v) for v in per_doc.values())
        status = (
            "none"
            if quotes == 0
            else "little"
            if quotes < LITTLE_QUOTES or len(per_doc) < LITTLE_DOCUMENTS
            else "enough"
        )
        out.append(TorEvidence(item, [m.path for m in members], quotes, len(per_doc), status))
    return sorted(out, key=lambda t: natural_key(t.item))


def export_summary(
    project: Project, out: Path, by: str = "kind", *, pseudonymise: bool = False
) -> Path:
    """Write the summary as .docx, .pdf or .xlsx (by the file's suffix); returns the path."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in SUMMARY_FORMATS:
        raise QcodeError(f"{out}: a summary is written as .docx, .pdf or .xlsx")
    summary = theme_summary(project, by, pseudonymise=pseudonymise)
    from qcode.export.progress import atomic_path
    from qcode.export.summary_writers import WRITERS

    with atomic_path(out) as temp:
        WRITERS[fmt](summary, temp)
    return out
