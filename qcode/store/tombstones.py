"""Soft deletion: rows are tombstoned (deleted=True) so that merges can carry deletions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from qcode.store.models import Mutable

_CHUNK = 500
#: Past this many rows, one prepared statement run per row beats statements of 500 (42,000
#: codings: SQLAlchemy built 85 statements of 500 parameters, half the time of the undo).
_MANY = 5000


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
    if len(uuids) > _MANY:  # one statement run per row in C (thousands: an undo of code all hits)
        table = cast(Table, model.__table__)  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.uuid == bindparam("row_uuid"))
            .values(deleted=deleted, updated_at=stamp, updated_by=coder_uuid),
            [{"row_uuid": uuid} for uuid in uuids],
        )
        return
    column = model.uuid  # type: ignore[attr-defined]
    for i in range(0, len(uuids), _CHUNK):
        session.execute(
            update(model)
            .where(column.in_(list(uuids[i : i + _CHUNK])))
            .values(deleted=deleted, updated_at=stamp, updated_by=coder_uuid)
            .execution_options(synchronize_session=False)
        )
