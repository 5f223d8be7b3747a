"""The parts of a REFI-QDA project.qde that qcode keeps, read from its (untrusted) XML."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from qcode.clock import now
from qcode.codebook.model import Codebook, canonical_uuid
from qcode.codebook.qdc import parse_codebook
from qcode.codebook.safeio import parse_xml
from qcode.ids import as_received
from qcode.integrity.values import CLOCK_SKEW, EPOCH
from qcode.refi.archive import QdpxError

#: Selections of sources qcode cannot hold (listed as not imported).
NON_TEXT = {
    "PDFSelection": "PDF",
    "PictureSelection": "image",
    "AudioSelection": "audio",
    "VideoSelection": "video",
    "TranscriptSelection": "transcript",
}
NON_TEXT_SOURCES = {
    "PDFSource": "PDF",
    "PictureSource": "image",
    "AudioSource": "audio",
    "VideoSource": "video",
}


@dataclass
class RefiCoding:
    """A `<Coding>` of a selection: the code it applies, by whom and when."""

    guid: str
    code_guid: str
    user: str | None
    created: datetime | None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    """A `<PlainTextSelection>`: positions as the vendor counted them, and its codings."""

    guid: str
    start: int
    end: int
    name: str
    user: str | None
    created: datetime | None
    modified: datetime | None
    description: str = ""
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class RefiSource:
    """A `<TextSource>` with where its text lives in the archive."""

    guid: str
    name: str
    plain_path: str
    rich_path: str
    inline_text: str | None
    description: str
    selections: list[RefiSelection] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable name -> value


@dataclass
class RefiNote:
    """A `<Note>` (its text is inline or a plain-text member like a source's)."""

    guid: str
    name: str
    text: str
    plain_path: str
    user: str | None
    created: datetime | None


@dataclass
class RefiCase:
    """A `<Case>`: its variable values apply to the sources it names."""

    name: str
    values: dict[str, str]
    sources: list[str]


@dataclass
class RefiProject:
    """Everything qcode imports from a .qde, plus counts of what it leaves out."""

    name: str
    origin: str
    users: dict[str, str]
    codebook: Codebook
    sources: list[RefiSource]
    notes: dict[str, RefiNote]
    project_note_refs: list[str]
    code_note_refs: dict[str, list[str]]
    cases: list[RefiCase]
    document_sets: list[tuple[str, list[str]]]
    not_imported: Counter[str]
    warnings: list[str] = field(default_factory=list)
    #: Canonical GUID -> the GUID as the file wrote it, where that differs (case, braces).
    written_guids: dict[str, str] = field(default_factory=dict)


def written_guids(root: etree._Element) -> dict[str, str]:
    """Every `guid` attribute written otherwise than in our canonical lower-case form."""
    out: dict[str, str] = {}
    for element in root.iter():
        raw = (element.get("guid") or "").strip() if isinstance(element.tag, str) else ""
        canonical = _guid(raw)
        if canonical and as_received(canonical, raw) != canonical:
            out.setdefault(canonical, raw)
    return out


def local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def _text(element: etree._Element, name: str) -> str:
    found = children(element, name)
    return (found[0].text or "") if found else ""


def clean(value: str | None) -> str:
    """A name on one line, NFC (macOS tools write decomposed accents)."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _guid(value: str | None) -> str | None:
    return canonical_uuid(value)


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    when = parsed.astimezone(UTC).replace(tzinfo=None)
    # An implausible date (a future one would win every later merge, and the project would
    # fail its own check) is not believed: the import's own time stands in for it.
    return when if EPOCH <= when <= now() + CLOCK_SKEW else None


def _refs(element: etree._Element, name: str = "NoteRef") -> list[str]:
    out = []
    for ref in children(element, name):
        guid = _guid(ref.get("targetGUID"))
        if guid:
            out.append(guid)
    return out


def _value(element: etree._Element) -> tuple[str, str] | None:
    refs = _refs(element, "VariableRef")
    if not refs:
        return None
    for child in element:
        if local(child).endswith("Value") and child.text is not None:
            return refs[0], child.text.strip()
    return refs[0], ""


def _int(element: etree._Element, attr: str, where: str) -> int:
    raw = element.get(attr, "")
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise QdpxError(
            f"{where}: line {element.sourceline}: {attr}={raw!r} is not a number"
        ) from exc


def parse_project(data: bytes, name: str) -> RefiProject:
    """Read the .qde XML (no DTD, no entities) into a `RefiProject`."""
    root = parse_xml(data, name)
    namespace = etree.QName(root).namespace or ""
    if local(root) != "Project" or (namespace and not namespace.startswith("urn:QDA-XML:")):
        raise QdpxError(f"{name}: the root element is not a REFI-QDA <Project>")
    if children(root, "CodeBook"):
        book = parse_codebook(data, name)
    else:
        book = Codebook(origin=root.get("origin", ""))  # allowed: a project with no codes
    code_notes: dict[str, list[str]] = {}
    for code in root.iter("{*}Code"):
        guid = _guid(code.get("guid"))
        if guid and (refs := _refs(code)):
            code_notes[guid] = refs
    users = {}
    for users_el in children(root, "Users"):
        for user in children(users_el, "User"):
            guid = _guid(user.get("guid"))
            if guid:
                users[guid] = clean(user.get("name")) or f"user {guid[:8]}"
    variables: dict[str, str] = {}
    for group in children(root, "Variables"):
        for var in children(group, "Variable"):
            guid = _guid(var.get("guid"))
            if guid:
                variables[guid] = clean(var.get("name")) or "variable"
    not_imported: Counter[str] = Counter()
    warnings: list[str] = []
    sources: list[RefiSource] = []
    for group in children(root, "Sources"):
        for element in group:
            kind = local(element)
            if kind == "TextSource":
                sources.append(_source(element, name, variables, not_imported))
            elif kind in NON_TEXT_SOURCES:
                not_imported[f"{NON_TEXT_SOURCES[kind]} sources"] += 1
                for sub in element.iter():
                    if local(sub) in NON_TEXT:
                        not_imported[f"{NON_TEXT[local(sub)]} selections"] += 1
    notes: dict[str, RefiNote] = {}
    for group in children(root, "Notes"):
        for note in children(group, "Note"):
            guid = _guid(note.get("guid"))
            if guid:
                content = children(note, "PlainTextContent")
                notes[guid] = RefiNote(
                    guid,
                    clean(note.get("name")),
                    (content[0].text or "") if content else _text(note, "Description"),
                    "" if content else note.get("plainTextPath", ""),
                    _guid(note.get("creatingUser")),
                    _when(note.get("creationDateTime")),
                )
    cases: list[RefiCase] = []
    for group in children(root, "Cases"):
        for case in children(group, "Case"):
            values = {}
            for element in children(case, "VariableValue"):
                pair = _value(element)
                if pair and pair[0] in variables:
                    values[variables[pair[0]]] = pair[1]
            cases.append(RefiCase(clean(case.get("name")), values, _refs(case, "SourceRef")))
    sets: list[tuple[str, list[str]]] = []
    for group in children(root, "Sets"):
        for element in children(group, "Set"):
            members = _refs(element, "MemberSource")
            if members:
                sets.append((clean(element.get("name")) or "set", members))
    for tag in ("Links", "Graphs"):
        for group in children(root, tag):
            count = len(list(group))
            if count:
                not_imported[tag.lower()] += count
    return RefiProject(
        name=root.get("name", ""),
        origin=root.get("origin", ""),
        users=users,
        codebook=book,
        sources=sources,
        notes=notes,
        project_note_refs=_refs(root),
        code_note_refs=code_notes,
        cases=cases,
        document_sets=sets,
        not_imported=not_imported,
        warnings=warnings,
        written_guids=written_guids(root),
    )


def _source(
    element: etree._Element, name: str, variables: dict[str, str], skipped: Counter[str]
) -> RefiSource:
    content = children(element, "PlainTextContent")
    source = RefiSource(
        guid=_guid(element.get("guid")) or "",
        name=clean(element.get("name")),
        plain_path=element.get("plainTextPath", ""),
        rich_path=element.get("richTextPath", ""),
        inline_text=(content[0].text or "") if content else None,
        description=_text(element, "Description").strip(),
        note_refs=_refs(element),
    )
    for value in children(element, "VariableValue"):
        pair = _value(value)
        if pair and pair[0] in variables:
            source.values[variables[pair[0]]] = pair[1]
    if children(element, "Coding"):
        skipped["codings of whole sources"] += len(children(element, "Coding"))
    for sel in children(element, "PlainTextSelection"):
        guid = _guid(sel.get("guid"))
        if guid is None:
            skipped["selections without a valid GUID"] += 1
            continue
        selection = RefiSelection(
            guid=guid,
            start=_int(sel, "startPosition", name),
            end=_int(sel, "endPosition", name),
            name=sel.get("name", ""),
            user=_guid(sel.get("creatingUser")),
            created=_when(sel.get("creationDateTime")),
            modified=_when(sel.get("modifiedDateTime")),
            description=_text(sel, "Description").strip(),
            note_refs=_refs(sel),
            line=sel.sourceline or 0,
        )
        for coding in children(sel, "Coding"):
            refs = _refs(coding, "CodeRef")
            cguid = _guid(coding.get("guid"))
            if refs and cguid:
                selection.codings.append(
                    RefiCoding(
                        cguid,
                        refs[0],
                        _guid(coding.get("creatingUser")) or selection.user,
                        _when(coding.get("creationDateTime")) or selection.created,
                        _refs(coding),
                    )
                )
        source.selections.append(selection)
    return source
