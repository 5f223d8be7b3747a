"""What the installers share: the version (from the package) and the identifiers of the app."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.search(
    r'^__version__ = "([^"]+)"', (ROOT / "qcode" / "__init__.py").read_text(encoding="utf-8"), re.M
).group(1)
BUNDLE_ID = "org.qcode.qcode"
MIME_TYPE = "application/x-qcode-project"
