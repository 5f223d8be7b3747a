"""The source kinds of an inspection (interview, focus group, ...) and their check."""

from __future__ import annotations

from qcode.errors import QcodeError

#: The source kinds of the inspection, in the order they are shown.
KINDS: tuple[str, ...] = ("interview", "focus_group", "national_interview", "other")
KIND_LABELS: dict[str, str] = {
    "interview": "Interview",
    "focus_group": "Focus group",
    "national_interview": "National interview",
    "other": "Other",
}


def check_kind(kind: str) -> str:
    """The kind as stored (`Focus group` -> `focus_group`); QcodeError for an unknown one."""
    kind = kind.strip().lower().replace("-", "_").replace(" ", "_")
    if kind not in KINDS:
        raise QcodeError(f"unknown source kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind
