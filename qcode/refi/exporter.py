"""Export a qcode project as a REFI-QDA 1.0 project (.qdpx) in code points, XSD-valid."""

from __future__ import annotations

import os
import uuid as uuidlib
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode import __version__
from qcode.codebook.description import encode
from qcode.codebook.gather import session_codebook
from qcode.errors import NotFoundError, QcodeError
from qcode.export.atomic import create_partial
from qcode.export.matching import Matcher
from qcode.export.pseudonyms import Pseudonymiser, pseudonymiser
from qcode.ids import as_received
from qcode.store import Attribute, Code, Coder, Coding, Document, Memo, Project
from qcode.store.models import ProjectRow

NS = "urn:QDA-XML:project:1.0"
_GUIDS = uuidlib.UUID("3a7d5e0c-1b2f-4e8a-9c61-5d4f2a7b9e03")
#: A fixed timestamp for zip members so that the same project gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
#: Characters of a coded passage written into its selection's `name`.
NAME_CHARS = 200


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    documents: int
    codes: int
    codings: int
    coders: int
    memos: int
    variables: int

    def describe(self) -> str:
        return (
            f"wrote {self.path}: {self.documents} document(s), {self.codes} code(s), "
            f"{self.codings} coding(s), {self.coders} coder(s), {self.memos} memo(s), "
            f"{self.variables} variable(s)"
        )


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _stamp(value: datetime | None) -> str:
    if value is None:
        return "2020-01-01T00:00:00Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def _derived(kind: str, key: str) -> str:
    return str(uuidlib.uuid5(_GUIDS, f"{kind}:{key}"))


