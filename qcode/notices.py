"""Version, licence and third-party notices, read from the installed packages' own metadata."""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata

from qcode import __version__
from qcode.data import data_dir

LICENCE = "GPL-3.0-or-later"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Notice:
    """One bundled component: its name, version, licence and where its full licence text is."""

    name: str
    version: str
    licence: str
    source: str


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    """A metadata field's first value, or "" when the package does not declare it."""
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence as the package declares it: expression, short field, or classifiers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    field = _field(meta, "License").strip()
    if field and "\n" not in field and len(field) <= 80 and field.upper() != "UNKNOWN":
        return field
    if classifiers:
        return " / ".join(dict.fromkeys(classifiers))
    return "see the licence file in its distribution"


def _runtime_requirements(name: str) -> list[str]:
    """The names a distribution needs at run time (no extras; platform ones if installed)."""
    names = []
    for requirement in metadata.requires(name) or []:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        found = _NAME.match(spec)
        if found:
            names.append(found.group(1))
    return names


def dependencies(root: str = "qcode") -> list[Notice]:
    """Every installed distribution `root` needs at run time, recursively, sorted by name."""
    seen: dict[str, Notice] = {}
    todo = _runtime_requirements(root) if _installed(root) else []
    while todo:
        name = todo.pop()
        key = _canonical(name)
        if key in seen or key == _canonical(root):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform (not installed here, not bundled)
        meta = dist.metadata
        seen[key] = Notice(
            name=_field(meta, "Name") or name,
            version=dist.version,
            licence=_licence_of(meta),
            source=_field(meta, "Home-page") or _project_url(meta) or "PyPI: " + name,
        )
        todo.extend(_runtime_requirements(name))
    return sorted(seen.values(), key=lambda n: n.name.lower())


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _project_url(meta: metadata.PackageMetadata) -> str:
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    return ""


def licence_texts(name: str) -> list[tuple[str, str]]:
    """The licence files a distribution ships in its metadata, as (file name, text)."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return []
    texts = []
    for filename in dist.metadata.get_all("License-File") or []:
        for candidate in (f"licenses/{filename}", filename):
            text = dist.read_text(candidate)
            if text:
                texts.append((filename, text))
                break
    return texts


def bundled() -> list[Notice]:
    """What qcode carries besides Python packages: the interpreter and the fonts."""
    return [
        Notice("Python", platform.python_version(), "PSF-2.0", "https://www.python.org/"),
        Notice(
            "DejaVu Sans fonts",
            "2.37",
            "Bitstream Vera Fonts licence + public domain changes (DejaVu)",
            "qcode/data/fonts/LICENSE-DejaVu.txt",
        ),
    ]


def notices() -> list[Notice]:
    """Everything shipped with qcode that is not qcode itself."""
    return bundled() + dependencies()


def font_licence() -> str:
    """The full text of the bundled fonts' licence."""
    return (data_dir("fonts") / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def about_text() -> str:
    """The plain-text notice shown by Help › About and `qcode about`.

    qcode's version and licence, a table of the components, then every licence text in full.
    """
    rows = notices()
    width = max(len(n.name) for n in rows)
    vwidth = max(len(n.version) for n in rows)
    lines = [
        f"qcode {__version__}",
        f"Licence: {LICENCE} (GNU General Public License, version 3 or later).",
        "",
        "Third-party components shipped with qcode:",
        "",
    ]
    lines += [f"  {n.name:<{width}}  {n.version:<{vwidth}}  {n.licence}" for n in rows]
    lines += ["", "Sources and home pages:", ""]
    lines += [f"  {n.name:<{width}}  {n.source}" for n in rows]
    lines += ["", "Licence of the DejaVu Sans fonts:", "", font_licence().strip(), ""]
    for notice in rows:
        for filename, text in licence_texts(notice.name):
            lines += [f"{notice.name} {notice.version}: {filename}", "", text.strip(), ""]
    return "\n".join(lines)
