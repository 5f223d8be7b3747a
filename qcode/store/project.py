"""An open project file: engine, the current coder, and one transaction per user action."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from qcode import settings
from qcode.clock import now
from qcode.errors import ProjectFileError
from qcode.store import schema
from qcode.store.models import ChangeLog, Coder, ProjectRow

PROJECT_SUFFIX = ".qcode"


@dataclass(frozen=True)
class Change:
    """What one committed action touched, for listeners (GUI views, caches)."""

    action: str
    entities: frozenset[str]


@dataclass
class Action:
    """The change-log entry of a transaction; services fill in what they touched."""

    name: str
    entity: str = ""
    entity_uuid: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    touches: set[str] = field(default_factory=set)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def make_engine(path: Path) -> Engine:
    """An SQLAlchemy engine on the file with foreign keys on and WAL journalling."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


class Project:
    """An open `.qcode` file. Every service takes one of these."""

    def __init__(self, path: Path, engine: Engine, coder_uuid: str) -> None:
        self.path = path
        self.engine = engine
        self.coder_uuid = coder_uuid
        self.listeners: list[Callable[[Change], None]] = []

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path | str, name: str | None = None, coder_name: str | None = None
    ) -> Project:
        """Create a new, empty project file (refusing to overwrite an existing file)."""
        path = Path(path)
        if path.exists():
            raise ProjectFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise ProjectFileError(f"{path}: folder {path.parent} does not exist")
        engine = make_engine(path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode = WAL")
            schema.create_schema(engine)
            with Session(engine) as s, s.begin():
                s.add(ProjectRow(id=1, name=name or path.stem))
        except Exception:
            engine.dispose()
            path.unlink(missing_ok=True)
            raise
        project = cls(path, engine, "")
        project.use_coder(coder_name or settings.coder_name())
        return project

    @classmethod
    def open(cls, path: Path | str, coder_name: str | None = None) -> Project:
        """Open an existing project, migrating an older schema; refuse anything else."""
        path = Path(path)
        schema.sniff_file(path)
        engine = make_engine(path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode = WAL")
            schema.upgrade(engine, path)
            with Session(engine) as s:
                if s.get(ProjectRow, 1) is None:
                    raise ProjectFileError(f"{path}: damaged qcode project (no project row)")
        except DatabaseError as exc:
            engine.dispose()
            raise ProjectFileError(
                f"{path}: cannot be read as a qcode project ({exc.orig})"
            ) from exc
        except Exception:
            engine.dispose()
            raise
        project = cls(path, engine, "")
        project.use_coder(coder_name or settings.coder_name())
        return project

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- coders --------------------------------------------------------------------------
    def use_coder(self, name: str) -> str:
        """Make the coder of this name current (created if new); returns its UUID."""
        name = name.strip() or "coder"
        with Session(self.engine) as s, s.begin():
            coder = s.scalars(
                select(Coder)
                .where(Coder.name == name, Coder.deleted.is_(False))
                .order_by(Coder.created_at)
            ).first()
            if coder is None:
                coder = Coder(name=name)
                s.add(coder)
                s.flush()
            self.coder_uuid = coder.uuid
        return self.coder_uuid

    @property
    def coder_name(self) -> str:
        with Session(self.engine) as s:
            coder = s.get(Coder, self.coder_uuid)
            return coder.name if coder else ""

    # --- sessions and transactions -------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def transaction(self, action: Action | str) -> Iterator[Session]:
        """One user action: commits as a whole or not at all, logs it, then tells listeners."""
        act = Action(action) if isinstance(action, str) else action
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            yield s
            s.add(
                ChangeLog(
                    at=now(),
                    coder_uuid=self.coder_uuid or None,
                    action=act.name,
                    entity=act.entity,
                    entity_uuid=act.entity_uuid,
                    detail=json.dumps(act.detail, default=str),
                )
            )
        change = Change(act.name, frozenset(act.touches))
        for listener in list(self.listeners):
            listener(change)

    # --- project-wide facts --------------------------------------------------------------
    @property
    def name(self) -> str:
        with Session(self.engine) as s:
            row = s.get(ProjectRow, 1)
            return row.name if row else self.path.stem

    def change_counter(self) -> int:
        """A number that grows with every change to documents (the search index tracks it)."""
        with Session(self.engine) as s:
            row = s.get(ProjectRow, 1)
            return row.change_counter if row else 0

    def settings(self) -> dict[str, Any]:
        with Session(self.engine) as s:
            row = s.get(ProjectRow, 1)
            data = json.loads(row.settings) if row else {}
            return data if isinstance(data, dict) else {}

    def put_setting(self, key: str, value: Any) -> None:
        with self.transaction(Action("set project setting", detail={"key": key})) as s:
            row = s.get(ProjectRow, 1)
            assert row is not None
            data = json.loads(row.settings)
            data[key] = value
            row.settings = json.dumps(data)
            row.updated_at = now()


def bump_change_counter(session: Session) -> None:
    """Record, inside the caller's transaction, that documents or segments changed."""
    session.execute(
        update(ProjectRow)
        .where(ProjectRow.id == 1)
        .values(change_counter=ProjectRow.change_counter + 1, updated_at=now())
    )
