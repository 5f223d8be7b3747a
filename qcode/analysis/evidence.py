"""The ToR evidence board: per terms-of-reference item, its passages, documents and forces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qcode.analysis.privacy import Privacy
from qcode.analysis.quotable import QUOTABLE
from qcode.codebook.tree import CodeInfo, code_infos
from qcode.errors import NotFoundError, QcodeError
from qcode.export.bundle import export_bundle
from qcode.export.model import natural_key
from qcode.export.progress import CancelFn, ProgressFn
from qcode.store import Attribute, Coding, Document, Memo, Project, Segment

#: The attribute the board counts forces by, unless told another.
FORCE = "force"
PREVIEW = 160


@dataclass(frozen=True)
class Passage:
    """A coding of one of an item's codes, with what the board shows about it."""

    coding_uuid: str
    document_uuid: str
    document_name: str
    code_path: str
    start: int
    end: int
    paragraph: int
    speaker: str
    group: str  # the document's value of the board's attribute (its force), or ""
    text: str
    quotable: bool


@dataclass
class ItemEvidence:
    """One terms-of-reference item: its codes and the evidence coded with them."""

    item: str
    title: str  # the name of its top code (e.g. "Training and trainers")
    codes: list[str]  # code paths
    top_codes: list[str]  # UUIDs of its highest codes (a bundle takes them with sub-codes)
    passages: int = 0
    documents: int = 0
    groups: dict[str, int] = field(default_factory=dict)  # force -> passages
    without: list[str] = field(default_factory=list)  # forces with no passage
    quotable: int = 0

    @property
    def label(self) -> str:
        return f"ToR {self.item}: {self.title}" if self.title else f"ToR {self.item}"


@dataclass
class EvidenceBoard:
    """Every item of the terms of reference, in ToR order; `groups` are all forces."""

    by: str
    groups: list[str]
    items: list[ItemEvidence]

    def item(self, ref: str) -> ItemEvidence:
        for it in self.items:
            if ref in (it.item, it.title, it.label):
                return it
        raise NotFoundError(f"no terms-of-reference item {ref!r}")


def _members(codes: list[CodeInfo]) -> dict[str, list[CodeInfo]]:
    """ToR item -> its codes: codes carrying the item, and their sub-codes carrying none."""
    by_uuid = {c.uuid: c for c in codes}
    out: dict[str, list[CodeInfo]] = defaultdict(list)
    for c in codes:
        item, cur = c.tor_item, c
        while not item and cur.parent_uuid in by_uuid:
            cur = by_uuid[cur.parent_uuid]  # type: ignore[index]
            item = cur.tor_item
        if item:
            out[item].append(c)
    return out


def _resolve(members: dict[str, list[CodeInfo]], ref: str) -> list[CodeInfo]:
    """The codes of the item `ref` (its number, its top code's name, or "ToR n: name")."""
    for item, codes in members.items():
        uuids = {c.uuid for c in codes}
        top = next(c.name for c in codes if c.parent_uuid not in uuids)
        if ref in (item, top, f"ToR {item}: {top}", f"ToR {item}"):
            return codes
    raise NotFoundError(f"no terms-of-reference item {ref!r}")


def _segment_column(column: Any) -> Any:
    """A column of the segment a coding starts in (an indexed look-up inside the query)."""
    return (
        select(column)
        .where(Segment.document_uuid == Coding.document_uuid, Segment.start <= Coding.start)
        .order_by(Segment.start.desc())
        .limit(1)
        .scalar_subquery()
    )


def _group_values(project: Project, by: str) -> dict[str, str]:
    with project.read() as s:
        rows = s.execute(
            select(Attribute.document_uuid, Attribute.value)
            .join(Document, Document.uuid == Attribute.document_uuid)
            .where(
                Attribute.key == by,
                Attribute.deleted.is_(False),
                Document.deleted.is_(False),
            )
        ).all()
    return {d: v for d, v in rows if v}


