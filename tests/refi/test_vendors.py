"""Real vendor exports: every coding lands on the text the vendor shows (passages read by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.refi.importer import import_qdpx
from qcode.store import Coder, Coding, Document, Memo, Project
from tests.conftest import SHARED
from tests.refi.helpers import coded

SAMPLES = SHARED / "refi-qda" / "samples"
NVIVO = SAMPLES / "nvivo12-windows-oltas0517.qdpx"
ATLAS = SAMPLES / "atlasti8-mac-TestProject.qdpx"

#: Coding GUID -> (how the passage starts, how it ends), as NVivo shows them.
NVIVO_PASSAGES = {
    "6166b69e-fb05-4067-8b8f-ab7c54d19af4": ("sabbat asboth, ennyit tudtál...", ""),
    "6b121451-af6c-40e8-a598-1dee0f1acab0": (
        "de szivesen belénk basznatok a kibaszott mérget",
        "og föleg gyermekeik miatt azok meg mindenek felett",
    ),
    "76466848-c6b5-4218-b4ca-2f184643aa48": (
        "Szükség lesz az 5 a 6 és a 100 ikra is.Legyen kannás kiszerelés",
        "udom meddig lehet még birkának nézni az embereket.",
    ),
    "a2629af4-90c2-45a8-8f1f-46a0688f2179": (
        "Engem soha nem fognak beoltani!!! Aki megprobálja az megölöm! 💀",
        "",
    ),
    "894acc20-e5f4-4596-94c4-3ad05fde7591": (
        "Anyátok picsáját oltjátok be de NEM az én fiamat!!!",
        "szemét brigád,még a gyerekek sem szentek nektek?!",
    ),
    "27545ad0-4492-43d4-9a50-d17e40d1540f": (
        "Most mindent az oltatlanokra fognak ! Oltás sem véd meg",
        "leoltása ! Új világrend Rabszolga társadalom ! !!",
    ),
    "052cee09-882a-4950-8e00-aa55e59ea2ba": (
        "Az oltás èletet menthet.Ezt mondd annak az anyànak akinek most halt meg a gyereke az "
        "oltàs utàn kèt nappal.Csak hogy ne folytassam a sort..",
        "",
    ),
    "dd8c177e-6063-4672-bbec-4b44bacb9671": (
        "A parlamentben tényleg megszavaztàk maguknak az oltàsellenességet???? Csak kérdezem! "
        "Tudna valaki vàlaszolni?",
        "",
    ),
    "2d5fa8bf-4c61-4255-8f4d-f8e01391782a": (
        "az oltas okozza a járványt mert legyengiti az imunrendszert",
        "",
    ),
    "9804ae27-e5be-4127-8d6e-5fb52d77016e": (
        "Rohadt életbe, hogy az emberre rá akarnak erőszakolni valamit, ami csak ajánlott 😤😤😤",
        "",
    ),
    "ba5dd5f6-34f6-4875-a379-63b886a07f0e": (
        "Süket duma!!!!! Olyan szintű népbutítás megy hogy az valami eszméletlen 🤦🏼\u200d♀️",
        "",
    ),
    "035b8b13-ca88-4acf-9d6f-c8b58f789e07": (
        "Ez az egyetlen ,,gyógyszer ,, a világon aminek nincs mellékhatása 🤣",
        "öbb a bizonyíték arra hogy az oltás NEM MÜKÖDIK!!!",
    ),
}

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared REFI-QDA samples absent")


def _squash(text: str) -> str:
    return " ".join(text.split())


@needs_samples
def test_nvivo_windows_selections_land_on_the_passages_nvivo_shows(project: Project) -> None:
    report = import_qdpx(project, NVIVO)
    assert report.convention == "UTF-16, CRLF"
    assert report.codings_added == 303
    assert report.not_landed == []
    assert report.loose <= 3  # the vendor's own three selections that cut a word
    assert sorted(report.coders_added) == ["Gergo", "floriansipos"]
    with project.read() as s:
        for guid, (head, tail) in NVIVO_PASSAGES.items():
            coding = s.get(Coding, guid)
            assert coding is not None, guid
            doc = s.get(Document, coding.document_uuid)
            assert doc is not None
            passage = _squash(doc.text[coding.start : coding.end])
            if tail:
                assert passage.startswith(_squash(head)), guid
                assert passage.endswith(_squash(tail)), guid
            else:
                assert passage == _squash(head), guid
        coder = s.get(Coder, s.get(Coding, "6166b69e-fb05-4067-8b8f-ab7c54d19af4").coder_uuid)
        assert coder is not None
        assert coder.name == "Gergo"


@needs_samples
def test_importing_the_same_file_twice_adds_nothing(project: Project) -> None:
    import_qdpx(project, NVIVO)
    before = coded(project)
    again = import_qdpx(project, NVIVO)
    assert again.documents_added == []
    assert again.codings_added == 0
    assert again.codings_known == 303
    assert again.codes is not None
    assert again.codes.added == []
    assert coded(project) == before


@needs_samples
def test_atlas_ti_mac_missing_sources_are_reported_and_the_rest_goes_on(
    project: Project,
) -> None:
    report = import_qdpx(project, ATLAS)
    assert len(report.missing_sources) == 6
    assert any("Mabêl 2ième.txt" in m for m in report.missing_sources)
    assert report.codes is not None
    assert len(report.codes.added) >= 14
    assert report.not_imported["PDF selections"] == 4
    assert report.not_imported["video selections"] == 2
    assert report.not_imported["image selections"] == 1
    assert report.codings_added == 0
    with project.read() as s:
        names = set(s.scalars(select(Coder.name)))
        assert {"Friedrich Markgraf", "Sebastian Petrausch"} <= names
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Memo)) == 0
    assert "missing source" in report.describe()


def test_a_project_without_a_codebook_imports_as_zero_codes(
    project: Project, tmp_path: Path
) -> None:
    from tests.refi.helpers import DOC, write_qdpx

    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        f'<TextSource guid="{DOC}" name="Only text" plainTextPath="internal://{DOC}.txt"/>'
        "</Sources></Project>"
    )
    path = write_qdpx(tmp_path / "nocb.qdpx", qde, {f"sources/{DOC}.txt": b"Hello there."})
    report = import_qdpx(project, path)
    assert report.codes is not None
    assert report.codes.added == []
    assert report.documents_added == ["Only text"]
