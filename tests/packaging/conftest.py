"""The frozen-build tests run on demand (`make test-dist`, which installs PyInstaller)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the `frozen` tests unless QCODE_TEST_FROZEN=1 (set by `make test-dist`)."""
    if os.environ.get("QCODE_TEST_FROZEN") == "1":
        return
    frozen = [item for item in items if item.get_closest_marker("frozen")]
    if frozen:
        config.hook.pytest_deselected(items=frozen)
        items[:] = [item for item in items if not item.get_closest_marker("frozen")]
