"""Broken, encrypted, empty, binary, oversized and hostile files: one clear line each."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qcode.errors import ImportRefusedError
from qcode.importers import base
from qcode.importers.registry import read_file
from tests.importers.files import (
    MANIFEST,
    write_docx,
    write_odt,
    write_pdf,
    write_scanned_pdf,
    write_zip,
)

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def _refused(path: Path, reason: str) -> None:
    with pytest.raises(ImportRefusedError) as info:
        read_file(path)
    message = str(info.value)
    assert message.startswith(f"{path.name}: "), message
    assert reason in message, message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["e.txt", "e.docx", "e.pdf", "e.odt", "e.rtf", "e.vtt"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    _refused(path, "empty")


def test_whitespace_only_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    _refused(path, "no text")


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(bytes(range(256)) * 20)
    _refused(path, "binary")


def test_misnamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "m.docx"
    path.write_text("just some text, not a zip", encoding="utf-8")
    _refused(path, "not a zip package")


def test_encrypted_or_old_word_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    _refused(path, "password-protected or an old binary")


def test_truncated_docx(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "g.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    _refused(path, "damaged")


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "z.docx", {"hello.txt": "hi"})
    _refused(path, "no main document part")


def test_zip_bomb(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (6 * 1024 * 1024)})
    _refused(path, "zip bomb")


def test_path_traversal_in_zip(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "trav.docx", {"word/document.xml": "<x/>", "../../evil.txt": "owned"}
    )
    _refused(path, "unsafe path")


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_refused(tmp_path: Path, xml: str) -> None:
    path = write_zip(tmp_path / "x.docx", {"word/document.xml": xml})
    _refused(path, "hostile XML")


def test_absurdly_deep_xml(tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    nested = "<w:sdt><w:sdtContent>" * 5000 + "</w:sdtContent></w:sdt>" * 5000
    xml = f'<w:document xmlns:w="{w}"><w:body>{nested}</w:body></w:document>'
    path = write_zip(tmp_path / "deep.docx", {"word/document.xml": xml})
    with pytest.raises(ImportRefusedError, match=r"^deep\.docx: "):
        read_file(path)


def test_malformed_xml(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "x.docx", {"word/document.xml": "<w:document><unclosed>"})
    _refused(path, "not well-formed XML")


def test_encrypted_odt(tmp_path: Path) -> None:
    extra = (
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>'
    )
    path = write_odt(tmp_path / "enc.odt", "<text:p>secret</text:p>", manifest_extra=extra)
    _refused(path, "password-protected")


def test_odt_zip_with_encrypted_member(tmp_path: Path) -> None:
    path = tmp_path / "flag.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", b"garbage")
        archive.writestr("META-INF/manifest.xml", MANIFEST.format(extra=""))
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + flag_at] |= 0x1  # the "encrypted" bit of the first member's headers
    path.write_bytes(bytes(data))
    _refused(path, "encrypted")


def test_pdf_with_password(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", ["Interviewer: secret"], encrypt="s3cret")
    _refused(path, "password-protected")


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    _refused(write_scanned_pdf(tmp_path / "scan.pdf"), "no text layer")


def test_garbage_pdf(tmp_path: Path) -> None:
    path = tmp_path / "g.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x93garbage" * 500)
    _refused(path, "PDF")


def test_not_rtf(tmp_path: Path) -> None:
    path = tmp_path / "n.rtf"
    path.write_text("plain words", encoding="utf-8")
    _refused(path, "not an RTF file")


def test_deeply_nested_rtf(tmp_path: Path) -> None:
    path = tmp_path / "deep.rtf"
    path.write_bytes(b"{\\rtf1 " + b"{" * 5000 + b"x" + b"}" * 5001)
    _refused(path, "nests groups")


def test_vtt_without_header(tmp_path: Path) -> None:
    path = tmp_path / "s.vtt"
    path.write_text("00:00:01.000 --> 00:00:02.000\nhello\n", encoding="utf-8")
    _refused(path, "WEBVTT")


def test_srt_without_cues(tmp_path: Path) -> None:
    path = tmp_path / "s.srt"
    path.write_text("no cues here at all\n", encoding="utf-8")
    _refused(path, "no subtitle cues")


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "movie.mp4"
    path.write_bytes(b"whatever")
    _refused(path, "unsupported file type")


def test_old_word_format_gets_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    _refused(path, "save it as .docx")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "gone.txt", "not found")


def test_oversized_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 500, encoding="utf-8")
    _refused(path, "too much text")


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.docx"
    path.write_bytes(b"PK" + b"\0" * 200)
    with pytest.raises(ImportRefusedError, match="too large"):
        base.read_bytes(path)
