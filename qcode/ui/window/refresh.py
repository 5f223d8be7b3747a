"""The main window's panes kept in step with the project: its own commits and others' changes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from qcode.codebook.tree import list_codes
from qcode.documents import document_entries
from qcode.errors import QcodeError
from qcode.overview import coding_counts, document_codings
from qcode.store.project import Change

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


class PaneRefresh:
    """Redraws what a change touched: codings at once, counts and quotes once events run."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        #: What changed since the last flush ("codings", "codes", … and "quotes").
        self.pending: set[str] = set()
        self.flush_timer = QTimer(window)
        self.flush_timer.setSingleShot(True)
        self.flush_timer.setInterval(0)
        self.flush_timer.timeout.connect(self.flush)

    def reload_all(self) -> None:
        w = self.window
        if w.project is None:
            return
        counts = coding_counts(w.project)
        w.documents.model.load(document_entries(w.project), counts.per_document)
        w.documents.reload_attributes()
        w.documents.view.expandAll()
        self.reload_codes(counts.per_code)
        if w.viewer.document_uuid:
            if w.documents.model.index_of(w.viewer.document_uuid).isValid():
                self.refresh_codings()
            else:
                w.viewer.clear_document()
                w.doc_title.setText("No document open")
        w.navigator.refresh_quotes()
        w._update_status()

    def reload_codes(self, per_code: dict[str, int] | None = None) -> None:
        w = self.window
        assert w.project is not None
        current = w.codebook.current_uuid()
        codes = list_codes(w.project)
        if per_code is None:
            per_code = coding_counts(w.project).per_code
        w.codebook.model.load(codes, per_code, [])
        w.codebook.model.set_favourites(w.gestures.favourites())
        w.codebook.view.expandAll()
        if current:
            w.codebook.select(current)
        w.quick_box.set_codes(codes)
        w.search.set_codes(codes)

    def external_change(self, touched: set[str] | None = None) -> None:
        """Another process committed to the file: show it as it is now (only the codings and
        codes when that is all it changed, else everything)."""
        w = self.window
        if w.project is None:
            return
        try:
            if touched is None:
                w.reload_all()
            else:
                self.show_change(Change("changed elsewhere", frozenset(touched)))
                self.pending.add("quotes")  # a quote may have changed, not only counts
        except Exception as exc:
            w.failure("Cannot show the changes", exc)
            return
        w.say("The project was changed elsewhere (another window or a qcode command).")

    def on_change(self, change: Change) -> None:
        """A committed action: redraw the codings now, and the rest once the event loop runs."""
        self.window.watcher.note_own_change()
        self.show_change(change)

    def show_change(self, change: Change) -> None:
        w = self.window
        touched = set(change.entities)
        if "documents" in touched:  # rare (import, delete, restore): everything, now
            w.reload_all()
            return
        if "codes" in touched:
            self.reload_codes()
        if touched & {"codings", "codes"} and w.viewer.document_uuid:
            self.refresh_codings()
        if touched & {"codings", "codes", "documents", "attributes"}:
            self.pending |= touched
            if change.action in ("recode", "resize coding", "coding memo"):
                self.pending.add("quotes")  # the same counts, but a quote changed
            self.flush_timer.start()

    def refresh_after_background(self, touched: set[str]) -> None:
        """A job on another connection changed the file: show it as if it happened here."""
        self.on_change(Change("background job", frozenset(touched)))

    def flush(self) -> None:
        """The counts, and the quotes shown when theirs changed, after the changes so far."""
        w = self.window
        pending, self.pending = self.pending, set()
        if w.project is None:
            return
        if pending & {"documents", "attributes"}:
            w.reload_all()
            return
        before = w.navigator.subtree_counts()
        counts = coding_counts(w.project)
        w.codebook.model.set_counts(counts.per_code)
        w.documents.model.set_counts(counts.per_document)
        if "quotes" in pending or "codes" in pending or w.navigator.subtree_counts() != before:
            w.navigator.refresh_quotes()

    def refresh_codings(self) -> None:
        """The open document's codings drawn again, and its title line's count."""
        w = self.window
        assert w.project is not None
        started = time.perf_counter()
        uuid = w.viewer.document_uuid
        try:
            codings = document_codings(w.project, uuid)
        except QcodeError:
            w.viewer.clear_document()
            return
        w.viewer.set_codings(codings, self.colours())
        w.navigator.set_title(uuid, len(codings))
        w.timings["refresh_codings"] = time.perf_counter() - started

    def colours(self) -> dict[str, str]:
        """Each code's colour to draw; sub-codes sharing their theme's get shades of its hue."""
        from qcode.palette import display_colours

        return display_colours(self.window.codebook.model.codes())
