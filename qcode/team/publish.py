"""`publish` a project as a team database, `clone` a laptop's copy from it, add `member`s."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import delete
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import ProjectFileError, QcodeError
from qcode.merging.state import BASE_KEY, open_engine
from qcode.store import Project
from qcode.store.engine import writer
from qcode.store.models import Coder, ProjectRow
from qcode.store.project import CLONE_CODER_KEY, PROJECT_SUFFIX
from qcode.team import access, local
from qcode.team.connect import engine_for, public_url
from qcode.team.schema import migrate, put_meta, read_meta
from qcode.team.sync import SyncReport, sync
from qcode.team.verify import server_info


def _database(url: str) -> str:
    return urlsplit(url).path.strip("/")


def publish(path: Path, url: str) -> SyncReport:
    """Create the team database's tables from a project (or join the project to the one it
    already holds, upgrading its layout), set up the lead and coder roles, then sync."""
    path = Path(path)
    engine = open_engine(path)
    try:
        with Session(engine) as s:
            row = s.get(ProjectRow, 1)
            if row is None:
                raise ProjectFileError(f"{path}: damaged qcode project (no project row)")
            uuid, name, created = row.uuid, row.name, row.created_at
    finally:
        engine.dispose()
    server = engine_for(url)
    try:
        with server.begin() as conn:
            info = read_meta(conn)
            if info and info.get("project_uuid") != uuid:
                raise QcodeError(
                    f"{public_url(url)}: already holds the project {info.get('project_name')!r}; "
                    "publish each project to its own database"
                )
            migrate(conn, info)
            if not info:
                put_meta(conn, "project_uuid", uuid)
                put_meta(conn, "project_name", name)
                put_meta(conn, "project_created_at", created.isoformat())
            access.set_up(conn, _database(url))
    finally:
        server.dispose()
    return sync(path, url)


def add_member(url: str, login: str, role: str) -> None:
    """Give `login` the lead or coder role on the team database (run by its owner)."""
    server = engine_for(url)
    try:
        server_info(server, None, public_url(url))
        with server.begin() as conn:
            access.add_member(conn, _database(url), login, role)
    finally:
        server.dispose()


def clone(url: str, out: Path, coder: str) -> SyncReport:
    """A new project file at `out` holding the team database's project, for `coder`."""
    out = Path(out)
    if not coder.strip():
        raise QcodeError("name the coder the copy is for (--coder NAME)")
    if out.suffix != PROJECT_SUFFIX:
        out = out.with_name(out.name + PROJECT_SUFFIX)
    server = engine_for(url)
    try:
        info = server_info(server, None, public_url(url))
    finally:
        server.dispose()
    project = Project.create(out, name=info.get("project_name") or out.stem, coder_name=coder)
    try:
        with project, Session(writer(project.engine)) as s, s.begin():
            # The coder row is pulled if the team has one of that name; added on first write.
            s.execute(delete(Coder))
            row = s.get(ProjectRow, 1)
            assert row is not None
            row.uuid = info["project_uuid"]
            row.created_at = _created(info)
            settings = json.loads(row.settings or "{}")
            settings[BASE_KEY] = now().isoformat()
            settings[CLONE_CODER_KEY] = coder.strip()
            row.settings = json.dumps(settings)
            # Nothing of its own to push yet: what it pulls is the server's already.
            local.write(s, local.Bookkeeping(url=public_url(url), pulled=0, pushed_at=now(),
                                             log=local.last_log(s)))
        return sync(out, url)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
        raise


def _created(info: dict[str, str]) -> datetime:
    try:
        return datetime.fromisoformat(info.get("project_created_at", ""))
    except ValueError:
        return now()
