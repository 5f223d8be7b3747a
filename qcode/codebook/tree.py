"""Codebook services: add, rename, move, merge, delete, recolour and describe codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.errors import InvalidNameError, NotFoundError, QcodeError
from qcode.palette import colour_for, normalise_colour
from qcode.store import Action, Code, Coding, Project
from qcode.store.tombstones import tombstone

SEPARATOR = "/"
#: Fields of a code that `update_code` may set, besides name, parent and colour.
TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example", "tor_item")


@dataclass(frozen=True)
class CodeInfo:
    """A code as services hand it out, with its full path."""

    uuid: str
    parent_uuid: str | None
    name: str
    path: str
    colour: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    tor_item: str = ""
    sort_order: int = 0
    codable: bool = True
    depth: int = 0


@dataclass(frozen=True)
class Deleted:
    """What a delete tombstoned, so that undo can bring exactly that back."""

    code_uuids: tuple[str, ...] = ()
    coding_uuids: tuple[str, ...] = ()
    #: For a merge: codings moved to the target, and sub-codes moved with their old names.
    moved_codings: tuple[str, ...] = ()
    moved_children: tuple[tuple[str, str], ...] = ()


def split_path(path: str) -> list[str]:
    """`"Theme/Sub-code"` -> `["Theme", "Sub-code"]`, refusing empty parts."""
    parts = [p.strip() for p in path.split(SEPARATOR)]
    if not path.strip() or any(not p for p in parts):
        raise InvalidNameError(f"{path!r} is not a code path (write it as Theme/Sub-code)")
    return parts


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidNameError("a code needs a name")
    if SEPARATOR in name:
        raise InvalidNameError(f"a code name cannot contain {SEPARATOR!r}: {name!r}")
    return name


# --- reading ---------------------------------------------------------------------------------
def _live_codes(session: Session) -> list[Code]:
    return list(session.scalars(select(Code).where(Code.deleted.is_(False))))


def _children_map(codes: Iterable[Code]) -> dict[str | None, list[Code]]:
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_uuid, []).append(code)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.sort_order, c.name.casefold()))
    return children


def ancestor_chains(infos: list[CodeInfo]) -> dict[str, list[str]]:
    """Each code's UUID, then its parent's, up to its theme (a broken or cyclic chain stops)."""
    live = {c.uuid: c for c in infos}
    chains: dict[str, list[str]] = {}
    for c in infos:
        chain: list[str] = []
        cur: str | None = c.uuid
        while cur is not None and cur in live and cur not in chain:
            chain.append(cur)
            cur = live[cur].parent_uuid
        chains[c.uuid] = chain
    return chains


def code_infos(session: Session) -> list[CodeInfo]:
    """All live codes, depth-first in display order, each with its path."""
    codes = _live_codes(session)
    live = {c.uuid for c in codes}
    children = _children_map(codes)
    # A code whose parent was deleted (e.g. by a merge from another copy) shows at the top.
    roots = list(children.get(None, []))
    roots += [c for c in codes if c.parent_uuid is not None and c.parent_uuid not in live]
    out: list[CodeInfo] = []

    def walk(code: Code, prefix: str, depth: int) -> None:
        path = f"{prefix}{SEPARATOR}{code.name}" if prefix else code.name
        out.append(
            CodeInfo(
                uuid=code.uuid,
                parent_uuid=code.parent_uuid if code.parent_uuid in live else None,
                name=code.name,
                path=path,
                colour=code.colour,
                definition=code.definition,
                inclusion=code.inclusion,
                exclusion=code.exclusion,
                example=code.example,
                tor_item=code.tor_item,
                sort_order=code.sort_order,
                codable=code.codable,
                depth=depth,
            )
        )
        for child in children.get(code.uuid, []):
            walk(child, path, depth + 1)

    for root in sorted(roots, key=lambda c: (c.sort_order, c.name.casefold())):
        walk(root, "", 0)
    return out


def list_codes(project: Project) -> list[CodeInfo]:
    with project.read() as s:
        return code_infos(s)


def find_code_by_path(session: Session, path: str) -> Code | None:
    parent: str | None = None
    code: Code | None = None
    for part in split_path(path):
        code = session.scalars(
            select(Code).where(
                Code.name == part,
                Code.deleted.is_(False),
                _parent_is(parent),
            )
        ).first()
        if code is None:
            return None
        parent = code.uuid
    return code


def resolve_code(session: Session, ref: str) -> Code:
    """The live code whose UUID or path is `ref`; NotFoundError otherwise."""
    code = session.get(Code, ref)
    if code is not None and not code.deleted:
        return code
    code = find_code_by_path(session, ref) if ref.strip() else None
    if code is None:
        raise NotFoundError(f"no code {ref!r} in the codebook")
    return code


def code_path(session: Session, code: Code) -> str:
    parts = [code.name]
    seen = {code.uuid}
    current = code
    while current.parent_uuid:
        parent = session.get(Code, current.parent_uuid)
        if parent is None or parent.deleted or parent.uuid in seen:
            break
        parts.append(parent.name)
        seen.add(parent.uuid)
        current = parent
    return SEPARATOR.join(reversed(parts))


def get_code(project: Project, ref: str) -> CodeInfo:
    with project.read() as s:
        uuid = resolve_code(s, ref).uuid
        return next(c for c in code_infos(s) if c.uuid == uuid)


def descendants(session: Session, uuid: str) -> list[str]:
    """UUIDs of the live codes below `uuid` (not including it)."""
    children = _children_map(_live_codes(session))
    out: list[str] = []
    stack = [uuid]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child.uuid)
            stack.append(child.uuid)
    return out


# --- changing --------------------------------------------------------------------------------
def _parent_is(parent: str | None) -> ColumnElement[bool]:
    return Code.parent_uuid.is_(None) if parent is None else Code.parent_uuid == parent


def _sibling_clash(session: Session, parent: str | None, name: str, exclude: str = "") -> bool:
    query = select(Code.uuid).where(
        Code.name == name,
        Code.deleted.is_(False),
        _parent_is(parent),
    )
    if exclude:
        query = query.where(Code.uuid != exclude)
    return session.scalars(query).first() is not None


def _touch(code: Code, coder_uuid: str) -> None:
    code.updated_at = now()
    code.updated_by = coder_uuid


def insert_code_path(
    session: Session,
    path: str,
    coder_uuid: str,
    *,
    colour: str | None = None,
    uuid: str | None = None,
    **fields: str | bool,
) -> Code:
    """Add the code at `path` inside the caller's transaction, creating missing parents."""
    parts = [check_name(p) for p in split_path(path)]
    n_codes = session.scalar(select(func.count()).select_from(Code)) or 0
    parent: Code | None = None
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        parent_uuid = parent.uuid if parent else None
        existing = session.scalars(
            select(Code).where(
                Code.name == part,
                Code.deleted.is_(False),
                _parent_is(parent_uuid),
            )
        ).first()
        if existing is not None and not last:
            parent = existing
            continue
        if existing is not None:
            raise InvalidNameError(f"the code {path!r} already exists")
        code = Code(
            name=part,
            parent_uuid=parent_uuid,
            colour=normalise_colour(colour) if colour and last else colour_for(n_codes),
            sort_order=_next_order(session, parent_uuid),
            updated_by=coder_uuid,
        )
        if last:
            if uuid:
                code.uuid = uuid
            for key, value in fields.items():
                if key not in (*TEXT_FIELDS, "codable"):
                    raise QcodeError(f"unknown code field {key!r}")
                setattr(code, key, value)
        session.add(code)
        session.flush()
        n_codes += 1
        parent = code
    assert parent is not None
    return parent


