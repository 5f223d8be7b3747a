"""Matrix query: codes × attribute values, documents, speakers or coders; cells open passages."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from qcode.analysis.coded import (
    CodedPassage,
    Corpus,
    DocInfo,
    attribute_value,
    load_corpus,
    merged_words,
    passage_texts,
    speakers_by_document,
)
from qcode.coding import Quote, quotes_of_codings
from qcode.documents import KINDS
from qcode.errors import NotFoundError, QcodeError
from qcode.export.model import kind_label, natural_key
from qcode.store import Project

MEASURES: dict[str, str] = {
    "passages": "Passages",
    "documents": "Documents",
    "words": "Words",
    "share": "Share of documents",
}
#: Column kinds that are not attributes.
BY_BUILT_IN = ("kind", "document", "speaker", "coder")
PERIODS = ("year", "quarter", "month")
_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?")


@dataclass(frozen=True)
class MatrixSpec:
    """What a matrix counts: rows, columns, and which documents."""

    by: str = "kind"  # kind, document, speaker, coder, or an attribute such as "force"
    include_subcodes: bool = True
    where: tuple[tuple[str, str], ...] = ()  # (attribute or "kind", value) every document has
    period: str = ""  # group a date attribute's values by year, quarter or month
    top_level: bool = False  # rows: only the top-level themes


@dataclass(frozen=True)
class Column:
    """One column: its key (a value, document or coder UUID) and the label shown."""

    key: str
    label: str
    documents: int  # documents belonging to the column (the base of "share")


@dataclass(frozen=True)
class Cell:
    """Counts of one code in one column; passages have overlapping codings merged."""

    passages: int = 0
    documents: int = 0
    words: int = 0
    share: float = 0.0

    def value(self, measure: str) -> int | float:
        return float(self.share) if measure == "share" else int(getattr(self, measure))


@dataclass(frozen=True)
class MatrixRow:
    """One code and its cell in each column, then its total over all columns."""

    code_uuid: str
    path: str
    name: str
    depth: int
    cells: tuple[Cell, ...]
    total: Cell


@dataclass
class Matrix:
    """The result of a matrix query."""

    spec: MatrixSpec
    by_label: str
    columns: list[Column]
    total_documents: int
    rows: list[MatrixRow] = field(default_factory=list)

    def value(self, row: int, column: int, measure: str = "passages") -> int | float:
        return self.rows[row].cells[column].value(measure)

    def column_index(self, key_or_label: str) -> int:
        for i, c in enumerate(self.columns):
            if key_or_label in (c.key, c.label):
                return i
        raise NotFoundError(
            f"no column {key_or_label!r}; the columns are: "
            + ", ".join(c.label for c in self.columns)
        )

    def row_index(self, code: str) -> int:
        for i, r in enumerate(self.rows):
            if code in (r.code_uuid, r.path):
                return i
        raise NotFoundError(f"no code {code!r} among the matrix rows")

    def maximum(self, measure: str) -> float:
        return max((c.value(measure) for r in self.rows for c in r.cells), default=0)


def period_of(value: str, period: str) -> str:
    """A date value's year ("2023"), quarter ("2023 Q4") or month ("2023-11"); else itself."""
    m = _DATE.match(value)
    if not period or not m:
        return value
    year, month = m.group(1), int(m.group(2) or 0)
    if period == "year" or not 1 <= month <= 12:
        return year
    if period == "quarter":
        return f"{year} Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def check_spec(spec: MatrixSpec, corpus: Corpus) -> None:
    if spec.period and spec.period not in PERIODS:
        raise QcodeError(f"period: use one of {', '.join(PERIODS)}, not {spec.period!r}")
    by = spec.by.casefold()
    if by in BY_BUILT_IN:
        return
    if not any(k.casefold() == by for k in corpus.attribute_keys):
        raise QcodeError(
            f"no document has an attribute {spec.by!r}; columns can be "
            + ", ".join([*BY_BUILT_IN, *corpus.attribute_keys])
        )


class _Columns:
    """Which column a passage (and a document) belongs to, for one spec."""

    def __init__(self, spec: MatrixSpec, corpus: Corpus, speakers: dict[str, set[str]]) -> None:
        self.by = spec.by.casefold()
        self.spec = spec
        self.corpus = corpus
        self.labels: dict[str, str] = {}
        self.docs: dict[str, set[str]] = defaultdict(set)
        if self.by == "speaker":
            for doc, names in speakers.items():
                for name in names:
                    self.docs[name].add(doc)
                    self.labels[name] = name
        elif self.by == "coder":
            for p in corpus.passages:
                self.docs[p.coder_uuid].add(p.document_uuid)
                self.labels[p.coder_uuid] = corpus.coders.get(p.coder_uuid, "?")
        else:
            for info in corpus.documents.values():
                key = self.of_document(info)
                self.docs[key].add(info.uuid)
                self.labels[key] = info.name if self.by == "document" else key

    def of_document(self, doc: DocInfo) -> str:
        if self.by == "kind":
            return kind_label(doc.kind)
        if self.by == "document":
            return doc.uuid
        value = attribute_value(doc.attributes, self.spec.by)
        return period_of(value, self.spec.period) if value else f"No {self.spec.by}"

    def of(self, p: CodedPassage) -> str:
        if self.by == "speaker":
            return p.speaker or "No speaker"
        if self.by == "coder":
            return p.coder_uuid
        return self.of_document(self.corpus.documents[p.document_uuid])

    def ordered(self) -> list[Column]:
        keys = list(self.labels)
        if self.by == "kind":
            order = {kind_label(k): i for i, k in enumerate(KINDS)}
            keys.sort(key=lambda k: (order.get(k, 99), k))
        else:
            keys.sort(
                key=lambda k: (self.labels[k].startswith("No "), natural_key(self.labels[k]), k)
            )
        return [Column(k, self.labels[k], len(self.docs[k])) for k in keys]


