"""Inter-coder agreement between two or more coders, per code and overall, with disagreements.

Units are a document's segments (speaker turns or paragraphs, the default), its sentences, or
its characters. A coder has coded a unit with a code when one of their codings with that code
overlaps it. Only documents every chosen coder has coded are compared.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.agreement_stats import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from qcode.codebook.tree import code_infos, resolve_code
from qcode.errors import NotFoundError, QcodeError
from qcode.store import Coder, Coding, Document, Project, Segment

UNITS = ("segment", "sentence", "character")
EXCERPT = 300
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+")

Pattern = tuple[bool, ...]


@dataclass(frozen=True)
class Scores:
    """Agreement over some units: how many, and each statistic (None when undefined)."""

    units: int
    percent: float
    cohen: float | None
    fleiss: float | None
    alpha: float | None


@dataclass(frozen=True)
class CodeAgreement:
    """Agreement on one code, and how many units each coder coded with it."""

    code_uuid: str
    code_path: str
    scores: Scores
    coded: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Disagreement:
    """A unit some coders coded with a code and others did not."""

    document_name: str
    unit: str
    start: int
    end: int
    code_path: str
    coded_by: list[str]
    not_coded_by: list[str]
    text: str
    document_uuid: str = ""


@dataclass(frozen=True)
class AgreementReport:
    """Agreement between coders over one kind of unit."""

    coders: list[str]
    coder_uuids: list[str]
    unit: str
    documents: list[str]
    overall: Scores
    per_code: list[CodeAgreement]
    disagreements: list[Disagreement]


class _Coded(NamedTuple):
    code: str
    coder: int
    start: int
    end: int


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    label: str


def scores(patterns: dict[Pattern, float], coders: int) -> Scores:
    """Every statistic of a set of binary patterns (coded / not coded by each coder)."""
    total = sum(patterns.values())
    percent = percent_agreement(patterns)
    return Scores(
        units=round(total),
        percent=1.0 if percent is None else percent,
        cohen=cohen_kappa(patterns) if coders == 2 else None,
        fleiss=fleiss_kappa(patterns),
        alpha=krippendorff_alpha(patterns),
    )


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end], as [start, end) spans without surrounding space."""
    out: list[tuple[int, int]] = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start, end):
        out.append((pos, match.end()))
        pos = match.end()
    out.append((pos, end))
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _resolve_coders(session: Session, refs: Sequence[str]) -> list[Coder]:
    found: list[Coder] = []
    for ref in refs:
        coder = session.get(Coder, ref)
        if coder is None:
            named = list(session.scalars(select(Coder).where(Coder.name == ref)))
            live = [c for c in named if not c.deleted] or named
            if not live:
                raise NotFoundError(f"no coder {ref!r} in this project")
            if len(live) > 1:
                ids = ", ".join(c.uuid for c in live)
                raise QcodeError(f"{len(live)} coders are named {ref!r}; give a UUID: {ids}")
            coder = live[0]
        if coder.uuid not in {c.uuid for c in found}:
            found.append(coder)
    if len(found) < 2:
        raise QcodeError("agreement needs two or more different coders (--coder A --coder B)")
    return found


def _units(session: Session, doc: Document, unit: str) -> list[_Unit]:
    segs = session.scalars(
        select(Segment).where(Segment.document_uuid == doc.uuid).order_by(Segment.start)
    ).all()
    if unit == "segment":
        return [_Unit(s.start, s.end, f"paragraph {s.ordinal}") for s in segs]
    out: list[_Unit] = []
    for s in segs:
        for i, (a, b) in enumerate(sentences(doc.text, s.start, s.end), start=1):
            out.append(_Unit(a, b, f"paragraph {s.ordinal}, sentence {i}"))
    return out


