"""Take the README's screenshots of the analysis views offscreen: the cases sheet, the memo
browser and the ToR evidence board, on a copy of the demo project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_views.py [demo.qcode]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from shots import OUT, copy_demo, demo_source, open_window, start_app, wait

from qcode.analysis.evidence import evidence_board, item_passages
from qcode.analysis.memo_index import project_uuid
from qcode.analysis.quotable import set_quotable
from qcode.codebook.tree import list_codes
from qcode.documents import list_documents
from qcode.memos import add_memo
from qcode.store import Project


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
    source = demo_source()
    if source is None:
        return 1
    start_app()
    from qcode.ui.views.menu import open_view

    with tempfile.TemporaryDirectory() as tmp:
        path = copy_demo(source, Path(tmp))
        item = prepare(path)
        window = open_window(path)
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
