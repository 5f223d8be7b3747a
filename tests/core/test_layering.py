"""The core never imports Qt: every module outside qcode/ui/ is checked by reading its imports."""

from __future__ import annotations

import ast
from pathlib import Path

import qcode

QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_modules_do_not_import_qt() -> None:
    root = Path(qcode.__file__).parent
    core = [p for p in root.rglob("*.py") if "ui" not in p.relative_to(root).parts[:1]]
    assert len(core) > 10
    offenders = {
        str(p.relative_to(root)): sorted(n for n in _imports(p) if n.split(".")[0] in QT_PACKAGES)
        for p in core
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_module_has_a_docstring() -> None:
    root = Path(qcode.__file__).parent
    missing = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []
