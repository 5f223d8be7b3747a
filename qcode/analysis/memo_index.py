"""Every memo of a project with what it is on (project, document, code, passage), searchable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from qcode.analysis.quotable import QUOTABLE
from qcode.codebook.tree import code_infos
from qcode.store import Coder, Coding, Document, Memo, Project, ProjectRow

#: Where a memo lives: a memo row, or the memo column of a document or a coding.
MEMO_ROW, DOCUMENT_NOTE, CODING_NOTE = "memo", "document-note", "coding-note"
KIND_ORDER = {"project": 0, "document": 1, "code": 2, "coding": 3}
KIND_LABELS = {"project": "Project", "document": "Document", "code": "Code", "coding": "Passage"}
PREVIEW = 120


@dataclass(frozen=True)
class MemoEntry:
    """One memo and a readable account of its target; passages carry where they are."""

    uuid: str  # the memo row's UUID, or the document's / coding's UUID for a column memo
    source: str  # MEMO_ROW, DOCUMENT_NOTE or CODING_NOTE
    target_kind: str  # "project", "document", "code" or "coding"
    target_uuid: str
    target: str  # e.g. "Interview 3", "Theme/Sub", "Interview 3 ¶12 · Theme: “we …”"
    title: str
    text: str
    coder_name: str
    updated_at: datetime | None
    document_uuid: str = ""  # where to show it: the document (and passage) it is about
    start: int = 0
    end: int = 0
    passage: str = ""  # the passage's text, for a memo on a coding

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.target_kind, self.target_kind)

    def matches(self, words: str) -> bool:
        """All the words (any case) in its title, text, target or passage."""
        hay = " ".join((self.title, self.text, self.target, self.passage, self.coder_name))
        hay = hay.casefold()
        return all(w in hay for w in words.casefold().split())


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def project_uuid(project: Project) -> str:
    """The UUID project memos attach to."""
    with project.read() as s:
        row = s.get(ProjectRow, 1)
        return row.uuid if row is not None else ""


def memo_index(project: Project, search: str = "", kind: str | None = None) -> list[MemoEntry]:
    """All memos (memo rows, document and coding memos), project first, then documents,
    codes and passages; `search` keeps those holding every word, `kind` one target kind.
    Quotable flags (marker memos) are not memos to read and are left out."""
    with project.read() as s:
        project_row = s.get(ProjectRow, 1)
        coders = {c.uuid: c.name for c in s.scalars(select(Coder))}
        paths = {c.uuid: c.path for c in code_infos(s)}
        docs = {
            uuid: (name, memo)
            for uuid, name, memo in s.execute(
                select(Document.uuid, Document.name, Document.memo).where(
                    Document.deleted.is_(False)
                )
            )
        }
        memos = list(s.scalars(select(Memo).where(Memo.deleted.is_(False), Memo.title != QUOTABLE)))
        wanted = {m.target_uuid for m in memos if m.target_kind == "coding"}
        noted = Coding.deleted.is_(False) & (Coding.uuid.in_(wanted) | (Coding.memo != ""))
        codings = {c.uuid: c for c in s.scalars(select(Coding).where(noted))}
        # the passages only, cut out by SQLite (substr counts code points), not whole texts
        texts: dict[str, str | None] = dict(
            s.execute(
                select(
                    Coding.uuid,
                    func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start),
                )
                .join(Document, Document.uuid == Coding.document_uuid)
                .where(noted)
            ).all()
        )
    out: list[MemoEntry] = []

    def coding_target(c: Coding) -> tuple[str, str]:
        name = docs.get(c.document_uuid, ("?", ""))[0]
        passage = texts.get(c.uuid) or ""
        label = f"{name} · {paths.get(c.code_uuid, '?')}: “{_preview(passage)}”"
        return label, passage

    for m in memos:
        coder = coders.get(m.coder_uuid or "", "")
        row = (m.uuid, MEMO_ROW, m.target_kind, m.target_uuid)
        if m.target_kind == "project":
            if project_row is not None and project_row.uuid == m.target_uuid:
                out.append(MemoEntry(*row, project_row.name, m.title, m.text, coder, m.updated_at))
        elif m.target_kind == "document":
            if m.target_uuid in docs:
                name = docs[m.target_uuid][0]
                out.append(
                    MemoEntry(*row, name, m.title, m.text, coder, m.updated_at, m.target_uuid)
                )
        elif m.target_kind == "code":
            if m.target_uuid in paths:
                path = paths[m.target_uuid]
                out.append(MemoEntry(*row, path, m.title, m.text, coder, m.updated_at))
        elif m.target_kind == "coding":
            c = codings.get(m.target_uuid)
            if c is not None and c.document_uuid in docs:
                label, passage = coding_target(c)
                out.append(
                    MemoEntry(
                        *row,
                        label,
                        m.title,
                        m.text,
                        coder,
                        m.updated_at,
                        c.document_uuid,
                        c.start,
                        c.end,
                        passage,
                    )
                )
    if project_row is not None and project_row.memo.strip():
        out.append(
            MemoEntry(
                project_row.uuid,
                DOCUMENT_NOTE,
                "project",
                project_row.uuid,
                project_row.name,
                "",
                project_row.memo,
                "",
                project_row.updated_at,
            )
        )
    for uuid, (name, memo) in docs.items():
        if memo.strip():
            out.append(
                MemoEntry(uuid, DOCUMENT_NOTE, "document", uuid, name, "", memo, "", None, uuid)
            )
    for c in codings.values():
        if c.memo.strip() and c.document_uuid in docs:
            label, passage = coding_target(c)
            out.append(
                MemoEntry(
                    c.uuid,
                    CODING_NOTE,
                    "coding",
                    c.uuid,
                    label,
                    "",
                    c.memo,
                    coders.get(c.coder_uuid, ""),
                    c.updated_at,
                    c.document_uuid,
                    c.start,
                    c.end,
                    passage,
                )
            )
    if kind:
        out = [e for e in out if e.target_kind == kind]
    if search.strip():
        out = [e for e in out if e.matches(search)]
    out.sort(key=lambda e: (KIND_ORDER.get(e.target_kind, 9), e.target.casefold(), e.uuid))
    return out
