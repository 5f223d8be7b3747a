"""Project settings: known keys only, and merge bookkeeping that agrees with the codes present."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from qcode.integrity import values as v
from qcode.integrity.problems import CheckResult

ALIASES_KEY = "merge.code_aliases"
LIFTED_KEY = "merge.code_lifted"
BASE_KEY = "merge.base"
#: Every key qcode writes into a project's settings, and a check of its value's shape.
KNOWN: dict[str, str] = {
    "code_sets": "list",
    "favourite_codes": "list",
    ALIASES_KEY: "aliases",
    LIFTED_KEY: "lifted",
    BASE_KEY: "stamp",
    "backups.keep": "int",
    "clone.coder": "text",
    # qcode/team/local.py: the laptop's sync with a team database
    "team.url": "text",
    "team.pulled": "int",
    "team.pushed_at": "stamp",
    "team.log": "int",
}


def check_settings(
    settings: dict[str, Any],
    code_rows: set[str],
    live_codes: set[str],
    result: CheckResult,
    lo: datetime,
    hi: datetime,
) -> None:
    """Report unknown keys and unusable values; each is left out as a whole by a salvage."""

    def bad(key: str, reason: str) -> None:
        result.add("project", "settings", key, reason, None)
        result.bad_settings.add(key)

    for key in sorted(settings):
        shape = KNOWN.get(key)
        value = settings[key]
        if shape is None:
            bad(key, "is not a setting qcode knows")
        elif shape == "list":
            if not isinstance(value, list):
                bad(key, "is not a list")
        elif shape == "text":
            if not isinstance(value, str):
                bad(key, f"{value!r} is not text")
        elif shape == "int":
            if type(value) is not int or value < 0:
                bad(key, f"{value!r} is not a whole number")
        elif shape == "stamp":
            if not _iso_ok(value, hi):
                bad(key, f"{value!r} is not a plausible time")
        elif shape == "aliases":
            why = aliases_problem(value, code_rows, live_codes)
            if why:
                bad(key, why)
        else:
            why = lifted_problem(value, live_codes, hi)
            if why:
                bad(key, why)


def aliases_problem(value: Any, code_rows: set[str], live_codes: set[str]) -> str | None:
    """Why code aliases do not agree with the file's codes, or None.

    A merge writes `folded code -> surviving code` only when it folds two codes of the same
    path from different files, and removes the folded code's row in the same transaction,
    then stores the map flat. So a folded code is never a row of the file, and its survivor is.
    """
    if not isinstance(value, dict):
        return "is not a JSON object"
    for old, new in value.items():
        if v.uuid_problem(old) or v.uuid_problem(new):
            return f"maps {old!r} to {new!r}: not code UUIDs"
        if old in code_rows:
            return (f"folds code {old}, which this file still holds: aliases never name a "
                    "code that is present (only codes a merge folded and removed)")
        if new in value:
            return f"maps {old} to {new}, itself folded: aliases are stored flat"
        if new not in live_codes:
            return f"folds code {old} into {new}, which is not a code of this file"
    return None


def lifted_problem(value: Any, live_codes: set[str], hi: datetime) -> str | None:
    """Why the record of codes lifted out of a cycle does not agree with the codes, or None."""
    if not isinstance(value, dict):
        return "is not a JSON object"
    for uuid, lift in value.items():
        if uuid not in live_codes:
            return f"names code {uuid!r}, which is not a code of this file"
        if not (isinstance(lift, list) and len(lift) == 2):
            return f"{uuid}: is not [parent, time]"
        parent, when = lift
        if parent not in live_codes:
            return f"{uuid}: parent {parent!r} is not a code of this file"
        if not _iso_ok(when, hi):
            return f"{uuid}: time {when!r} is not a plausible time"
    return None


def _iso_ok(value: Any, hi: datetime) -> bool:
    """A naive ISO time between 2000 and now (plus clock skew)."""
    if not isinstance(value, str):
        return False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    return when.tzinfo is None and v.EPOCH <= when <= hi


def foreign_alias_problems(
    target_codes: dict[str, dict[str, Any]],
    source_codes: dict[str, dict[str, Any]],
    aliases: dict[str, str],
    path_of: Callable[[dict[str, dict[str, Any]], str], str],
) -> dict[str, str]:
    """Aliases of a coder's file that would fold codes of the target: old -> why not.

    A merge folds codes only when they have the same path in different files, and the code
    created first survives. So an alias folding a code the target holds is believed only if
    that code is younger than its survivor, and codes the target holds at different paths are
    never folded into one survivor (renames after a fold aside, that would be a lie).
    """
    out: dict[str, str] = {}
    by_survivor: dict[str, set[str]] = {}
    for old, new in sorted(aliases.items()):
        mine = target_codes.get(old)
        survivor = source_codes.get(new)
        if mine is None or survivor is None or old in source_codes:
            continue
        by_survivor.setdefault(new, set()).add(path_of(target_codes, old))
        if (mine["created_at"], old) < (survivor["created_at"], new):
            out[old] = (f"folds the target's code {path_of(target_codes, old)!r} ({old}) into "
                        f"{path_of(source_codes, new)!r} ({new}), which is younger; a merge "
                        "keeps the code created first")
    for old, new in sorted(aliases.items()):
        if len(by_survivor.get(new, ())) > 1 and old not in out:
            out[old] = (f"folds the target's code {path_of(target_codes, old)!r} ({old}) and "
                        f"{len(by_survivor[new]) - 1} other code path(s) of the target into one "
                        f"code ({new}); a merge folds only codes of the same path")
    return out
