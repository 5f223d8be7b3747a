"""Merge a codebook read from a file into the project: by UUID, then by path, in one action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.clock import now
from qcode.codebook.gather import store_sets, stored_sets
from qcode.codebook.model import FIELDS, Codebook, CodeEntry, CodeSet
from qcode.codebook.tree import SEPARATOR, code_infos, find_code_by_path, insert_code_path
from qcode.palette import normalise_colour
from qcode.store import Action, Code, Project
from qcode.store.tombstones import tombstone

#: Columns of a code that a load may change, saved so that `undo_load` can put them back.
SNAPSHOT = ("name", "parent_uuid", "colour", "colour_given", *FIELDS, "codable")


@dataclass
class LoadReport:
    """What loading a codebook did: codes added, updated and left alone (by path)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sets: int = 0
    source: str = ""
    dry_run: bool = False
    #: For `undo_load`: codes created or revived, and the old values of codes changed.
    added_uuids: list[str] = field(default_factory=list)
    before: dict[str, dict[str, object]] = field(default_factory=dict)
    sets_before: list[CodeSet] | None = None

    def describe(self) -> str:
        verb = "would be " if self.dry_run else ""
        text = (
            f"codebook: {len(self.added)} code(s) {verb}added, "
            f"{len(self.updated)} {verb}updated, {len(self.unchanged)} left alone"
        )
        if self.sets:
            text += f", {self.sets} code set(s)"
        if self.warnings:
            text += f"; {len(self.warnings)} warning(s):\n  " + "\n  ".join(self.warnings)
        return text

    def summary(self) -> dict[str, object]:
        """The report without the undo data (for --json)."""
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "sets": self.sets,
            "warnings": self.warnings,
        }


@contextmanager
def _session(project: Project, dry_run: bool, action: Action) -> Iterator[Session]:
    if dry_run:
        with project.read() as s:
            yield s
            s.rollback()
        return
    project.snapshot("codebook-load")
    with project.transaction(action) as s:
        yield s


def apply_codebook(
    project: Project, book: Codebook, *, source: str = "", dry_run: bool = False
) -> LoadReport:
    """Add the file's codes that are new; update matched ones where the file says more.

    A code matches an existing one by UUID (following a rename or move made elsewhere), else
    by its full path. Empty fields in the file never erase what the project has. Everything
    happens in one transaction (or none, with `dry_run`); `undo_load` reverses it.
    """
    report = LoadReport(source=source, dry_run=dry_run, warnings=list(book.warnings))
    action = Action("load codebook", "code", detail={"file": source}, touches={"codes"})
    with _session(project, dry_run, action) as s:
        known = {uuid: deleted for uuid, deleted in s.execute(select(Code.uuid, Code.deleted))}
        mapping: dict[str, str] = {}
        order = sorted(range(len(book.entries)), key=lambda i: len(book.entries[i].path))
        for index in order:
            entry = book.entries[index]
            code, created, moved = _place(s, project.coder_uuid, entry, report)
            if entry.uuid:
                mapping[entry.uuid] = code.uuid
            path = SEPARATOR.join(entry.path)
            if created and code.uuid not in known:
                continue
            changed = _update(code, entry, project.coder_uuid) or moved
            if created:  # revived: reported as added
                continue
            if changed:
                report.updated.append(path)
            else:
                report.unchanged.append(path)
        if book.sets:
            report.sets = len(book.sets)
            report.sets_before = stored_sets(s)
            _merge_sets(s, book.sets, mapping)
        s.flush()
        for info in code_infos(s):
            if info.uuid not in known or known[info.uuid]:
                report.added.append(info.path)
                report.added_uuids.append(info.uuid)
        report.before = {
            uuid: old
            for uuid, old in report.before.items()
            if uuid in known and old != _snapshot(s.get(Code, uuid))
        }
    return report


def undo_load(project: Project, report: LoadReport) -> None:
    """Reverse `apply_codebook`: remove what it added, restore what it changed."""
    if report.dry_run:
        return
    action = Action("undo load codebook", "code", touches={"codes"})
    with project.transaction(action) as s:
        stamp = now()
        tombstone(s, Code, report.added_uuids, stamp, project.coder_uuid)
        for uuid, old in report.before.items():
            code = s.get(Code, uuid)
            if code is None:
                continue
            for name, value in old.items():
                setattr(code, name, value)
            code.updated_at, code.updated_by = now(), project.coder_uuid
        if report.sets_before is not None:
            store_sets(s, report.sets_before)


def _snapshot(code: Code | None) -> dict[str, object]:
    return {name: getattr(code, name) for name in SNAPSHOT} if code is not None else {}


def _place(s: Session, coder: str, entry: CodeEntry, report: LoadReport) -> tuple[Code, bool, bool]:
    """The project code for `entry` (found, revived or created), whether it is new, and
    whether it was moved or renamed to follow the file."""
    path = SEPARATOR.join(entry.path)
    code = s.get(Code, entry.uuid) if entry.uuid else None
    if code is not None:
        report.before.setdefault(code.uuid, _snapshot(code))
        revived = code.deleted
        if revived:
            code.deleted = False
            code.updated_at, code.updated_by = now(), coder
        moved = _follow(s, code, entry, coder, report)
        return code, revived, moved
    code = find_code_by_path(s, path)
    if code is not None:
        report.before.setdefault(code.uuid, _snapshot(code))
        return code, False, False
    fields = {k: v for k, v in entry.fields().items() if v}
    if entry.codable is False:
        fields["codable"] = False  # type: ignore[assignment]
    code = insert_code_path(s, path, coder, colour=entry.colour, uuid=entry.uuid, **fields)
    code.colour_given = bool(entry.colour)  # else the colour is ours, not the file's
    if entry.uuid and code.uuid == entry.uuid:
        code.source_guid = entry.written_guid
    return code, True, False


def _follow(s: Session, code: Code, entry: CodeEntry, coder: str, report: LoadReport) -> bool:
    """Rename or move a code matched by UUID to where the file has it, when nothing clashes."""
    parent_uuid: str | None = None
    if len(entry.path) > 1:
        parent = find_code_by_path(s, SEPARATOR.join(entry.path[:-1]))
        if parent is None:
            parent = insert_code_path(s, SEPARATOR.join(entry.path[:-1]), coder)
        parent_uuid = parent.uuid
    name = entry.path[-1]
    if code.parent_uuid == parent_uuid and code.name == name:
        return False
    clash = s.scalars(
        select(Code.uuid).where(
            Code.name == name,
            Code.deleted.is_(False),
            Code.uuid != code.uuid,
            Code.parent_uuid.is_(None) if parent_uuid is None else Code.parent_uuid == parent_uuid,
        )
    ).first()
    if clash or parent_uuid == code.uuid:
        report.warnings.append(
            f"{SEPARATOR.join(entry.path)}: another code is already there; "
            f"the existing code {code.name!r} was not moved or renamed"
        )
        return False
    code.parent_uuid = parent_uuid
    code.name = name
    code.updated_at, code.updated_by = now(), coder
    return True


def _update(code: Code, entry: CodeEntry, coder: str) -> bool:
    changed = False
    for name in FIELDS:
        value = getattr(entry, name)
        if value and value != getattr(code, name):
            setattr(code, name, value)
            changed = True
    if entry.colour and (normalise_colour(entry.colour) != code.colour or not code.colour_given):
        code.colour = normalise_colour(entry.colour)
        code.colour_given = True
        changed = True
    if entry.codable is not None and entry.codable != code.codable:
        code.codable = entry.codable
        changed = True
    if changed:
        code.updated_at, code.updated_by = now(), coder
    return changed


def _merge_sets(s: Session, incoming: list[CodeSet], mapping: dict[str, str]) -> None:
    sets = {item.uuid: item for item in stored_sets(s)}
    by_name = {item.name: item.uuid for item in sets.values()}
    for item in incoming:
        members = [mapping[m] for m in item.members if m in mapping]
        key = item.uuid if item.uuid in sets else by_name.get(item.name, item.uuid)
        old = sets.get(key)
        merged = list(dict.fromkeys([*(old.members if old else []), *members]))
        sets[key] = CodeSet(
            key, item.name, item.description or (old.description if old else ""), merged
        )
    store_sets(s, list(sets.values()))