def add_code(
    project: Project,
    path: str,
    *,
    colour: str | None = None,
    definition: str = "",
    inclusion: str = "",
    exclusion: str = "",
    example: str = "",
    tor_item: str = "",
    codable: bool = True,
    uuid: str | None = None,
) -> CodeInfo:
    """Add the code at `path` (`Theme/Sub-code`), creating missing parent themes."""
    with project.transaction(Action("add code", "code", touches={"codes"})) as s:
        code = insert_code_path(
            s,
            path,
            project.coder_uuid,
            colour=colour,
            uuid=uuid,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            example=example,
            tor_item=tor_item,
            codable=codable,
        )
        return next(c for c in code_infos(s) if c.uuid == code.uuid)


def _next_order(session: Session, parent: str | None) -> int:
    orders = session.scalars(
        select(Code.sort_order).where(
            Code.deleted.is_(False),
            _parent_is(parent),
        )
    ).all()
    return max(orders, default=-1) + 1


def rename_code(project: Project, ref: str, new_name: str) -> CodeInfo:
    new_name = check_name(new_name)
    with project.transaction(Action("rename code", "code", touches={"codes"})) as s:
        code = resolve_code(s, ref)
        if _sibling_clash(s, code.parent_uuid, new_name, exclude=code.uuid):
            raise InvalidNameError(f"a sibling code named {new_name!r} already exists")
        code.name = new_name
        _touch(code, project.coder_uuid)
        s.flush()
        return next(c for c in code_infos(s) if c.uuid == code.uuid)