class _Rewriter:
    """Text with pseudonyms applied, and our positions mapped into it."""

    def __init__(self, pseudo: Pseudonymiser | None) -> None:
        self.pseudo = pseudo
        self.matcher = Matcher([(t.term, t.whole_word) for t in pseudo.terms]) if pseudo else None

    def text(self, text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
        """The new text and its replaced stretches as (old start, old end, new start, new end)."""
        if self.pseudo is None or self.matcher is None or not self.pseudo:
            return text, []
        out: list[str] = []
        pieces: list[tuple[int, int, int, int]] = []
        pos = 0
        size = 0
        for hit in self.matcher.hits(text):
            out.append(text[pos : hit.start])
            size += hit.start - pos
            replacement = self.pseudo.terms[hit.index].replacement
            pieces.append((hit.start, hit.end, size, size + len(replacement)))
            out.append(replacement)
            size += len(replacement)
            pos = hit.end
        out.append(text[pos:])
        return "".join(out), pieces

    @staticmethod
    def move(pieces: list[tuple[int, int, int, int]], pos: int, *, end: bool) -> int:
        shift = 0
        for old_start, old_end, new_start, new_end in pieces:
            if pos <= old_start:
                break
            if pos < old_end:  # inside a replaced term: take all of it
                return new_end if end else new_start
            shift = new_end - old_end
        return pos + shift

    def plain(self, text: str) -> str:
        return self.text(text)[0]


def export_qdpx(
    project: Project,
    out: Path,
    *,
    coder_only: str | None = None,
    pseudonyms: bool = False,
) -> ExportReport:
    """Write the whole project as a .qdpx (valid against REFI-QDA 1.0 Project.xsd)."""
    out = Path(out)
    if out.suffix.lower() != ".qdpx":
        raise QcodeError(f"{out}: a REFI-QDA project file ends in .qdpx")
    if not out.parent.is_dir():
        raise QcodeError(f"{out}: folder {out.parent} does not exist")
    rewriter = _Rewriter(pseudonymiser(project) if pseudonyms else None)
    with project.read() as s:
        xml, sources, report = _build(s, project, rewriter, coder_only)
    report.path = out
    partial = create_partial(out)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            _member(archive, "project.qde", xml)
            for name, data in sources:
                _member(archive, f"sources/{name}", data)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report


def _member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _build(
    s: Session, project: Project, rw: _Rewriter, coder_only: str | None
) -> tuple[bytes, list[tuple[str, bytes]], ExportReport]:
    coders = [c for c in s.scalars(select(Coder).where(Coder.deleted.is_(False)))]
    coders.sort(key=lambda c: (c.name.casefold(), c.uuid))
    if coder_only is not None:
        chosen = [c for c in coders if c.name.casefold() == coder_only.strip().casefold()]
        if not chosen:
            names = ", ".join(c.name for c in coders)
            raise NotFoundError(f"no coder named {coder_only!r} in this project (coders: {names})")
        coders = chosen
    keep = {c.uuid for c in coders}
    user_guid = {
        uuid: as_received(uuid, written)
        for uuid, written in s.execute(select(Coder.uuid, Coder.source_guid))
    }

    def user(uuid: str) -> str:
        return user_guid.get(uuid, uuid)

    row = s.scalars(select(ProjectRow)).first()
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", row.name if row else project.path.stem)
    root.set("origin", f"qcode {__version__}")
    if row is not None:
        root.set("creationDateTime", _stamp(row.created_at))
    if coders:
        users = _el(root, "Users")
        for coder in coders:
            _el(users, "User", guid=user(coder.uuid), name=coder.name)
    memos = [
        m
        for m in s.scalars(select(Memo).where(Memo.deleted.is_(False)))
        if coder_only is None or m.coder_uuid in keep
    ]
    memos.sort(key=lambda m: (m.created_at, m.uuid))
    note_guid = {m.uuid: as_received(m.uuid, m.source_guid) for m in memos}
    notes_for: dict[tuple[str, str], list[str]] = {}
    for memo in memos:
        notes_for.setdefault((memo.target_kind, memo.target_uuid), []).append(memo.uuid)

    book = session_codebook(s)
    code_guid: dict[str, str] = {}
    coloured: set[str] = set()
    for uuid, written, given in s.execute(select(Code.uuid, Code.source_guid, Code.colour_given)):
        code_guid[uuid] = as_received(uuid, written)
        if given:
            coloured.add(uuid)
    code_elements: dict[tuple[str, ...], etree._Element] = {}
    if book.entries:
        codes = _el(_el(root, "CodeBook"), "Codes")
        for entry in book.entries:
            parent = code_elements.get(entry.path[:-1], codes)
            uuid = entry.uuid or ""
            element = _el(
                parent,
                "Code",
                guid=code_guid.get(uuid, uuid),
                name=entry.path[-1].replace("\u2215", "/"),
            )
            element.set("isCodable", "false" if entry.codable is False else "true")
            if entry.colour and uuid in coloured:  # never a colour the source did not give
                element.set("color", entry.colour)
            description = encode(entry.fields())
            if description:
                _el(element, "Description").text = description
            for note in notes_for.get(("code", uuid), []):
                _el(element, "NoteRef", targetGUID=note_guid[note])
            code_elements[entry.path] = element
    live_codes = {e.uuid for e in book.entries if e.uuid}

    documents = list(
        s.scalars(select(Document).where(Document.deleted.is_(False)).order_by(Document.name))
    )
    attributes: dict[str, dict[str, str]] = {}
    for attr in s.scalars(select(Attribute).where(Attribute.deleted.is_(False))):
        attributes.setdefault(attr.document_uuid, {})[attr.key] = attr.value
    keys = sorted({k for values in attributes.values() for k in values})
    variables = {key: _derived("variable", key) for key in keys}
    if keys:
        group = _el(root, "Variables")
        for key in keys:
            _el(group, "Variable", guid=variables[key], name=key, typeOfVariable="Text")
        cases = _el(root, "Cases")
        for doc in documents:
            values = attributes.get(doc.uuid)
            if not values:
                continue
            case = _el(cases, "Case", guid=_derived("case", doc.uuid), name=rw.plain(doc.name))
            for key in sorted(values):
                value = _el(case, "VariableValue")
                _el(value, "VariableRef", targetGUID=variables[key])
                _el(value, "TextValue").text = rw.plain(values[key])
            _el(case, "SourceRef", targetGUID=as_received(doc.uuid, doc.source_guid))

    codings_by_doc: dict[str, list[Coding]] = {}
    for coding in s.scalars(select(Coding).where(Coding.deleted.is_(False))):
        if coding.code_uuid in live_codes and (coder_only is None or coding.coder_uuid in keep):
            codings_by_doc.setdefault(coding.document_uuid, []).append(coding)
    written_codings = 0
    sources: list[tuple[str, bytes]] = []
    if documents:
        group = _el(root, "Sources")
        for doc in documents:
            text, pieces = rw.text(doc.text)
            member = f"{doc.uuid}.txt"
            sources.append((member, text.encode("utf-8")))
            source = _el(
                group,
                "TextSource",
                guid=as_received(doc.uuid, doc.source_guid),
                name=rw.plain(doc.name),
                plainTextPath=f"internal://{member}",
                creationDateTime=_stamp(doc.imported_at),
            )
            if doc.updated_by in keep:
                source.set("creatingUser", user(doc.updated_by))
            if doc.memo:
                _el(source, "Description").text = rw.plain(doc.memo)
            rows = sorted(codings_by_doc.get(doc.uuid, []), key=lambda c: (c.start, c.end, c.uuid))
            for coding in rows:
                start = rw.move(pieces, coding.start, end=False)
                end = rw.move(pieces, coding.end, end=True)
                passage = text[start:end]
                name = passage if len(passage) <= NAME_CHARS else passage[:NAME_CHARS] + "…"
                sel = _el(
                    source,
                    "PlainTextSelection",
                    guid=_derived("selection", coding.uuid),
                    name=" ".join(name.split()),
                    startPosition=str(start),
                    endPosition=str(end),
                    creatingUser=user(coding.coder_uuid),
                    creationDateTime=_stamp(coding.created_at),
                    modifiedDateTime=_stamp(coding.updated_at),
                )
                if coding.memo:
                    _el(sel, "Description").text = rw.plain(coding.memo)
                tag = _el(
                    sel,
                    "Coding",
                    guid=as_received(coding.uuid, coding.source_guid),
                    creatingUser=user(coding.coder_uuid),
                    creationDateTime=_stamp(coding.created_at),
                )
                _el(tag, "CodeRef", targetGUID=code_guid.get(coding.code_uuid, coding.code_uuid))
                for note in notes_for.get(("coding", coding.uuid), []):
                    _el(tag, "NoteRef", targetGUID=note_guid[note])
                written_codings += 1
            for note in notes_for.get(("document", doc.uuid), []):
                _el(source, "NoteRef", targetGUID=note_guid[note])
    targets: dict[str, set[str]] = {
        "project": {row.uuid} if row else set(),
        "document": {d.uuid for d in documents},
        "code": live_codes,
        "coding": {c.uuid for rows in codings_by_doc.values() for c in rows},
    }
    kept = [m for m in memos if m.target_uuid in targets.get(m.target_kind, set())]
    if kept:
        group = _el(root, "Notes")
        for memo in kept:
            note = _el(group, "Note", guid=note_guid[memo.uuid])
            if memo.title:
                note.set("name", rw.plain(memo.title))
            if memo.coder_uuid in keep:
                note.set("creatingUser", user(memo.coder_uuid or ""))
            note.set("creationDateTime", _stamp(memo.created_at))
            _el(note, "PlainTextContent").text = rw.plain(memo.text)
    if row is not None:
        if row.memo:
            _el(root, "Description").text = rw.plain(row.memo)
        for note in notes_for.get(("project", row.uuid), []):
            if any(m.uuid == note for m in kept):
                _el(root, "NoteRef", targetGUID=note_guid[note])
    body: bytes = etree.tostring(root, encoding="utf-8", pretty_print=True)
    xml = b'<?xml version="1.0" encoding="utf-8"?>\n' + body
    report = ExportReport(
        Path(),
        len(documents),
        len(book.entries),
        written_codings,
        len(coders),
        len(kept),
        len(keys),
    )
    return xml, sources, report
