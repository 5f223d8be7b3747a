"""Take the README's screenshots of the matrix view, quotes in context and coders side by side.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_matrix.py [demo.qcode]

Works on a copy (SQLite backup API) of the demo project, where a second coder recodes some
passages of one document, so that two coders can be compared.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from shots import OUT, copy_demo, demo_source, open_window, start_app, wait

from qcode.coding import apply_code, list_codings
from qcode.store import Project


def second_coder(path: Path) -> str:
    """Inspector B codes the busiest document again, a little differently; its UUID."""
    with Project.open(path, coder_name="Inspector B") as p:
        codings = list_codings(p)
        counts: dict[str, int] = {}
        for c in codings:
            counts[c.document_uuid] = counts.get(c.document_uuid, 0) + 1
        doc = max(counts, key=lambda d: counts[d])
        for i, c in enumerate(c for c in codings if c.document_uuid == doc):
            if i % 3 == 2:
                continue  # B misses every third passage, and codes the others a bit wider
            apply_code(p, doc, c.code_uuid, max(0, c.start - 20 * (i % 2)), c.end)
        return doc


def main() -> int:
    source = demo_source()
    if source is None:
        return 1
    start_app()
    from qcode.ui.views.matrix_view import CELL_ROLE
    from qcode.ui.views.menu import open_view

    with tempfile.TemporaryDirectory() as tmp:
        path = copy_demo(source, Path(tmp))
        doc = second_coder(path)
        window = open_window(path)
        view = open_view(window, "matrix")
        view.set_columns("force")
        index = view.cell_index(view.matrix.rows[0].path, "Force C")
        view.table.setCurrentIndex(index)
        view.open_cell(*index.data(CELL_ROLE))
        wait(300)
        window.grab().save(str(OUT / "matrix-view.png"))
        window.docks["quotes"].show()
        window.docks["quotes"].raise_()
        codes = [c for c in window.codebook.model.codes() if c.depth == 0]
        window.codebook.select(codes[1].uuid)
        pane = window.quotes
        pane.context_button.setChecked(True)
        pane.around.setValue(1)
        pane.select_row(0)
        pane.go_to_current()
        wait(300)
        window.grab().save(str(OUT / "quotes-in-context.png"))
        window.open_document(doc)
        coders = open_view(window, "coders")
        coders.first.setCurrentIndex(coders.first.findText("Demo coder"))
        coders.second.setCurrentIndex(coders.second.findText("Inspector B"))
        coders.side_by_side.setChecked(True)
        window.resizeDocks([window.docks["coders"]], [200], Qt.Orientation.Vertical)
        window.viewer.select_coding(window.viewer.codings[0].uuid)
        wait(300)
        window.grab().save(str(OUT / "coders-side-by-side.png"))
        print("matrix-view.png quotes-in-context.png coders-side-by-side.png")
        window.close_project()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
