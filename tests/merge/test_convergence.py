"""Merging is convergent: commutative, idempotent and associative over random edit histories."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from qcode.clone import clone_project
from qcode.codebook.tree import add_code, delete_code, list_codes, move_code, rename_code
from qcode.coding import apply_code, list_codings, recode, remove_coding, set_coding_memo
from qcode.documents import list_documents, set_attributes
from qcode.errors import QcodeError
from qcode.merge import merge_projects
from qcode.merging.state import copy_database
from qcode.store import Project

from .helpers import content, make_lead

PATHS = ["Impartiality/New idea", "Training/Online", "Wellbeing", "Wellbeing/Stress"]
NAMES = ["Renamed", "Other name", "Wellbeing"]

op = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(PATHS)),
    st.tuples(st.just("rename"), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("move"), st.integers(0, 9), st.integers(-1, 9)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("code"), st.integers(0, 1), st.integers(0, 9), st.integers(0, 5)),
    st.tuples(st.just("code"), st.integers(0, 1), st.integers(0, 9), st.integers(0, 5)),
    st.tuples(st.just("uncode"), st.integers(0, 9)),
    st.tuples(st.just("recode"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("memo"), st.integers(0, 9), st.sampled_from(["why", "check this"])),
    st.tuples(st.just("attr"), st.integers(0, 1), st.sampled_from(["force", "role"]),
              st.sampled_from(["A", "B", ""])),
)
history = st.lists(op, max_size=7)
SPANS = [(0, 12), (13, 40), (20, 60), (100, 140), (0, 5), (41, 90)]


def apply_history(path: Path, coder: str, ops: list[tuple[Any, ...]]) -> None:
    """Play random user actions on a copy; actions the services refuse are skipped."""
    with Project.open(path, coder_name=coder) as p:
        for action, *args in ops:
            codes = list_codes(p)
            codings = list_codings(p)
            docs = list_documents(p)
            try:
                if action == "add":
                    add_code(p, args[0])
                elif action == "rename" and codes:
                    rename_code(p, codes[args[0] % len(codes)].uuid, args[1])
                elif action == "move" and codes:
                    parent = None if args[1] < 0 else codes[args[1] % len(codes)].uuid
                    move_code(p, codes[args[0] % len(codes)].uuid, parent)
                elif action == "delete" and codes:
                    delete_code(p, codes[args[0] % len(codes)].uuid)
                elif action == "code" and codes:
                    start, end = SPANS[args[2]]
                    apply_code(p, docs[args[0]].uuid, codes[args[1] % len(codes)].uuid,
                               start, end)
                elif action == "uncode" and codings:
                    remove_coding(p, codings[args[0] % len(codings)].uuid)
                elif action == "recode" and codings and codes:
                    recode(p, codings[args[0] % len(codings)].uuid,
                           codes[args[1] % len(codes)].uuid)
                elif action == "memo" and codings:
                    set_coding_memo(p, codings[args[0] % len(codings)].uuid, args[1])
                elif action == "attr":
                    set_attributes(p, docs[args[0]].uuid, {args[1]: args[2]})
            except QcodeError:
                pass


_TEMPLATES: dict[str, Path] = {}


def _template(kind: str) -> Path:
    """The lead's project, made once per test session (a second, independent one on demand)."""
    if kind not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="qcode-merge-template-"))
        atexit.register(shutil.rmtree, folder, True)
        _TEMPLATES[kind] = make_lead(folder / f"{kind}.qcode")
    return _TEMPLATES[kind]


@contextmanager
def coder_copies(
    histories: list[list[tuple[Any, ...]]], independent: bool = False
) -> Iterator[list[Path]]:
    """One copy per history (coders Ann, Bob, Cid), each edited by its own history.

    With `independent`, the last copy comes from a lead project made separately: the same
    transcripts and code paths but other UUIDs throughout (matched by SHA-256 and path).
    """
    folder = Path(tempfile.mkdtemp(prefix="qcode-merge-"))
    try:
        paths = []
        for i, (coder, ops) in enumerate(zip(["Ann", "Bob", "Cid"], histories, strict=False)):
            lead = _template("other" if independent and i == len(histories) - 1 else "lead")
            path = clone_project(lead, folder / f"{coder}.qcode", coder)
            apply_history(path, coder, ops)
            paths.append(path)
        yield paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def merged(into: Path, *sources: Path, name: str) -> Path:
    """A copy of `into` with `sources` merged into it."""
    out = into.with_name(name)
    copy_database(into, out)
    merge_projects(out, list(sources))
    return out


