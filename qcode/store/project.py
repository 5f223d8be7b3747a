"""An open project file: engine, the current coder, and one transaction per user action."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from qcode import settings
from qcode.clock import now
from qcode.errors import ProjectFileError
from qcode.store import schema
from qcode.store.engine import make_engine, open_checked, set_journal, writer
from qcode.store.models import ChangeLog, Coder, ProjectRow

PROJECT_SUFFIX = ".qcode"
#: Project setting: the coder a clone was made for (its default coder, before the machine's).
CLONE_CODER_KEY = "clone.coder"

__all__ = ["CLONE_CODER_KEY", "PROJECT_SUFFIX", "Action", "Change", "Project", "make_engine"]


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


class Project:
    """An open `.qcode` file. Every service takes one of these."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        coder_uuid: str = "",
        *,
        coder_name: str | None = None,
        location_warning: str | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self._coder_uuid = coder_uuid
        #: The coder to work as, added to the file only when a write needs it.
        self._pending_coder = coder_name
        #: Why this file's folder is unsafe for several writers (network share, synced folder),
        #: shown once by the CLI and the window; None on a local disk.
        self.location_warning = location_warning
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
            warning = set_journal(engine, path)
            schema.create_schema(engine)
            with Session(engine) as s, s.begin():
                s.add(ProjectRow(id=1, name=name or path.stem))
        except Exception:
            engine.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        project = cls(path, engine, "", location_warning=warning)
        project.use_coder(coder_name or settings.coder_name())
        return project

    @classmethod
    def open(cls, path: Path | str, coder_name: str | None = None) -> Project:
        """Open an existing project through the door (identity, version and schema checked,
        older schemas migrated); refuse anything else, leaving it unchanged.

        The coder (`coder_name`, else the one a clone was made for, else the one remembered
        on this machine) is added to the file only by the first write that needs it.
        """
        path = Path(path)
        engine, warning = open_checked(path)
        project = cls(path, engine, "", location_warning=warning)
        try:
            with Session(engine) as s:
                row = s.get(ProjectRow, 1)
                if row is None:
                    raise ProjectFileError(f"{path}: damaged qcode project (no project row)")
                project_settings = _json_dict(row.settings)
            project._pending_coder = coder_name or _default_coder(project_settings)
        except DatabaseError as exc:
            engine.dispose()
            raise ProjectFileError(
                f"{path}: cannot be read as a qcode project ({exc.orig})"
            ) from exc
        except BaseException:
            engine.dispose()
            raise
        return project

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def snapshot(self, reason: str) -> Path | None:
        """Snapshot the project now (before a bulk or destructive action); returns its path.

        A project with no document, code or coding yet has nothing a snapshot could bring
        back (a new project loading its codebook, the demo being built): None, no folder.
        """
        from qcode.store.models import Code, Coding, Document
        from qcode.store.snapshots import take

        with Session(self.engine) as s:
            empty = all(
                s.scalar(select(model.uuid).limit(1)) is None
                for model in (Document, Code, Coding)
            )
        if empty:
            return None
        return take(self.path, reason)

    # --- coders --------------------------------------------------------------------------
    @property
    def coder_uuid(self) -> str:
        """The current coder's UUID; the coder is added to the file here if it is new."""
        if not self._coder_uuid and self._pending_coder is not None:
            self.use_coder(self._pending_coder)
        return self._coder_uuid

    @coder_uuid.setter
    def coder_uuid(self, value: str) -> None:
        self._coder_uuid = value
        self._pending_coder = None

    def use_coder(self, name: str) -> str:
        """Make the coder of this name current (created if new); returns its UUID."""
        name = name.strip() or "coder"
        found = self._find_coder(name)
        if found is None:
            with Session(writer(self.engine)) as s, s.begin():
                coder = self._coder_row(s, name)
                if coder is None:
                    coder = Coder(name=name)
                    s.add(coder)
                    s.flush()
                found = coder.uuid
        self.coder_uuid = found
        return found

    def _find_coder(self, name: str) -> str | None:
        with Session(self.engine) as s:
            coder = self._coder_row(s, name)
            return coder.uuid if coder else None

    @staticmethod
    def _coder_row(s: Session, name: str) -> Coder | None:
        return s.scalars(
            select(Coder)
            .where(Coder.name == name, Coder.deleted.is_(False))
            .order_by(Coder.created_at)
        ).first()

    @property
    def coder_name(self) -> str:
        if not self._coder_uuid and self._pending_coder is not None:
            return self._pending_coder.strip() or "coder"
        with Session(self.engine) as s:
            coder = s.get(Coder, self._coder_uuid)
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
        coder_uuid = self.coder_uuid  # added (in its own transaction) before this one begins
        with Session(writer(self.engine), expire_on_commit=False) as s, s.begin():
            yield s
            s.add(
                ChangeLog(
                    at=now(),
                    coder_uuid=coder_uuid or None,
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


def _json_dict(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _default_coder(project_settings: dict[str, Any]) -> str:
    """The coder a clone was made for, else the one remembered on this machine."""
    cloned_for = project_settings.get(CLONE_CODER_KEY)
    if isinstance(cloned_for, str) and cloned_for.strip():
        return cloned_for.strip()
    return settings.coder_name()


def bump_change_counter(session: Session) -> None:
    """Record, inside the caller's transaction, that documents or segments changed."""
    session.execute(
        update(ProjectRow)
        .where(ProjectRow.id == 1)
        .values(change_counter=ProjectRow.change_counter + 1, updated_at=now())
    )
