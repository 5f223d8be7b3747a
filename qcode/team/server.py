"""Pull and push on the team database: one short transaction each, last-writer-wins upserts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Engine,
    Text,
    any_,
    bindparam,
    func,
    select,
    text,
    true,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from qcode.errors import QcodeError
from qcode.faults import fault_point
from qcode.merging.state import ENTITIES, Row, columns
from qcode.team.schema import SEQ, TABLES, alias, segment
from qcode.team.times import as_datetime, for_state

#: Every push takes this lock: pushes are serialised, so sequence numbers are handed out in the
#: order pushes commit, and "changed since N" never skips a push that committed late.
PUSH_LOCK = 0x51434F44
#: References a pulled row may make to rows the laptop must then hold too.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "attribute": (("document_uuid", "document"),),
    "code": (("parent_uuid", "code"),),
    "coding": (("document_uuid", "document"), ("code_uuid", "code"), ("coder_uuid", "coder")),
}
#: Rows sent per statement.
BATCH = 50_000
#: Which of these UUIDs of a table the laptop holds.
Have = Callable[[str, Iterable[str]], set[str]]


class SyncRefusedError(QcodeError):
    """The team database refused a push (permissions or its checks); nothing was written."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        lines = [f"the team database refused the sync ({len(reasons)} problem(s)):"]
        lines += [f"  - {r}" for r in reasons[:20]]
        if len(reasons) > 20:
            lines.append(f"  ... and {len(reasons) - 20} more")
        lines.append("nothing was pushed; your changes stay on this laptop (ask the lead, "
                     "or undo them)")
        super().__init__("\n".join(lines))


@dataclass
class Pulled:
    """What the server holds beyond a laptop's last pull."""

    rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    #: Text and segments of documents the laptop does not hold yet.
    texts: dict[str, str] = field(default_factory=dict)
    segments: list[Row] = field(default_factory=list)
    high: int = 0
    #: Rows changed on the server since the last pull (the rest came along for context).
    changed: int = 0

    @property
    def count(self) -> int:
        return sum(len(r) for r in self.rows.values()) + len(self.aliases)


def pull(engine: Engine, since: int, have: Have) -> Pulled:
    """Rows changed since sequence number `since`, the rows they refer to that the laptop
    lacks (`have(table, uuids)`: those it holds), and the texts of documents new to the
    laptop; all read from one snapshot of the server."""
    out = Pulled(high=since)
    with engine.connect() as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        for entity, _model in ENTITIES:
            table = TABLES[entity]
            out.rows[entity] = _rows(conn, entity, table.c.seq > since)
            top = conn.scalar(select(func.max(table.c.seq)))
            out.high = max(out.high, top or 0)
        out.aliases = {
            loser: winner
            for loser, winner in conn.execute(
                select(alias.c.loser, alias.c.winner).where(alias.c.seq > since)
            )
        }
        out.high = max(out.high, conn.scalar(select(func.max(alias.c.seq))) or 0)
        out.changed = out.count
        if out.rows["code"] or out.aliases:
            # Codes fold by path only when different files hold them: the server's codebook
            # comes whole, as a file's would, or a code the laptop shares with the server
            # would count as the laptop's alone and fold where a file merge keeps it apart.
            out.rows["code"] = _rows(conn, "code", true())
        _close_references(conn, out, have)
        held = have("document", out.rows["document"])
        new_docs = sorted(u for u in out.rows["document"] if u not in held)
        doc = TABLES["document"]
        seg_cols = [c for c in segment.c if c.name not in ("id", "seq")]
        for i in range(0, len(new_docs), BATCH):
            chunk = new_docs[i : i + BATCH]
            out.texts.update(conn.execute(select(doc.c.uuid, doc.c.text)
                                          .where(_among(doc.c.uuid, chunk))).all())
            out.segments += [
                dict(r) for r in conn.execute(
                    select(*seg_cols).where(_among(segment.c.document_uuid, chunk))
                ).mappings()
            ]
        conn.rollback()
    return out


def _among(column: Any, uuids: list[str]) -> Any:
    """`column = ANY(array)`: one parameter however many UUIDs (an IN list of 50,000 takes
    seconds to compile)."""
    return column == any_(bindparam(None, uuids, type_=ARRAY(Text)))


def _rows(conn: Connection, entity: str, where: Any) -> dict[str, Row]:
    table = TABLES[entity]
    names = columns(entity)
    result = conn.execute(select(*[table.c[n] for n in names]).where(where))
    rows = for_state([dict(zip(names, r, strict=True)) for r in result])
    return {r["uuid"]: r for r in rows}


