"""A real PostgreSQL cluster per test session (initdb/pg_ctl in a temporary folder, Unix socket),
and a fresh team database per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.team import cluster as pg

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster() -> Iterator[pg.Cluster]:
    running = pg.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def team_url(cluster: pg.Cluster) -> str:
    """The URL of a new, empty database on the session's cluster."""
    name = f"team{next(_numbers)}"
    cluster.psql("postgres", f"CREATE DATABASE {name}")
    return cluster.url(name)
