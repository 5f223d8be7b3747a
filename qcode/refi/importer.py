"""Import a REFI-QDA project (.qdpx) into a qcode project in one transaction, idempotently."""

from __future__ import annotations

import tempfile
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.apply import LoadReport, _merge_sets, _place, _snapshot, _update
from qcode.codebook.gather import stored_sets
from qcode.codebook.model import CodeSet
from qcode.codebook.tree import code_infos
from qcode.documents import insert_document, unique_name
from qcode.errors import ImportRefusedError, QcodeError
from qcode.ids import text_sha256
from qcode.importers.assemble import Parsed, build
from qcode.importers.base import lines_as_blocks
from qcode.importers.txt import decode
from qcode.refi.archive import MAX_QDE_BYTES, MAX_SOURCE_BYTES, Archive, QdpxError
from qcode.refi.offsets import Placed, Text, choose
from qcode.refi.parse import RefiProject, RefiSelection, RefiSource, parse_project
from qcode.store import Action, Attribute, Code, Coder, Coding, Document, Memo, Project
from qcode.store.models import ProjectRow

#: Columns of a coding that a later import may change (last writer wins).
CODING_FIELDS = ("start", "end", "code_uuid", "memo", "deleted")
#: Attribute that holds the names of the vendor's document sets.
SET_ATTRIBUTE = "set"
_MEMO_NS = uuidlib.UUID("6c1f0a3e-5d2b-4c1e-9a57-0f3d2b8e4a11")

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class ImportStopped(QcodeError):
    """The import was stopped before it ended: nothing of it was stored."""


def _stepper(progress: Progress | None, cancel: Cancel | None) -> Progress:
    """Report a step; stop the import (ImportStopped) if the user asked to."""

    def step(done: int, total: int, label: str) -> None:
        if cancel is not None and cancel():
            raise ImportStopped("REFI-QDA import stopped: nothing was imported")
        if progress is not None:
            progress(done, total, label)

    return step


