"""Shared helpers for merge tests: a lead's project, coders' copies, and a content dump."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clone import clone_project
from qcode.codebook.tree import add_code
from qcode.documents import add_document
from qcode.merging.state import ALIASES_KEY, ENTITIES, LIFTED_KEY, open_engine
from qcode.store import Document, Project, ProjectRow, Segment

TEXT_1 = (
    "Interviewer: How are complaints about officers' activism handled?\n"
    "Officer 1: They go to professional standards. Some staff feel the networks campaign.\n"
    "Interviewer: Do you think the force is impartial?\n"
    "Officer 1: Mostly. Pride events were the hardest call we had to make."
)
TEXT_2 = (
    "Facilitator: What did the group think about training?\n"
    "Participant A: The training was useful. It was short.\n"
    "Participant B: I disagree. It felt like a box-ticking exercise."
)


def make_lead(path: Path) -> Path:
    """The lead's project: two documents and a small codebook."""
    with Project.create(path, coder_name="Lead") as p:
        add_document(p, "Interview 01", TEXT_1, kind="interview", attributes={"force": "A"})
        add_document(p, "Focus group 01", TEXT_2, kind="focus_group")
        add_code(p, "Impartiality/Activism", definition="Officers campaigning")
        add_code(p, "Impartiality/Events")
        add_code(p, "Training")
    return path


def copies(tmp: Path, *coders: str) -> list[Path]:
    """A lead project and one clone per coder, all in `tmp`."""
    lead = make_lead(tmp / "lead.qcode")
    return [clone_project(lead, tmp / f"{c.lower()}.qcode", c) for c in coders]


def content(path: Path) -> dict[str, Any]:
    """Everything merging must agree on: every mergeable row, segments, code aliases, lifts."""
    engine = open_engine(path)
    try:
        with Session(engine) as s:
            out: dict[str, Any] = {}
            for entity, model in ENTITIES:
                rows = s.execute(select(model.__table__)).mappings()
                out[entity] = sorted(
                    tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows
                )
            out["segment"] = sorted(
                (r.document_uuid, r.ordinal, r.start, r.end, r.speaker, r.meta)
                for r in s.scalars(select(Segment))
            )
            row = s.get(ProjectRow, 1)
            assert row is not None
            settings = json.loads(row.settings)
            out["aliases"] = settings.get(ALIASES_KEY, {})
            out["lifted"] = settings.get(LIFTED_KEY, {})
            out["texts"] = sorted(s.scalars(select(Document.sha256)))
            return out
    finally:
        engine.dispose()