def _close_references(conn: Connection, out: Pulled, have: Have) -> None:
    """Fetch rows that pulled rows refer to and the laptop lacks (a laptop may have folded
    them away, or never pulled them), until nothing is missing."""
    while True:
        wanted: dict[str, set[str]] = {}
        for entity, refs in REFERENCES.items():
            for row in out.rows[entity].values():
                for column, other in refs:
                    ref = row[column]
                    if ref and ref not in out.rows[other]:
                        wanted.setdefault(other, set()).add(ref)
        wanted.setdefault("code", set()).update(
            w for w in out.aliases.values() if w not in out.rows["code"])
        missing = {other: uuids - have(other, uuids) for other, uuids in wanted.items()}
        missing = {other: uuids for other, uuids in missing.items() if uuids}
        if not missing:
            return
        found = 0
        for other, uuids in missing.items():
            chunk = sorted(uuids)
            for i in range(0, len(chunk), BATCH):
                rows = _rows(conn, other, _among(TABLES[other].c.uuid, chunk[i : i + BATCH]))
                out.rows[other].update(rows)
                found += len(rows)
        if not found:
            return  # dangling on the server too: the checks of pulled rows report it


@dataclass
class Pushed:
    """The outcome of a push: rows written, or `stale` when codes changed since the pull."""

    written: int = 0
    stale: bool = False
    #: The server's sequence number the laptop has now seen everything up to.
    high: int = 0


def _upsert_sql(entity: str, names: list[str]) -> str:
    cols = ", ".join(f'"{n}"' for n in names)
    keep = {"uuid", "text"} if entity == "document" else {"uuid"}
    sets = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n not in keep)
    return (
        f"INSERT INTO {entity} ({cols}, seq) SELECT {cols}, nextval('{SEQ}') FROM push_{entity} "
        f"ON CONFLICT (uuid) DO UPDATE SET {sets}, seq = nextval('{SEQ}') "
        f"WHERE (excluded.updated_at, coalesce(excluded.updated_by, '')) > "
        f"({entity}.updated_at, coalesce({entity}.updated_by, ''))"
    )


def push(
    engine: Engine,
    rows: dict[str, list[Row]],
    texts: dict[str, str],
    segments: list[Row],
    aliases: dict[str, str],
    since: int,
    coder_uuid: str,
) -> Pushed:
    """Upsert a laptop's changed rows: a row is replaced only by a later version.

    Refused as a whole (SyncRefusedError) when the role may not write some table or a row
    refers to one the server does not hold. Returns `stale` without writing when this push
    changes codes and another laptop changed codes since this one pulled: codes match by
    path, so the laptop pulls and folds them first (otherwise two copies of a new code could
    stand side by side on the server, and laptops would fold them differently).
    """
    out = Pushed(high=since)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK})
        top = _top(conn)
        if _codes_crossed(conn, rows.get("code", []), aliases, since):
            conn.rollback()
            out.stale = True
            return out
        rows = _check_rights(conn, rows, aliases)
        pushed_docs = {r["uuid"] for r in rows.get("document", [])}
        segments = [seg for seg in segments if seg["document_uuid"] in pushed_docs]
        try:
            for entity, _model in ENTITIES:
                out.written += _upsert(conn, entity, rows.get(entity, []), texts)
            _segments(conn, segments)
            for loser, winner in sorted(aliases.items()):
                conn.execute(
                    text(f"INSERT INTO qcode_alias (loser, winner, updated_by, seq) "
                         f"VALUES (:l, :w, :c, nextval('{SEQ}')) ON CONFLICT (loser) DO UPDATE "
                         f"SET winner = excluded.winner, updated_by = excluded.updated_by, "
                         f"seq = excluded.seq WHERE qcode_alias.winner <> excluded.winner"),
                    {"l": loser, "w": winner, "c": coder_uuid},
                )
            conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
            fault_point("sync-push")
            # Nobody else pushed since the pull: everything up to now is on the laptop.
            out.high = _top(conn) if top <= since else since
            conn.commit()
        except IntegrityError as exc:
            conn.rollback()
            raise SyncRefusedError([_why(exc)]) from exc
        except DBAPIError as exc:
            conn.rollback()
            if getattr(exc.orig, "sqlstate", "") == "42501":  # insufficient privilege
                raise SyncRefusedError([_why(exc)]) from exc
            raise
    return out


def _codes_crossed(
    conn: Connection, codes: list[Row], aliases: dict[str, str], since: int
) -> bool:
    """Whether codes this push adds or changes could fold with codes others pushed since the
    pull: the same parent and name, or new code folds anywhere. (Codes fold by path only when
    they come from different files; the laptop must see the others' first, as a merge would.)
    """
    ours_folds = bool(aliases) and not _aliases_known(conn, aliases)
    if not codes and not ours_folds:
        return False
    if conn.scalar(select(func.count()).select_from(alias).where(alias.c.seq > since)):
        return True
    table = TABLES["code"]
    paths = {(r["parent_uuid"], r["name"]) for r in codes}
    theirs = conn.execute(select(table.c.parent_uuid, table.c.name).where(table.c.seq > since))
    return any((parent, name) in paths for parent, name in theirs) or (
        ours_folds and (conn.scalar(
            select(func.count()).select_from(table).where(table.c.seq > since)) or 0) > 0
    )


def _top(conn: Connection) -> int:
    tops = [conn.scalar(select(func.max(TABLES[e].c.seq))) for e, _m in ENTITIES]
    tops.append(conn.scalar(select(func.max(alias.c.seq))))
    return max(t or 0 for t in tops)


