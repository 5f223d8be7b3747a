"""Identity helpers: UUIDs for every entity and SHA-256 of document text."""

from __future__ import annotations

import hashlib
import uuid


def new_uuid() -> str:
    """A fresh random UUID as its canonical 36-character string."""
    return str(uuid.uuid4())


def text_sha256(text: str) -> str:
    """The SHA-256 (hex) of a document's normalised text, encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
