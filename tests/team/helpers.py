"""Shared helpers for team tests: a published lead, laptops cloned from it, the CLI in a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qcode.codebook.tree import add_code, resolve_code
from qcode.coding import apply_code, insert_coding
from qcode.documents import resolve_document
from qcode.store import Action, Project
from qcode.team import clone, publish
from tests.merge.helpers import make_lead


def team(tmp: Path, url: str, *coders: str) -> tuple[Path, list[Path]]:
    """The lead's project published at `url`, and one laptop cloned from it per coder."""
    lead = make_lead(tmp / "lead.qcode")
    publish(lead, url)
    laptops = []
    for name in coders:
        out = tmp / f"{name.lower()}.qcode"
        clone(url, out, name)
        laptops.append(out)
    return lead, laptops


def code_some(path: Path, count: int, code: str = "Training", document: str = "Interview 01",
              new_code: bool = False) -> None:
    """`count` codings of `code` (added first when `new_code`) by the laptop's coder."""
    with Project.open(path) as p:
        if new_code:
            add_code(p, code)
        if count <= 10:
            for i in range(count):
                apply_code(p, document, code, i % 50, i % 50 + 10 + i % 7)
            return
        coder = p.coder_uuid
        with p.transaction(Action("apply code", "coding", touches={"codings"})) as s:
            doc, code_row = resolve_document(s, document), resolve_code(s, code)
            for i in range(count):
                insert_coding(s, doc, code_row, i % 60, i % 60 + 1 + i // 60, coder)


def qcode(*args: str, fault: str | None = None) -> subprocess.Popen[str]:
    """`qcode ARGS` in its own process (QCODE_FAULT_AT=`fault` kills it at that point)."""
    env = {**os.environ}
    env.pop("QCODE_FAULT_AT", None)
    if fault:
        env["QCODE_FAULT_AT"] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "qcode", *args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )


def live_codings(path: Path) -> set[str]:
    from sqlalchemy import select

    from qcode.store.models import Coding

    with Project.open(path) as p, p.read() as s:
        return set(s.scalars(select(Coding.uuid).where(Coding.deleted.is_(False))))
