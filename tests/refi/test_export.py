"""Export as .qdpx: valid against Project.xsd, deterministic, and a round trip keeps the content."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.codebook.tree import code_infos
from qcode.coding import apply_code, find_text
from qcode.demo import build_demo
from qcode.export.pseudonyms import set_pseudonym
from qcode.memos import add_memo
from qcode.refi.exporter import export_qdpx
from qcode.refi.importer import import_qdpx
from qcode.store import Attribute, Coder, Document, Memo, Project
from qcode.store.models import ProjectRow
from tests.conftest import SHARED
from tests.refi.helpers import coded

XSD = SHARED / "refi-qda" / "Project.xsd"


def validate(path: Path) -> None:
    """Check the archive's project.qde against the REFI-QDA schema (when it is shared)."""
    if not XSD.exists():
        pytest.skip("shared Project.xsd absent")
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(XSD)))
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        doc = etree.fromstring(z.read("project.qde"))
    assert schema.validate(doc), schema.error_log
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)


def content(project: Project) -> dict[str, object]:
    """What a user sees, by names (never UUIDs or dates of import)."""
    with project.read() as s:
        infos = code_infos(s)
        paths = {c.uuid: c.path for c in infos}
        docs = {d.uuid: d for d in s.scalars(select(Document).where(Document.deleted.is_(False)))}
        row = s.scalars(select(ProjectRow)).first()
        names = {
            **{u: d.name for u, d in docs.items()},
            **paths,
            **({row.uuid: "(project)"} if row else {}),
        }
        memos = sorted(
            (m.target_kind, names.get(m.target_uuid, "coding"), m.title, m.text)
            for m in s.scalars(select(Memo).where(Memo.deleted.is_(False)))
        )
        attrs = sorted(
            (docs[a.document_uuid].name, a.key, a.value)
            for a in s.scalars(select(Attribute).where(Attribute.deleted.is_(False)))
            if a.document_uuid in docs
        )
        return {
            "documents": sorted((d.name, d.text) for d in docs.values()),
            "codes": sorted((c.path, c.colour, c.definition, c.inclusion) for c in infos),
            "codings": [r for r in coded(project)],
            "memos": memos,
            "attributes": attrs,
            "coders": sorted(set(s.scalars(select(Coder.name).where(Coder.deleted.is_(False))))),
        }


@pytest.fixture
def rich(sample: Project) -> Project:
    start, end = find_text(sample, "Interview 01", "box-ticking exercise")
    coding = apply_code(
        sample, "Interview 01", "Equality Act/Impact assessments", start, end, memo="Said twice 😀"
    )
    start, end = find_text(sample, "Interview 01", "advisory group is useful")
    apply_code(sample, "Interview 01", "Advisory groups/Influence", start, end)
    with sample.read() as s:
        doc = s.scalars(select(Document)).one()
        code = next(c for c in code_infos(s) if c.path == "Equality Act/Positive action")
        project_uuid = s.scalars(select(ProjectRow)).one().uuid
    add_memo(sample, "project", project_uuid, "Overall: mixed views.", title="Summary")
    add_memo(sample, "document", doc.uuid, "Officer was candid.", title="About")
    add_memo(sample, "code", code.uuid, "Rarely mentioned.")
    add_memo(sample, "coding", coding.uuid, "Key quote for the report.", title="Quote")
    return sample


def test_round_trip_keeps_documents_codes_codings_memos_attributes(
    rich: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out.qdpx"
    report = export_qdpx(rich, out)
    assert report.codings == 2
    assert report.memos == 4
    validate(out)
    with Project.create(tmp_path / "copy.qcode", coder_name="Ann") as copy:
        back = import_qdpx(copy, out)
        assert back.not_landed == []
        assert back.convention == "code points"
        assert content(copy) == content(rich)
        again = import_qdpx(copy, out)
        assert again.codings_added == 0
        assert again.memos_added == 0
        assert content(copy) == content(rich)


def test_export_is_byte_for_byte_deterministic(rich: Project, tmp_path: Path) -> None:
    export_qdpx(rich, tmp_path / "a.qdpx")
    export_qdpx(rich, tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_coder_only_leaves_out_other_coders(rich: Project, tmp_path: Path) -> None:
    rich.use_coder("Bob")
    start, end = find_text(rich, "Interview 01", "stop and search data")
    apply_code(rich, "Interview 01", "Advisory groups/Influence", start, end)
    out = tmp_path / "ann.qdpx"
    report = export_qdpx(rich, out, coder_only="Ann")
    assert report.codings == 2
    assert report.coders == 1
    validate(out)
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde").decode()
    assert "Bob" not in qde
    assert "stop and search data" not in qde.split("<Sources>")[1].split("name=")[0]


def test_pseudonyms_replace_terms_and_codings_follow(rich: Project, tmp_path: Path) -> None:
    set_pseudonym(rich, "advisory group", "panel")
    out = tmp_path / "p.qdpx"
    export_qdpx(rich, out, pseudonyms=True)
    validate(out)
    with Project.create(tmp_path / "p.qcode", coder_name="Ann") as copy:
        import_qdpx(copy, out)
        passages = {row[1]: row[2] for row in coded(copy)}
        with copy.read() as s:
            text = s.scalars(select(Document.text)).one()
    assert "advisory group" not in text.lower()
    assert passages["Advisory groups/Influence"] == "panel is useful"
    assert passages["Equality Act/Impact assessments"] == "box-ticking exercise"


def test_demo_round_trip(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo", scale=0.03, seed=2, length=0.05)
    out = tmp_path / "demo.qdpx"
    with Project.open(path) as demo:
        report = export_qdpx(demo, out)
        assert report.codings > 0
        validate(out)
        with Project.create(tmp_path / "copy.qcode", coder_name="Demo coder") as copy:
            back = import_qdpx(copy, out)
            assert back.not_landed == []
            assert content(copy) == content(demo)
