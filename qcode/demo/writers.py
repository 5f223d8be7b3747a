"""Writing demo transcripts as .docx, .odt, .pdf and .txt, with the source's label style."""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from qcode.demo.corpus import Source
from qcode.demo.talk import Turn


@dataclass(frozen=True)
class Para:
    """A paragraph as typed by the transcriber: an optional label, then the words."""

    label: str
    text: str
    bold: bool = False
    own_line: bool = False  # the label stands on its own line (Teams/Otter style)
    heading: bool = False


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def paragraphs(source: Source, turns: list[Turn]) -> list[Para]:
    """The header lines and one paragraph per turn, labelled in the source's style."""
    out = [
        Para("", source.stem, heading=True),
        Para("", f"Date of interview: {source.day.day} {source.day:%B %Y}"),
        Para("", f"Inspection staff: {source.interviewer}"),
        Para("", "Transcribed from the audio recording. Names of third parties removed."),
    ]
    elapsed = 0.0
    bold = source.style == "colon_bold"
    for turn in turns:
        name = source.labels.get(turn.role, turn.role)
        style = source.style
        if style in ("colon", "colon_bold", "qa"):
            out.append(Para(f"{name}:", turn.text, bold=bold))
        elif style == "bracket":
            out.append(Para(f"[{name}]", turn.text))
        elif style == "teams":
            out.append(Para(f"{name} {_clock(elapsed)}", turn.text, own_line=True))
        elif style == "paren":
            out.append(Para(f"{name} ({_clock(elapsed)}):", turn.text))
        else:  # table
            out.append(Para(name, turn.text))
        elapsed += len(turn.text.split()) / 2.5 + 2
    out.append(Para("", "[End of recording]"))
    return out


def _member(name: str, stored: bool = False) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same seed writes byte-identical packages."""
    info = zipfile.ZipInfo(name, date_time=(2023, 12, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


# --- Word -------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@lru_cache(maxsize=1)
def _docx_template() -> tuple[dict[str, bytes], str, str]:
    """python-docx's default document with a header and footer: its parts, and document.xml
    split around the body content (so each transcript only writes its paragraphs)."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL – SENSITIVE"
    section.footer.paragraphs[0].text = "Inspection transcript – not for circulation"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts.pop("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("<w:body>")
    sect = rest[rest.index("<w:sectPr") :]
    return parts, head + "<w:body>", sect


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _docx_paragraph(para: Para, colon_outside: bool) -> str:
    if para.heading:
        return f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r>{_t(para.text)}</w:r></w:p>'
    if not para.label:
        return f"<w:p><w:r>{_t(para.text)}</w:r></w:p>"
    if para.own_line:
        return f"<w:p><w:r>{_t(para.label)}</w:r></w:p><w:p><w:r>{_t(para.text)}</w:r></w:p>"
    if para.bold:
        label, rest = para.label, " " + para.text
        if colon_outside and label.endswith(":"):
            label, rest = label[:-1], ": " + para.text
        return f"<w:p><w:r><w:rPr><w:b/></w:rPr>{_t(label)}</w:r><w:r>{_t(rest)}</w:r></w:p>"
    return f"<w:p><w:r>{_t(para.label + ' ' + para.text)}</w:r></w:p>"


def _docx_cell(text: str, width: int) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f"<w:p><w:r>{_t(text)}</w:r></w:p></w:tc>"
    )


def write_docx(path: Path, paras: list[Para], table: bool, rng: random.Random) -> None:
    parts, head, tail = _docx_template()
    colon_outside = rng.random() < 0.3
    body: list[str] = []
    rows: list[str] = []
    for para in paras:
        if table and para.label:
            rows.append(f"<w:tr>{_docx_cell(para.label, 2000)}{_docx_cell(para.text, 7000)}</w:tr>")
            continue
        if rows:
            body.append(_docx_table(rows))
            rows = []
        body.append(_docx_paragraph(para, colon_outside))
    if rows:
        body.append(_docx_table(rows))
    xml = head + "".join(body) + tail
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*parts.items(), ("word/document.xml", xml.encode("utf-8"))]:
            archive.writestr(_member(name), data)


def _docx_table(rows: list[str]) -> str:
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '</w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="7000"/></w:tblGrid>'
        + "".join(rows)
        + "</w:tbl>"
    )


# --- OpenDocument -----------------------------------------------------------------------------
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_odt(path: Path, paras: list[Para]) -> None:
    body: list[str] = []
    for para in paras:
        if para.heading:
            body.append(f'<text:h text:outline-level="1">{escape(para.text)}</text:h>')
        elif para.own_line:
            body.append(
                f"<text:p>{escape(para.label)}</text:p><text:p>{escape(para.text)}</text:p>"
            )
        elif para.label:
            body.append(
                f'<text:p><text:span text:style-name="T1">{escape(para.label)}</text:span> '
                f"{escape(para.text)}</text:p>"
            )
        else:
            body.append(f"<text:p>{escape(para.text)}</text:p>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODF_NS}>'
        '<office:automatic-styles><style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_ODF_NS}>'
        "<office:styles/></office:document-styles>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            _member("mimetype", stored=True), "application/vnd.oasis.opendocument.text"
        )
        archive.writestr(_member("META-INF/manifest.xml"), _MANIFEST)
        archive.writestr(_member("content.xml"), content)
        archive.writestr(_member("styles.xml"), styles)


# --- PDF --------------------------------------------------------------------------------------
def write_pdf(path: Path, paras: list[Para], title: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.drawString(280, 20, f"Page {doc.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    story = []
    for para in paras:
        if para.heading:
            story.append(Paragraph(escape(para.text), styles["Heading1"]))
        elif para.own_line:
            story.append(Paragraph(escape(para.label), styles["Normal"]))
            story.append(Paragraph(escape(para.text), styles["Normal"]))
        elif para.label:
            story.append(
                Paragraph(f"<b>{escape(para.label)}</b> {escape(para.text)}", styles["Normal"])
            )
        else:
            story.append(Paragraph(escape(para.text), styles["Normal"]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# --- plain text -------------------------------------------------------------------------------
def write_txt(path: Path, paras: list[Para], rng: random.Random) -> None:
    encoding = rng.choice(("utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"))
    newline = rng.choice(("\n", "\r\n"))
    gap = rng.choice(("\n", "\n\n"))
    chunks = []
    for para in paras:
        if para.own_line:
            chunks.append(f"{para.label}\n{para.text}")
        elif para.label:
            chunks.append(f"{para.label} {para.text}")
        else:
            chunks.append(para.text)
    text = gap.join(chunks) + "\n"
    path.write_bytes(text.replace("\n", newline).encode(encoding))


def write_source(folder: Path, source: Source, turns: list[Turn]) -> Path:
    """Write one transcript in its format; returns the file's path."""
    rng = random.Random(source.seed + ":format")
    paras = paragraphs(source, turns)
    path = folder / source.folder / source.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    if source.fmt == "docx":
        write_docx(path, paras, source.style == "table", rng)
    elif source.fmt == "odt":
        write_odt(path, paras)
    elif source.fmt == "pdf":
        write_pdf(path, paras, source.stem)
    else:
        write_txt(path, paras, rng)
    return path
