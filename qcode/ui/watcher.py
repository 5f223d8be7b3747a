"""Notice changes other processes commit to the open project, and refuse undos they overtook."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from qcode.errors import QcodeError
from qcode.store import Project
from qcode.store.external import FileWatch, Look, Stamp, row_stamps

#: How often the file is looked at (milliseconds).
INTERVAL_MS = 1000


#: What the window redraws for change-log entries of each entity; others: everything.
ENTITY_TOUCHES = {"coding": {"codings"}, "code": {"codes", "codings"}}


def touched_by(look: Look) -> set[str] | None:
    """The parts of the window to redraw after `look`, or None for everything."""
    if look.rewound or not look.entities or not look.entities <= ENTITY_TOUCHES.keys():
        return None
    touched: set[str] = set()
    for entity in look.entities:
        touched |= ENTITY_TOUCHES[entity]
    return touched


class ProjectWatcher(QObject):
    """A timer that looks at the file's data version; `changed_elsewhere(touched)` when
    another process (or another connection of this one that did not say so) committed;
    `touched` is a set of parts to redraw ("codings", "codes") or None for everything."""

    changed_elsewhere = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watch: FileWatch | None = None
        self._own = 0
        self._held = 0
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.look)

    def start(self, project: Project) -> None:
        self.stop()
        try:
            self._watch = FileWatch(project.path)
        except Exception:  # no watching is better than no window; changes show on reopen
            self._watch = None
            return
        self._own = 0
        self._held = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def note_own_change(self) -> None:
        """This window committed one action (one change-log entry) itself."""
        self._own += 1

    def hold(self) -> None:
        """A job of this window is about to commit on a connection of its own (code all hits'
        child process); the window tells its commit with `note_own_change` once it hears of
        it. Until `release`, looks wait: one between the two took the window's own commit
        for another program's. What others commit meanwhile is seen at the next look."""
        self._held += 1

    def release(self, absorb: bool = False) -> None:
        """The job ended. `absorb`: every commit made meanwhile is taken as this window's own
        (a job of many commits, such as an import, after which every pane is read again from
        the file anyway: the commits of others made meanwhile are shown by that reading)."""
        self._held = max(0, self._held - 1)
        if absorb and not self._held and self._watch is not None:
            self._watch.look()
            self._own = 0

    def hold_while_writing(self, panel: Any) -> None:
        """Hold while a job of `panel` (a dialog's `TaskPanel`) that writes to the project
        runs: an import or a merge commits many times on a connection of its own, and each
        look in between took those commits for another program's (the window said "changed
        elsewhere" and read every pane again, every second, all through a long import)."""

        def started() -> None:
            if not panel.abandonable:  # a job that may be abandoned only reads
                self.hold()
                panel.succeeded.connect(ended)
                panel.failed.connect(ended)

        def ended(*_result: object) -> None:
            panel.succeeded.disconnect(ended)
            panel.failed.disconnect(ended)
            self.release(absorb=True)

        panel.started.connect(started)

    def look(self) -> bool:
        """Look now; True (and the signal) when someone else changed the file."""
        if self._watch is None or self._held:
            return False
        own, self._own = self._own, 0
        look = self._watch.look()
        if not look.changed:
            return False
        if own and look.new_entries <= own and not look.rewound:
            return False  # only what this window did itself
        self.changed_elsewhere.emit(touched_by(look))
        return True


class RowGuard:
    """What the window's undoable actions last left in their rows, to notice when another
    process changed those rows since (then undoing or redoing them is refused)."""

    def __init__(self) -> None:
        self._expected: dict[tuple[str, str], Stamp] = {}

    def clear(self) -> None:
        self._expected.clear()

    def record(self, project: Project, rows: dict[str, list[str]]) -> None:
        """After this window changed `rows`: remember how it left them."""
        if any(rows.values()):
            self._expected.update(row_stamps(project, rows))

    def remember(self, stamps: dict[tuple[str, str], Stamp]) -> None:
        """After this window changed rows whose stamps it knows without reading them."""
        self._expected.update(stamps)

    def overtaken(self, project: Project, rows: dict[str, list[str]]) -> list[str]:
        """The kinds of rows ("code", "coding", …) changed by someone else since recorded."""
        if not any(rows.values()):
            return []
        try:
            current = row_stamps(project, rows)
        except QcodeError:
            return []
        changed = {
            key[0]
            for key, stamp in current.items()
            if key in self._expected and self._expected[key] != stamp
        }
        return sorted(changed)


def describe_overtaken(kinds: Iterable[str], verb: str = "undo") -> str:
    names = {"code": "codes", "coding": "codings", "document": "documents"}
    what = " and ".join(names.get(k, k) for k in kinds)
    return (
        f"Not {verb}ne: someone else changed the same {what} since (another window or a qcode "
        "command). The step was taken off the undo history; the window shows the file as it is."
    )
