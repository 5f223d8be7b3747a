"""Synthetic .qdpx archives for the REFI-QDA tests (plain, hostile and sparse)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from sqlalchemy import select

from qcode.codebook.tree import code_infos
from qcode.store import Coder, Coding, Document, Project

NS = "urn:QDA-XML:project:1.0"
DOC = "11111111-2222-4333-8444-555555555555"
CODE = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
USER = "99999999-8888-4777-8666-555555555555"


def selection(n: int, start: int, end: int, name: str = "", modified: str = "2024-05-01") -> str:
    guid = f"{n:08d}-0000-4000-8000-000000000000"
    coding = f"{n:08d}-1111-4111-8111-111111111111"
    return (
        f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z" '
        f'modifiedDateTime="{modified}T10:00:00Z">'
        f'<Coding guid="{coding}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding>'
        "</PlainTextSelection>"
    )


def project_xml(selections: str, *, path: str = f"internal://{DOC}.txt", extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="Synthetic" '
        f'origin="Test"><Users><User guid="{USER}" name="Bea"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Theme" isCodable="true" color="#336699"/>'
        f'</Codes></CodeBook><Sources><TextSource guid="{DOC}" name="Interview A" '
        f'plainTextPath="{path}">{selections}</TextSource>{extra}</Sources></Project>'
    )


def write_qdpx(path: Path, qde: str | bytes, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode() if isinstance(qde, str) else qde)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def sparse_zip(path: Path, members: dict[str, bytes], big: str, big_size: int) -> Path:
    """A zip whose member `big` (stored, `big_size` zero bytes) is a hole in a sparse file:
    written in milliseconds, and any attempt to read it would take seconds and gigabytes."""
    entries: list[tuple[str, int, int, int]] = []  # name, crc, size, offset
    with path.open("wb") as f:
        for name, data in members.items():
            offset = f.tell()
            crc = zlib.crc32(data)
            f.write(_local(name, crc, len(data)) + data)
            entries.append((name, crc, len(data), offset))
        offset = f.tell()
        f.write(_local(big, 0, big_size))
        f.seek(big_size, 1)
        entries.append((big, 0, big_size, offset))
        start = f.tell()
        for name, crc, size, where in entries:
            raw = name.encode()
            f.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    0,
                    0,
                    0x21,
                    crc,
                    size,
                    size,
                    len(raw),
                    0,
                    0,
                    0,
                    0,
                    0o644 << 16,
                    where,
                )
                + raw
            )
        size = f.tell() - start
        f.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), size, start, 0)
        )
    return path


def _local(name: str, crc: int, size: int) -> bytes:
    raw = name.encode()
    return (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, size, size, len(raw), 0)
        + raw
    )


def coded(project: Project) -> list[tuple[str, str, str, int, int, str]]:
    """Every live coding as (document, code path, passage, start, end, coder), sorted."""
    with project.read() as s:
        paths = {c.uuid: c.path for c in code_infos(s)}
        coders = {c.uuid: c.name for c in s.scalars(select(Coder))}
        rows = s.execute(
            select(Coding, Document)
            .join(Document, Coding.document_uuid == Document.uuid)
            .where(Coding.deleted.is_(False))
        ).all()
        return sorted(
            (
                d.name,
                paths.get(c.code_uuid, "?"),
                d.text[c.start : c.end],
                c.start,
                c.end,
                coders.get(c.coder_uuid, "?"),
            )
            for c, d in rows
        )