@dataclass
class QdpxReport:
    """What an import did, and everything it could not place (for the user to check)."""

    source: str
    convention: str = ""
    documents_added: list[str] = field(default_factory=list)
    documents_matched: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)
    codes: LoadReport | None = None
    coders_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_known: int = 0
    codings_updated: int = 0
    memos_added: int = 0
    attributes_set: int = 0
    not_landed: list[str] = field(default_factory=list)
    loose: int = 0
    not_imported: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: For `undo_import`: rows added (entity -> UUIDs) and rows changed (entity -> UUID ->
    #: (values before, values after)).
    added: dict[str, list[str]] = field(default_factory=dict)
    sets_after: list[CodeSet] | None = None
    changed: dict[str, dict[str, tuple[dict[str, object], dict[str, object]]]] = field(
        default_factory=dict
    )

    def describe(self) -> str:
        lines = [
            f"{self.source}: {len(self.documents_added)} document(s) added, "
            f"{len(self.documents_matched)} already here; {self.codings_added} coding(s) added, "
            f"{self.codings_updated} updated, {self.codings_known} already here; "
            f"{len(self.coders_added)} coder(s) added, "
            f"{self.memos_added} memo(s), {self.attributes_set} attribute value(s)",
        ]
        if self.codes is not None:
            lines.append(self.codes.describe())
        if self.convention:
            lines.append(f"positions counted as: {self.convention}")
        if self.loose:
            lines.append(f"{self.loose} selection(s) placed but not on word boundaries")
        for name in self.missing_sources:
            lines.append(f"missing source: {name}")
        for text in self.not_landed:
            lines.append(f"not placed: {text}")
        for what, count in sorted(self.not_imported.items()):
            lines.append(f"not imported: {count} {what}")
        lines.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(lines)


@dataclass
class _Doc:
    source: RefiSource
    parsed: Parsed
    text: Text
    placed: list[Placed] = field(default_factory=list)


def read_qdpx(
    path: Path, step: Progress | None = None
) -> tuple[RefiProject, list[_Doc], QdpxReport]:
    """Read the project and the text of every source it names (nothing is stored)."""
    path = Path(path)
    step = step or _stepper(None, None)
    report = QdpxReport(source=str(path))
    with Archive(path) as archive:
        qde = archive.qde_name()
        data = archive.read(qde, MAX_QDE_BYTES)
        if not data.strip():
            raise QdpxError(f"{path}: {qde} is empty")
        project = parse_project(data, f"{path} ({qde})")
        docs: list[_Doc] = []
        for i, source in enumerate(project.sources):
            step(i, len(project.sources), f"Reading {source.name or source.guid}")
            doc = _read_source(archive, source, report)
            if doc is not None:
                docs.append(doc)
        for note in project.notes.values():
            if note.plain_path and not note.text:
                info = archive.find_source(note.plain_path)
                if info is None:
                    report.warnings.append(f"note {note.name or note.guid}: its text is missing")
                    continue
                try:
                    note.text = decode(Path(info.filename), archive.read(info, MAX_SOURCE_BYTES))
                except ImportRefusedError as exc:
                    report.warnings.append(f"note {note.name or note.guid}: {exc}")
    report.warnings.extend(project.warnings)
    report.not_imported = dict(project.not_imported)
    if docs:
        convention, placed = choose(
            [(d.text, [(s.start, s.end, s.name) for s in d.source.selections]) for d in docs]
        )
        report.convention = convention
        for doc, where in zip(docs, placed, strict=True):
            doc.placed = where
    return project, docs, report


def _read_source(archive: Archive, source: RefiSource, report: QdpxReport) -> _Doc | None:
    label = source.name or source.guid
    try:
        if source.inline_text is not None and source.inline_text.strip():
            raw = source.inline_text
            return _plain(label, raw, source)
        info = archive.find_source(source.plain_path) if source.plain_path else None
        if info is not None:
            raw = decode(Path(info.filename), archive.read(info, MAX_SOURCE_BYTES))
            return _plain(label, raw, source)
        rich = archive.find_source(source.rich_path) if source.rich_path else None
        if rich is not None and rich.filename.lower().endswith(".docx"):
            return _rich(label, archive.read(rich, MAX_SOURCE_BYTES), source)
    except ImportRefusedError as exc:
        report.missing_sources.append(f"{label}: {exc}")
        return None
    wanted = source.plain_path or source.rich_path or "(no path)"
    report.missing_sources.append(f"{label}: {wanted} is not in the archive")
    return None


def _plain(label: str, raw: str, source: RefiSource) -> _Doc:
    lf = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    parsed = build(Path(label), lines_as_blocks(lf))
    return _Doc(source, parsed, Text(raw, parsed.text))


def _rich(label: str, data: bytes, source: RefiSource) -> _Doc:
    from qcode.importers import docx

    with tempfile.TemporaryDirectory(prefix="qcode-qdpx-") as folder:
        path = Path(folder) / "source.docx"
        path.write_bytes(data)
        parsed = build(Path(label), docx.read(path))
    return _Doc(source, parsed, Text(None, parsed.text))


def import_qdpx(
    project: Project,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> QdpxReport:
    """Import the .qdpx at `path` into `project` as one transaction, after a snapshot.

    Documents match by GUID, then by SHA-256 of the text; codes by GUID, then path; coders by
    GUID, then name; codings by GUID (the newer of ours and the file's wins). Importing the
    same file twice adds nothing. Positions are converted from the vendor's counting, chosen
    per file as the convention under which most selections land (see `offsets`).

    `progress(done, total, label)` hears each source read and stored; `cancel()` is checked
    as often, and a stop raises ImportStopped with nothing stored (the transaction rolls back).
    """
    step = _stepper(progress, cancel)
    refi, docs, report = read_qdpx(path, step)
    step(0, 0, "Taking a snapshot of the project")
    project.snapshot("qdpx-import")
    action = Action(
        "import REFI-QDA project",
        "document",
        detail={"file": str(path)},
        touches={"documents", "codes", "codings", "memos", "coders", "attributes"},
    )
    with project.transaction(action) as s:
        _store(s, project, refi, docs, report, step)
    return report


def _store(
    s: Session,
    project: Project,
    refi: RefiProject,
    docs: list[_Doc],
    report: QdpxReport,
    step: Progress,
) -> None:
    me = project.coder_uuid
    stamp = now()
    written = refi.written_guids
    coders = _coders(s, refi, report, stamp)
    codes = _codes(s, me, refi, report)
    placed_docs: dict[str, str] = {}  # source guid -> document uuid (text identical)
    for doc in docs:
        uuid = _document(s, me, doc, report, stamp, written)
        if uuid is not None:
            placed_docs[doc.source.guid] = uuid
    selections: dict[str, tuple[str, str]] = {}  # selection guid -> (document, first coding)
    known: dict[str, datetime] = {
        uuid: at for uuid, at in s.execute(select(Coding.uuid, Coding.updated_at))
    }
    for i, doc in enumerate(docs):
        step(i, len(docs), f"Placing the codings of {doc.source.name or doc.source.guid}")
        document = placed_docs.get(doc.source.guid)
        for sel, where in zip(doc.source.selections, doc.placed, strict=True):
            label = f"{doc.source.name or doc.source.guid}: selection {sel.guid} " + (
                f"[{sel.start}, {sel.end})"
            )
            if document is None:
                continue
            if not where.ok:
                report.not_landed.append(f"{label}: {where.reason}")
                continue
            report.loose += where.loose
            for coding in sel.codings:
                code = codes.get(coding.code_guid)
                if code is None:
                    report.not_landed.append(
                        f"{label}: its code {coding.code_guid} is not in the codebook"
                    )
                    continue
                who = coders.get(coding.user or "", me)
                selections.setdefault(sel.guid, (document, coding.guid))
                if coding.guid in known:
                    newer = _newer(
                        s,
                        coding.guid,
                        known[coding.guid],
                        sel,
                        document,
                        code,
                        where,
                        report.changed,
                    )
                    if newer is not None:
                        newer.updated_by = who
                        report.codings_updated += 1
                    else:
                        report.codings_known += 1
                    continue
                created = coding.created or sel.created or stamp
                known[coding.guid] = created
                report.added.setdefault("coding", []).append(coding.guid)
                s.add(
                    Coding(
                        uuid=coding.guid,
                        document_uuid=document,
                        code_uuid=code,
                        coder_uuid=who,
                        start=where.start,
                        end=where.end,
                        created_at=created,
                        memo=sel.description,
                        updated_at=max(created, sel.modified or created),
                        updated_by=who,
                        source_guid=written.get(coding.guid, ""),
                    )
                )
                report.codings_added += 1
    s.flush()
    step(len(docs), len(docs), "Storing memos and attributes")
    _memos(s, me, refi, docs, placed_docs, codes, selections, coders, report, stamp)
    _attributes(s, me, refi, placed_docs, report, stamp)


def _newer(
    s: Session,
    uuid: str,
    ours: datetime,
    sel: RefiSelection,
    document: str,
    code: str,
    where: Placed,
    changes: dict[str, dict[str, tuple[dict[str, object], dict[str, object]]]],
) -> Coding | None:
    """Last writer wins, as in `merge`: a coding the file changed after we last did takes the
    file's place, code and memo (and comes back if we had removed it); else nothing changes."""
    theirs = sel.modified
    if theirs is None or theirs <= ours:
        return None
    row = s.get(Coding, uuid)
    if row is None or row.document_uuid != document:
        return None
    new = (where.start, where.end, code, sel.description, False)
    if (row.start, row.end, row.code_uuid, row.memo, row.deleted) == new:
        return None
    old = (row.start, row.end, row.code_uuid, row.memo, row.deleted)
    before: dict[str, object] = dict(zip(CODING_FIELDS, old, strict=True))
    row.start, row.end, row.code_uuid, row.memo, row.deleted = new
    row.updated_at = theirs
    changes.setdefault("coding", {})[uuid] = (before, dict(zip(CODING_FIELDS, new, strict=True)))
    return row


def _coders(s: Session, refi: RefiProject, report: QdpxReport, stamp: datetime) -> dict[str, str]:
    """Vendor user GUID -> our coder UUID (matched by UUID, then by name, else added)."""
    rows = list(s.scalars(select(Coder)))
    by_uuid = {c.uuid: c for c in rows}
    by_name = {c.name.casefold(): c for c in rows if not c.deleted}
    out: dict[str, str] = {}
    for guid, name in refi.users.items():
        if guid in by_uuid:
            out[guid] = guid
        elif name.casefold() in by_name:
            out[guid] = by_name[name.casefold()].uuid
        else:
            s.add(
                Coder(
                    uuid=guid,
                    name=name,
                    created_at=stamp,
                    updated_at=stamp,
                    source_guid=refi.written_guids.get(guid, ""),
                )
            )
            by_name[name.casefold()] = by_uuid[guid] = Coder(uuid=guid, name=name)
            out[guid] = guid
            report.coders_added.append(name)
            report.added.setdefault("coder", []).append(guid)
    s.flush()
    return out


def _codes(s: Session, me: str, refi: RefiProject, report: QdpxReport) -> dict[str, str]:
    """File code GUID -> our code UUID, merging the codebook as `codebook import` does."""
    book = refi.codebook
    load = LoadReport(source=report.source, warnings=list(book.warnings))
    known = {uuid: deleted for uuid, deleted in s.execute(select(Code.uuid, Code.deleted))}
    mapping: dict[str, str] = {}
    for entry in sorted(book.entries, key=lambda e: len(e.path)):
        code, created, moved = _place(s, me, entry, load)
        if entry.uuid:
            mapping[entry.uuid] = code.uuid
        path = "/".join(entry.path)
        if created:
            load.added.append(path)
            continue
        if _update(code, entry, me) or moved:
            load.updated.append(path)
        else:
            load.unchanged.append(path)
    if book.sets:
        load.sets = len(book.sets)
        load.sets_before = stored_sets(s)
        _merge_sets(s, book.sets, mapping)
    s.flush()
    load.added_uuids = [i.uuid for i in code_infos(s) if i.uuid not in known or known[i.uuid]]
    for uuid, old in load.before.items():
        after = _snapshot(s.get(Code, uuid))
        if uuid in known and not known[uuid] and after != old:
            report.changed.setdefault("code", {})[uuid] = (old, after)
    if book.sets:
        report.sets_after = stored_sets(s)
    report.codes = load
    return mapping


def _document(
    s: Session, me: str, doc: _Doc, report: QdpxReport, stamp: datetime, written: dict[str, str]
) -> str | None:
    """Our document for the source: by GUID, then by SHA-256 of the text, else a new one.
    None when the GUID matches a document whose text differs (its codings are not placed)."""
    text = doc.parsed.text
    sha = text_sha256(text)
    label = doc.source.name or doc.source.guid
    found = s.get(Document, doc.source.guid) if doc.source.guid else None
    if found is not None and not found.deleted:
        if found.sha256 != sha:
            report.warnings.append(
                f"{label}: the project's document {found.name!r} has the same GUID but a "
                "different text; its codings were not placed"
            )
            return None
        report.documents_matched.append(found.name)
        return found.uuid
    same = s.scalars(
        select(Document).where(Document.sha256 == sha, Document.deleted.is_(False))
    ).first()
    if same is not None:
        report.documents_matched.append(same.name)
        return same.uuid
    taken = found is not None  # a deleted document holds the GUID: use a new one
    name = unique_name(s, label)
    row = insert_document(
        s,
        name,
        text,
        coder_uuid=me,
        source_filename=Path(doc.source.plain_path or doc.source.rich_path).name,
        spans=doc.parsed.spans,
        span_meta=doc.parsed.metas,
        uuid=None if taken or not doc.source.guid else doc.source.guid,
    )
    if row.uuid == doc.source.guid:
        row.source_guid = written.get(row.uuid, "")
    if doc.source.description:
        row.memo = doc.source.description
    report.documents_added.append(name)
    report.added.setdefault("document", []).append(row.uuid)
    return row.uuid


def _memo_uuid(note: str, target: str, first: bool) -> str:
    return note if first else str(uuidlib.uuid5(_MEMO_NS, f"{note}:{target}"))


def _memos(
    s: Session,
    me: str,
    refi: RefiProject,
    docs: list[_Doc],
    placed_docs: dict[str, str],
    codes: dict[str, str],
    selections: dict[str, tuple[str, str]],
    coders: dict[str, str],
    report: QdpxReport,
    stamp: datetime,
) -> None:
    targets: list[tuple[str, str, str]] = [("project", "", n) for n in refi.project_note_refs]
    for code, notes in refi.code_note_refs.items():
        if code in codes:
            targets += [("code", codes[code], n) for n in notes]
    for doc in docs:
        document = placed_docs.get(doc.source.guid)
        if document is None:
            continue
        targets += [("document", document, n) for n in doc.source.note_refs]
        for sel in doc.source.selections:
            hit = selections.get(sel.guid)
            if hit is None:
                continue
            targets += [("coding", hit[1], n) for n in sel.note_refs]
            for coding in sel.codings:
                targets += [("coding", coding.guid, n) for n in coding.note_refs]
    used: set[str] = set()
    existing = set(s.scalars(select(Memo.uuid)))
    for kind, target, note_guid in targets:
        note = refi.notes.get(note_guid)
        if note is None:
            continue
        uuid = _memo_uuid(note_guid, f"{kind}:{target}", note_guid not in used)
        used.add(note_guid)
        if uuid in existing:
            continue
        existing.add(uuid)
        who = coders.get(note.user or "", me)
        s.add(
            Memo(
                uuid=uuid,
                target_kind=kind,
                target_uuid=target or _project_uuid(s),
                title=note.name,
                text=note.text.strip(),
                coder_uuid=who,
                created_at=note.created or stamp,
                updated_at=note.created or stamp,
                updated_by=who,
                source_guid=refi.written_guids.get(uuid, "") if uuid == note_guid else "",
            )
        )
        report.memos_added += 1
        report.added.setdefault("memo", []).append(uuid)


def _project_uuid(s: Session) -> str:
    row = s.scalars(select(ProjectRow)).first()
    return row.uuid if row is not None else ""


def _attributes(
    s: Session,
    me: str,
    refi: RefiProject,
    placed_docs: dict[str, str],
    report: QdpxReport,
    stamp: datetime,
) -> None:
    values: dict[str, dict[str, str]] = {}
    for source in refi.sources:
        if source.guid in placed_docs and source.values:
            values.setdefault(placed_docs[source.guid], {}).update(source.values)
    for case in refi.cases:
        for guid in case.sources:
            if guid in placed_docs:
                bucket = values.setdefault(placed_docs[guid], {})
                if case.name and not case.values:  # a case that only groups sources
                    bucket.setdefault("case", case.name)
                bucket.update(case.values)
    sets: dict[str, list[str]] = {}
    for name, members in refi.document_sets:
        for guid in members:
            if guid in placed_docs:
                sets.setdefault(placed_docs[guid], []).append(name)
    for document, names in sets.items():
        values.setdefault(document, {})[SET_ATTRIBUTE] = "; ".join(dict.fromkeys(names))
    for document, pairs in values.items():
        rows = {
            a.key: a
            for a in s.scalars(select(Attribute).where(Attribute.document_uuid == document))
        }
        for key, value in pairs.items():
            key = key.strip()
            if not key:
                continue
            row = rows.get(key)
            if row is None:
                new = Attribute(
                    document_uuid=document, key=key, value=value, updated_at=stamp, updated_by=me
                )
                s.add(new)
                s.flush()
                report.added.setdefault("attribute", []).append(new.uuid)
            elif row.value != value or row.deleted:
                report.changed.setdefault("attribute", {})[row.uuid] = (
                    {"value": row.value, "deleted": row.deleted},
                    {"value": value, "deleted": False},
                )
                row.value, row.deleted = value, False
                row.updated_at, row.updated_by = stamp, me
            else:
                continue
            report.attributes_set += 1
