"""Undoable speaker actions: rename or merge speakers, reassign, split and join turns."""

from __future__ import annotations

from collections.abc import Callable

from qcode.speakers import (
    SpeakerEdit,
    join_turns,
    reassign_turn,
    rename_speaker,
    restore_segments,
    split_turn,
)
from qcode.store import Project
from qcode.ui.undo import Command


class SpeakerCommand(Command):
    """Base: the service runs once; undo and redo put back the turns it saw and left exactly
    (refused when the turns were changed in between, e.g. by another process)."""

    def __init__(self, project: Project, text: str, act: Callable[[], SpeakerEdit]) -> None:
        super().__init__(project, text)
        self._act = act
        self.edit: SpeakerEdit | None = None

    def first(self) -> bool:
        self.edit = self._act()
        return bool(self.edit.after)

    def undo_it(self) -> None:
        assert self.edit is not None
        restore_segments(
            self.project, self.edit.before, "undo " + self.edit.name, expected=self.edit.after
        )

    def redo_it(self) -> None:
        assert self.edit is not None
        restore_segments(
            self.project, self.edit.after, "redo " + self.edit.name, expected=self.edit.before
        )


class RenameSpeaker(SpeakerCommand):
    def __init__(
        self, project: Project, old: str, new: str, document: str | None, merge: bool
    ) -> None:
        text = f"{'Merge' if merge else 'Rename'} speaker {old} → {new}"
        super().__init__(
            project,
            text,
            lambda: rename_speaker(project, old, new, document=document, merge=merge),
        )


class ReassignTurn(SpeakerCommand):
    def __init__(self, project: Project, document: str, ordinal: int, speaker: str) -> None:
        super().__init__(
            project,
            f"Give turn {ordinal} to {speaker}",
            lambda: reassign_turn(project, document, ordinal, speaker),
        )


class SplitTurn(SpeakerCommand):
    def __init__(self, project: Project, document: str, at: int, speaker: str | None) -> None:
        super().__init__(project, "Split turn", lambda: split_turn(project, document, at, speaker))


class JoinTurns(SpeakerCommand):
    def __init__(self, project: Project, document: str, ordinal: int) -> None:
        super().__init__(
            project,
            f"Join turns {ordinal} and {ordinal + 1}",
            lambda: join_turns(project, document, ordinal),
        )
