"""Take the README's screenshots offscreen: the main window on the demo project (large, at
1280×720, and in dark mode), the import dialog after an import, and the export dialog.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py [demo.qcode]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from shots import OUT, copy_demo, demo_source, open_window, settle, start_app, wait, wait_for

from qcode.store import Project


def main() -> int:
    source = demo_source()
    if source is None:
        return 1
    app = start_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = copy_demo(source, folder)
        window = open_window(path)
        docs = window.documents.model.documents()
        group = next((d for d in docs if d.kind == "focus_group"), docs[0])
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