def move_code(
    project: Project, ref: str, new_parent: str | None, position: int | None = None
) -> CodeInfo:
    """Move a code under `new_parent` (None: top level), optionally to a sibling position."""
    with project.transaction(Action("move code", "code", touches={"codes"})) as s:
        code = resolve_code(s, ref)
        parent_uuid = resolve_code(s, new_parent).uuid if new_parent else None
        if parent_uuid == code.uuid or parent_uuid in descendants(s, code.uuid):
            raise QcodeError("a code cannot be moved under itself or one of its sub-codes")
        if _sibling_clash(s, parent_uuid, code.name, exclude=code.uuid):
            raise InvalidNameError(f"the new parent already has a code named {code.name!r}")
        code.parent_uuid = parent_uuid
        siblings = [
            c for c in _children_map(_live_codes(s)).get(parent_uuid, []) if c.uuid != code.uuid
        ]
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, code)
        for order, sibling in enumerate(siblings):
            if sibling.sort_order != order or sibling is code:
                sibling.sort_order = order
                _touch(sibling, project.coder_uuid)
        s.flush()
        return next(c for c in code_infos(s) if c.uuid == code.uuid)


def update_code(project: Project, ref: str, **fields: str | bool) -> CodeInfo:
    """Set definition, inclusion, exclusion, example, tor_item, colour or codable."""
    allowed = {*TEXT_FIELDS, "colour", "codable"}
    unknown = set(fields) - allowed
    if unknown:
        raise QcodeError(f"unknown code field(s): {', '.join(sorted(unknown))}")
    with project.transaction(Action("edit code", "code", touches={"codes"})) as s:
        code = resolve_code(s, ref)
        for key, value in fields.items():
            if key == "colour":
                value = normalise_colour(str(value))
                code.colour_given = True  # chosen here: exports hand it on
            setattr(code, key, value)
        _touch(code, project.coder_uuid)
        s.flush()
        return next(c for c in code_infos(s) if c.uuid == code.uuid)


def recolour_code(project: Project, ref: str, colour: str) -> CodeInfo:
    return update_code(project, ref, colour=colour)


