"""The packages that load their names on first use (`qcode.store`, `qcode.search`) give every
name they list, and the modules a search from the shell needs load without the ORM."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["qcode.store", "qcode.search"])
def test_every_listed_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        home = module._HOMES[name]
        assert value is getattr(
            importlib.import_module(home if "." in home else f"{package}.{home}"), name
        )
    assert sorted(module.__all__) == sorted(module._HOMES)


def test_the_read_path_imports_no_orm_and_no_whoosh_parser() -> None:
    code = (
        "import sys\n"
        "import qcode.cli, qcode.cli.commands.search, qcode.search.readonly, qcode.store.door\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


def test_the_version_flag_loads_no_command() -> None:
    code = (
        "import sys\n"
        "from qcode.cli import main\n"
        "assert main(['--version']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('qcode.cli.commands.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.splitlines()[-1] == "[]"
    assert out.splitlines()[0].startswith("qcode ")
