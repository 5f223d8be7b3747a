"""Shared helpers for the codebook tests: the REFI-QDA schema and comparable codebooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qcode.codebook.model import Codebook
from tests.conftest import SHARED

XSD = SHARED / "refi-qda" / "Codebook.xsd"
SAMPLES = SHARED / "refi-qda" / "samples"


def schema() -> etree.XMLSchema:
    if not XSD.is_file():
        pytest.skip("../shared/refi-qda/Codebook.xsd is not available")
    return etree.XMLSchema(etree.parse(str(XSD)))


def assert_valid(path: Path) -> None:
    xsd = schema()
    document = etree.parse(str(path))
    assert xsd.validate(document), str(xsd.error_log)


def comparable(book: Codebook) -> list[tuple[object, ...]]:
    """Everything a round trip must keep, per code."""
    return [
        (
            e.path,
            e.uuid,
            e.colour,
            e.definition,
            e.inclusion,
            e.exclusion,
            e.example,
            e.tor_item,
            e.codable,
        )
        for e in book.entries
    ]
