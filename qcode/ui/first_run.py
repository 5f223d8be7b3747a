"""First steps in the window: ask once who is coding, a new inspection with the shipped ToR
codebook, and the demo project (built once, in the background, into the settings folder)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox

from qcode import settings
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

ASKED_KEY = "coder_asked"


def ask_coder_once(w: MainWindow) -> QDialog | None:
    """On the very first start, ask who is coding (the login name, e.g. "root", is only the
    suggestion). The question is asked once, whatever the answer, and never blocks: the
    window, its background work and its signals carry on while it is open."""
    if settings.get(ASKED_KEY) or settings.get("coder_name"):
        return None
    from qcode.ui.dialogs.coder_dialog import CoderDialog

    settings.put(ASKED_KEY, True)
    dialog = CoderDialog(settings.coder_name(), (), w)
    dialog.setWindowTitle("Who is coding?")
    dialog.accepted.connect(lambda: w.lifecycle.use_coder(dialog.name()))
    dialog.open()
    w.coder_question = dialog
    return dialog


def offer_tor_codebook(w: MainWindow) -> bool:
    """Offer the shipped terms-of-reference codebook to a project with no codes yet."""
    if w.project is None or w.codebook.model.codes():
        return False
    from qcode.codebook.shipped import DEFAULT, shipped_codebook

    try:
        path = shipped_codebook(DEFAULT)
    except QcodeError:
        return False
    answer = QMessageBox.question(
        w,
        "Terms-of-reference codebook",
        "Start with the codebook shipped with qcode (the themes of the activism and "
        "impartiality terms of reference)? You can edit it, or load another one later "
        "(File ▸ Load codebook).",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return load_shipped_codebook(w, path)


def load_shipped_codebook(w: MainWindow, path: Path | None = None) -> bool:
    """Load the shipped ToR codebook into the open project (one undoable step)."""
    from qcode.codebook.shipped import shipped_codebook
    from qcode.ui.codebook_files import load_codebook

    try:
        path = path or shipped_codebook()
    except QcodeError as exc:
        w.failure("Cannot load the codebook", exc)
        return False
    return load_codebook(w, path)


def new_inspection(w: MainWindow) -> None:
    """A new project file, then the offer of the shipped codebook."""
    if w.new_project():
        offer_tor_codebook(w)


def demo_folder() -> Path:
    return settings.config_dir() / "demo"


def open_demo(w: MainWindow, scale: float = 1.0) -> None:
    """Open the demo project, building it first (once) off the GUI thread."""
    from qcode.demo.build import PROJECT_NAME

    target = demo_folder() / PROJECT_NAME
    if target.exists():
        w.open_project(target)
        return
    from qcode.demo import build_demo
    from qcode.ui.dialogs.workers import start

    page = w.start_page
    page.set_busy("Building the demo project (once; it takes a minute)…")

    def job(progress: Any, cancel: Any) -> Any:
        return build_demo(demo_folder(), scale=scale, progress=progress, replace=True)

    def finished(path: Any) -> None:
        page.set_busy("")
        w.open_project(Path(path))

    def failed(message: str) -> None:
        page.set_busy("")
        w.error("Cannot build the demo", message)

    def progress(done: int, total: int, label: str) -> None:
        page.set_busy(f"Building the demo project: {label}", done, total)

    w.demo_job = start(job, finished, failed, progress)
