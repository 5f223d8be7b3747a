"""Take the README's screenshots of the analysis views offscreen: the cases sheet, the memo
browser and the ToR evidence board, on a copy of the demo project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_views.py [demo.qcode]
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

from qcode.analysis.evidence import evidence_board, item_passages  # noqa: E402
from qcode.analysis.memo_index import project_uuid  # noqa: E402
from qcode.analysis.quotable import set_quotable  # noqa: E402
from qcode.codebook.tree import list_codes  # noqa: E402
from qcode.documents import list_documents  # noqa: E402
from qcode.memos import add_memo  # noqa: E402
from qcode.store import Project  # noqa: E402


def wait(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def prepare(path: Path) -> str:
    """Memos and quotable flags an inspector would have written; the busiest ToR item."""
    with Project.open(path, coder_name="Inspector A") as p:
        add_memo(
            p, "project", project_uuid(p), "Fieldwork ran from May to July; 12 forces.", "Method"
        )
        docs = list_documents(p)
        add_memo(
            p, "document", docs[0].uuid, "Guarded at first, open about training later.", "Rapport"
        )
        codes = [c for c in list_codes(p) if c.tor_item]
        add_memo(
            p, "code", codes[0].uuid, "Keep impact assessments apart from PSED duties.", "Scope"
        )
        item = max(evidence_board(p).items, key=lambda i: i.passages).item
        passages = item_passages(p, item)
        for passage in passages[:3]:
            set_quotable(p, passage.coding_uuid, True)
        add_memo(
            p,
            "coding",
            passages[0].coding_uuid,
            "The strongest quote on this item.",
            "Quote for the report",
        )
        return item


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    if not source.is_file():
        print(f"no demo project at {source}; build one with `qcode demo`")
        return 1
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.app import application
    from qcode.ui.main_window import MainWindow
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
        item = prepare(path)
        window = MainWindow(coder="Inspector A")
        window.quiet_errors = True
        window.resize(1500, 940)
        window.show()
        wait(200)
        window.open_project(path)
        while window.search.indexing:
            wait(50)
        view = open_view(window, "cases")
        view.table.sortByColumn(view.model.keys().index("force") + 2, Qt.SortOrder.AscendingOrder)
        wait(300)
        window.grab().save(str(OUT / "cases-sheet.png"))
        view = open_view(window, "memos")
        view.list.setCurrentItem(view.list.topLevelItem(view.list.topLevelItemCount() - 1))
        view.go_to(view.current())
        wait(300)
        window.grab().save(str(OUT / "memos.png"))
        view = open_view(window, "evidence")
        view.choose(item)
        view.passages.setCurrentItem(view.passages.topLevelItem(0))
        view.go_to(view.passages.topLevelItem(0))
        wait(300)
        window.grab().save(str(OUT / "evidence-board.png"))
        print("cases-sheet.png memos.png evidence-board.png")
        window.close_project()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
