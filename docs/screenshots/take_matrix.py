"""Take the README's screenshots of the matrix view, quotes in context and coders side by side.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_matrix.py [demo.qcode]

Works on a copy (SQLite backup API) of the demo project, where a second coder recodes some
passages of one document, so that two coders can be compared.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent
DEMO = Path("/tmp/scale/demo1/demo.qcode")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qcode.coding import apply_code, list_codings  # noqa: E402
from qcode.store import Project  # noqa: E402


def wait(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


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
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.is_file():
        print(f"no demo project at {source}; build one with `qcode demo`")
        return 1
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.app import application
    from qcode.ui.main_window import MainWindow
    from qcode.ui.views.matrix_view import CELL_ROLE
    from qcode.ui.views.menu import open_view

    application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["QCODE_CONFIG_DIR"] = str(folder / "config")
        path = folder / "inspection.qcode"
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        src.backup(dst)  # never a file copy of a project
        dst.close()
        src.close()
        doc = second_coder(path)
        window = MainWindow(coder="Inspector A")
        window.quiet_errors = True
        window.resize(1500, 940)
        window.show()
        wait(200)
        window.open_project(path)
        while window.search.indexing:
            wait(50)
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
