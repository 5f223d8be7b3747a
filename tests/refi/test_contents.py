"""Everything a vendor project holds besides plain text: rich text, inline text, notes,
variables, cases and sets."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as DocxDocument
from sqlalchemy import select

from qcode.refi.importer import import_qdpx
from qcode.store import Attribute, Document, Memo, Project
from tests.refi.helpers import CODE, NS, USER, coded, selection, write_qdpx

RICH = "11111111-0000-4000-8000-00000000000a"
INLINE = "11111111-0000-4000-8000-00000000000b"
NOTE = "22222222-0000-4000-8000-00000000000c"
NOTE2 = "22222222-0000-4000-8000-00000000000d"
VAR = "33333333-0000-4000-8000-00000000000e"
VAR2 = "33333333-0000-4000-8000-00000000000f"


def _docx(paragraphs: list[str]) -> bytes:
    doc = DocxDocument()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_rich_text_inline_text_notes_variables_cases_and_sets(
    project: Project, tmp_path: Path
) -> None:
    inline = "Interviewer: And then?\nBen: We met the advisory group."
    start = inline.index("advisory group")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Vendor" origin="MAXQDA 24">
  <Users><User guid="{USER}" name="Bea"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="Theme" isCodable="true">
    <NoteRef targetGUID="{NOTE2}"/></Code></Codes></CodeBook>
  <Variables>
    <Variable guid="{VAR}" name="force" typeOfVariable="Text"/>
    <Variable guid="{VAR2}" name="rank" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="44444444-0000-4000-8000-000000000001" name="Force A">
    <VariableValue><VariableRef targetGUID="{VAR}"/><TextValue>A</TextValue></VariableValue>
    <SourceRef targetGUID="{RICH}"/><SourceRef targetGUID="{INLINE}"/>
  </Case></Cases>
  <Sources>
    <TextSource guid="{RICH}" name="Rich only" richTextPath="internal://{RICH}.docx"
        plainTextPath="internal://{RICH}.txt">
      <NoteRef targetGUID="{NOTE}"/>
      <VariableValue><VariableRef targetGUID="{VAR2}"/><TextValue>Sergeant</TextValue>
      </VariableValue>
    </TextSource>
    <TextSource guid="{INLINE}" name="Inline">
      <PlainTextContent>{inline}</PlainTextContent>
      {selection(1, start, start + len("advisory group"))}
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{NOTE}" name="About the source" creatingUser="{USER}">
      <PlainTextContent>Recorded in the station.</PlainTextContent></Note>
    <Note guid="{NOTE2}" name="Theme note"><PlainTextContent>Use sparingly.</PlainTextContent>
    </Note>
  </Notes>
  <Sets><Set guid="55555555-0000-4000-8000-000000000001" name="Wave 1">
    <MemberSource targetGUID="{INLINE}"/></Set></Sets>
</Project>"""
    path = write_qdpx(
        tmp_path / "v.qdpx",
        qde,
        {f"Sources/{RICH}.docx": _docx(["Interviewer: Hello.", "Cal: Good morning."])},
    )
    report = import_qdpx(project, path)
    assert report.missing_sources == []
    assert sorted(report.documents_added) == ["Inline", "Rich only"]
    assert [row[2] for row in coded(project)] == ["advisory group"]
    with project.read() as s:
        docs = {d.name: d for d in s.scalars(select(Document))}
        assert "Cal: Good morning." in docs["Rich only"].text
        attrs = sorted(
            (docs_name, a.key, a.value)
            for a in s.scalars(select(Attribute))
            for docs_name in [next(n for n, d in docs.items() if d.uuid == a.document_uuid)]
        )
        memos = sorted((m.target_kind, m.title, m.text) for m in s.scalars(select(Memo)))
    assert attrs == [
        ("Inline", "force", "A"),
        ("Inline", "set", "Wave 1"),
        ("Rich only", "force", "A"),
        ("Rich only", "rank", "Sergeant"),
    ]
    assert memos == [
        ("code", "Theme note", "Use sparingly."),
        ("document", "About the source", "Recorded in the station."),
    ]
