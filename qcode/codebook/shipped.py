"""Codebooks shipped with qcode: found in the installed package or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from qcode.errors import NotFoundError

DEFAULT = "activism-impartiality"
#: The repository's `codebooks/` folder (only present in a source checkout).
_CHECKOUT = Path(__file__).resolve().parents[2] / "codebooks"


def shipped_names() -> list[str]:
    """Names of the codebooks available (without the .qdc suffix)."""
    names = {p.stem for p in _CHECKOUT.glob("*.qdc")} if _CHECKOUT.is_dir() else set()
    data = resources.files("qcode.codebook") / "data"
    if data.is_dir():
        names |= {Path(p.name).stem for p in data.iterdir() if p.name.endswith(".qdc")}
    return sorted(names)


def shipped_codebook(name: str = DEFAULT) -> Path:
    """The path of the shipped codebook `name` (.qdc): package data first, then the checkout."""
    filename = f"{Path(name).stem}.qdc"
    packaged = resources.files("qcode.codebook") / "data" / filename
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    checkout = _CHECKOUT / filename
    if checkout.is_file():
        return checkout
    available = ", ".join(shipped_names()) or "none"
    raise NotFoundError(f"no shipped codebook {name!r} (available: {available})")
