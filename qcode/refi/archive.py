"""A .qdpx archive read as untrusted input: only the .qde and the sources it names, streamed."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from qcode.codebook.safeio import MAX_RATIO, CodebookFileError

#: The project XML may be large (thousands of selections) but never beyond this.
MAX_QDE_BYTES = 256 * 1024 * 1024
#: A text source (plain text or .docx) read from the archive.
MAX_SOURCE_BYTES = 200 * 1024 * 1024


class QdpxError(CodebookFileError):
    """A .qdpx that cannot be read safely; names the file and the reason."""


def _outside(name: str) -> bool:
    """A member name that would land outside a folder it was extracted to."""
    pure = PurePosixPath(name)
    return name.startswith("/") or ".." in pure.parts or (len(name) > 1 and name[1] == ":")


class Archive:
    """The members of a .qdpx by case-folded name; nothing is read until asked for."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise QdpxError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise QdpxError(f"{self.path}: is a folder, not a file")
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise QdpxError(f"{self.path}: not a valid zip archive ({exc})") from exc
        self.members: dict[str, zipfile.ZipInfo] = {}
        #: Members whose names point outside the archive (zip-slip), ignored.
        self.skipped: list[str] = []
        for info in self._zip.infolist():
            name = info.filename.replace("\\", "/")
            if _outside(name):
                self.skipped.append(info.filename)  # never used (and we never extract)
                continue
            self.members[name.casefold()] = info

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def qde_name(self) -> str:
        """The project XML: `project.qde`, else the one .qde at the top (ATLAS.ti names it)."""
        if "project.qde" in self.members:
            return self.members["project.qde"].filename
        named = f"{self.path.stem}.qde".casefold()
        if named in self.members:
            return self.members[named].filename
        top = [i for n, i in self.members.items() if "/" not in n and n.endswith(".qde")]
        if not top:
            raise QdpxError(f"{self.path}: has no project.qde inside; not a REFI-QDA project")
        return top[0].filename

    def find_source(self, reference: str) -> zipfile.ZipInfo | None:
        """The member a `plainTextPath`/`richTextPath` names (`internal://x` lives in sources/,
        matched case-insensitively); None for external paths or missing members."""
        ref = reference.strip().replace("\\", "/")
        if not ref.casefold().startswith("internal://"):
            if "://" in ref or ref.startswith("/"):
                return None
            name = ref
        else:
            name = ref[len("internal://") :]
        pure = PurePosixPath(name)
        if not pure.parts or ".." in pure.parts:
            return None
        for candidate in (f"sources/{name}", name):
            info = self.members.get(candidate.casefold())
            if info is not None:
                return info
        return None

    def read(self, info_or_name: zipfile.ZipInfo | str, limit: int) -> bytes:
        """One member's bytes, refusing encrypted, oversized and bomb-like members; streamed
        in chunks so that a lying header never makes us hold more than `limit`."""
        info = (
            self.members.get(info_or_name.casefold())
            if isinstance(info_or_name, str)
            else info_or_name
        )
        if info is None:
            raise QdpxError(f"{self.path}: has no member {info_or_name}")
        where = f"{self.path}: {info.filename}"
        if info.flag_bits & 0x1:
            raise QdpxError(f"{where} is encrypted")
        if info.file_size > limit:
            raise QdpxError(f"{where} would unpack to {info.file_size:,} bytes (limit {limit:,})")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise QdpxError(
                f"{where} is compressed {info.file_size // info.compress_size}:1, "
                "a zip bomb; refused"
            )
        chunks: list[bytes] = []
        total = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(1 << 20):
                    total += len(chunk)
                    if total > limit or total > info.file_size:
                        raise QdpxError(f"{where} unpacks to more than it declares; refused")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise QdpxError(f"{where} is damaged ({exc})") from exc
        return b"".join(chunks)
