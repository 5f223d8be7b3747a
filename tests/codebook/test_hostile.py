"""Hostile and broken codebook files are refused with the file, line and reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qcode.codebook import tree
from qcode.codebook.loader import load_codebook_file
from qcode.codebook.safeio import CodebookFileError
from qcode.errors import QcodeError
from qcode.store import Project

GOOD_CODE = '<Code guid="11111111-1111-4111-8111-111111111111" name="a" isCodable="true"/>'


def write(tmp_path: Path, body: str | bytes, name: str = "bad.qdc") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="&lol3;" isCodable="true"/>
</Codes></CodeBook>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="a" isCodable="true">
<Description>&secret;</Description></Code></Codes></CodeBook>"""
NETWORK_DTD = (
    """<?xml version="1.0"?>
<!DOCTYPE CodeBook SYSTEM "http://example.invalid/evil.dtd">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>"""
    + GOOD_CODE
    + "</Codes></CodeBook>"
)


@pytest.mark.parametrize("body", [LAUGHS, XXE, NETWORK_DTD], ids=["laughs", "xxe", "dtd"])
def test_entities_and_dtds_are_refused(project: Project, tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(CodebookFileError, match="refused for safety") as info:
        load_codebook_file(project, path)
    assert str(path) in str(info.value)
    assert "root:" not in str(info.value)
    assert tree.list_codes(project) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n<Code name="a">\n</Codes>',
            r"line \d+",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "not well-formed"),
        ("<Project><Sources/></Project>", "no <CodeBook>"),
        ("<html><body>hello</body></html>", "root element <html>"),
        ('<CodeBook xmlns="http://evil.example/ns"><Codes/></CodeBook>', "namespace"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "has no <Codes>"),
        (b"", "empty"),
    ],
    ids=["malformed", "binary", "no-codebook", "html", "namespace", "no-codes", "empty"],
)
def test_broken_files_are_refused_with_a_reason(
    project: Project, tmp_path: Path, body: str | bytes, reason: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(QcodeError, match=reason) as info:
        load_codebook_file(project, path)
    assert str(path) in str(info.value)


def test_malformed_file_names_the_line(project: Project, tmp_path: Path) -> None:
    body = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n' + GOOD_CODE + "\n<Code\n"
    with pytest.raises(CodebookFileError, match=r"line [45]"):
        load_codebook_file(project, write(tmp_path, body))


def test_huge_file_is_refused(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qcode.codebook.safeio.MAX_XML_BYTES", 1000)
    body = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + GOOD_CODE * 50
        + "</Codes></CodeBook>"
    )
    with pytest.raises(CodebookFileError, match="too large"):
        load_codebook_file(project, write(tmp_path, body))


def test_zip_bomb_and_fake_qdpx_are_refused(project: Project, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", b"<" + b" " * 20_000_000 + b">")
    with pytest.raises(CodebookFileError, match="refused"):
        load_codebook_file(project, bomb)
    fake = write(tmp_path, b"not a zip at all", "fake.qdpx")
    with pytest.raises(CodebookFileError, match="not a valid zip"):
        load_codebook_file(project, fake)
    traversal = tmp_path / "trav.qdpx"
    with zipfile.ZipFile(traversal, "w") as z:
        z.writestr("../project.qde", "<x/>")
    with pytest.raises(CodebookFileError, match=r"has no project\.qde"):
        load_codebook_file(project, traversal)


def test_a_failing_import_leaves_the_project_untouched(
    sample: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcode.codebook import apply

    before = tree.list_codes(sample)
    codes = "".join(
        f'<Code guid="{n}{n}{n}{n}{n}{n}{n}{n}-1111-4111-8111-111111111111" name="New {n}" '
        'isCodable="true"/>'
        for n in range(1, 4)
    )
    codes += '<Code guid="99999999-1111-4111-8111-111111111111" name="Equality Act" '
    codes += 'isCodable="true"><Description>changed</Description></Code>'
    body = f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'

    def boom(*_args: object) -> bool:
        raise QcodeError("disk full")

    monkeypatch.setattr(apply, "_update", boom)  # fails after the three new codes were added
    with pytest.raises(QcodeError, match="disk full"):
        load_codebook_file(sample, write(tmp_path, body))
    assert tree.list_codes(sample) == before


def _with_doctype(source: Path, target: Path, member: str, old: str, new: str) -> Path:
    """Copy a zip-based Office file, giving `member` a DTD that reads a local secret file."""
    secret = target.parent / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                text = data.decode("utf-8")
                if text.startswith("<?xml"):
                    text = text.split("?>", 1)[1]
                dtd = f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">]>'
                data = ('<?xml version="1.0"?>' + dtd + text.replace(old, new)).encode()
            zout.writestr(info, data)
    return target


def test_office_files_with_external_entities_leak_nothing(project: Project, tmp_path: Path) -> None:
    import docx
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Path", "Definition"])
    sheet.append(["A", "plain"])
    book.save(tmp_path / "ok.xlsx")
    evil = _with_doctype(
        tmp_path / "ok.xlsx", tmp_path / "evil.xlsx", "xl/worksheets/sheet1.xml", "", ""
    )
    with pytest.raises(CodebookFileError, match=r"evil\.xlsx"):
        load_codebook_file(project, evil)

    from qcode.codebook.tor import tor_items

    document = docx.Document()
    document.add_paragraph("Terms of reference")
    document.add_paragraph("PLACEHOLDER", style="List Bullet")
    document.save(str(tmp_path / "ok.docx"))
    evil_doc = _with_doctype(
        tmp_path / "ok.docx", tmp_path / "evil.docx", "word/document.xml", "PLACEHOLDER", "&secret;"
    )
    try:
        items = tor_items(evil_doc)
    except CodebookFileError:
        return  # refused outright: also safe
    assert all("TOPSECRET" not in text for _, text in items)
