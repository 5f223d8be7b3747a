"""Going to things in the main window: a document in the viewer, a passage, a code's quotes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QPalette

from qcode.coding import quotes
from qcode.documents import KIND_LABELS, document_text, segments
from qcode.errors import QcodeError
from qcode.overview import document_codings

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


class Navigator:
    """Shows a document with its title line, selects passages, lists the chosen code's quotes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        #: The code whose quotes the quotes pane shows ("" for none).
        self.quotes_code = ""

    def open_document(self, uuid: str) -> None:
        w = self.window
        if w.project is None:
            return
        started = time.perf_counter()
        try:
            text = document_text(w.project, uuid)
            segs = segments(w.project, uuid)
            codings = document_codings(w.project, uuid)
        except QcodeError as exc:
            w.error("Cannot open document", str(exc))
            return
        w.viewer.show_document(uuid, text, segs, codings, w.refresh.colours())
        if w.find_bar.isVisible():
            w.find_bar.refresh()
        self.set_title(uuid, len(codings))
        w.documents.select(uuid)
        w.timings["open_document"] = time.perf_counter() - started

    def set_title(self, uuid: str, n_codings: int) -> None:
        """The line over the text: name, kind, number of codings and attributes."""
        w = self.window
        doc = next((d for d in w.documents.model.documents() if d.uuid == uuid), None)
        if doc is None:
            return
        attrs = " · ".join(f"{k}: {v}" for k, v in sorted(doc.attributes.items()))
        w.doc_title.setText(
            f"<b>{doc.name}</b> &nbsp; {KIND_LABELS.get(doc.kind, doc.kind)} · "
            f"{n_codings} coding{'s' if n_codings != 1 else ''}"
            + (f" · <span style='color:{self._muted()}'>{attrs}</span>" if attrs else "")
        )

    def _muted(self) -> str:
        """A quieter text colour that stays readable on the light and the dark scheme."""
        return self.window.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def show_passage(self, document: str, start: int, end: int) -> None:
        w = self.window
        if document != w.viewer.document_uuid:
            w.open_document(document)
        w.viewer.select_span(start, end)

    def show_quotes(self, code_uuid: str) -> None:
        self.quotes_code = code_uuid
        self.window.search.choose_target(code_uuid)
        self.refresh_quotes()

    def subtree_counts(self) -> list[str]:
        """The quote counts of the code whose quotes are shown, and of its sub-codes."""
        code = self.quotes_code
        model = self.window.codebook.model
        subtree = {code}
        values = []
        for info in model.codes():
            if info.uuid in subtree or info.parent_uuid in subtree:
                subtree.add(info.uuid)
                values.append(model.index_of(info.uuid).siblingAtColumn(1).data())
        return values

    def refresh_quotes(self) -> None:
        w = self.window
        code = self.quotes_code
        if w.project is None or not code:
            return
        info = next((c for c in w.codebook.model.codes() if c.uuid == code), None)
        if info is None:
            w.quotes.clear()
            return
        w.quotes.show_quotes(info.path, quotes(w.project, code, include_subcodes=True))

    def code_clicked(self, index: Any) -> None:
        """Select text, then click a code: the passage is coded. Only a fresh selection is
        coded: after a coding, clicking codes shows their quotes until text is selected again."""
        w = self.window
        uuid = w.codebook.current_uuid()
        if not uuid or not w.viewer.document_uuid or w.viewer.selection_span() is None:
            return
        if w.viewer.armed:
            w.gestures.code_selection(uuid)
        else:
            w.say("Showing its quotes. To code, select a passage, then click the code.")
