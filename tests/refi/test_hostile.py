"""A .qdpx from outside: path traversal, entities, bombs and huge members never hurt us."""

from __future__ import annotations

import resource
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.codebook.loader import load_codebook_file
from qcode.codebook.safeio import CodebookFileError
from qcode.refi.importer import import_qdpx
from qcode.store import Document, Project
from tests.refi.helpers import DOC, NS, coded, project_xml, selection, sparse_zip, write_qdpx

TEXT = "Interviewer: Hello.\nAnn: We reviewed the policy twice.\n"
AT = (TEXT.index("reviewed"), TEXT.index("reviewed") + len("reviewed"))


def _docs(project: Project) -> int:
    with project.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def test_zip_slip_members_are_never_used(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "evil.txt"
    qde = project_xml(selection(1, 0, 5), path="internal://../../evil.txt")
    path = write_qdpx(tmp_path / "slip.qdpx", qde, {"../../evil.txt": TEXT.encode()})
    report = import_qdpx(project, path)
    assert not outside.exists()
    assert len(report.missing_sources) == 1
    assert _docs(project) == 0
    with zipfile.ZipFile(tmp_path / "slip2.qdpx", "w") as z:
        z.writestr("../project.qde", project_xml(""))
    with pytest.raises(CodebookFileError, match=r"has no project\.qde"):
        import_qdpx(project, tmp_path / "slip2.qdpx")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_entities_are_refused(project: Project, tmp_path: Path, doctype: str) -> None:
    entity = "xxe" if "xxe" in doctype else "d"
    qde = f'<?xml version="1.0"?>{doctype}<Project xmlns="{NS}" name="&{entity};"/>'
    path = write_qdpx(tmp_path / "ent.qdpx", qde, {})
    with pytest.raises(CodebookFileError, match=r"DTD|entit"):
        import_qdpx(project, path)
    assert _docs(project) == 0


def test_a_zip_bomb_source_is_refused_and_the_rest_goes_on(
    project: Project, tmp_path: Path
) -> None:
    other = "22222222-2222-4222-8222-222222222222"
    extra = f'<TextSource guid="{other}" name="Bomb" plainTextPath="internal://{other}.txt"/>'
    path = write_qdpx(
        tmp_path / "bomb.qdpx",
        project_xml(selection(1, *AT), extra=extra),
        {f"sources/{DOC}.txt": TEXT.encode(), f"sources/{other}.txt": b" " * 50_000_000},
    )
    report = import_qdpx(project, path)
    assert len(report.missing_sources) == 1
    assert "zip bomb" in report.missing_sources[0]
    assert [row[2] for row in coded(project)] == ["reviewed"]


def test_a_bomb_qde_is_refused(project: Project, tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "b.qdpx", b"<" + b" " * 30_000_000 + b">", {})
    with pytest.raises(CodebookFileError, match="refused"):
        import_qdpx(project, path)


def test_a_2_gb_video_member_is_never_read(project: Project, tmp_path: Path) -> None:
    video = "33333333-3333-4333-8333-333333333333"
    extra = (
        f'<VideoSource guid="{video}" name="Clip" path="internal://{video}.mp4">'
        f'<VideoSelection guid="44444444-4444-4444-8444-444444444444" begin="0" end="10"/>'
        "</VideoSource>"
    )
    members = {
        "project.qde": project_xml(selection(1, *AT), extra=extra).encode(),
        f"sources/{DOC}.txt": TEXT.encode(),
    }
    path = sparse_zip(tmp_path / "big.qdpx", members, f"sources/{video}.mp4", 2_000_000_000)
    assert path.stat().st_size > 2_000_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = import_qdpx(project, path)
    book = load_codebook_file(project, path)  # the codebook import reads only the .qde too
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200_000  # far below the 2 GB a whole read would take
    assert report.not_imported == {"video sources": 1, "video selections": 1}
    assert [row[2] for row in coded(project)] == ["reviewed"]
    assert book.unchanged == ["Theme"]


def test_a_failing_import_leaves_the_project_untouched(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcode.refi import importer

    path = write_qdpx(
        tmp_path / "ok.qdpx",
        project_xml(selection(1, *AT)),
        {f"sources/{DOC}.txt": TEXT.encode()},
    )

    def boom(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_attributes", boom)
    with pytest.raises(RuntimeError):
        import_qdpx(project, path)
    assert _docs(project) == 0
    assert coded(project) == []


def test_damaged_and_fake_files_give_one_clear_error(project: Project, tmp_path: Path) -> None:
    fake = tmp_path / "fake.qdpx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(CodebookFileError, match="not a valid zip"):
        import_qdpx(project, fake)
    bad = write_qdpx(tmp_path / "bad.qdpx", "<Project", {})
    with pytest.raises(CodebookFileError, match="not well-formed"):
        import_qdpx(project, bad)
    nums = write_qdpx(
        tmp_path / "nums.qdpx", project_xml(selection(1, 0, 5).replace('"5"', '"five"')), {}
    )
    with pytest.raises(CodebookFileError, match="not a number"):
        import_qdpx(project, nums)
