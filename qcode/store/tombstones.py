"""Soft deletion: rows are tombstoned (deleted=True) so that merges can carry deletions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from qcode.store.models import Mutable

_CHUNK = 500


def tombstone(
    session: Session,
    model: type[Mutable],
    uuids: Sequence[str],
    stamp: datetime,
    coder_uuid: str | None,
    *,
    deleted: bool = True,
) -> None:
    """Mark rows of `model` deleted (with deleted=False: alive again) in the caller's session."""
    column = model.uuid  # type: ignore[attr-defined]
    for i in range(0, len(uuids), _CHUNK):
        session.execute(
            update(model)
            .where(column.in_(list(uuids[i : i + _CHUNK])))
            .values(deleted=deleted, updated_at=stamp, updated_by=coder_uuid)
            .execution_options(synchronize_session=False)
        )