def evidence_board(project: Project, by: str = FORCE) -> EvidenceBoard:
    """Counts per item: passages (codings), documents, passages per force, forces without."""
    with project.read() as s:
        codes = code_infos(s)
        members = _members(codes)
        code_item = {c.uuid: item for item, cs in members.items() for c in cs}
        live = set(s.scalars(select(Document.uuid).where(Document.deleted.is_(False))))
        rows = s.execute(
            select(Coding.uuid, Coding.code_uuid, Coding.document_uuid).where(
                Coding.deleted.is_(False), Coding.code_uuid.in_(code_item)
            )
        ).all()
        flagged = set(
            s.scalars(
                select(Memo.target_uuid).where(
                    Memo.deleted.is_(False), Memo.target_kind == "coding", Memo.title == QUOTABLE
                )
            )
        )
    group_of = _group_values(project, by)
    all_groups = sorted(set(group_of.values()), key=natural_key)
    items: dict[str, ItemEvidence] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for item, cs in members.items():
        uuids = {c.uuid for c in cs}
        tops = [c for c in cs if c.parent_uuid not in uuids]
        items[item] = ItemEvidence(item, tops[0].name, [c.path for c in cs], [c.uuid for c in tops])
    for coding, code, doc in rows:
        if doc not in live:
            continue
        it = items[code_item[code]]
        it.passages += 1
        docs[it.item].add(doc)
        if doc in group_of:
            it.groups[group_of[doc]] = it.groups.get(group_of[doc], 0) + 1
        it.quotable += coding in flagged
    for it in items.values():
        it.documents = len(docs[it.item])
        it.groups = dict(sorted(it.groups.items(), key=lambda kv: natural_key(kv[0])))
        it.without = [g for g in all_groups if g not in it.groups]
    ordered = sorted(items.values(), key=lambda i: natural_key(i.item))
    return EvidenceBoard(by, all_groups, ordered)


def item_passages(
    project: Project, item: str, by: str = FORCE, group: str | None = None
) -> list[Passage]:
    """The passages of one item (optionally of one force), quotable ones first."""
    group_of = _group_values(project, by)
    with project.read() as s:
        infos = code_infos(s)
        codes = {c.uuid: c for c in infos}
        wanted = [c.uuid for c in _resolve(_members(infos), item)]
        # the passage's text is cut out by SQLite (substr counts code points): no whole
        # transcript is read into Python
        rows = s.execute(
            select(
                Coding.uuid,
                Coding.document_uuid,
                Coding.code_uuid,
                Coding.start,
                Coding.end,
                Document.name,
                func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start),
                _segment_column(Segment.ordinal),
                _segment_column(Segment.speaker),
            )
            .join(Document, Document.uuid == Coding.document_uuid)
            .where(
                Coding.deleted.is_(False),
                Coding.code_uuid.in_(wanted),
                Document.deleted.is_(False),
            )
        ).all()
        if group is not None:
            rows = [r for r in rows if group_of.get(r[1], "") == group]
        flagged = set(
            s.scalars(
                select(Memo.target_uuid).where(
                    Memo.deleted.is_(False), Memo.target_kind == "coding", Memo.title == QUOTABLE
                )
            )
        )
    out = []
    for coding, doc_uuid, code_uuid, start, end, name, passage, ordinal, speaker in rows:
        out.append(
            Passage(
                coding_uuid=coding,
                document_uuid=doc_uuid,
                document_name=name,
                code_path=codes[code_uuid].path,
                start=start,
                end=end,
                paragraph=ordinal or 0,
                speaker=speaker or "",
                group=group_of.get(doc_uuid, ""),
                text=" ".join((passage or "").split()),
                quotable=coding in flagged,
            )
        )
    out.sort(key=lambda p: (not p.quotable, natural_key(p.document_name), p.start, p.end))
    return out


def export_item_bundle(
    project: Project,
    item: str,
    out: Path,
    fmt: str = "docx",
    by: str = FORCE,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    privacy: Privacy | None = None,
) -> list[Path]:
    """One click: the item's quotes (its codes with sub-codes, grouped by force) as a bundle;
    with `privacy.pseudonymise`, pseudonymised and read back as any quote bundle is."""
    it = evidence_board(project, by).item(item)
    if not it.top_codes:
        raise QcodeError(f"{it.label} has no codes")
    options = (privacy or Privacy()).bundle_options(
        list(it.top_codes), include_subcodes=True, group_by=by
    )
    return export_bundle(project, options, out, fmt, progress, cancel)
