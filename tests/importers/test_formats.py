"""Each format, written for real and read back: text, segments, speakers, offsets."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import docx
import pytest

from qcode.importers.registry import read_file, supported_extensions
from qcode.text import normalise
from tests.importers.files import write_docx, write_odt, write_pdf


def _turns(path: Path) -> list[tuple[str, str]]:
    parsed = read_file(path)
    assert normalise(parsed.text) == parsed.text
    for span in parsed.spans:
        assert 0 <= span.start < span.end <= len(parsed.text)
    return [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans]


def test_supported_extensions() -> None:
    exts = supported_extensions()
    for ext in (".docx", ".txt", ".odt", ".rtf", ".pdf", ".md", ".vtt", ".srt"):
        assert ext in exts


def test_docx_body_tables_bold_labels_no_header_footer_comment(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "i.docx")
    parsed = read_file(path)
    assert "HEADER" not in parsed.text
    assert "FOOTER" not in parsed.text
    assert "COMMENT" not in parsed.text
    assert _turns(path) == [
        ("", "Interview 07 – Force C"),
        ("Interviewer", "Interviewer: How are equality impact assessments used?"),
        ("DS Khan", "DS Khan: Mostly after the decision.\nThey are a box-ticking exercise."),
        ("Interviewer", "Interviewer\tAnd the advisory group?"),
        ("DS Khan", "DS Khan\tIt has little influence."),
    ]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_txt_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "Interviewer: Café culture – “quotes”?\r\nP1: Naïve, perhaps.\r\n"
    path = tmp_path / "t.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert _turns(path) == [
        ("Interviewer", "Interviewer: Café culture – “quotes”?"),
        ("P1", "P1: Naïve, perhaps."),
    ]


def test_txt_is_nfc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("Cafe\u0301 society  \n", encoding="utf-8")  # decomposed é, trailing spaces
    assert read_file(path).text == "Café society"


def test_odt_paragraphs_spaces_tabs_and_no_notes(tmp_path: Path) -> None:
    body = (
        "<text:h>Focus group 3</text:h>"
        "<text:p>Facilitator: What about <text:span>social media</text:span>?</text:p>"
        "<text:p>P2: We post<text:s text:c='2'/>less<text:tab/>now."
        "<text:note><text:note-body><text:p>NOTE TEXT</text:p></text:note-body></text:note>"
        "</text:p>"
        "<text:list><text:list-item><text:p>and more in a list</text:p>"
        "</text:list-item></text:list>"
    )
    path = write_odt(tmp_path / "f.odt", body)
    assert _turns(path) == [
        ("", "Focus group 3"),
        ("Facilitator", "Facilitator: What about social media?"),
        ("P2", "P2: We post  less\tnow.\nand more in a list"),
    ]


def test_rtf(tmp_path: Path) -> None:
    path = tmp_path / "r.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\f0 {\b Q:} Do you record NCHIs?\par"
        rb"{\b A:} Yes, caf\'e9 owners report them.\par}"
    )
    assert _turns(path) == [
        ("Q", "Q: Do you record NCHIs?"),
        ("A", "A: Yes, café owners report them."),
    ]


def test_pdf_text_layer_and_page_numbers_dropped(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "p.pdf",
        [
            "Interviewer: What training did you have?",
            "Officer 2: Online, mostly, and it was",
            "not much use.",
            "Page 1",
        ],
    )
    assert _turns(path) == [
        ("Interviewer", "Interviewer: What training did you have?"),
        ("Officer 2", "Officer 2: Online, mostly, and it was\nnot much use."),
    ]


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text(
        "# Interview 9\n\n**Interviewer:** What about *bots*?\n\n"
        "**Officer 2:** See [the report](http://example.org) and `X`.\n",
        encoding="utf-8",
    )
    assert _turns(path) == [
        ("", "Interview 9"),
        ("Interviewer", "Interviewer: What about bots?"),
        ("Officer 2", "Officer 2: See the report and X."),
    ]


def test_vtt_voice_tags_and_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "c.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE made by a tool\n\n1\n00:00:01.000 --> 00:00:04.250 align:start\n"
        "<v Jane Doe>We stopped <b>posting</b></v>\nso much.\n\n"
        "01:02.500 --> 01:04.000\nBob: Fair enough &amp; right.\n",
        encoding="utf-8",
    )
    parsed = read_file(path)
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("Jane Doe", "Jane Doe: We stopped posting so much."),
        ("Bob", "Bob: Fair enough & right."),
    ]
    assert parsed.metas == [
        {"time": "00:00:01.000", "end_time": "00:00:04.250"},
        {"time": "00:01:02.500", "end_time": "00:01:04.000"},
    ]


def test_srt(tmp_path: Path) -> None:
    path = tmp_path / "c.srt"
    path.write_text(
        "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Interviewer: Hello.</i>\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:05,000\r\nJust some words\r\non two lines\r\n",
        encoding="utf-8",
    )
    parsed = read_file(path)
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("Interviewer", "Interviewer: Hello."),
        ("", "Just some words on two lines"),
    ]
    assert parsed.metas[1]["time"] == "00:00:03.000"


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@pytest.mark.parametrize("namespace", [W, STRICT])
def test_docx_markup_tracked_changes_fields_and_content_controls(
    tmp_path: Path, namespace: str
) -> None:
    body = (
        '<w:p><w:r><w:rPr><w:b w:val="true"/></w:rPr><w:t>Interviewer:</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> Kept</w:t></w:r>'
        "<w:del><w:r><w:delText> DELETED</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>'
        "<w:hyperlink><w:r><w:t>, linked</w:t></w:r></w:hyperlink>"
        "<w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>next line</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>P1:</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> in a content control</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
        f'<w:p><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="w14"><w:r><w:t>'
        "choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>FALLBACK</w:t></w:r>"
        "</mc:Fallback></mc:AlternateContent></w:p>"
        '<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Not bold:</w:t></w:r>'
        "<w:r><w:t> plain</w:t></w:r></w:p>"
    )
    xml = f'<w:document xmlns:w="{namespace}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    parsed = read_file(path)
    assert "DELETED" not in parsed.text
    assert "FALLBACK" not in parsed.text
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("Interviewer", "Interviewer: Kept inserted, linked\ttabbed\nnext line"),
        ("P1", "P1: in a content control\nchoice\nNot bold: plain"),
    ]


def test_html(tmp_path: Path) -> None:
    path = tmp_path / "w.html"
    path.write_text(
        "<html><head><title>TITLE</title><style>p{}</style></head><body>"
        "<h1>Interview 4</h1><script>alert('SCRIPT')</script><!-- COMMENT -->"
        "<p><b>Interviewer (Jane):</b> What about <i>staff networks</i>?</p>"
        "<p><b>P1:</b> They campaign &amp; support.<br>New line.</p></body></html>",
        encoding="utf-8",
    )
    parsed = read_file(path)
    for hidden in ("TITLE", "SCRIPT", "COMMENT"):
        assert hidden not in parsed.text
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("", "Interview 4"),
        ("Interviewer (Jane)", "Interviewer (Jane): What about staff networks?"),
        ("P1", "P1: They campaign & support.\nNew line."),
    ]


def test_docx_cover_table_is_not_speakers_but_time_speaker_text_table_is(tmp_path: Path) -> None:
    document = docx.Document()
    cover = document.add_table(rows=2, cols=2)
    for row, (key, value) in zip(
        cover.rows, [("Date", "9 October 2023"), ("Venue", "HQ")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = key, value
    turns = document.add_table(rows=3, cols=3)
    rows = [("00:00:05", "Sam", "We record less."), ("(00:01:10)", "Ali", "Why?"),
            ("00:01:15", "Sam", "The new code.")]  # fmt: skip
    for row, cells in zip(turns.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.save(str(tmp_path / "t.docx"))
    parsed = read_file(tmp_path / "t.docx")
    assert [(s.speaker, parsed.text[s.start : s.end]) for s in parsed.spans] == [
        ("", "Date\t9 October 2023"),
        ("", "Venue\tHQ"),
        ("Sam", "00:00:05\tSam\tWe record less."),
        ("Ali", "(00:01:10)\tAli\tWhy?"),
        ("Sam", "00:01:15\tSam\tThe new code."),
    ]
    assert [m.get("time") for m in parsed.metas[2:]] == ["00:00:05", "00:01:10", "00:01:15"]


def test_odt_bold_span_label_and_capped_spaces(tmp_path: Path) -> None:
    styles = (
        '<office:automatic-styles xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
        '<style:style style:name="B" style:family="text">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
    )
    body = (
        '<text:p><text:span text:style-name="B">Sarah Quinn:</text:span> only once.</text:p>'
        '<text:p>x<text:s text:c="999999999"/>y<text:s text:c="junk"/>z</text:p>'
    )
    path = write_odt(tmp_path / "b.odt", body, styles=styles)
    parsed = read_file(path)
    assert parsed.spans[0].speaker == "Sarah Quinn"
    assert parsed.text.split("\n")[1] == "x" + " " * 1000 + "y z"
