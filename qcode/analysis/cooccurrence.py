"""Co-occurrence as a code × code matrix: segments coded with both; a cell opens those segments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis.coded import Corpus, load_corpus
from qcode.coding import Quote
from qcode.errors import NotFoundError
from qcode.speakers.labels import parse_meta, spoken
from qcode.store import Coding, Document, Project, Segment


@dataclass(frozen=True)
class CoRow:
    """A code of the matrix (row and column alike)."""

    code_uuid: str
    path: str
    name: str
    depth: int


@dataclass
class CooccurrenceMatrix:
    """`segments[i][j]`: segments coded with both code i and code j (the diagonal: with i);
    `documents[i][j]`: documents holding such a segment."""

    codes: list[CoRow]
    segments: list[list[int]]
    documents: list[list[int]]
    include_subcodes: bool
    where: tuple[tuple[str, str], ...] = ()

    def index(self, code: str) -> int:
        for i, c in enumerate(self.codes):
            if code in (c.code_uuid, c.path):
                return i
        raise NotFoundError(f"no code {code!r} among the co-occurrence rows")

    def pairs(self, top: int = 25) -> list[tuple[str, str, int, int]]:
        """(code, with code, segments, documents) of distinct pairs, most frequent first."""
        out = [
            (a.path, b.path, self.segments[i][j], self.documents[i][j])
            for i, a in enumerate(self.codes)
            for j, b in enumerate(self.codes)
            if i < j and self.segments[i][j]
        ]
        out.sort(key=lambda p: (-p[2], p[0], p[1]))
        return out[:top]


def _segments_of(s: Session, corpus: Corpus) -> dict[str, list[int]]:
    """Coding UUID -> ids of the segments it overlaps."""
    wanted = {p.coding_uuid for p in corpus.passages}
    out: dict[str, list[int]] = defaultdict(list)
    rows = s.execute(
        select(Coding.uuid, Segment.id)
        .join(
            Segment,
            (Segment.document_uuid == Coding.document_uuid)
            & (Segment.start < Coding.end)
            & (Segment.end > Coding.start),
        )
        .where(Coding.deleted.is_(False))
    )
    for coding, seg in rows:
        if coding in wanted:
            out[coding].append(seg)
    return out


def _segment_codes(
    s: Session, corpus: Corpus, include_subcodes: bool
) -> tuple[dict[int, set[str]], dict[int, str]]:
    """Segment id -> the row codes coding it; segment id -> its document."""
    by_seg: dict[int, set[str]] = defaultdict(set)
    doc_of: dict[int, str] = {}
    segs = _segments_of(s, corpus)
    for p in corpus.passages:
        rows = corpus.rows_of(p.code_uuid, include_subcodes)
        for seg in segs.get(p.coding_uuid, ()):
            by_seg[seg].update(rows)
            doc_of[seg] = p.document_uuid
    return by_seg, doc_of


def cooccurrence_matrix(
    project: Project,
    *,
    include_subcodes: bool = False,
    where: Iterable[tuple[str, str]] = (),
    top_level: bool = False,
) -> CooccurrenceMatrix:
    """Segments (paragraphs or turns) coded with each pair of codes, and their documents."""
    where = tuple(where)
    with project.read() as s:
        corpus = load_corpus(s, where)
        by_seg, doc_of = _segment_codes(s, corpus, include_subcodes)
    rows = [
        CoRow(c.uuid, c.path, c.name, c.depth) for c in corpus.codes if not top_level or not c.depth
    ]
    index = {r.code_uuid: i for i, r in enumerate(rows)}
    n = len(rows)
    segments = [[0] * n for _ in range(n)]
    docs: list[list[set[str]]] = [[set() for _ in range(n)] for _ in range(n)]
    for seg, codes in by_seg.items():
        found = sorted(index[c] for c in codes if c in index)
        for a in found:
            for b in found:
                segments[a][b] += 1
                docs[a][b].add(doc_of[seg])
    documents = [[len(cell) for cell in row] for row in docs]
    return CooccurrenceMatrix(rows, segments, documents, include_subcodes, where)


def cooccurrence_quotes(
    project: Project,
    code_a: str,
    code_b: str,
    *,
    include_subcodes: bool = False,
    where: Iterable[tuple[str, str]] = (),
) -> list[Quote]:
    """The segments coded with both codes, as quotes (the turn's words, in document order)."""
    where = tuple(where)
    with project.read() as s:
        corpus = load_corpus(s, where)
        paths = {c.uuid: c.path for c in corpus.codes}
        a = next((c.uuid for c in corpus.codes if code_a in (c.uuid, c.path)), None)
        b = next((c.uuid for c in corpus.codes if code_b in (c.uuid, c.path)), None)
        if a is None or b is None:
            raise NotFoundError(f"no code {code_a if a is None else code_b!r} in this project")
        by_seg, _ = _segment_codes(s, corpus, include_subcodes)
        wanted = [seg for seg, codes in by_seg.items() if a in codes and b in codes]
        out = []
        for i in range(0, len(wanted), 500):
            rows = s.execute(
                select(
                    Segment.document_uuid,
                    Segment.start,
                    Segment.end,
                    Segment.ordinal,
                    Segment.speaker,
                    Segment.meta,
                    func.substr(Document.text, Segment.start + 1, Segment.end - Segment.start),
                )
                .join(Document, Document.uuid == Segment.document_uuid)
                .where(Segment.id.in_(wanted[i : i + 500]))
            )
            for doc_uuid, start, _end, ordinal, speaker, meta, text in rows:
                doc = corpus.documents[doc_uuid]
                # offsets relative to the segment's own text, then back to the document's
                lo, hi, time = spoken(text, 0, len(text), 0, len(text), speaker, parse_meta(meta))
                out.append(
                    Quote(
                        coding_uuid="",
                        code_uuid=a,
                        code_path=f"{paths[a]} + {paths[b]}",
                        document_uuid=doc_uuid,
                        document_name=doc.name,
                        kind=doc.kind,
                        start=start + lo,
                        end=start + hi,
                        text=text[lo:hi].strip("\n"),
                        paragraph=ordinal,
                        speaker=speaker,
                        coder_uuid="",
                        coder_name="",
                        memo="",
                        attributes=doc.attributes,
                        time=time,
                    )
                )
    out.sort(key=lambda q: (q.document_name.casefold(), q.start))
    return out
