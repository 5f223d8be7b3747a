"""The team database's tables on PostgreSQL: the project's models plus a change sequence."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DefaultClause,
    ForeignKeyConstraint,
    MetaData,
    Sequence,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
)

from qcode.errors import QcodeError
from qcode.merging.state import ENTITIES
from qcode.store.models import Segment
from qcode.store.schema import SCHEMA_VERSION

#: The layout of the team database this qcode writes (its own numbering, not the file's).
SERVER_SCHEMA = 1
#: Every write to a row takes the next number: a laptop pulls "changed since N".
SEQ = "qcode_seq"

metadata = MetaData()
seq = Sequence(SEQ, metadata=metadata)

#: Facts about the team database: schema versions, the project's UUID, name and creation time.
meta = Table(
    "qcode_meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
#: Codes folded into another by some laptop's merge (loser -> winner), as files keep them.
alias = Table(
    "qcode_alias", metadata,
    Column("loser", Text, primary_key=True),
    Column("winner", Text, nullable=False),
    Column("updated_by", Text),
    Column("seq", BigInteger, nullable=False, index=True),
)


def _mirror(table: Table) -> Table:
    """The SQLite table on the server: same columns, plus `seq`; references checked at commit.

    Uniqueness other than the key is left to the laptops: two laptops may each add an attribute
    for one (document, key), and every laptop folds them the same way, as the file merge does.
    """
    copy = table.to_metadata(metadata)
    for constraint in list(copy.constraints):
        if isinstance(constraint, UniqueConstraint):
            copy.constraints.discard(constraint)
        elif isinstance(constraint, ForeignKeyConstraint):
            constraint.deferrable, constraint.initially = True, "DEFERRED"
            constraint.ondelete = None
    for index in list(copy.indexes):
        if index.unique:
            copy.indexes.discard(index)
    for column in copy.columns:
        default = column.server_default
        if isinstance(column.type, Boolean) and isinstance(default, DefaultClause):
            # SQLite spells a flag's default 1 or 0; PostgreSQL wants true or false.
            value = str(getattr(default.arg, "text", default.arg)).strip("'\" ").lower()
            column.server_default = DefaultClause(text("true" if value in ("1", "true")
                                                       else "false"))
    if "uuid" in copy.c:
        copy.append_column(Column("seq", BigInteger, nullable=False, index=True))
    return copy


TABLES: dict[str, Table] = {name: _mirror(model.__table__) for name, model in ENTITIES}  # type: ignore[arg-type]
segment = _mirror(Segment.__table__)  # type: ignore[arg-type]
segment.append_constraint(UniqueConstraint("document_uuid", "ordinal"))


def _create(conn: Connection) -> None:
    """Schema 1: the tables, the sequence, and who wrote the rows."""
    metadata.create_all(conn)


#: MIGRATIONS[n] upgrades a team database of schema n-1 to n (MIGRATIONS[1] creates it).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _create}


def read_meta(conn: Connection) -> dict[str, str]:
    """The meta table, or {} when the database holds no qcode project yet."""
    exists = conn.scalar(text("SELECT to_regclass('qcode_meta') IS NOT NULL"))
    if not exists:
        return {}
    return {k: v for k, v in conn.execute(select(meta.c.key, meta.c.value))}


def check_versions(info: dict[str, str], where: str) -> None:
    """Refuse a team database written by a newer qcode, or one this qcode's files outgrew."""
    server = int(info.get("server_schema", "0"))
    store = int(info.get("store_schema", "0"))
    if server > SERVER_SCHEMA or store > SCHEMA_VERSION:
        raise QcodeError(
            f"{where}: the team database was made by a newer qcode (team schema {server}, "
            f"project schema {store}); update qcode to sync with it"
        )
    if server < SERVER_SCHEMA or store < SCHEMA_VERSION:
        raise QcodeError(
            f"{where}: the team database has an older layout (team schema {server}, project "
            f"schema {store}); the lead upgrades it with: qcode team publish PROJECT URL"
        )


def migrate(conn: Connection, info: dict[str, str]) -> None:
    """Bring the team database to this qcode's layout (run by its owner, in one transaction)."""
    current = int(info.get("server_schema", "0"))
    if current > SERVER_SCHEMA:
        check_versions(info, "team database")
    for version in range(current + 1, SERVER_SCHEMA + 1):
        MIGRATIONS[version](conn)
    _add_new_columns(conn)
    put_meta(conn, "server_schema", str(SERVER_SCHEMA))
    put_meta(conn, "store_schema", str(SCHEMA_VERSION))


def _add_new_columns(conn: Connection) -> None:
    """Columns a newer project schema added to the models, added on the server with defaults."""
    for table in [*TABLES.values(), segment]:
        have = {
            r[0] for r in conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                {"t": table.name},
            )
        }
        for column in table.columns:
            if column.name in have:
                continue
            default = column.server_default
            if default is None and column.default is not None and column.default.is_scalar:
                value = getattr(column.default, "arg", None)
                literal = (str(value).lower() if isinstance(value, bool)
                           else repr(value) if isinstance(value, str) else str(value))
                ddl = f"DEFAULT {literal}"
            else:
                ddl = ""
            kind = column.type.compile(dialect=conn.dialect)
            null = "" if column.nullable else " NOT NULL"
            conn.execute(text(
                f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind} {ddl}{null}'
            ))


def put_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text("INSERT INTO qcode_meta (key, value) VALUES (:k, :v) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        {"k": key, "v": value},
    )
