"""Reading zip containers (.docx, .odt) and their XML safely: size, ratio and entity limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from qcode.importers.base import refuse

#: Largest uncompressed size of one XML part we parse.
MAX_PART_BYTES = 256 * 1024 * 1024
#: Largest compression ratio accepted for a big part (real Word XML compresses ~10-30x).
MAX_RATIO = 200
_RATIO_FLOOR = 4 * 1024 * 1024  # parts smaller than this may have any ratio

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_zip(path: Path, data: bytes, what: str) -> zipfile.ZipFile:
    """The zip archive in `data`, refusing encrypted Office files, old binary formats and junk."""
    if data.startswith(_OLE_MAGIC):
        raise refuse(
            path,
            f"is password-protected or an old binary Word/Office file, not a {what}; "
            "remove the password or save it again as a current file",
        )
    if not data.startswith(b"PK"):
        raise refuse(path, f"is not a {what} (not a zip package; is the file misnamed?)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(path, f"is a damaged {what} ({exc})") from exc
    for info in archive.infolist():
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise refuse(path, f"unsafe path {name!r} inside the package")
        if info.flag_bits & 0x1:
            raise refuse(path, "is encrypted (password-protected)")
    return archive


def read_part(path: Path, archive: zipfile.ZipFile, name: str, what: str) -> bytes:
    """One member of the archive, refusing missing, encrypted and bomb-like members."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise refuse(path, f"is not a valid {what} (no {name})") from exc
    if info.file_size > MAX_PART_BYTES:
        raise refuse(path, f"{name} is too large ({info.file_size / 1e6:.0f} MB uncompressed)")
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise refuse(path, f"{name} looks like a zip bomb (compression ratio too high)")
    try:
        with archive.open(info) as member:
            data = member.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
        raise refuse(path, f"is a damaged {what} ({name}: {exc})") from exc
    except Exception as exc:  # zlib.error and friends from a corrupt stream
        raise refuse(path, f"is a damaged {what} ({name}: {exc})") from exc
    if len(data) > MAX_PART_BYTES:
        raise refuse(path, f"{name} is larger than its header claims (refused as hostile)")
    return data


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # large transcripts; entity expansion is off, so no billion laughs
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(path: Path, data: bytes, part: str) -> etree._Element:
    """Parse XML with no DTD, no entity expansion and no network; refuse DOCTYPEs outright."""
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data[:65536]:
        raise refuse(path, f"{part} declares a DTD or entities (refused as hostile XML)")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc.msg).lower():
            raise refuse(path, f"{part} nests elements too deeply (refused as hostile)") from exc
        raise refuse(path, f"{part} is not well-formed XML ({exc.msg})") from exc
