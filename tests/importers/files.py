"""Writers of small real files of every format, for the importer tests."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

# Every generated file is byte-identical from run to run (hypothesis replays a failing example
# by regenerating its seed file, and refuses a seed that changed): zip members carry this time,
# documents carry this date.
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

ODF_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
    "{styles}<office:body><office:text>{body}</office:text></office:body>"
    "</office:document-content>"
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>{extra}</manifest:manifest>'
)


def write_docx(path: Path) -> Path:
    """A Word transcript: heading, bold labels (colon inside and after the bold run), a wrapped
    turn over two paragraphs, a speaker table, a header, a footer and a comment."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL SENSITIVE HEADER"
    section.footer.paragraphs[0].text = "FOOTER TEXT"
    document.add_heading("Interview 07 – Force C", 1)
    p = document.add_paragraph()
    p.add_run("Interviewer:").bold = True
    p.add_run(" How are equality impact assessments used?")
    p = document.add_paragraph()
    run = p.add_run("DS Khan")
    run.bold = True
    p.add_run(": Mostly after the decision.")
    comment = document.add_comment(p.runs[1], text="COMMENT TEXT", author="Ann")
    comment._comment_elm.set(qn("w:date"), "2024-01-01T00:00:00Z")
    document.add_paragraph("They are a box-ticking exercise.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Interviewer"
    table.cell(0, 1).text = "And the advisory group?"
    table.cell(1, 0).text = "DS Khan"
    table.cell(1, 1).text = "It has little influence."
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    document.save(str(path))
    return fix_zip_times(path)


def _member(name: str, compress: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def fix_zip_times(path: Path) -> Path:
    """Rewrite a zip archive in place with the same members in the same order, each stamped
    `FIXED_ZIP_TIME`, so a library that stamps the clock time still writes the same bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            archive.writestr(_member(info.filename, info.compress_type), data)
    return path


def write_odt(path: Path, body: str, manifest_extra: str = "", styles: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(_member("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(_member("META-INF/manifest.xml"), MANIFEST.format(extra=manifest_extra))
        archive.writestr(
            _member("content.xml", zipfile.ZIP_DEFLATED),
            ODF_CONTENT.format(body=body, styles=styles),
        )
    return path


def write_pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 16
    c.showPage()
    c.save()
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt(encrypt, algorithm="RC4-128")
        writer.write(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF with only a drawn picture and no text layer, as a scanner makes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for i in range(40):
        c.rect(50 + i * 5, 400, 3, 200, fill=1)
    c.showPage()
    c.save()
    return path


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(_member(name, zipfile.ZIP_DEFLATED), data)
    return path
