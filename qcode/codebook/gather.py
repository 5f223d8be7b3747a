"""The project's codebook as an exchange `Codebook` (codes in tree order, and code sets)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.codebook.model import Codebook, CodeEntry, CodeSet
from qcode.codebook.tree import code_infos, split_path
from qcode.ids import as_received
from qcode.store import Code, Project, ProjectRow

#: Project setting holding code sets (REFI-QDA `<Set>`s) as a list of plain dicts.
SETS_KEY = "code_sets"


def project_codebook(project: Project) -> Codebook:
    """Every live code with its fields, parents before children, plus the stored code sets."""
    with project.read() as s:
        return session_codebook(s)


def session_codebook(session: Session) -> Codebook:
    book = Codebook()
    for info in code_infos(session):
        book.entries.append(
            CodeEntry(
                path=tuple(split_path(info.path)),
                uuid=info.uuid,
                colour=info.colour,
                definition=info.definition,
                inclusion=info.inclusion,
                exclusion=info.exclusion,
                example=info.example,
                tor_item=info.tor_item,
                codable=info.codable,
            )
        )
    live = {e.uuid for e in book.entries}
    for item in stored_sets(session):
        members = [m for m in item.members if m in live]
        book.sets.append(CodeSet(item.uuid, item.name, item.description, members))
    return book


def exchange_codebook(project: Project) -> Codebook:
    """The codebook as handed to other programs: each code's GUID as the program it came from
    wrote it (when kept), and a colour only where a file gave one or a user chose one here."""
    with project.read() as s:
        book = session_codebook(s)
        kept = {
            uuid: (as_received(uuid, written), given)
            for uuid, written, given in s.execute(
                select(Code.uuid, Code.source_guid, Code.colour_given)
            )
        }
    guid: dict[str, str] = {}
    for entry in book.entries:
        if entry.uuid in kept:
            guid[entry.uuid], given = kept[entry.uuid]
            entry.uuid = guid[entry.uuid]
            entry.colour = entry.colour if given else None
    for item in book.sets:
        item.members = [guid.get(m, m) for m in item.members]
    return book


def stored_sets(session: Session) -> list[CodeSet]:
    """The code sets saved in the project's settings (malformed entries are ignored)."""
    row = session.get(ProjectRow, 1)
    try:
        settings: Any = json.loads(row.settings) if row else {}
    except ValueError:
        return []
    raw = settings.get(SETS_KEY, []) if isinstance(settings, dict) else []
    out: list[CodeSet] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and item.get("uuid") and item.get("name"):
            members = [str(m) for m in item.get("members", []) if isinstance(m, str)]
            out.append(
                CodeSet(
                    str(item["uuid"]), str(item["name"]), str(item.get("description", "")), members
                )
            )
    return out


def store_sets(session: Session, sets: list[CodeSet]) -> None:
    """Save code sets into the project's settings inside the caller's transaction."""
    row = session.get(ProjectRow, 1)
    if row is None:
        return
    try:
        settings = json.loads(row.settings)
    except ValueError:
        settings = {}
    if not isinstance(settings, dict):
        settings = {}
    settings[SETS_KEY] = [
        {"uuid": s.uuid, "name": s.name, "description": s.description, "members": s.members}
        for s in sets
    ]
    row.settings = json.dumps(settings, ensure_ascii=False)