def agreement(
    project: Project,
    coders: list[str],
    *,
    unit: str = "segment",
    codes: list[str] | None = None,
    exclude_uncoded: bool = False,
) -> AgreementReport:
    """Agreement between `coders` (names or UUIDs) on each code and overall."""
    if unit not in UNITS:
        raise QcodeError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    with project.read() as s:
        chosen = _resolve_coders(s, coders)
        index = {c.uuid: i for i, c in enumerate(chosen)}
        names = [c.name for c in chosen]
        names = [  # two coders may share a name: tell them apart in the report
            f"{n} ({c.uuid[:8]})" if names.count(n) > 1 else n
            for n, c in zip(names, chosen, strict=True)
        ]
        infos = code_infos(s)
        paths = {c.uuid: c.path for c in infos}
        live_codes = set(paths)
        by_doc: dict[str, list[_Coded]] = {}
        for row in s.execute(
            select(Coding.document_uuid, Coding.code_uuid, Coding.coder_uuid, Coding.start,
                   Coding.end).where(Coding.deleted.is_(False),
                                     Coding.coder_uuid.in_(list(index)))
        ):
            if row.code_uuid in live_codes:
                by_doc.setdefault(row.document_uuid, []).append(
                    _Coded(row.code_uuid, index[row.coder_uuid], row.start, row.end)
                )
        docs = {
            d.uuid: d for d in s.scalars(select(Document).where(Document.deleted.is_(False)))
        }
        compared = sorted(
            (
                docs[u]
                for u, rows in by_doc.items()
                if u in docs and len({r.coder for r in rows}) == len(chosen)
            ),
            key=lambda d: d.name.casefold(),
        )
        if codes:
            wanted = [resolve_code(s, ref).uuid for ref in codes]
        else:
            used = {r.code for d in compared for r in by_doc[d.uuid]}
            wanted = [c.uuid for c in infos if c.uuid in used]
        tally = _Tally(len(chosen), unit, exclude_uncoded, wanted, paths, names)
        for doc in compared:
            tally.add_document(
                doc, _units(s, doc, unit) if unit != "character" else [], by_doc[doc.uuid]
            )
    per_code = [
        CodeAgreement(u, paths[u], scores(tally.patterns[u], len(chosen)), tally.coded_counts(u))
        for u in wanted
    ]
    pooled: dict[Pattern, float] = {}
    for u in wanted:
        for pattern, weight in tally.patterns[u].items():
            pooled[pattern] = pooled.get(pattern, 0.0) + weight
    return AgreementReport(
        coders=names,
        coder_uuids=list(index),
        unit=unit,
        documents=[d.name for d in compared],
        overall=scores(pooled, len(chosen)),
        per_code=per_code,
        disagreements=tally.disagreements,
    )


