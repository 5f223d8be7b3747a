"""Runtime files shipped inside the package (icons, fonts with their licences), found by name."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """The folder `qcode/data/<name>` as installed: wheel, editable checkout or frozen app."""
    folder = resources.files(__name__) / name
    # Installed packages (wheel, editable, PyInstaller) are plain folders; a zipped import is not.
    return Path(str(folder))
