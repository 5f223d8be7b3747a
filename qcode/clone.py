"""`clone_project`: a coder's working copy of a project, the usual way a lead hands out work."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import ProjectFileError, QcodeError
from qcode.merging.state import BASE_KEY, copy_database, open_engine
from qcode.store import ChangeLog, Coding, Memo, Project, ProjectRow
from qcode.store.engine import writer
from qcode.store.project import CLONE_CODER_KEY, PROJECT_SUFFIX


def clone_project(source: Path, out: Path, coder: str, blind: bool = False) -> Path:
    """Copy `source` to `out` (same UUIDs throughout) for `coder`, who becomes its coder
    (its default coder when it is opened without naming one).

    With `blind`, other coders' codings (and memos on them) are left out of the copy: not
    tombstoned, so merging the copy back never removes them from the lead's project.
    """
    source, out = Path(source), Path(out)
    if not coder.strip():
        raise QcodeError("name the coder the copy is for (--coder NAME)")
    if out.suffix != PROJECT_SUFFIX:
        out = out.with_name(out.name + PROJECT_SUFFIX)
    if out.exists():
        raise ProjectFileError(f"{out}: already exists; choose another name")
    if not out.parent.is_dir():
        raise ProjectFileError(f"{out}: folder {out.parent} does not exist")
    copy_database(source, out)
    try:
        try:
            open_engine(out).dispose()  # checks and migrates the copy, not the source
        except ProjectFileError as exc:
            raise ProjectFileError(str(exc).replace(str(out), str(source))) from exc
        with Project.open(out, coder_name=coder) as project:
            _prepare(project, blind, coder.strip())
    except Exception:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
        raise
    return out


def _prepare(project: Project, blind: bool, coder: str) -> None:
    coder_uuid = project.coder_uuid  # added to the copy before the transaction below
    with Session(writer(project.engine)) as s, s.begin():
        row = s.get(ProjectRow, 1)
        assert row is not None
        settings = json.loads(row.settings or "{}")
        if not isinstance(settings, dict):
            settings = {}
        settings[BASE_KEY] = now().isoformat()
        settings[CLONE_CODER_KEY] = coder
        row.settings = json.dumps(settings)
        removed = 0
        if blind:
            others = list(
                s.scalars(select(Coding.uuid).where(Coding.coder_uuid != coder_uuid))
            )
            for i in range(0, len(others), 500):
                chunk = others[i : i + 500]
                s.execute(
                    delete(Memo).where(Memo.target_kind == "coding", Memo.target_uuid.in_(chunk))
                )
                s.execute(delete(Coding).where(Coding.uuid.in_(chunk)))
            removed = len(others)
        s.add(
            ChangeLog(
                at=now(),
                coder_uuid=coder_uuid,
                action="clone",
                entity="project",
                detail=json.dumps({"blind": blind, "codings_left_out": removed}),
            )
        )
