"""The main window's undo commands: done once and pushed, checked before undo, shown after."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from qcode.places import coding_places
from qcode.ui.undo import Command
from qcode.ui.watcher import describe_overtaken
from qcode.ui.window.messages import READ_ONLY_MESSAGE, describe

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class CommandRunner:
    """The one path of the window's changes: every user action is a command run here."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def run(self, command: Command) -> bool:
        """Do a command once and push it (undoable); False if it failed or changed nothing.

        The one error path of the window's actions: a busy file, a refused action and an
        unexpected failure all end in a message, and the window stays usable."""
        w = self.window
        w.last_error = ""
        if w.project is None:
            return False
        if w.read_only:
            w.error("Read-only", READ_ONLY_MESSAGE)
            return False
        command.on_error = lambda message: w.error("Cannot undo or redo", message)
        command.on_failure = lambda exc: w.failure("Cannot undo or redo", exc)
        command.check = self.check_undo
        command.after = self.after_step
        try:
            changed = command.first()
        except Exception as exc:
            w.failure("qcode", exc)
            return False
        if changed:
            self.record_rows(command)
            command.arm()
            w.undo_stack.push(command)
        return changed

    def check_undo(self, command: Command, verb: str) -> str:
        """Why the command cannot be undone or redone now ("" if it can)."""
        w = self.window
        if w.project is None:
            return "No project is open."
        if w.read_only:
            return READ_ONLY_MESSAGE
        try:
            kinds = w.row_guard.overtaken(w.project, command.rows())
        except Exception as exc:
            return describe(exc)
        return describe_overtaken(kinds, verb) if kinds else ""

    def after_step(self, command: Command) -> None:
        """An undo or redo was done: show where it happened (another document is opened)."""
        self.record_rows(command)
        try:
            self._reveal(command)
        except Exception:  # showing is a courtesy: the step itself is done
            log.warning("could not show the place of %r", command.text(), exc_info=True)

    def _reveal(self, command: Command) -> None:
        w = self.window
        if w.project is None:
            return
        places = coding_places(w.project, command.rows().get("coding", [])[:200])
        documents = {p.document_uuid for p in places}
        if len(documents) != 1:
            return
        place = places[0]
        if not w.documents.model.index_of(place.document_uuid).isValid():
            return
        if place.document_uuid != w.viewer.document_uuid:
            w.open_document(place.document_uuid)
        if len(places) == 1:
            w.viewer.select_span(place.start, place.end)
        w.say(f"{command.text()}: in {place.document_name}.")

    def record_rows(self, command: Command) -> None:
        """Remember the stamps of the rows the command wrote (an undo checks them later)."""
        w = self.window
        if w.project is not None:
            try:
                known = getattr(command, "left", None)  # stamps an undo/redo already knows
                if known:
                    w.row_guard.remember(known)
                    command.left = None  # type: ignore[attr-defined]
                else:
                    w.row_guard.record(w.project, command.rows())
            except Exception:  # only a later undo's check is weaker
                log.warning("could not record the rows of %r", command.text(), exc_info=True)
