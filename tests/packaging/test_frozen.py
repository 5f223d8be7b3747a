"""The one-folder application PyInstaller builds from packaging/qcode.spec, run headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qcode import __version__
from tests.packaging.test_wheel import CODE, ROOT, user_env

pytestmark = [pytest.mark.slow, pytest.mark.frozen]

#: The issue's budget for the whole folder.
SIZE_BUDGET = 250 * 1024 * 1024


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The frozen `qcode` executable: $QCODE_FROZEN_APP if given (CI built it), else built here."""
    given = os.environ.get("QCODE_FROZEN_APP")
    if given:
        yield Path(given)
        return
    tmp = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build"),
         str(ROOT / "packaging" / "qcode.spec")],
        capture_output=True, text=True, cwd=tmp,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    print(f"\nPyInstaller build: {time.monotonic() - started:.0f} s")
    name = "qcode-cli.exe" if sys.platform == "win32" else "qcode"  # the console one
    yield tmp / "dist" / "qcode" / name


@pytest.fixture
def run(tmp_path: Path, app: Path) -> tuple[Path, Callable[..., str]]:
    env = user_env(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def call(*args: str) -> str:
        done = subprocess.run(
            [str(app), *map(str, args)], cwd=elsewhere, env=env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-4000:]
        return done.stdout

    return elsewhere, call


def test_frozen_folder_stays_within_budget_and_carries_no_test_tools(app: Path) -> None:
    folder = app.parent
    size = folder_size(folder)
    print(f"\nbundle: {size / 1e6:.0f} MB in {sum(1 for _ in folder.rglob('*'))} files")
    assert size < SIZE_BUDGET
    internal = folder / "_internal"
    for unwanted in ("pytest", "hypothesis", "mypy", "PyInstaller", "tkinter"):
        assert not (internal / unwanted).exists(), unwanted
    qt = {p.name for p in internal.rglob("*Qt6*")}
    assert not {n for n in qt if "WebEngine" in n or "Qml" in n or "Quick" in n or "Pdf" in n}


def test_frozen_app_runs_version_demo_exports_and_window(
    run: tuple[Path, Callable[..., str]],
) -> None:
    elsewhere, call = run
    assert call("--version").strip() == f"qcode {__version__}"
    call("demo", "demo", "--scale", "0.05", "--length", "0.2", "--seed", "3")
    project = elsewhere / "demo" / "demo.qcode"
    for fmt in ("pdf", "docx"):
        out = elsewhere / f"bundle.{fmt}"
        call("export", str(project), "--code", CODE, "--subcodes", "--format", fmt, "-o", out)
        assert out.stat().st_size > 2000
    assert b"DejaVuSans" in (elsewhere / "bundle.pdf").read_bytes()
    about = json.loads(call("about", "--json"))
    names = {c["name"].lower() for c in about["components"]}
    assert {"pyside6_essentials", "sqlalchemy", "reportlab", "dejavu sans fonts"} <= names
    report = json.loads(call("--smoke", str(project), "2").splitlines()[-1])
    print(f"\nfrozen start-up to a shown window: {report['shown_after_s']} s")
    assert report["opened"], report
    assert report["toolbar_without_icon"] == []
    assert report["window_icon"]
