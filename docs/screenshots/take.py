"""Take the README's screenshots offscreen: the main window on the demo project (large, at
1280×720, and in dark mode), the import dialog after an import, and the export dialog.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py [demo.qcode]
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
DEMO = Path("/tmp/qcode-demo-full")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qcode.store import Project  # noqa: E402


def wait(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(signal, timeout: int = 60000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    signal.connect(lambda *_: loop.quit())
    QTimer.singleShot(timeout, loop.quit)
    loop.exec()


def settle(window) -> None:  # type: ignore[no-untyped-def]
    """Let the background search indexing finish (the temporary folder goes afterwards)."""
    while window.search.indexing:
        wait(50)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO / "demo.qcode"
    if not source.is_file():
        print(f"no demo project at {source}; build one with `qcode demo`")
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from qcode.ui.app import application
    from qcode.ui.main_window import MainWindow

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
        window = MainWindow(coder="Inspector A")
        window.quiet_errors = True
        window.resize(1500, 940)
        window.show()
        wait(200)
        window.open_project(path)
        settle(window)
        docs = window.documents.model.documents()
        group = max(
            (d for d in docs if d.kind == "focus_group"), key=lambda d: d.length, default=docs[0]
        )
        window.open_document(group.uuid)
        viewer = window.viewer
        if viewer.codings:
            # an inspector adds two overlapping codings around the first coded passage
            first = viewer.codings[0]
            codes = [c for c in window.codebook.model.codes() if c.codable and c.depth > 0]
            others = [c for c in codes if c.uuid != first.code_uuid]
            line_start = viewer.text.rfind("\n", 0, first.start) + 1
            line_end = viewer.text.find("\n", first.end)
            line_end = len(viewer.text) if line_end < 0 else line_end
            viewer.select_span(line_start, line_end)
            window.gestures.code_selection(others[0].uuid)
            viewer.select_span(first.start, line_end)
            window.gestures.code_selection(others[5].uuid)
            window.codebook.select(first.code_uuid)
            viewer.select_span(first.start, first.start)
            viewer.centerCursor()
        wait(300)
        window.grab().save(str(OUT / "main-window.png"))
        print("main-window.png")

        # a laptop screen, then the same in dark mode
        from PySide6.QtCore import Qt

        from qcode.ui.theme import apply_scheme

        window.resize(1280, 720)
        wait(300)
        viewer.centerCursor()
        wait(200)
        window.grab().save(str(OUT / "main-window-1280.png"))
        print("main-window-1280.png")
        apply_scheme(app, Qt.ColorScheme.Dark)
        wait(300)
        window.grab().save(str(OUT / "main-window-dark.png"))
        print("main-window-dark.png")
        apply_scheme(app, Qt.ColorScheme.Light)
        window.resize(1500, 940)
        wait(200)

        # the import dialog, after importing a few files (and refusing a broken one)
        fresh = folder / "fresh.qcode"
        Project.create(fresh, coder_name="Inspector A").close()
        window.open_project(fresh)
        corpus = sorted((source.parent / "corpus").rglob("*.*"))[:6]
        broken = folder / "Interview 99 (damaged).docx"
        broken.write_bytes(b"PK\x03\x04 not really a Word file")
        dialog = window.dialogs.import_files()
        assert dialog is not None
        dialog.resize(900, 640)
        dialog.add_paths([*corpus, broken])
        dialog.start_import()
        wait_for(dialog.task.succeeded)
        wait(300)
        settle(window)
        dialog.grab().save(str(OUT / "import-dialog.png"))
        dialog.reject()
        print("import-dialog.png")

        window.open_project(path)
        settle(window)
        codes = window.codebook.model.codes()
        theme = next((c for c in codes if c.depth == 0), None)
        dialog = window.dialogs.export_bundle([theme.uuid] if theme else None)
        assert dialog is not None
        dialog.open_result = False
        wait(300)
        dialog.grab().save(str(OUT / "export-dialog.png"))
        dialog.reject()
        print("export-dialog.png")
        window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
