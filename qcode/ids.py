"""Identity helpers: UUIDs for every entity and SHA-256 of document text."""

from __future__ import annotations

import hashlib
import re
import uuid

#: A GUID as REFI-QDA's `GUIDType` allows it (either case, optionally in braces).
GUID_WRITTEN = re.compile(r"\{?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?")


def new_uuid() -> str:
    """A fresh random UUID as its canonical 36-character string."""
    return str(uuid.uuid4())


def text_sha256(text: str) -> str:
    """The SHA-256 (hex) of a document's normalised text, encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_received(uuid: str, source_guid: object) -> str:
    """The GUID to hand another program for a row: as that program wrote it when we kept it
    (and it is still this row's, in a form REFI-QDA allows), else our own UUID."""
    if (
        isinstance(source_guid, str)
        and GUID_WRITTEN.fullmatch(source_guid)
        and source_guid.startswith("{") == source_guid.endswith("}")
        and source_guid.strip("{}").lower() == uuid
    ):
        return source_guid
    return uuid
