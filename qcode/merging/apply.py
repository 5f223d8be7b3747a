"""Write a combined state into the target: inserts, updates and folded rows, one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.orm import Session

from qcode.merging.state import ALIASES_KEY, DATES, ENTITIES, LIFTED_KEY, MODELS, Row, State
from qcode.store import Document, ProjectRow, Segment, bump_change_counter

Progress = Callable[[int, int, str], None]


@dataclass
class Counts:
    """What a merge does to one kind of row."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    folded: int = 0  # rows found to be the same as another and folded into it

    @property
    def total(self) -> int:
        return self.added + self.updated + self.deleted + self.folded


@dataclass
class Plan:
    """The row changes that turn the target's current state into the merged one."""

    inserts: dict[str, list[Row]] = field(default_factory=dict)
    updates: dict[str, list[Row]] = field(default_factory=dict)
    removes: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, Counts] = field(default_factory=dict)
    aliases_changed: bool = False  # code aliases or lifted codes (project settings)

    @property
    def empty(self) -> bool:
        return not self.aliases_changed and not any(
            self.inserts[e] or self.updates[e] or self.removes[e] for e, _ in ENTITIES
        )


def plan(current: State, merged: State) -> Plan:
    """Compare row by row (documents without their text, which never changes)."""
    out = Plan(
        aliases_changed=current.aliases != merged.aliases or current.lifted != merged.lifted
    )
    for entity, _model in ENTITIES:
        now_rows, new_rows = current.rows[entity], merged.rows[entity]
        counts = Counts()
        inserts = [r for u, r in new_rows.items() if u not in now_rows]
        updates = [r for u, r in new_rows.items() if u in now_rows and now_rows[u] != r]
        removes = sorted(u for u in now_rows if u not in new_rows)
        counts.added = len(inserts) - sum(map(bool, map(itemgetter("deleted"), inserts)))
        for row in updates:
            if row["deleted"] and not now_rows[row["uuid"]]["deleted"]:
                counts.deleted += 1
            else:
                counts.updated += 1
        counts.folded = len(removes)
        out.inserts[entity], out.updates[entity], out.removes[entity] = inserts, updates, removes
        out.counts[entity] = counts
    return out


