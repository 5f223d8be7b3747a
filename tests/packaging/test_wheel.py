"""The built wheel, installed into a fresh virtualenv, runs from elsewhere without the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE = ".exe" if sys.platform == "win32" else ""
CODE = "Equality Act and PSED compliance"


def build_wheel(tmp: Path) -> Path:
    """`pip wheel` on a clean copy of the sources (no network, no build/ left in the checkout)."""
    src = tmp / "src"
    shutil.copytree(
        ROOT / "qcode", src / "qcode", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    out = tmp / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(out), str(src)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = out.glob("qcode-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A new virtualenv holding only the qcode wheel; third-party libraries come from ours."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / BIN / f"python{EXE}"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # a plain path line: the dependencies, but not the checkout's editable-install hook
    ours = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "qcode-test-deps.pth").write_text(ours + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return venv


def user_env(tmp: Path) -> dict[str, str]:
    """A user with no system fonts, no settings, no PYTHONPATH, and no display."""
    fonts_conf = tmp / "fonts.conf"
    fonts_conf.write_text("<?xml version='1.0'?>\n<fontconfig></fontconfig>\n", encoding="utf-8")
    home = tmp / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "QCODE_", "XDG_", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        FONTCONFIG_FILE=str(fonts_conf),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def test_the_wheel_carries_its_icons_fonts_and_licence(tmp_path: Path) -> None:
    names = zipfile.ZipFile(build_wheel(tmp_path)).namelist()
    assert "qcode/data/fonts/LICENSE-DejaVu.txt" in names
    assert "qcode/data/fonts/DejaVuSans.ttf" in names
    assert "qcode/data/icons/app.svg" in names
    assert not [n for n in names if n.startswith(("resources/", "tests/"))]


@pytest.mark.slow
def test_installed_wheel_runs_demo_exports_and_window_from_another_folder(
    tmp_path: Path,
) -> None:
    venv = fresh_venv(tmp_path, build_wheel(tmp_path))
    env = user_env(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> str:
        done = subprocess.run(
            args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    qcode = str(venv / BIN / f"qcode{EXE}")
    python = str(venv / BIN / f"python{EXE}")
    where = run(python, "-c", "import qcode.data; print(qcode.data.__file__)")
    assert where.startswith(str(venv)), where  # the wheel's copy, not the checkout
    fonts = run(python, "-c", "from qcode.export.fonts import font_dir; print(font_dir())")
    assert fonts.startswith(str(venv)), fonts  # the package's own fonts, never the system's
    assert run(qcode, "--version").strip().startswith("qcode ")
    # the system has no fonts at all here: qcode must bring its own
    if shutil.which("fc-list"):
        assert run("fc-list").strip() == ""
    run(qcode, "demo", "demo", "--scale", "0.05", "--length", "0.2", "--seed", "3")
    project = elsewhere / "demo" / "demo.qcode"
    for fmt in ("pdf", "docx"):
        out = elsewhere / f"bundle.{fmt}"
        run(qcode, "export", str(project), "--code", CODE, "--subcodes", "--format", fmt,
            "-o", str(out))  # fmt: skip
        assert out.stat().st_size > 2000
    assert b"DejaVuSans" in (elsewhere / "bundle.pdf").read_bytes()
    report = json.loads(run(python, "-m", "qcode.ui.smoke", str(project)).splitlines()[-1])
    assert report["opened"], report
    assert report["toolbar_actions"] >= 5
    assert report["toolbar_without_icon"] == []
    assert report["window_icon"]
