"""REFI-QDA codebook exchange: read .qdc (and the codebook inside .qdpx/.qde), write .qdc."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from qcode import __version__
from qcode.codebook.description import decode, encode
from qcode.codebook.model import (
    Codebook,
    CodeEntry,
    CodeSet,
    canonical_uuid,
    clean_name,
)
from qcode.codebook.safeio import (
    CodebookFileError,
    parse_xml,
    read_limited,
    write_atomic,
)
from qcode.errors import QcodeError
from qcode.ids import as_received, new_uuid
from qcode.palette import normalise_colour
from qcode.store import Project

NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: ATLAS.ti writes hierarchies flattened into one name joined by this.
ATLAS_SEPARATOR = "::"
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _check_namespace(root: etree._Element, name: str) -> None:
    namespace = etree.QName(root).namespace or ""
    if namespace and not namespace.startswith("urn:QDA-XML:"):
        raise CodebookFileError(
            f"{name}: namespace {namespace!r} is not a REFI-QDA (urn:QDA-XML:…) namespace"
        )


# --- reading ---------------------------------------------------------------------------------
def read_qdc(path: Path) -> Codebook:
    """The codebook in a .qdc, or the one inside a REFI-QDA project (.qdpx, .qde)."""
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        from qcode.refi.archive import MAX_QDE_BYTES, Archive

        with Archive(path) as archive:  # only the .qde is read, never the whole archive
            member = archive.qde_name()
            data = archive.read(member, MAX_QDE_BYTES)
        if not data.strip():
            raise CodebookFileError(f"{path}: {member} is empty")
        return parse_codebook(data, f"{path} ({member})")
    return parse_codebook(read_limited(path), str(path))


def parse_codebook(data: bytes, name: str) -> Codebook:
    """Parse REFI-QDA XML whose root is `<CodeBook>` or `<Project>` (codebook 1.0, 1:0, 0:4)."""
    root = parse_xml(data, name)
    _check_namespace(root, name)
    book = Codebook(origin=root.get("origin", ""))
    if _local(root) == "Project":
        codebooks = _children(root, "CodeBook")
        if not codebooks:
            raise CodebookFileError(f"{name}: the project has no <CodeBook>")
        codebook = codebooks[0]
        sets_parent: etree._Element | None = root
    elif _local(root) == "CodeBook":
        codebook = root
        sets_parent = root
    else:
        raise CodebookFileError(
            f"{name}: line {root.sourceline}: root element <{_local(root)}> is not a REFI-QDA "
            "<CodeBook> or <Project>"
        )
    codes = _children(codebook, "Codes")
    if not codes:
        raise CodebookFileError(f"{name}: line {codebook.sourceline}: <CodeBook> has no <Codes>")
    seen: dict[str, str] = {}
    taken: set[tuple[str, ...]] = set()
    split = _flattened(codes[0], book.origin)
    for element in _children(codes[0], "Code"):
        _read_code(element, (), book, name, seen, taken, split)
    if sets_parent is not None:
        for sets in _children(sets_parent, "Sets"):
            for element in _children(sets, "Set"):
                _read_set(element, book, name, seen)
    return book


def _flattened(codes: etree._Element, origin: str) -> bool:
    """Whether `Parent::Child` names stand for a hierarchy: files from ATLAS.ti, or flat files
    from other tools (never qcode's own, where `::` is just part of a name)."""
    if "atlas" in origin.casefold():
        return True
    if origin.casefold().startswith("qcode"):
        return False
    return not any(_children(code, "Code") for code in _children(codes, "Code"))


def _read_code(
    element: etree._Element,
    parent: tuple[str, ...],
    book: Codebook,
    name: str,
    seen: dict[str, str],
    taken: set[tuple[str, ...]],
    split: bool,
) -> None:
    where = f"{name}: line {element.sourceline}"
    raw_name = element.get("name", "")
    pieces = raw_name.split(ATLAS_SEPARATOR) if split else [raw_name]
    parts = [clean_name(p) for p in pieces]
    parts = [p for p in parts if p] or ["(unnamed)"]
    if "/" in raw_name:
        book.warnings.append(f"{where}: '/' in the name {raw_name!r} shown as '∕'")
    if parts == ["(unnamed)"]:
        book.warnings.append(f"{where}: a code without a name was called '(unnamed)'")
    path = (*parent, *parts)
    if path in taken:
        n = 2
        while (*path[:-1], f"{path[-1]} ({n})") in taken:
            n += 1
        book.warnings.append(f"{where}: a second code named {'/'.join(path)!r}; kept as ({n})")
        path = (*path[:-1], f"{path[-1]} ({n})")
    taken.add(path)
    raw_guid = element.get("guid", "")
    guid = canonical_uuid(raw_guid)
    if guid is None or guid in seen:
        book.warnings.append(
            f"{where}: code {'/'.join(path)!r} has "
            + ("a repeated" if guid else "no valid")
            + " GUID; it was given a new one"
        )
        guid = new_uuid()
    seen[guid] = "/".join(path)
    colour: str | None = None
    if element.get("color"):
        try:
            colour = normalise_colour(element.get("color", ""))
        except QcodeError:
            book.warnings.append(f"{where}: colour {element.get('color')!r} ignored")
    codable_text = element.get("isCodable", "true").strip().lower()
    if codable_text not in _TRUE | _FALSE:
        book.warnings.append(f"{where}: isCodable={codable_text!r} read as true")
    descriptions = _children(element, "Description")
    fields = decode(descriptions[0].text or "") if descriptions else {}
    book.entries.append(
        CodeEntry(
            path=path,
            uuid=guid,
            colour=colour,
            codable=codable_text not in _FALSE,
            written_guid=raw_guid.strip() if as_received(guid, raw_guid.strip()) != guid else "",
            **{k: v for k, v in fields.items() if k in CodeEntry.__dataclass_fields__},
        )
    )
    for child in _children(element, "Code"):
        _read_code(child, path, book, name, seen, taken, split)


def _read_set(element: etree._Element, book: Codebook, name: str, seen: dict[str, str]) -> None:
    members: list[str] = []
    for member in _children(element, "MemberCode"):
        # The codebook schema says `guid`; project files write `targetGUID`.
        guid = canonical_uuid(member.get("guid") or member.get("targetGUID"))
        if guid in seen and guid not in members:
            members.append(guid)
    if not members and _children(element, "MemberSource"):
        return  # a set of documents, not of codes: not part of a codebook
    descriptions = _children(element, "Description")
    guid = canonical_uuid(element.get("guid")) or new_uuid()
    book.sets.append(
        CodeSet(
            uuid=guid,
            name=" ".join(element.get("name", "").split()) or "(unnamed set)",
            description=(descriptions[0].text or "").strip() if descriptions else "",
            members=members,
        )
    )


# --- writing ---------------------------------------------------------------------------------
def codebook_xml(book: Codebook) -> bytes:
    """The REFI-QDA codebook 1.0 XML for `book` (entries in tree order, parents first)."""
    root = etree.Element(f"{{{NAMESPACE}}}CodeBook", nsmap={None: NAMESPACE})
    root.set("origin", book.origin or f"qcode {__version__}")
    codes = etree.SubElement(root, f"{{{NAMESPACE}}}Codes")
    elements: dict[tuple[str, ...], etree._Element] = {}
    for entry in book.entries:
        parent = elements.get(entry.path[:-1], codes)
        element = etree.SubElement(parent, f"{{{NAMESPACE}}}Code")
        element.set("guid", entry.uuid or new_uuid())
        element.set("name", entry.path[-1].replace("\u2215", "/"))
        element.set("isCodable", "false" if entry.codable is False else "true")
        if entry.colour:
            element.set("color", entry.colour)
        text = encode(entry.fields())
        if text:
            description = etree.Element(f"{{{NAMESPACE}}}Description")
            description.text = text
            element.insert(0, description)
        elements[entry.path] = element
    if not book.entries:
        raise QcodeError("the codebook has no codes; REFI-QDA needs at least one to export")
    written = {e.uuid for e in book.entries}
    sets = [s for s in book.sets if s.name]
    if sets:
        sets_element = etree.SubElement(root, f"{{{NAMESPACE}}}Sets")
        for code_set in sets:
            element = etree.SubElement(sets_element, f"{{{NAMESPACE}}}Set")
            element.set("guid", code_set.uuid)
            element.set("name", code_set.name)
            if code_set.description:
                etree.SubElement(element, f"{{{NAMESPACE}}}Description").text = code_set.description
            for member in code_set.members:
                if member in written:
                    etree.SubElement(element, f"{{{NAMESPACE}}}MemberCode").set("guid", member)
    body: bytes = etree.tostring(root, encoding="utf-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def export_qdc(project: Project, path: Path) -> Path:
    """Write the project's codebook as a REFI-QDA .qdc (valid against Codebook.xsd), GUIDs
    and colours as they were received (see `exchange_codebook`)."""
    from qcode.codebook.gather import exchange_codebook

    return write_atomic(Path(path), codebook_xml(exchange_codebook(project)))