def merge_codes(project: Project, source: str, target: str) -> Deleted:
    """Fold `source` into `target`: its codings and sub-codes move over, then it is deleted.

    A coding that would duplicate one the target already has (same document, span and coder)
    is tombstoned instead of moved. Returns what was tombstoned.
    """
    with project.transaction(Action("merge codes", "code", touches={"codes", "codings"})) as s:
        src = resolve_code(s, source)
        dst = resolve_code(s, target)
        if src.uuid == dst.uuid:
            raise QcodeError("a code cannot be merged into itself")
        if dst.uuid in descendants(s, src.uuid):
            raise QcodeError("a code cannot be merged into one of its own sub-codes")
        stamp = now()
        have = {
            (c.document_uuid, c.start, c.end, c.coder_uuid)
            for c in s.scalars(
                select(Coding).where(Coding.code_uuid == dst.uuid, Coding.deleted.is_(False))
            )
        }
        dropped: list[str] = []
        moved: list[str] = []
        for coding in s.scalars(
            select(Coding).where(Coding.code_uuid == src.uuid, Coding.deleted.is_(False))
        ):
            key = (coding.document_uuid, coding.start, coding.end, coding.coder_uuid)
            if key in have:
                dropped.append(coding.uuid)
                continue
            have.add(key)
            moved.append(coding.uuid)
            coding.code_uuid = dst.uuid
            coding.updated_at = stamp
            coding.updated_by = project.coder_uuid
        tombstone(s, Coding, dropped, stamp, project.coder_uuid)
        children: list[tuple[str, str]] = []
        for child in s.scalars(
            select(Code).where(Code.parent_uuid == src.uuid, Code.deleted.is_(False))
        ):
            children.append((child.uuid, child.name))
            child.parent_uuid = dst.uuid
            if _sibling_clash(s, dst.uuid, child.name, exclude=child.uuid):
                child.name = f"{child.name} (from {src.name})"
            _touch(child, project.coder_uuid)
        for field_name in TEXT_FIELDS:
            if not getattr(dst, field_name) and getattr(src, field_name):
                setattr(dst, field_name, getattr(src, field_name))
        _touch(dst, project.coder_uuid)
        src.deleted = True
        _touch(src, project.coder_uuid)
        return Deleted(
            code_uuids=(src.uuid,),
            coding_uuids=tuple(dropped),
            moved_codings=tuple(moved),
            moved_children=tuple(children),
        )


def delete_code(project: Project, ref: str) -> Deleted:
    """Tombstone a code, its sub-codes and all their codings; returns them for undo."""
    with project.transaction(Action("delete code", "code", touches={"codes", "codings"})) as s:
        code = resolve_code(s, ref)
        code_uuids = [code.uuid, *descendants(s, code.uuid)]
        coding_uuids: list[str] = []
        for i in range(0, len(code_uuids), 500):
            coding_uuids += s.scalars(
                select(Coding.uuid).where(
                    Coding.code_uuid.in_(code_uuids[i : i + 500]), Coding.deleted.is_(False)
                )
            ).all()
        stamp = now()
        tombstone(s, Coding, coding_uuids, stamp, project.coder_uuid)
        tombstone(s, Code, code_uuids, stamp, project.coder_uuid)
        return Deleted(code_uuids=tuple(code_uuids), coding_uuids=tuple(coding_uuids))


def restore(project: Project, deleted: Deleted) -> None:
    """Undo a delete: bring the listed codes and codings back to life."""
    with project.transaction(Action("restore codes", "code", touches={"codes", "codings"})) as s:
        stamp = now()
        tombstone(s, Code, list(deleted.code_uuids), stamp, project.coder_uuid, deleted=False)
        tombstone(s, Coding, list(deleted.coding_uuids), stamp, project.coder_uuid, deleted=False)


def unmerge(project: Project, merged: Deleted) -> None:
    """Undo `merge_codes`: the source code, its codings and its sub-codes come back."""
    source = merged.code_uuids[0]
    moved = list(merged.moved_codings)
    with project.transaction(Action("unmerge codes", "code", touches={"codes", "codings"})) as s:
        stamp = now()
        tombstone(s, Code, [source], stamp, project.coder_uuid, deleted=False)
        tombstone(s, Coding, list(merged.coding_uuids), stamp, project.coder_uuid, deleted=False)
        for i in range(0, len(moved), 500):
            s.execute(
                update(Coding)
                .where(Coding.uuid.in_(moved[i : i + 500]))
                .values(code_uuid=source, updated_at=stamp, updated_by=project.coder_uuid)
            )
        for child_uuid, name in merged.moved_children:
            child = s.get(Code, child_uuid)
            if child is not None:
                child.parent_uuid = source
                child.name = name
                _touch(child, project.coder_uuid)
