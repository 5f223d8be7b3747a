"""Speakers as data the user can fix: list, rename, merge, reassign, split and join turns."""

from qcode.speakers.labels import (
    TurnLabel,
    spoken,
    spoken_start,
    trim_passage,
    turn_label,
    turn_time,
)
from qcode.speakers.turns import (
    SegmentRow,
    Snapshot,
    SpeakerCount,
    SpeakerEdit,
    Turn,
    join_turns,
    line_at,
    list_speakers,
    list_turns,
    reassign_turn,
    rename_speaker,
    restore_segments,
    split_turn,
)

__all__ = [
    "SegmentRow",
    "Snapshot",
    "SpeakerCount",
    "SpeakerEdit",
    "Turn",
    "TurnLabel",
    "join_turns",
    "line_at",
    "list_speakers",
    "list_turns",
    "reassign_turn",
    "rename_speaker",
    "restore_segments",
    "split_turn",
    "spoken",
    "spoken_start",
    "trim_passage",
    "turn_label",
    "turn_time",
]
