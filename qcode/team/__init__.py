"""A team database on PostgreSQL: publish a project, clone laptops' copies, sync them."""

from qcode.team.publish import add_member, clone, publish
from qcode.team.server import SyncRefusedError
from qcode.team.sync import SyncRejectedError, SyncReport, sync

__all__ = [
    "SyncRefusedError", "SyncRejectedError", "SyncReport", "add_member", "clone", "publish",
    "sync",
]