def write(
    session: Session,
    merged: State,
    the_plan: Plan,
    engines: dict[Path, Engine],
    progress: Progress | None = None,
) -> None:
    """Apply the plan inside the caller's transaction (foreign keys checked at commit)."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    session.execute(text("PRAGMA cache_size = -131072"))  # 128 MB: 100,000s of random keys
    steps = len(ENTITIES) + 3
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, label)

    # An attribute folded into another may hold the same (document, key): remove it first.
    _remove(session, "attribute", the_plan.removes["attribute"])
    for entity, _model in ENTITIES:
        rows = the_plan.inserts[entity]
        if entity == "document":
            _insert_documents(session, merged, rows, engines)
        else:
            _insert_rows(session, entity, rows)
        _update_rows(session, entity, the_plan.updates[entity])
        step(f"writing {entity} rows")
    _write_segments(session, merged, the_plan.inserts["document"], engines)
    step("writing segments")
    for entity, _model in reversed(ENTITIES):
        if entity != "attribute":
            _remove(session, entity, the_plan.removes[entity])
    step("removing folded rows")
    _finish(session, merged, the_plan)
    step("recording the merge")


#: Adding at least this many rows, and more than a table holds, drops its own indexes first
#: and builds them again after: one sort each instead of 100,000s of insertions at random
#: places (a third of the time of writing 100,000 codings).
BULK = 10_000


def _insert_rows(session: Session, entity: str, rows: list[Row]) -> None:
    """Insert through the driver: 100,000 rows in a second or two, not ten."""
    if not rows:
        return
    names = list(rows[0])
    sql = (
        f'INSERT INTO {entity} ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    conn = session.connection()
    rebuild = _drop_indexes(conn, entity, len(rows))
    conn.exec_driver_sql(sql, _params(names, rows))
    for create in rebuild:
        conn.exec_driver_sql(create)


def _drop_indexes(conn: Connection, entity: str, adding: int) -> list[str]:
    """Drop the table's indexes (not its key) before a bulk insert; their CREATE statements,
    exactly as the file holds them, to run after it (same transaction: all or nothing)."""
    if adding < BULK:
        return []
    held = conn.exec_driver_sql(f"SELECT count(*) FROM {entity}").scalar_one()
    if adding <= held:
        return []
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid",
        (entity,),
    ).all()
    for name, _sql in found:
        conn.exec_driver_sql(f'DROP INDEX "{name.replace(chr(34), chr(34) * 2)}"')
    return [str(sql) for _name, sql in found]


def _update_rows(session: Session, entity: str, rows: list[Row]) -> None:
    if not rows:
        return
    names = [n for n in rows[0] if n != "uuid"]
    sql = (
        f"UPDATE {entity} SET {', '.join(f'{chr(34)}{n}{chr(34)} = ?' for n in names)} "
        "WHERE uuid = ?"
    )
    session.connection().exec_driver_sql(sql, _params([*names, "uuid"], rows))


def _params(names: list[str], rows: list[Row]) -> list[tuple[Any, ...]]:
    """Each row's values in `names` order. Nothing to convert as a rule: timestamps are kept
    as the text SQLite holds, and the driver stores a bool as 0 or 1; a caller's rows that
    hold datetimes get them written as SQLAlchemy writes them."""
    get = itemgetter(*names)
    dated = [n for n in names if n in DATES
             and not set(map(type, map(itemgetter(n), rows))) <= {str}]
    if dated:
        rows = [{**r, **{n: _stored(r[n]) for n in dated}} for r in rows]
    if len(names) == 1:
        return [(r[names[0]],) for r in rows]
    return [get(r) for r in rows]


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def _remove(session: Session, entity: str, uuids: list[str]) -> None:
    model: Any = MODELS[entity]
    for i in range(0, len(uuids), 500):
        session.execute(delete(model).where(model.uuid.in_(uuids[i : i + 500])))


def _insert_documents(
    session: Session, merged: State, rows: list[Row], engines: dict[Path, Engine]
) -> None:
    for row in rows:
        path, uuid = merged.origin[row["uuid"]]
        if path == merged.path:
            text_value = session.scalar(select(Document.text).where(Document.uuid == uuid))
        else:
            with Session(engines[path]) as src:
                text_value = src.scalar(select(Document.text).where(Document.uuid == uuid))
        _insert_rows(session, "document", [{**row, "text": text_value}])


def _write_segments(
    session: Session, merged: State, rows: list[Row], engines: dict[Path, Engine]
) -> None:
    """New documents get their segments: moved from a folded target row, or copied over."""
    for row in rows:
        path, uuid = merged.origin[row["uuid"]]
        if path == merged.path:
            session.execute(
                update(Segment)
                .where(Segment.document_uuid == uuid)
                .values(document_uuid=row["uuid"])
                .execution_options(synchronize_session=False)
            )
            continue
        cols = [c for c in Segment.__table__.columns if c.name != "id"]
        with Session(engines[path]) as src:
            segs = [
                {**dict(r), "document_uuid": row["uuid"]}
                for r in src.execute(
                    select(*cols).where(Segment.document_uuid == uuid)
                ).mappings()
            ]
        if segs:
            session.execute(insert(Segment), segs)


def _finish(session: Session, merged: State, the_plan: Plan) -> None:
    project = session.get(ProjectRow, 1)
    assert project is not None
    if the_plan.aliases_changed:
        settings = json.loads(project.settings or "{}")
        if not isinstance(settings, dict):
            settings = {}
        settings[ALIASES_KEY] = dict(sorted(merged.aliases.items()))
        settings[LIFTED_KEY] = {k: list(v) for k, v in sorted(merged.lifted.items())}
        project.settings = json.dumps(settings)
    touched = ("document", "attribute")
    if any(
        the_plan.inserts[e] or the_plan.updates[e] or the_plan.removes[e] for e in touched
    ):
        bump_change_counter(session)
