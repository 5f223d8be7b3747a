"""Before a sync: the team database is qcode's, of this layout, and holds this very project."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from qcode.errors import QcodeError
from qcode.team.schema import check_versions, read_meta


def server_info(server: Engine, project_uuid: str | None, where: str) -> dict[str, str]:
    """The team database's facts; refused if it is not a qcode team database of this layout
    or (given `project_uuid`) holds another project."""
    try:
        with server.connect() as conn:
            info = read_meta(conn)
    except OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise QcodeError(f"cannot reach the team database ({first})") from exc
    if not info:
        raise QcodeError(
            "the database holds no qcode project yet; the lead publishes one with: "
            "qcode team publish PROJECT URL"
        )
    check_versions(info, "team database")
    if project_uuid is not None and info.get("project_uuid") != project_uuid:
        raise QcodeError(
            f"{where}: is not a copy of the team's project {info.get('project_name')!r} "
            "(different project); sync only copies cloned from this team database"
        )
    return info
