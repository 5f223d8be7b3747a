"""Reading untrusted codebook files safely (size limits, XML without entities, zip members)
and writing results atomically."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from qcode.errors import ImportRefusedError

#: A codebook is a few hundred kilobytes; refuse anything far beyond that.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200


class CodebookFileError(ImportRefusedError):
    """A codebook or terms-of-reference file that cannot be read; names the file and reason."""


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path`, refusing missing, empty, folder and oversized files."""
    limit = MAX_XML_BYTES if limit is None else limit
    if not path.exists():
        raise CodebookFileError(f"{path}: no such file")
    if path.is_dir():
        raise CodebookFileError(f"{path}: is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise CodebookFileError(f"{path}: the file is empty")
    if size > limit:
        raise CodebookFileError(
            f"{path}: {size:,} bytes is too large for a codebook (limit {limit:,})"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CodebookFileError(f"{path}: cannot be read ({exc.strerror})") from exc


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse XML with no DTD, no entity expansion and no network; errors give line and reason."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        raise CodebookFileError(f"{name}: not well-formed XML ({line}{exc.msg})") from exc
    except ValueError as exc:
        raise CodebookFileError(f"{name}: not XML ({exc})") from exc
    if root is None:
        raise CodebookFileError(f"{name}: no XML content")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise CodebookFileError(
            f"{name}: declares a DTD (<!DOCTYPE …>) and possibly entities; "
            "codebooks never need one, so it is refused for safety"
        )
    for node in root.iter(etree.Entity):
        raise CodebookFileError(
            f"{name}: line {node.sourceline}: uses the entity {node.text!s}; refused for safety"
        )
    return root


def zip_member(path: Path, wanted: list[str], limit: int | None = None) -> tuple[str, bytes]:
    """The first member of the zip at `path` named (case-insensitively) like one of `wanted`."""
    limit = MAX_XML_BYTES if limit is None else limit
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CodebookFileError(f"{path}: not a valid zip archive ({exc})") from exc
    with archive:
        infos = {info.filename.casefold(): info for info in archive.infolist()}
        info = next((infos[w.casefold()] for w in wanted if w.casefold() in infos), None)
        if info is None:  # ATLAS.ti names the .qde after the project
            suffixes = {Path(w).suffix.casefold() for w in wanted}
            info = next(
                (i for n, i in infos.items() if "/" not in n and Path(n).suffix in suffixes),
                None,
            )
        if info is None:
            raise CodebookFileError(f"{path}: has no {' or '.join(wanted)} inside")
        if info.flag_bits & 0x1:
            raise CodebookFileError(f"{path}: {info.filename} is encrypted")
        if info.file_size > limit or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO
        ):
            raise CodebookFileError(
                f"{path}: {info.filename} would unpack to {info.file_size:,} bytes; refused"
            )
        try:
            with archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise CodebookFileError(f"{path}: {info.filename} is damaged ({exc})") from exc
        if len(data) > limit:
            raise CodebookFileError(f"{path}: {info.filename} is too large; refused")
        return info.filename, data


def check_zip(path: Path, limit: int = 256 * 1024 * 1024) -> None:
    """Refuse a zip-based file (docx, xlsx) that is damaged, encrypted or a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                if info.flag_bits & 0x1:
                    raise CodebookFileError(f"{path}: is encrypted or password-protected")
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO * 5:
                    raise CodebookFileError(f"{path}: {info.filename} is a zip bomb; refused")
            if total > limit:
                raise CodebookFileError(f"{path}: would unpack to {total:,} bytes; refused")
    except zipfile.BadZipFile as exc:
        raise CodebookFileError(
            f"{path}: is not a valid {path.suffix} file (damaged, or another format renamed)"
        ) from exc
    except OSError as exc:
        raise CodebookFileError(f"{path}: cannot be read ({exc.strerror})") from exc


def _default_mode() -> int:
    """0o666 less the process umask (what `open()` would have given a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    if not path.parent.is_dir():
        raise CodebookFileError(f"{path}: folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
