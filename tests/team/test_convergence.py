"""Sync converges: random interleavings of edits and syncs on three laptops end equal, and
syncing through the server gives what merging the files gives."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from qcode.merge import merge_projects
from qcode.merging.state import copy_database
from qcode.team import clone, publish, sync
from tests.merge.helpers import content, make_lead
from tests.merge.test_convergence import apply_history, op

from .cluster import Cluster

CODERS = ("Ann", "Bob", "Cid")
step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.lists(op, min_size=1, max_size=3)),
    st.tuples(st.just("sync"), st.integers(0, 2)),
)
#: Small by default (each example syncs real files with a real server a dozen times);
#: QCODE_SYNC_EXAMPLES=200 or HYPOTHESIS_PROFILE=deep with it for a deeper search.
SHRINK = os.environ.get("QCODE_MERGE_SHRINK") == "1"
SETTINGS = settings(
    max_examples=int(os.environ.get("QCODE_SYNC_EXAMPLES", "5")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    print_blob=True,
)
_TEMPLATE: dict[str, Path] = {}
_numbers = itertools.count(1)


def _template(cluster: Cluster) -> Path:
    """A published lead and three laptops cloned from it, made once per session."""
    key = str(cluster.root)
    if key not in _TEMPLATE:
        cluster.psql("postgres", "CREATE DATABASE converge_template")
        folder = Path(tempfile.mkdtemp(prefix="qcode-sync-template-"))
        url = cluster.url("converge_template")
        publish(make_lead(folder / "lead.qcode"), url)
        for name in CODERS:
            clone(url, folder / f"{name}.qcode", name)
        _TEMPLATE[key] = folder
    return _TEMPLATE[key]


@contextmanager
def laptops(cluster: Cluster) -> Iterator[tuple[str, list[Path]]]:
    """A fresh team database (a copy of the template's) and fresh copies of its laptops."""
    template = _template(cluster)
    name = f"converge{next(_numbers)}"
    cluster.psql("postgres", f"CREATE DATABASE {name} TEMPLATE converge_template")
    folder = Path(tempfile.mkdtemp(prefix="qcode-sync-"))
    try:
        paths = []
        for coder in CODERS:
            copy_database(template / f"{coder}.qcode", folder / f"{coder}.qcode")
            paths.append(folder / f"{coder}.qcode")
        yield cluster.url(name), paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        cluster.psql("postgres", f"DROP DATABASE {name}")


def _final_round(url: str, paths: list[Path]) -> None:
    """Everyone syncs; then all but the last again (the last already had everything)."""
    for path in [*paths, *paths[:-1]]:
        sync(path, url)


@SETTINGS
@given(st.lists(step, max_size=8))
def test_laptops_and_server_converge(cluster: Cluster, steps: list[tuple[Any, ...]]) -> None:
    with laptops(cluster) as (url, paths):
        for kind, who, *rest in steps:
            if kind == "edit":
                apply_history(paths[who], CODERS[who], rest[0])
            else:
                sync(paths[who], url)
        _final_round(url, paths)
        first = content(paths[0])
        for other in paths[1:]:
            assert content(other) == first


@SETTINGS
@given(st.lists(op, max_size=5), st.lists(op, max_size=5), st.lists(op, max_size=5))
# Found by the deep search: Cid renames a code onto the path of a code Ann adds. A file merge
# keeps them apart (Ann's file holds both); a pull of only the changed codes made the shared
# one look like Cid's alone, and the laptops folded them.
@example(a=[("code", 0, 9, 4), ("move", 5, 1), ("delete", 1), ("rename", 1, "Renamed"),
            ("add", "Wellbeing/Stress")],
         b=[("code", 1, 0, 1), ("move", 5, 6), ("add", "Impartiality/New idea")],
         c=[("rename", 3, "Wellbeing")])
def test_syncing_gives_what_merging_files_gives(
    cluster: Cluster, a: list[Any], b: list[Any], c: list[Any]
) -> None:
    with laptops(cluster) as (url, paths):
        for path, coder, ops in zip(paths, CODERS, (a, b, c), strict=True):
            apply_history(path, coder, ops)
        merged = paths[0].with_name("merged.qcode")
        copy_database(paths[0], merged)
        merge_projects(merged, paths[1:])
        _final_round(url, paths)
        assert content(paths[0]) == content(merged)
