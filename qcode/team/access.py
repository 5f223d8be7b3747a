"""Who may change what on the team database: a lead role and a coder role, as PostgreSQL grants.

The lead may change everything qcode syncs (documents, attributes, the codebook, codings,
memos, pseudonyms); a coder may code and write memos (codings, memos, coders, and the code
folds a merge makes) and read the rest. Nobody may DELETE or TRUNCATE: deletions travel as
tombstones. The server enforces this whatever client connects.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from qcode.errors import QcodeError
from qcode.team.schema import SEQ, TABLES, alias, meta, segment

ROLES = ("lead", "coder")
#: Tables each role may insert into and update.
WRITES = {
    "lead": [*TABLES, segment.name, alias.name],
    "coder": ["coder", "coding", "memo", alias.name],
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


def group(database: str, role: str) -> str:
    """The group role of a team database: e.g. `inspection_lead`."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return f"{base}_{role}"


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise QcodeError(f"{name!r}: not a usable role name (letters, digits, _ . @ -)")
    return '"' + name.replace('"', '""') + '"'


def set_up(conn: Connection, database: str) -> None:
    """Create the two group roles (if missing) and grant them their rights on every table."""
    tables = [*TABLES, segment.name, alias.name, meta.name]
    for role in ROLES:
        name = _ident(group(database, role))
        exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                             {"r": group(database, role)})
        if not exists:
            conn.execute(text(f"CREATE ROLE {name} NOLOGIN"))
        conn.execute(text(f"REVOKE ALL ON {', '.join(tables)} FROM {name}"))
        conn.execute(text(f"GRANT SELECT ON {', '.join(tables)} TO {name}"))
        conn.execute(text(f"GRANT INSERT, UPDATE ON {', '.join(WRITES[role])} TO {name}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON SEQUENCE {SEQ} TO {name}"))
        # The serial key of segments (documents new to the server come with theirs).
        if role == "lead":
            conn.execute(text(f"GRANT USAGE ON SEQUENCE segment_id_seq TO {name}"))
    conn.execute(text(f"REVOKE ALL ON {', '.join(tables)} FROM PUBLIC"))


def add_member(conn: Connection, database: str, login: str, role: str) -> None:
    """Give an inspector's login (created without a password if new) the lead or coder role;
    a login holds one of the two: changing it revokes the other."""
    if role not in ROLES:
        raise QcodeError(f"{role!r}: a team role is 'lead' or 'coder'")
    name = _ident(login)
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login})
    if not exists:
        conn.execute(text(f"CREATE ROLE {name} LOGIN"))
    for other in ROLES:
        if other != role:
            conn.execute(text(f"REVOKE {_ident(group(database, other))} FROM {name}"))
    conn.execute(text(f"GRANT {_ident(group(database, role))} TO {name}"))
