"""The installers on paper: Inno Setup script, macOS bundle, Linux desktop entry, MIME type."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from qcode import __version__
from tests.packaging.test_wheel import ROOT

PACKAGING = ROOT / "packaging"
MIME = "application/x-qcode-project"
APP_ID = "org.qcode.qcode"


def test_linux_desktop_entry_and_mime_type_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "qcode gui %f"
    assert desktop["Icon"] == APP_ID
    assert desktop["MimeType"] == f"{MIME};"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PACKAGING / "linux" / f"{APP_ID}.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None
    assert mime.get("type") == MIME
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.qcode"]


def test_linux_user_install_and_uninstall(tmp_path: Path) -> None:
    """install-user.sh on a stand-in bundle, into a private home: no root, all reversible."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "qcode" / "data" / "icons").mkdir(parents=True)
    (bundle / "_internal" / "qcode" / "data" / "icons" / "app.svg").write_text("<svg/>")
    (bundle / "qcode").write_text("#!/bin/sh\necho qcode 0\n")
    (bundle / "qcode").chmod(0o755)
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "QCODE_BUNDLE": str(bundle)}
    env.pop("XDG_DATA_HOME", None)
    env.pop("QCODE_PREFIX", None)
    script = str(PACKAGING / "linux" / "install-user.sh")
    subprocess.run(["sh", script], env=env, check=True, capture_output=True)
    data = home / ".local" / "share"
    installed = home / ".local" / "opt" / "qcode" / "qcode"
    desktop = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed} gui %f" in desktop
    assert (data / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    launcher = home / ".local" / "bin" / "qcode"
    assert subprocess.run([str(launcher)], capture_output=True, text=True).stdout == "qcode 0\n"
    subprocess.run(["sh", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists()
    assert not launcher.exists()
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()


def test_inno_setup_installs_per_user_with_start_menu_association_and_uninstall() -> None:
    iss = (PACKAGING / "windows" / "qcode.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss  # no administrator rights
    assert re.search(r'#define Version "([^"]+)"', iss).group(1) == __version__  # type: ignore[union-attr]
    assert '{autoprograms}\\{#AppName}"; Filename: "{app}\\qcode.exe"' in iss  # Start menu
    assert 'Subkey: "Software\\Classes\\.qcode"' in iss  # the file association, under HKCU
    assert '""{app}\\qcode.exe"" gui ""%1""' in iss
    assert "ChangesAssociations=yes" in iss
    assert "uninsdeletekey" in iss  # uninstall removes the association it made
    assert (ROOT / iss.split("SetupIconFile=")[1].split()[0].replace("\\", "/")).is_file()


def test_macos_bundle_declares_the_qcode_document_type() -> None:
    spec = (PACKAGING / "qcode.spec").read_text(encoding="utf-8")
    for needed in ("BUNDLE(", '"CFBundleDocumentTypes"', '"CFBundleTypeExtensions": ["qcode"]',
                   '"UTExportedTypeDeclarations"', "argv_emulation"):  # fmt: skip
        assert needed in spec


def test_icons_for_every_system_are_square_and_large_enough() -> None:
    icons = PACKAGING / "icons"
    with Image.open(icons / "qcode.ico") as ico:
        assert max(ico.info["sizes"]) == (256, 256)
    with Image.open(icons / "qcode.icns") as icns:
        assert icns.size[0] == icns.size[1] >= 512
    with Image.open(icons / "qcode.png") as png:
        assert png.size == (256, 256)