#: Small by default to keep the suite fast; QCODE_MERGE_EXAMPLES=1500 for a deeper search.
#: No shrinking unless QCODE_MERGE_SHRINK=1: every example writes and merges several project
#: files, and shrinking one failure could take Hypothesis's full five minutes in a suite run.
#: A failure still fails at once, printing the histories found and a @reproduce_failure blob.
SHRINK = os.environ.get("QCODE_MERGE_SHRINK") == "1"
SETTINGS = settings(
    max_examples=int(os.environ.get("QCODE_MERGE_EXAMPLES", "8")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    print_blob=True,
)


@SETTINGS
@given(history, history, st.booleans())
@example([("rename", 0, "Renamed")], [("add", "Impartiality/New idea")], True)
def test_commutative(a_ops: list[tuple[Any, ...]], b_ops: list[tuple[Any, ...]],
                     independent: bool) -> None:
    with coder_copies([a_ops, b_ops], independent) as (a, b):
        assert content(merged(a, b, name="ab.qcode")) == content(merged(b, a, name="ba.qcode"))


@SETTINGS
@given(history, history, st.booleans())
def test_idempotent(a_ops: list[tuple[Any, ...]], b_ops: list[tuple[Any, ...]],
                    independent: bool) -> None:
    with coder_copies([a_ops, b_ops], independent) as (a, b):
        ab = merged(a, b, name="ab.qcode")
        once = content(ab)
        report = merge_projects(ab, [b])
        assert content(ab) == once
        assert not report.changed
        assert report.backup is None
        merge_projects(ab, [a])
        assert content(ab) == once


@SETTINGS
@given(history, history, history)
@example(*[[("add", "Impartiality/New idea")]] * 3)  # three coders, one new code: one code
@example([("rename", 0, "Renamed")], [("delete", 0)], [("code", 0, 1, 1), ("uncode", 0)])
# Ann and Bob move Activism and Events under each other (a cycle: (A+B) lifts Events to the
# top); Cid's later rename of Activism, still under Impartiality, supersedes Ann's move, so no
# cycle is left and Events goes back under Activism. (The failure first seen in a suite run.)
@example([("move", 1, 2)], [("move", 2, 1)], [("rename", 1, "Renamed")])
# Two codes one file holds side by side are never folded into one, even when they meet at
# one path: renamed onto one path in two files (Cid then renames one away again) ...
@example([("rename", 2, "Renamed")], [("rename", 1, "Renamed")], [("rename", 2, "Other name")])
# ... or deleted and added again under the same name (Cid renames the deleted one).
@example([], [("delete", 0), ("add", "Impartiality/New idea")], [("rename", 0, "Renamed")])
def test_associative(a_ops: list[tuple[Any, ...]], b_ops: list[tuple[Any, ...]],
                     c_ops: list[tuple[Any, ...]]) -> None:
    # Copies handed out with `qcode clone`. Between projects made separately, matching codes
    # by path is order-dependent when one file renames a code another file still has under
    # its old path (see test_path_matching_between_separate_projects_depends_on_order).
    with coder_copies([a_ops, b_ops, c_ops]) as (a, b, c):
        left = merged(merged(a, b, name="ab.qcode"), c, name="ab_c.qcode")
        right = merged(a, merged(b, c, name="bc.qcode"), name="a_bc.qcode")
        both_at_once = merged(a, b, c, name="abc.qcode")
        other_order = merged(c, b, a, name="cba.qcode")
        expected = content(left)
        assert content(right) == expected
        assert content(both_at_once) == expected
        assert content(other_order) == expected


def test_path_matching_between_separate_projects_depends_on_order() -> None:
    """The known limit, kept visible: A renames a code that a separately made project C has.

    (A+B)+C keeps A's renamed code and C's code apart (their paths differ by then), while
    A+(B+C) first folds B's and C's codes of the same path and then takes A's rename.
    """
    with coder_copies([[("rename", 0, "Renamed")], [], []], independent=True) as (a, b, c):
        left = merged(merged(a, b, name="ab.qcode"), c, name="ab_c.qcode")
        right = merged(a, merged(b, c, name="bc.qcode"), name="a_bc.qcode")
        with Project.open(left, coder_name="Lead") as p:
            left_paths = sorted(x.path for x in list_codes(p))
        with Project.open(right, coder_name="Lead") as p:
            right_paths = sorted(x.path for x in list_codes(p))
        assert "Impartiality/Activism" in left_paths
        assert "Renamed/Activism" in left_paths
        assert "Impartiality/Activism" not in right_paths
        assert content(merged(left, right, name="both.qcode")) == content(
            merged(right, left, name="both2.qcode")
        )  # merging the two outcomes still converges
