"""A laptop's sync bookkeeping (in the project settings) and which of its rows to push.

Kept in `ProjectRow.settings` (no schema change): the server URL without password, the last
server sequence number pulled, the local time the last push read its rows (`pushed_at`), and
the last change-log id that push saw.

Local changes since the last push are the rows whose `updated_at` is at or after `pushed_at`
less a margin. That is safe because every ordinary edit stamps `updated_at` with this laptop's
clock, which never runs backwards within a qcode process (`qcode.clock.now`); the margin covers
an edit that took its time just before the push read and committed just after, and a sync that
finds the clock behind the last push's time offers every row. Actions that write
rows carrying other times (a file merge, a REFI-QDA import, anything qcode does not list as
ordinary) are seen in the change log, and the next push then sends every row: the server keeps
only versions newer than its own, so sending too much costs time, never correctness.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qcode.merging.state import ALIASES_KEY, ENTITIES, MODELS, Row, State, columns
from qcode.store.models import ChangeLog, ProjectRow
from qcode.team.times import as_datetime

URL_KEY = "team.url"
PULLED_KEY = "team.pulled"
PUSHED_KEY = "team.pushed_at"
LOG_KEY = "team.log"
#: Rows this much older than the last push are offered again: an edit that took its time just
#: before the push read the file and committed just after, and small clock corrections. (A
#: clock found behind the last push's time makes the next push offer every row.)
MARGIN = timedelta(minutes=2)
#: Change-log actions that stamp every row they write with this laptop's clock.
ORDINARY = frozenset({
    "add code", "add document", "add memo", "apply code", "code in vivo", "coding memo",
    "delete code", "delete document", "delete memo", "document memo", "edit code",
    "edit memo", "merge codes", "move code", "recode", "remove coding", "remove codings",
    "remove pseudonym", "rename code", "rename document", "resize coding", "restore codes",
    "restore codings", "restore document", "set attributes", "set document kind",
    "set project setting", "set pseudonym", "unmerge codes", "sync",
})


@dataclass
class Bookkeeping:
    """Where and how far this laptop has synced."""

    url: str | None = None
    pulled: int = 0
    pushed_at: datetime | None = None
    log: int = 0


def settings_of(session: Session) -> dict[str, Any]:
    row = session.get(ProjectRow, 1)
    try:
        data = json.loads(row.settings or "{}") if row else {}
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def read(session: Session) -> Bookkeeping:
    data = settings_of(session)
    out = Bookkeeping()
    if isinstance(data.get(URL_KEY), str):
        out.url = data[URL_KEY]
    if type(data.get(PULLED_KEY)) is int:
        out.pulled = data[PULLED_KEY]
    if type(data.get(LOG_KEY)) is int:
        out.log = data[LOG_KEY]
    if isinstance(data.get(PUSHED_KEY), str):
        try:
            out.pushed_at = datetime.fromisoformat(data[PUSHED_KEY])
        except ValueError:
            out.pushed_at = None
    return out


def write(session: Session, book: Bookkeeping) -> None:
    """Store the bookkeeping inside the caller's transaction."""
    row = session.get(ProjectRow, 1)
    assert row is not None
    data = settings_of(session)
    if book.url is not None:
        data[URL_KEY] = book.url
    data[PULLED_KEY] = book.pulled
    data[LOG_KEY] = book.log
    if book.pushed_at is not None:
        data[PUSHED_KEY] = book.pushed_at.isoformat()
    row.settings = json.dumps(data)


def last_log(session: Session) -> int:
    return int(session.scalar(select(func.max(ChangeLog.id))) or 0)


def needs_full_push(session: Session, book: Bookkeeping) -> bool:
    """True before the first push, or when an action since the last one may have written rows
    with times not from this laptop's clock."""
    if book.pushed_at is None:
        return True
    actions = session.scalars(
        select(ChangeLog.action).where(ChangeLog.id > book.log).distinct()
    )
    return any(a not in ORDINARY for a in actions)


def unsynced_actions(session: Session, book: Bookkeeping) -> int:
    """User actions since the last sync (what the window's indicator shows)."""
    return int(session.scalar(
        select(func.count()).select_from(ChangeLog).where(
            ChangeLog.id > book.log, ChangeLog.action.not_in(("sync", "set project setting"))
        )
    ) or 0)


def changed_rows(state: State, since: datetime | None) -> dict[str, list[Row]]:
    """Rows to push: all of them (`since` None), else those changed from `since` less MARGIN."""
    if since is None:
        return {e: list(state.rows[e].values()) for e, _m in ENTITIES}
    cutoff = since - MARGIN
    return {
        e: [r for r in state.rows[e].values() if as_datetime(r["updated_at"]) >= cutoff]
        for e, _m in ENTITIES
    }


def project_uuid(session: Session) -> str:
    row = session.get(ProjectRow, 1)
    return row.uuid if row is not None else ""


def aliases(session: Session) -> dict[str, str]:
    """The code folds the project keeps (as the file merge writes them)."""
    found = settings_of(session).get(ALIASES_KEY, {})
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def recent_rows(session: Session, since: datetime) -> dict[str, list[Row]]:
    """Rows changed from `since` less MARGIN, read through the `updated_at` index (a sync
    that pulled nothing need not read the whole file)."""
    cutoff = since - MARGIN
    out: dict[str, list[Row]] = {}
    for entity, model in ENTITIES:
        table = model.__table__
        names = columns(entity)
        found = session.execute(
            select(*[table.c[n] for n in names]).where(table.c.updated_at >= cutoff)
        )
        out[entity] = [dict(zip(names, r, strict=True)) for r in found]
    return out


def present(engine: Engine) -> Callable[[str, Iterable[str]], set[str]]:
    """A test of which UUIDs of a table the laptop holds (for what a pull must bring along)."""

    def have(entity: str, uuids: Iterable[str]) -> set[str]:
        table = MODELS[entity].__table__
        wanted = sorted(set(uuids))
        out: set[str] = set()
        with Session(engine) as s:
            for i in range(0, len(wanted), 500):
                out.update(s.scalars(select(table.c.uuid)
                                     .where(table.c.uuid.in_(wanted[i : i + 500]))))
        return out

    return have