def _why(exc: DBAPIError) -> str:
    diag = getattr(exc.orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(exc.orig).splitlines()[0]
    detail = getattr(diag, "message_detail", None)
    return f"{primary}" + (f" ({detail})" if detail else "")


#: What a role must be allowed to do to push rows of each table, in words for the refusal.
NEEDS = {
    "coder": "add coders", "document": "add, rename or delete documents",
    "code": "change the codebook", "attribute": "change document attributes",
    "coding": "code", "memo": "write memos", "pseudonym": "change pseudonyms",
}


def _check_rights(
    conn: Connection, rows: dict[str, list[Row]], aliases: dict[str, str]
) -> dict[str, list[Row]]:
    """The rows to push; refused (every row listed) if the connected role may not write some.

    Rows of a table the role may not write are left out when the server already holds that
    version or a later one (a coder's laptop offers back rows it pulled a moment ago).
    """
    reasons: list[str] = []
    role = conn.scalar(text("SELECT current_user"))
    rows = dict(rows)
    tables = [e for e, r in rows.items() if r] + (["qcode_alias"] if aliases else [])
    for table in tables:
        allowed = conn.scalar(
            text("SELECT has_table_privilege(:t, 'INSERT') AND has_table_privilege(:t, 'UPDATE')"),
            {"t": table},
        )
        if allowed:
            continue
        if table != "qcode_alias":
            rows[table] = _newer_than_server(conn, table, rows[table])
            if not rows[table]:
                continue
        elif _aliases_known(conn, aliases):
            continue
        if table == "qcode_alias":
            reasons.append(f"{len(aliases)} code fold(s): role {role} may not change the codebook")
            continue
        for row in rows[table][:10]:
            label = row.get("name") or row.get("title") or row.get("term") or ""
            reasons.append(f"{table} {row['uuid']} {label!r}".replace(" ''", "")
                           + f": role {role} may not {NEEDS[table]}")
        if len(rows[table]) > 10:
            reasons.append(f"... and {len(rows[table]) - 10} more {table} row(s)")
    if reasons:
        raise SyncRefusedError(reasons)
    return rows


def not_on_server(engine: Engine, rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """The rows whose version the server does not hold yet (it has an older one, or none):
    only their keys are compared, so offering back many rows a laptop already synced is
    cheap."""
    with engine.connect() as conn:
        out = {e: _newer_than_server(conn, e, r) if r else r for e, r in rows.items()}
        conn.rollback()
    return out


def _newer_than_server(conn: Connection, entity: str, rows: list[Row]) -> list[Row]:
    table = TABLES[entity]
    held: dict[str, tuple[Any, str]] = {}
    uuids = [r["uuid"] for r in rows]
    for i in range(0, len(uuids), BATCH):
        held.update(
            (u, (at, by or "")) for u, at, by in conn.execute(
                select(table.c.uuid, table.c.updated_at, table.c.updated_by)
                .where(_among(table.c.uuid, uuids[i : i + BATCH]))
            )
        )
    return [r for r in rows
            if r["uuid"] not in held
            or (as_datetime(r["updated_at"]), r["updated_by"] or "") > held[r["uuid"]]]


def _aliases_known(conn: Connection, aliases: dict[str, str]) -> bool:
    held = dict(conn.execute(select(alias.c.loser, alias.c.winner)).all())
    return all(held.get(k) == v for k, v in aliases.items())


def _upsert(conn: Connection, entity: str, rows: list[Row], texts: dict[str, str]) -> int:
    """COPY the rows into a temporary table, then one LWW upsert from it."""
    if not rows:
        return 0
    names = columns(entity) + (["text"] if entity == "document" else [])
    cols = ", ".join(f'"{n}"' for n in names)
    conn.execute(text(
        f"CREATE TEMP TABLE push_{entity} ON COMMIT DROP AS "
        f"SELECT {cols} FROM {entity} WITH NO DATA"
    ))
    raw: Any = conn.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f"COPY push_{entity} ({cols}) FROM STDIN") as copy:
        for row in rows:
            values = [row[n] for n in names[: len(names) - (entity == "document")]]
            if entity == "document":
                values.append(texts[row["uuid"]])
            copy.write_row(values)
    result = conn.execute(text(_upsert_sql(entity, names)))
    return int(result.rowcount or 0)


def _segments(conn: Connection, segments: list[Row]) -> None:
    """Segments of documents new to the server (a document's segments never change)."""
    if not segments:
        return
    names = [c.name for c in segment.c if c.name not in ("id", "seq")]
    cols = ", ".join(f'"{n}"' for n in names)
    conn.execute(text(
        f"CREATE TEMP TABLE push_segment ON COMMIT DROP AS SELECT {cols} FROM segment "
        "WITH NO DATA"
    ))
    raw: Any = conn.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f"COPY push_segment ({cols}) FROM STDIN") as copy:
        for row in segments:
            copy.write_row([row[n] for n in names])
    conn.execute(text(
        f"INSERT INTO segment ({cols}) SELECT {cols} FROM push_segment "
        "ON CONFLICT (document_uuid, ordinal) DO NOTHING"
    ))
