"""GUIDs go back out as another program wrote them, and no colour a source never gave."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from sqlalchemy import select

from qcode.codebook.loader import load_codebook_file
from qcode.codebook.qdc import export_qdc
from qcode.codebook.tree import recolour_code
from qcode.merge import merge_projects
from qcode.refi.exporter import export_qdpx
from qcode.refi.importer import import_qdpx
from qcode.store import Code, Coder, Coding, Document, Memo, Project
from tests.refi.helpers import NS, write_qdpx
from tests.refi.test_export import validate
from tests.refi.test_vendors import ATLAS, NVIVO, needs_samples

USER = "9A9B9C9D-8888-4777-8666-55555555555A"
CODE_RED = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEE1"
CODE_PLAIN = "{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEE2}"
DOC = "D0C00000-2222-4333-8444-55555555555F"
CODING = "C0D1A6AA-1111-4111-8111-11111111111B"
NOTE = "A07E0000-1111-4111-8111-11111111111C"


def vendor_qdpx(path: Path) -> Path:
    """A vendor-like project: upper-case and braced GUIDs, one code with a colour, one without."""
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="Vendor" '
        f'origin="Vendor 1"><Users><User guid="{USER}" name="Bea"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE_RED}" name="Red" isCodable="true" color="#CC0000"/>'
        f'<Code guid="{CODE_PLAIN}" name="Plain" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{DOC}" name="Interview" plainTextPath="internal://{DOC}.txt">'
        f'<PlainTextSelection guid="5E100000-0000-4000-8000-00000000000A" startPosition="0" '
        f'endPosition="5" creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z">'
        f'<Coding guid="{CODING}" creatingUser="{USER}"><CodeRef targetGUID="{CODE_PLAIN}"/>'
        f'<NoteRef targetGUID="{NOTE}"/></Coding></PlainTextSelection></TextSource></Sources>'
        f'<Notes><Note guid="{NOTE}" name="Why" creatingUser="{USER}">'
        "<PlainTextContent>Because.</PlainTextContent></Note></Notes></Project>"
    )
    return write_qdpx(path, qde, {f"sources/{DOC}.txt": b"Hello there, world."})


def exported(project: Project, out: Path) -> etree._Element:
    export_qdpx(project, out)
    validate(out)
    with zipfile.ZipFile(out) as z:
        return etree.fromstring(z.read("project.qde"))


def codes_of(root: etree._Element) -> dict[str, dict[str, str]]:
    return {c.get("name"): dict(c.attrib) for c in root.iter(f"{{{NS}}}Code")}


def test_guids_keep_their_case_and_braces_and_references_follow(
    project: Project, tmp_path: Path
) -> None:
    import_qdpx(project, vendor_qdpx(tmp_path / "vendor.qdpx"))
    with project.read() as s:  # identity stays our lower-case UUID
        assert s.get(Code, CODE_RED.lower()) is not None
        assert s.get(Document, DOC.lower()) is not None
    root = exported(project, tmp_path / "out.qdpx")
    codes = codes_of(root)
    assert codes["Red"]["guid"] == CODE_RED
    assert codes["Plain"]["guid"] == CODE_PLAIN
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{{{NS}}}User")}
    assert users["Bea"] == USER
    (source,) = root.iter(f"{{{NS}}}TextSource")
    assert source.get("guid") == DOC
    (coding,) = root.iter(f"{{{NS}}}Coding")
    assert coding.get("guid") == CODING
    assert coding.get("creatingUser") == USER
    assert coding.find(f"{{{NS}}}CodeRef").get("targetGUID") == CODE_PLAIN
    assert coding.find(f"{{{NS}}}NoteRef").get("targetGUID") == NOTE
    assert next(root.iter(f"{{{NS}}}Note")).get("guid") == NOTE


def test_a_colour_the_source_never_gave_is_not_exported(project: Project, tmp_path: Path) -> None:
    import_qdpx(project, vendor_qdpx(tmp_path / "vendor.qdpx"))
    with project.read() as s:
        given = dict(s.execute(select(Code.name, Code.colour_given)).all())
    assert given == {"Red": True, "Plain": False}
    codes = codes_of(exported(project, tmp_path / "out.qdpx"))
    assert codes["Red"]["color"] == "#CC0000"
    assert "color" not in codes["Plain"]


def test_a_colour_chosen_here_is_exported(project: Project, tmp_path: Path) -> None:
    import_qdpx(project, vendor_qdpx(tmp_path / "vendor.qdpx"))
    recolour_code(project, "Plain", "#00AA00")
    assert codes_of(exported(project, tmp_path / "out.qdpx"))["Plain"]["color"] == "#00AA00"


def test_a_colourless_code_from_a_codebook_file_exports_without_colour(
    project: Project, tmp_path: Path
) -> None:
    qdc = tmp_path / "book.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Codes>'
        f'<Code guid="{CODE_PLAIN}" name="Plain" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    load_codebook_file(project, qdc)
    plain = codes_of(exported(project, tmp_path / "out.qdpx"))["Plain"]
    assert "color" not in plain
    assert plain["guid"] == CODE_PLAIN
    again = etree.fromstring(export_qdc(project, tmp_path / "again.qdc").read_bytes())
    (code,) = again.iter("{urn:QDA-XML:codebook:1.0}Code")
    assert code.get("guid") == CODE_PLAIN
    assert code.get("color") is None


@needs_samples
def test_the_qdc_export_hands_back_atlas_ti_guids_and_only_its_colours(
    project: Project, tmp_path: Path
) -> None:
    import_qdpx(project, ATLAS)
    book = etree.fromstring(export_qdc(project, tmp_path / "book.qdc").read_bytes())
    codes = {c.get("name"): c for c in book.iter("{urn:QDA-XML:codebook:1.0}Code")}
    assert codes["milk"].get("guid") == "C3C7D437-6932-4B14-A55D-30B7F811BBF3"
    assert codes["milk"].get("color") is None
    assert codes["happiness"].get("color") == "#F00082"


def test_importing_our_export_back_adds_nothing(project: Project, tmp_path: Path) -> None:
    import_qdpx(project, vendor_qdpx(tmp_path / "vendor.qdpx"))
    out = tmp_path / "out.qdpx"
    export_qdpx(project, out)
    again = import_qdpx(project, out)
    assert again.codings_added == 0
    assert again.documents_added == []
    assert again.coders_added == []
    assert again.codes is not None
    assert again.codes.added == []


def test_a_merge_carries_the_guid_as_received(tmp_path: Path) -> None:
    with Project.create(tmp_path / "coder.qcode", coder_name="Ann") as coder:
        import_qdpx(coder, vendor_qdpx(tmp_path / "vendor.qdpx"))
    with Project.create(tmp_path / "lead.qcode", coder_name="Lead"):
        pass
    merge_projects(tmp_path / "lead.qcode", [tmp_path / "coder.qcode"])
    with Project.open(tmp_path / "lead.qcode") as lead:
        with lead.read() as s:
            assert s.get(Coding, CODING.lower()).source_guid == CODING
            assert s.get(Memo, NOTE.lower()).source_guid == NOTE
            assert s.get(Coder, USER.lower()).source_guid == USER
        assert codes_of(exported(lead, tmp_path / "out.qdpx"))["Red"]["guid"] == CODE_RED


def test_a_guid_that_is_not_the_rows_own_is_not_written(project: Project, tmp_path: Path) -> None:
    """A damaged or hostile `source_guid` (another row's GUID, not a GUID) is never exported."""
    import_qdpx(project, vendor_qdpx(tmp_path / "vendor.qdpx"))
    with project.transaction("damage") as s:
        s.get(Code, CODE_RED.lower()).source_guid = CODE_PLAIN
        s.get(Document, DOC.lower()).source_guid = "not a guid"
    root = exported(project, tmp_path / "out.qdpx")
    assert codes_of(root)["Red"]["guid"] == CODE_RED.lower()
    assert next(root.iter(f"{{{NS}}}TextSource")).get("guid") == DOC.lower()


@needs_samples
def test_atlas_ti_codes_go_back_with_its_guids_and_only_its_colours(
    project: Project, tmp_path: Path
) -> None:
    import_qdpx(project, ATLAS)
    root = exported(project, tmp_path / "out.qdpx")
    codes = codes_of(root)
    assert codes["milk"]["guid"] == "C3C7D437-6932-4B14-A55D-30B7F811BBF3"
    assert "color" not in codes["milk"]  # ATLAS.ti gave "milk" no colour
    assert codes["happiness"] == {
        "guid": "85D17F60-7BB0-481E-B742-B4861DD669DF",
        "name": "happiness",
        "isCodable": "true",
        "color": "#F00082",
    }
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{{{NS}}}User")}
    assert users["Friedrich Markgraf"] == "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"


@needs_samples
def test_nvivo_codes_without_colours_go_back_without_colours(
    project: Project, tmp_path: Path
) -> None:
    import_qdpx(project, NVIVO)
    codes = codes_of(exported(project, tmp_path / "out.qdpx"))
    assert codes["COVID"]["guid"] == "7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f"
    with zipfile.ZipFile(NVIVO) as z:
        qde = etree.fromstring(z.read("project.qde"))
    given = {c.get("name") for c in qde.iter(f"{{{NS}}}Code") if c.get("color")}
    assert {name for name, attrs in codes.items() if "color" in attrs} == given
