"""`qcode --version`, `qcode about` and Help › About: version, licence, every bundled component."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata

import pytest

from qcode import __version__
from qcode.cli import main
from qcode.notices import about_text, dependencies, notices

RUNTIME = ("PySide6_Essentials", "SQLAlchemy", "reportlab", "python-docx", "openpyxl", "lxml")


def test_version_flag_prints_the_package_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"qcode {__version__}"
    assert metadata.version("qcode") == __version__  # pyproject and the package agree


def test_dependencies_are_read_from_installed_metadata_recursively() -> None:
    found = {n.name.lower(): n for n in dependencies()}
    for name in RUNTIME:
        notice = found[name.lower()]
        assert notice.version == metadata.version(name)
        assert notice.licence
        assert "see the licence" not in notice.licence
    assert "et_xmlfile" in found  # openpyxl's own dependency
    # test tools are an extra, never shipped
    assert not {"pytest", "hypothesis", "mypy", "ruff", "pyinstaller"} & set(found)


def test_about_text_has_licences_in_full_and_the_fonts(capsys: pytest.CaptureFixture[str]) -> None:
    text = about_text()
    assert text.startswith(f"qcode {__version__}\nLicence: GPL-3.0-or-later")
    assert "DejaVu Sans fonts" in text
    assert "Bitstream" in text  # the font licence itself
    assert "Permission is hereby granted" in text  # MIT texts from the libraries' metadata
    assert main(["about", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == __version__
    assert [c["name"] for c in data["components"]] == [n.name for n in notices()]