class _Tally:
    """Counts the coding patterns of each code over the units of each document."""

    def __init__(
        self,
        n: int,
        unit: str,
        exclude_uncoded: bool,
        codes: list[str],
        paths: dict[str, str],
        names: list[str],
    ) -> None:
        self.n, self.unit, self.exclude = n, unit, exclude_uncoded
        self.codes, self.paths, self.names = codes, paths, names
        self.patterns: dict[str, dict[Pattern, float]] = {c: {} for c in codes}
        self.disagreements: list[Disagreement] = []
        self._coded: dict[str, list[float]] = {c: [0.0] * n for c in codes}

    def coded_counts(self, code: str) -> dict[str, int]:
        return {name: round(v) for name, v in zip(self.names, self._coded[code], strict=True)}

    def _count(self, code: str, pattern: Pattern, weight: float) -> None:
        bucket = self.patterns[code]
        bucket[pattern] = bucket.get(pattern, 0.0) + weight
        for i, coded in enumerate(pattern):
            if coded:
                self._coded[code][i] += weight

    def _disagree(self, doc: Document, code: str, pattern: Pattern, a: int, b: int,
                  label: str) -> None:
        if all(pattern) or not any(pattern):
            return
        excerpt = doc.text[a:b]
        if len(excerpt) > EXCERPT:
            excerpt = excerpt[: EXCERPT - 1] + "…"
        self.disagreements.append(Disagreement(
            document_name=doc.name,
            unit=label,
            start=a,
            end=b,
            code_path=self.paths[code],
            coded_by=[n for n, c in zip(self.names, pattern, strict=True) if c],
            not_coded_by=[n for n, c in zip(self.names, pattern, strict=True) if not c],
            text=excerpt,
            document_uuid=doc.uuid,
        ))

    def add_document(self, doc: Document, units: list[_Unit], codings: list[_Coded]) -> None:
        wanted = set(self.codes)
        spans: dict[str, list[list[tuple[int, int]]]] = {
            c: [[] for _ in range(self.n)] for c in self.codes
        }
        for c in codings:
            if c.code in wanted:
                spans[c.code][c.coder].append((c.start, c.end))
        if self.unit == "character":
            self._characters(doc, spans)
        else:
            self._units(doc, units, spans)

    def _units(
        self, doc: Document, units: list[_Unit], spans: dict[str, list[list[tuple[int, int]]]]
    ) -> None:
        ends = [u.end for u in units]
        hit: dict[str, dict[int, list[bool]]] = {}
        for code, per_coder in spans.items():
            for who, intervals in enumerate(per_coder):
                for a, b in intervals:
                    i = bisect.bisect_right(ends, a)
                    while i < len(units) and units[i].start < b:
                        hit.setdefault(code, {}).setdefault(i, [False] * self.n)[who] = True
                        i += 1
        any_coded = {i for per_unit in hit.values() for i in per_unit}
        universe = len(any_coded) if self.exclude else len(units)
        for code in self.codes:
            per_unit = hit.get(code, {})
            for i in sorted(per_unit):
                pattern = tuple(per_unit[i])
                self._count(code, pattern, 1.0)
                u = units[i]
                self._disagree(doc, code, pattern, u.start, u.end, u.label)
            empty = universe - len(per_unit)
            if empty:
                self._count(code, (False,) * self.n, float(empty))

    def _characters(self, doc: Document, spans: dict[str, list[list[tuple[int, int]]]]) -> None:
        covered_all: list[tuple[int, int]] = []
        coded_length: dict[str, int] = {}
        for code in self.codes:
            per_coder = spans[code]
            bounds = sorted({p for iv in per_coder for a, b in iv for p in (a, b)})
            at = {p: i for i, p in enumerate(bounds)}
            depth = [[0] * len(bounds) for _ in range(self.n)]  # a sweep, coder by coder
            for who, intervals in enumerate(per_coder):
                for a, b in intervals:
                    depth[who][at[a]] += 1
                    depth[who][at[b]] -= 1
                for i in range(1, len(bounds)):
                    depth[who][i] += depth[who][i - 1]
            pieces: list[tuple[int, int, Pattern]] = []
            for i, (a, b) in enumerate(itertools.pairwise(bounds)):
                pattern = tuple(depth[who][i] > 0 for who in range(self.n))
                if any(pattern):
                    pieces.append((a, b, pattern))
            coded = 0
            run: tuple[int, int, Pattern] | None = None
            for a, b, pattern in pieces:
                self._count(code, pattern, float(b - a))
                coded += b - a
                covered_all.append((a, b))
                if run is not None and run[1] == a and run[2] == pattern:
                    run = (run[0], b, pattern)
                    continue
                if run is not None:
                    self._disagree(doc, code, run[2], run[0], run[1],
                                   f"characters {run[0]}–{run[1]}")
                run = (a, b, pattern)
            if run is not None:
                self._disagree(doc, code, run[2], run[0], run[1], f"characters {run[0]}–{run[1]}")
            coded_length[code] = coded
        universe = _union_length(covered_all) if self.exclude else len(doc.text)
        for code in self.codes:
            empty = universe - coded_length[code]
            if empty > 0:
                self._count(code, (False,) * self.n, float(empty))


def _union_length(intervals: list[tuple[int, int]]) -> int:
    total = 0
    last = -1
    for a, b in sorted(intervals):
        if b <= last:
            continue
        total += b - max(a, last)
        last = b
    return total
