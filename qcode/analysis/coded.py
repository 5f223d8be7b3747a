"""The coded passages of a project with what analyses group them by: document, kind, attributes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.codebook.tree import CodeInfo, ancestor_chains, code_infos
from qcode.errors import QcodeError
from qcode.store import Attribute, Coder, Coding, Document, Segment


@dataclass(frozen=True, slots=True)
class CodedPassage:
    """One live coding: where it is and who coded it (speaker: of the turn it starts in)."""

    coding_uuid: str
    code_uuid: str
    document_uuid: str
    coder_uuid: str
    start: int
    end: int
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class DocInfo:
    """A live document: name, kind and attributes."""

    uuid: str
    name: str
    kind: str
    attributes: dict[str, str]


@dataclass
class Corpus:
    """What one read of the store gives an analysis: documents kept by the filter, codes,
    coders and the codings of kept documents with live codes."""

    documents: dict[str, DocInfo]
    codes: list[CodeInfo]
    coders: dict[str, str]
    passages: list[CodedPassage]
    attribute_keys: list[str]
    #: code UUID -> itself and its ancestors (a coding counts for each with sub-codes on)
    ancestors: dict[str, list[str]] = field(default_factory=dict)

    def rows_of(self, code_uuid: str, include_subcodes: bool) -> list[str]:
        """The row codes a coding with `code_uuid` counts for."""
        chain = self.ancestors.get(code_uuid, [])
        return chain if include_subcodes else chain[:1]


def attribute_value(attrs: dict[str, str], key: str) -> str:
    """The value of `key` (case-insensitive), or ""."""
    folded = key.casefold()
    return next((v for k, v in attrs.items() if k.casefold() == folded), "")


def matches(doc: DocInfo, where: Iterable[tuple[str, str]]) -> bool:
    """Whether a document has every (key, value) asked (key "kind" is the source kind)."""
    for key, value in where:
        have = doc.kind if key.casefold() == "kind" else attribute_value(doc.attributes, key)
        if have.casefold() != value.strip().casefold():
            return False
    return True


def load_corpus(
    s: Session, where: Iterable[tuple[str, str]] = (), *, speakers: bool = False
) -> Corpus:
    """Documents matching `where`, and their live codings of live codes, in one read."""
    where = list(where)
    attrs: dict[str, dict[str, str]] = defaultdict(dict)
    for doc_uuid, key, value in s.execute(
        select(Attribute.document_uuid, Attribute.key, Attribute.value).where(
            Attribute.deleted.is_(False)
        )
    ):
        attrs[doc_uuid][key] = value
    keys = sorted({k for a in attrs.values() for k in a}, key=str.casefold)
    for key, _ in where:
        if key.casefold() != "kind" and not any(k.casefold() == key.casefold() for k in keys):
            raise QcodeError(
                f"no document has an attribute {key!r}; filter by kind or one of: "
                + ", ".join(keys)
            )
    docs = {}
    for uuid, name, kind in s.execute(
        select(Document.uuid, Document.name, Document.kind).where(Document.deleted.is_(False))
    ):
        doc = DocInfo(uuid, name, kind, attrs.get(uuid, {}))
        if matches(doc, where):
            docs[uuid] = doc
    codes = code_infos(s)
    ancestors = ancestor_chains(codes)
    turn = (
        select(Segment.speaker)
        .where(Segment.document_uuid == Coding.document_uuid, Segment.start <= Coding.start)
        .order_by(Segment.start.desc())
        .limit(1)
        .correlate(Coding)
        .scalar_subquery()
    )
    columns = [
        Coding.uuid,
        Coding.code_uuid,
        Coding.document_uuid,
        Coding.coder_uuid,
        Coding.start,
        Coding.end,
    ]
    passages = [
        CodedPassage(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            cast(int, r[4]),
            cast(int, r[5]),
            str(r[6] or "") if speakers else "",
        )
        for r in s.execute(
            select(*columns, turn if speakers else Coding.memo).where(Coding.deleted.is_(False))
        )
        if r[2] in docs and r[1] in ancestors
    ]
    passages.sort(key=lambda p: (p.document_uuid, p.start, p.end, p.coding_uuid))
    coders = {u: n for u, n in s.execute(select(Coder.uuid, Coder.name))}
    return Corpus(docs, codes, coders, passages, keys, ancestors)


def speakers_by_document(s: Session, doc_uuids: Iterable[str]) -> dict[str, set[str]]:
    """The named speakers of each document."""
    out: dict[str, set[str]] = defaultdict(set)
    wanted = set(doc_uuids)
    for doc, speaker in s.execute(
        select(Segment.document_uuid, Segment.speaker)
        .where(Segment.speaker != "")
        .group_by(Segment.document_uuid, Segment.speaker)
    ):
        if doc in wanted:
            out[doc].add(speaker)
    return out


def passage_texts(s: Session, passages: Iterable[CodedPassage]) -> dict[str, str]:
    """The text of each coding (by UUID), read in one query without loading whole transcripts
    (SQLite's substr counts code points, as offsets do)."""
    wanted = {p.coding_uuid for p in passages}
    rows = s.execute(
        select(Coding.uuid, func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start))
        .join(Document, Document.uuid == Coding.document_uuid)
        .where(Coding.deleted.is_(False))
    )
    return {uuid: text or "" for uuid, text in rows if uuid in wanted}


def merged_words(passages: list[CodedPassage], texts: dict[str, str]) -> tuple[int, int]:
    """(passages, words) of some codings of one document once overlapping ones are merged:
    each merged passage's text is stitched from the codings that cover it."""
    count = words = 0
    pieces: list[str] = []
    end = -1
    for p in sorted(passages, key=lambda p: (p.start, p.end)):
        text = texts.get(p.coding_uuid, "")
        if p.start >= end:
            if pieces:
                words += len("".join(pieces).split())
            count += 1
            pieces = [text]
            end = p.end
        elif p.end > end:
            pieces.append(text[end - p.start :])
            end = p.end
    if pieces:
        words += len("".join(pieces).split())
    return count, words


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping [start, end) spans merged, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