def _by_label(spec: MatrixSpec) -> str:
    by = spec.by.casefold()
    if by == "kind":
        return "source kind"
    if spec.period and by not in BY_BUILT_IN:
        return f"{spec.by} ({spec.period})"
    return spec.by


def matrix_query(project: Project, spec: MatrixSpec | None = None) -> Matrix:
    """Count passages, documents, words and share of documents per code and column."""
    spec = spec or MatrixSpec()
    with project.read() as s:
        corpus = load_corpus(s, spec.where, speakers=spec.by.casefold() == "speaker")
        check_spec(spec, corpus)
        speakers = (
            speakers_by_document(s, corpus.documents) if spec.by.casefold() == "speaker" else {}
        )
        texts = passage_texts(s, corpus.passages)
    columns = _Columns(spec, corpus, speakers)
    if spec.by.casefold() == "speaker":  # a turn with no speaker name still counts
        for p in corpus.passages:
            if not p.speaker:
                columns.labels.setdefault("No speaker", "No speaker")
                columns.docs["No speaker"].add(p.document_uuid)
    ordered = columns.ordered()
    index = {c.key: i for i, c in enumerate(ordered)}
    groups: dict[tuple[str, int, str], list[CodedPassage]] = defaultdict(list)
    for p in corpus.passages:
        col = index[columns.of(p)]
        for code in corpus.rows_of(p.code_uuid, spec.include_subcodes):
            groups[(code, col, p.document_uuid)].append(p)
            groups[(code, -1, p.document_uuid)].append(p)
    counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (code, col, _doc), found in groups.items():
        n, words = merged_words(found, texts)
        count = counts[(code, col)]
        count[0] += n
        count[1] += 1
        count[2] += words
    total_docs = len(corpus.documents)
    rows = []
    for c in corpus.codes:
        if spec.top_level and c.depth:
            continue
        cells = []
        for i, column in enumerate(ordered):
            cells.append(_cell(counts.get((c.uuid, i)), column.documents))
        rows.append(
            MatrixRow(
                c.uuid,
                c.path,
                c.name,
                c.depth,
                tuple(cells),
                _cell(counts.get((c.uuid, -1)), total_docs),
            )
        )
    return Matrix(spec, _by_label(spec), ordered, total_docs, rows)


def _cell(counts: list[int] | None, base: int) -> Cell:
    if not counts:
        return Cell()
    return Cell(counts[0], counts[1], counts[2], counts[1] / base if base else 0.0)


def _prepare(project: Project, spec: MatrixSpec) -> tuple[Corpus, _Columns]:
    with project.read() as s:
        corpus = load_corpus(s, spec.where, speakers=spec.by.casefold() == "speaker")
        check_spec(spec, corpus)
        speakers = (
            speakers_by_document(s, corpus.documents) if spec.by.casefold() == "speaker" else {}
        )
    return corpus, _Columns(spec, corpus, speakers)


def cell_passages(
    project: Project, spec: MatrixSpec, code: str, column: str | None
) -> list[CodedPassage]:
    """The codings counted in one cell (`column`: key or label; None for the row total)."""
    corpus, columns = _prepare(project, spec)
    row = next((c for c in corpus.codes if code in (c.uuid, c.path)), None)
    if row is None:
        raise NotFoundError(f"no code {code!r} in this project")
    key = None
    if column is not None:
        labels = {**{k: k for k in columns.labels}, **{v: k for k, v in columns.labels.items()}}
        if column not in labels and column != "No speaker":
            raise NotFoundError(
                f"no column {column!r}; the columns are: " + ", ".join(columns.labels.values())
            )
        key = labels.get(column, column)
    return [
        p
        for p in corpus.passages
        if row.uuid in corpus.rows_of(p.code_uuid, spec.include_subcodes)
        and (key is None or columns.of(p) == key)
    ]


def first_quotes(
    project: Project, matrix: Matrix, chosen: dict[tuple[str, str], str] | None = None
) -> dict[tuple[str, str], Quote]:
    """One quote per non-empty cell, keyed (code UUID, column key): the coding the user chose
    for the cell (`chosen`, by coding UUID) if it is in the cell, else the cell's first."""
    chosen = chosen or {}
    corpus, columns = _prepare(project, matrix.spec)
    docs = corpus.documents
    wanted = {r.code_uuid for r in matrix.rows}
    picked: dict[tuple[str, str], CodedPassage] = {}
    order = sorted(
        corpus.passages, key=lambda p: (natural_key(docs[p.document_uuid].name), p.start)
    )
    for p in order:
        col = columns.of(p)
        for code in corpus.rows_of(p.code_uuid, matrix.spec.include_subcodes):
            if code not in wanted:
                continue
            key = (code, col)
            if key not in picked or chosen.get(key) == p.coding_uuid:
                picked[key] = p
    found = {
        q.coding_uuid: q
        for q in quotes_of_codings(project, [p.coding_uuid for p in picked.values()])
    }
    return {key: found[p.coding_uuid] for key, p in picked.items() if p.coding_uuid in found}


def cell_quotes(project: Project, spec: MatrixSpec, code: str, column: str | None) -> list[Quote]:
    """The quotes of one cell, in document then text order: what clicking the cell shows."""
    found = cell_passages(project, spec, code, column)
    return quotes_of_codings(project, [p.coding_uuid for p in found])


def rows_for(matrix: Matrix, codes: Iterable[str]) -> list[MatrixRow]:
    """The rows of some codes (UUIDs or paths), in matrix order."""
    wanted = set(codes)
    return [r for r in matrix.rows if r.code_uuid in wanted or r.path in wanted]
