"""Combine two project states into one: per-row last-writer-wins with identity matching.

The result depends only on the rows both states hold, never on which one is the target, so
merging is commutative, idempotent and associative (see tests/merge/test_convergence.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import itemgetter
from typing import Any

from qcode.merging.state import DATES, Row, State, resolve, stamp_time

#: Code fields whose concurrent change in two files is reported as a conflict.
CODE_FIELDS = ("name", "parent_uuid", "colour", "definition", "inclusion", "exclusion",
               "example", "tor_item", "codable", "deleted")
#: Without a clone time, a row counts as edited when changed this long after it was created.
EDIT_MARGIN = timedelta(seconds=1)


@dataclass(frozen=True)
class Conflict:
    """Something the lead should look at: the merge made a choice or refused a row."""

    kind: str  # "code changed in both" | "code cycle" | "same code path" | "document name"
    #            | "coder name" | "speaker turns"
    entity: str
    uuid: str
    message: str


@dataclass(frozen=True)
class Unplaced:
    """A coding not placed because its document's text differs from the target's."""

    coding_uuid: str
    document_name: str
    code_path: str
    coder_name: str
    start: int
    end: int
    source: str
    text: str = ""  # the passage in the source's version of the document


@dataclass
class Combined:
    """The merged state and what the lead must be told."""

    state: State
    conflicts: list[Conflict] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


def _digest(row: Row) -> str:
    """The row's content as one string (timestamps spelt as datetimes, as they always were:
    the tie-break must not change which version wins)."""
    return repr(sorted(
        (k, repr(stamp_time(v) if k in DATES and v is not None else v)) for k, v in row.items()
    ))


def newer(a: Row, b: Row) -> Row:
    """The winning version: later `updated_at`, then coder UUID, then content (total order)."""
    if a is b or a == b:
        return a
    ka = (a["updated_at"], a["updated_by"] or "")
    kb = (b["updated_at"], b["updated_by"] or "")
    if ka != kb:
        return a if ka > kb else b
    return a if _digest(a) >= _digest(b) else b


def _union(a: dict[str, Row], b: dict[str, Row]) -> dict[str, Row]:
    """Every row of both; a row in both takes its newer version (keys in a's order, then
    b's new ones)."""
    out = {**a, **b}
    for uuid in a.keys() & b.keys():
        out[uuid] = newer(a[uuid], b[uuid])
    return out


def _fold(members: list[Row], created: str) -> tuple[Row, list[str]]:
    """One row for rows found to be the same thing: the oldest's identity, the newest's content."""
    canon = min(members, key=lambda r: (r[created], r["uuid"]))
    winner = reduce(newer, members)
    row = {**winner, "uuid": canon["uuid"], created: canon[created]}
    return row, [m["uuid"] for m in members if m["uuid"] != canon["uuid"]]


def combine(target: State, source: State) -> Combined:
    """Merge `source` into `target` (neither is changed) and return the combined state."""
    out = State(path=target.path, base=target.base,
                project_uuid=target.project_uuid, project_name=target.project_name)
    result = Combined(out)
    out.rows["coder"] = _union(target.rows["coder"], source.rows["coder"])
    _check_coder_names(out, result)
    doc_alias = _documents(target, source, result)
    _codes(target, source, result)

    def doc(uuid: str) -> str:
        return doc_alias.get(uuid, uuid)

    def code(uuid: str) -> str:
        return resolve(out.aliases, uuid)

    docs = out.rows["document"]
    excluded = {u for u, r in _all_docs(target, source).items() if doc(u) not in docs}
    _unplaced(source, excluded, result)
    # Attributes: one per (document, key), whichever file's rows they came from.
    attrs: dict[tuple[str, str], list[Row]] = {}
    for row in _union(target.rows["attribute"], source.rows["attribute"]).values():
        if row["document_uuid"] in excluded:
            continue
        attrs.setdefault((doc(row["document_uuid"]), row["key"]), []).append(row)
    out.rows["attribute"] = {}
    for (doc_uuid, _key), members in attrs.items():
        row = reduce(newer, members)
        canon = min(m["uuid"] for m in members)
        out.rows["attribute"][canon] = {**row, "uuid": canon, "document_uuid": doc_uuid}
    # Codings: last writer wins per UUID, then pointed at surviving documents and codes.
    codings = _union(target.rows["coding"], source.rows["coding"])
    out.rows["coding"] = _placed(codings, excluded, doc_alias, code)
    # Memos follow their target entity.
    memos = _union(target.rows["memo"], source.rows["memo"])
    out.rows["memo"] = {}
    for uuid, row in memos.items():
        kind, ref = row["target_kind"], row["target_uuid"]
        if kind == "document":
            if ref in excluded:
                continue
            ref = doc(ref)
        elif kind == "code":
            ref = code(ref)
        elif kind == "coding" and ref not in out.rows["coding"]:
            continue  # its coding was not placed: the memo would point nowhere
        out.rows["memo"][uuid] = {**row, "target_uuid": ref} if ref != row["target_uuid"] else row
    # Pseudonyms: one per term (two coders who both pseudonymise "Kent" end with one rule).
    terms: dict[str, list[Row]] = {}
    for row in _union(target.rows["pseudonym"], source.rows["pseudonym"]).values():
        terms.setdefault(row["term"].casefold(), []).append(row)
    out.rows["pseudonym"] = {}
    for members in terms.values():
        row = reduce(newer, members)
        canon = min(m["uuid"] for m in members)
        out.rows["pseudonym"][canon] = {**row, "uuid": canon}
    return result


def _placed(
    codings: dict[str, Row],
    excluded: set[str],
    doc_alias: dict[str, str],
    code: Callable[[str], str],
) -> dict[str, Row]:
    """Codings pointed at surviving documents and codes; those on excluded documents left
    out. Most merges fold nothing: then the rows are kept as they are, untouched."""
    code_uuids = set(map(itemgetter("code_uuid"), codings.values()))
    new_code = {c: code(c) for c in code_uuids}
    moved = {c for c, new in new_code.items() if new != c}
    doc_uuids = set(map(itemgetter("document_uuid"), codings.values()))
    if not moved and not excluded and not doc_alias.keys() & doc_uuids:
        return codings
    out: dict[str, Row] = {}
    for row in codings.values():
        doc_uuid, code_uuid = row["document_uuid"], row["code_uuid"]
        if doc_uuid in excluded:
            continue
        new_doc = doc_alias.get(doc_uuid, doc_uuid)
        if new_doc != doc_uuid or code_uuid in moved:
            row = {**row, "document_uuid": new_doc, "code_uuid": new_code[code_uuid]}
        out[row["uuid"]] = row
    return out


def _check_coder_names(out: State, result: Combined) -> None:
    names: dict[str, list[str]] = {}
    for row in out.rows["coder"].values():
        if not row["deleted"]:
            names.setdefault(row["name"], []).append(row["uuid"])
    for name, uuids in sorted(names.items()):
        if len(uuids) > 1:
            result.conflicts.append(Conflict(
                "coder name", "coder", min(uuids),
                f"{len(uuids)} different coders are named {name!r}; they are kept apart "
                f"(UUIDs {', '.join(sorted(uuids))})",
            ))


def _all_docs(target: State, source: State) -> dict[str, Row]:
    return {**target.rows["document"], **source.rows["document"]}


def _documents(target: State, source: State, result: Combined) -> dict[str, str]:
    """Documents by UUID, then by SHA-256 of the text; a name clash keeps the target's."""
    out = result.state
    merged = _union(target.rows["document"], source.rows["document"])
    origin = {**source.origin, **target.origin}
    turns = {**source.turns, **target.turns}
    by_sha: dict[str, list[Row]] = {}
    for row in merged.values():
        by_sha.setdefault(row["sha256"], []).append(row)
    alias: dict[str, str] = {}
    docs: dict[str, Row] = {}
    for members in by_sha.values():
        row, losers = _fold(members, "imported_at")
        docs[row["uuid"]] = row
        for loser in losers:
            alias[loser] = row["uuid"]
        # The text and segments of the survivor: the target's copy if it has one.
        holders = [m["uuid"] for m in members if m["uuid"] in target.origin] or [
            m["uuid"] for m in members
        ]
        out.origin[row["uuid"]] = origin[min(holders)]
        out.turns[row["uuid"]] = turns.get(min(holders), "")
        _check_turns(target, source, members, row, result)
    # Same name, different text: the target's document stays, the newcomer is refused.
    in_target = {alias.get(u, u) for u in target.rows["document"]}
    by_name: dict[str, list[Row]] = {}
    for row in docs.values():
        if not row["deleted"]:
            by_name.setdefault(row["name"], []).append(row)
    for name, members in sorted(by_name.items()):
        if len(members) < 2 or not any(m["uuid"] in in_target for m in members):
            continue
        for m in members:
            if m["uuid"] in in_target:
                continue
            del docs[m["uuid"]]
            del out.origin[m["uuid"]]
            result.conflicts.append(Conflict(
                "document name", "document", m["uuid"],
                f"{source.path.name}: document {name!r} has different text from the target's "
                f"document of that name; it was not merged and its codings were not placed",
            ))
    out.rows["document"] = docs
    return alias


def _check_turns(
    target: State, source: State, members: list[Row], row: Row, result: Combined
) -> None:
    """List a document whose text both files hold but whose speaker turns differ (a speaker
    fixed in one of them): the target's turns are kept, so the lead must know."""
    # a file that brings no segments for the document (a team sync's staged rows of a
    # document the laptop holds) says nothing about its turns
    kept = [target.turns[m["uuid"]] for m in members if target.turns.get(m["uuid"])]
    theirs = [source.turns[m["uuid"]] for m in members if source.turns.get(m["uuid"])]
    if row["deleted"] or not kept or not theirs or all(t == kept[0] for t in theirs):
        return
    result.conflicts.append(Conflict(
        "speaker turns", "document", row["uuid"],
        f"{source.path.name}: the speaker turns of document {row['name']!r} differ from the "
        "target's (a speaker renamed, reassigned, split or joined in one of the two files); "
        "the target's turns were kept: check the speakers of that document",
    ))


def _codes(target: State, source: State, result: Combined) -> None:
    """Codes by UUID (through earlier merges' aliases), then by full path.

    What a merge decides from the codes' latest versions must not depend on the order files
    are merged in, although a later file may bring a later version: a fold is for good, so
    only codes no file holds side by side are folded; a code lifted out of a cycle goes back
    under its real parent for the next merge, which decides again.
    """
    out = result.state
    aliases = {**target.aliases, **source.aliases}
    out.aliases = {k: v for k, v in aliases.items() if k != v}

    created: dict[str, str] = {}
    #: In which of the two files (0: target, 1: source) each code is.
    sides: dict[str, set[int]] = {}

    def mapped(state: State, side: int) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        for row in state.rows["code"].values():
            row = _unlifted(row, state.lifted)
            uuid = resolve(out.aliases, row["uuid"])
            parent = row["parent_uuid"]
            new = {**row, "uuid": uuid,
                   "parent_uuid": resolve(out.aliases, parent) if parent else None}
            rows[uuid] = new if uuid not in rows else newer(rows[uuid], new)
            created[uuid] = min(created.get(uuid, row["created_at"]), row["created_at"])
            sides.setdefault(uuid, set()).add(side)
        return rows

    mine, theirs = mapped(target, 0), mapped(source, 1)
    _changed_in_both(mine, theirs, source.base or target.base, result)
    codes = {u: {**r, "created_at": created[u]} for u, r in _union(mine, theirs).items()}
    while _fold_same_paths(codes, out.aliases, sides):
        codes = {
            u: {**r, "parent_uuid": resolve(out.aliases, r["parent_uuid"])}
            if r["parent_uuid"] else r
            for u, r in codes.items()
        }
    out.lifted = _break_cycles(codes, result)
    _report_shared_paths(codes, result)
    out.rows["code"] = codes
    # Stored flat (every folded UUID straight to its survivor), whatever the order of folds.
    out.aliases = {k: resolve(out.aliases, k) for k in out.aliases}


def _unlifted(row: Row, lifted: dict[str, tuple[str, str]]) -> Row:
    """A code an earlier merge lifted out of a cycle, back under its real parent.

    Only while the code is as that merge left it: once edited, the edit is its real version.
    """
    lift = lifted.get(row["uuid"])
    if lift is None or row["parent_uuid"] is not None:
        return row
    parent, updated_at = lift
    if stamp_time(row["updated_at"]).isoformat() != updated_at:
        return row
    return {**row, "parent_uuid": parent}


def _fold_same_paths(
    codes: dict[str, Row], aliases: dict[str, str], sides: dict[str, set[int]]
) -> bool:
    """Fold codes with the same parent and name into one; True if any were folded.

    Two codes that one file holds side by side are two codes, whatever their paths: a coder
    may rename or move one onto the other's path in one file, or delete a code and add one
    of the same name, and a later version elsewhere may part them again. So only codes from
    different files fold (a code each coder added at the same path, or the same code in
    projects made separately); each file's codes pair up in order of creation. Tombstoned
    codes take part too, so that whether two codes are one does not depend on which file's
    deletion was seen first: the latest version of the folded code decides.
    """
    groups: dict[tuple[Any, str], list[Row]] = {}
    for row in codes.values():
        groups.setdefault((row["parent_uuid"], row["name"]), []).append(row)
    folded = False
    for members in groups.values():
        if len(members) < 2:
            continue
        classes: list[tuple[set[int], list[Row]]] = []
        for member in sorted(members, key=lambda r: (r["created_at"], r["uuid"])):
            mine = sides[member["uuid"]]
            home = next((c for c in classes if not c[0] & mine), None)
            if home is None:
                classes.append((set(mine), [member]))
            else:
                home[0].update(mine)
                home[1].append(member)
        for found_in, same in classes:
            if len(same) < 2:
                continue
            row, losers = _fold(same, "created_at")
            for loser in losers:
                del codes[loser]
                aliases[loser] = row["uuid"]
            codes[row["uuid"]] = row
            sides[row["uuid"]] = found_in
            folded = True
    return folded


def _report_shared_paths(codes: dict[str, Row], result: Combined) -> None:
    """Live codes kept apart although they now have the same path: the lead should look."""
    groups: dict[tuple[str, str], list[str]] = {}
    for row in codes.values():
        if not row["deleted"]:
            groups.setdefault((row["parent_uuid"] or "", row["name"]), []).append(row["uuid"])
    for _key, uuids in sorted(groups.items()):
        if len(uuids) > 1:
            path = _path(codes, uuids[0])
            result.conflicts.append(Conflict(
                "same code path", "code", min(uuids),
                f"{len(uuids)} codes are now at {path!r}: they were different codes, renamed "
                "or moved to one path in different files, and are kept apart; merge them in "
                "the codebook if they are one code",
            ))


def _changed_in_both(
    mine: dict[str, Row], theirs: dict[str, Row], base: datetime | None, result: Combined
) -> None:
    for uuid, a in mine.items():
        b = theirs.get(uuid)
        if b is None:
            continue
        fields = [f for f in CODE_FIELDS if a[f] != b[f]]
        if not fields:
            continue

        def edited(row: Row) -> bool:
            since = base if base is not None else stamp_time(row["created_at"]) + EDIT_MARGIN
            return stamp_time(row["updated_at"]) > since

        if edited(a) and edited(b):
            win = newer(a, b)
            lose = b if win is a else a
            result.conflicts.append(Conflict(
                "code changed in both", "code", uuid,
                f"code {lose['name']!r} was changed in both files ({', '.join(fields)}); "
                f"the later change wins ({win['name']!r}, "
                f"{stamp_time(win['updated_at']):%Y-%m-%d %H:%M})",
            ))


def _break_cycles(codes: dict[str, Row], result: Combined) -> dict[str, tuple[str, str]]:
    """Moves made in two files can make a code its own ancestor: lift the latest to the top.

    Returns the lifted codes (UUID -> (real parent, `updated_at`)), kept with the merged file
    so that the next merge combines their real versions (see `_unlifted`).
    """
    lifted: dict[str, tuple[str, str]] = {}
    done: set[str] = set()
    for start in sorted(codes):
        path: list[str] = []
        on_path: set[str] = set()
        uuid: str | None = start
        while uuid is not None and uuid in codes and uuid not in done:
            if uuid in on_path:
                cycle = path[path.index(uuid):]
                latest = max(cycle, key=lambda u: (codes[u]["updated_at"], u))
                row = codes[latest]
                lifted[latest] = (row["parent_uuid"], stamp_time(row["updated_at"]).isoformat())
                codes[latest] = {**row, "parent_uuid": None}
                result.conflicts.append(Conflict(
                    "code cycle", "code", latest,
                    f"code {row['name']!r} was moved under its own sub-code in "
                    "another file; it is now a top-level code",
                ))
                break
            path.append(uuid)
            on_path.add(uuid)
            uuid = codes[uuid]["parent_uuid"]
        done.update(path)
    return lifted


def _unplaced(source: State, excluded: set[str], result: Combined) -> None:
    if not excluded:
        return
    docs = source.rows["document"]
    coders = source.rows["coder"]
    codes = source.rows["code"]
    for row in source.rows["coding"].values():
        if row["document_uuid"] not in excluded or row["deleted"]:
            continue
        result.unplaced.append(Unplaced(
            coding_uuid=row["uuid"],
            document_name=docs[row["document_uuid"]]["name"],
            code_path=_path(codes, row["code_uuid"]),
            coder_name=coders.get(row["coder_uuid"], {}).get("name", ""),
            start=row["start"],
            end=row["end"],
            source=str(source.path),
        ))


def code_path(codes: dict[str, Row], uuid: str) -> str:
    """The names from the root to the code joined by '/' (stops at a missing code or a cycle)."""
    return _path(codes, uuid)


def _path(codes: dict[str, Row], uuid: str) -> str:
    parts: list[str] = []
    seen: set[str] = set()
    current: str | None = uuid
    while current and current in codes and current not in seen:
        seen.add(current)
        parts.append(codes[current]["name"])
        current = codes[current]["parent_uuid"]
    return "/".join(reversed(parts))
