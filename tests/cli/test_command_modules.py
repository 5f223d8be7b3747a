"""Each command imports only its own module: the table of command modules matches them."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys

from qcode.cli import COMMAND_MODULES, build_parser, command_modules, commands


def _registered_alone(module: str) -> set[str]:
    parser = argparse.ArgumentParser(prog="qcode")
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(f"qcode.cli.commands.{module}").register(sub)
    return set(sub.choices)


def test_the_table_names_every_command_and_the_modules_that_register_it() -> None:
    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(commands.__path__):
        for name in _registered_alone(info.name):
            found.setdefault(name, set()).add(info.name)
    assert {name: set(mods) for name, mods in COMMAND_MODULES.items()} == found


def test_a_known_command_builds_only_its_part_and_unknown_ones_build_all() -> None:
    parser = build_parser("codebook")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {"codebook"}
    codebook = sub.choices["codebook"]
    inner = next(a for a in codebook._actions if isinstance(a, argparse._SubParsersAction))
    assert {"export", "report", "list", "add", "rename"} <= set(inner.choices)
    assert command_modules("no-such-command") == sorted(
        m.name for m in pkgutil.iter_modules(commands.__path__)
    )


def test_one_command_does_not_import_the_others() -> None:
    code = (
        "import sys\n"
        "from qcode.cli import main\n"
        "try:\n"
        "    main(['search', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('qcode.cli.commands.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "['qcode.cli.commands.search']"
