"""The page shown while no project is open: recent projects, a new inspection, the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode import settings
from qcode.ui.icons import icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    """Buttons for the first steps and the recent projects; the window does the work."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>qcode</h2>")
        intro = QLabel(
            "Code interview and focus-group transcripts against terms of reference. "
            "Start a new inspection, open a project, or look round the demo first."
        )
        intro.setWordWrap(True)
        self.new_button = QPushButton(icon("new"), "&New inspection project…")
        self.new_button.setToolTip(
            "A new project file; you are offered the shipped terms-of-reference codebook"
        )
        self.open_button = QPushButton(icon("open"), "&Open a project…")
        self.demo_button = QPushButton(icon("open"), "Open the &demo")
        self.demo_button.setToolTip(
            "A synthetic inspection (267 transcripts, coded) to try everything safely"
        )
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        actions = QVBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(34)
            actions.addWidget(button)
        actions.addWidget(self.progress)
        actions.addWidget(self.status)
        actions.addStretch(1)
        recent_label = QLabel("&Recent projects")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent projects")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._chosen)
        self.recent.itemDoubleClicked.connect(self._chosen)
        grid = QGridLayout()
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.addLayout(actions, 0, 0)
        inner = QVBoxLayout()
        inner.addWidget(recent_label)
        inner.addWidget(self.recent, 1)
        grid.addLayout(inner, 0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(grid, 1)
        self.fill()

    def fill(self) -> None:
        """List the recent projects that still exist (newest first)."""
        self.recent.clear()
        for path in settings.recent_projects():
            if path.exists():
                item = QListWidgetItem(icon("document"), f"{path.stem}    —    {path.parent}")
                item.setData(PATH_ROLE, str(path))
                item.setToolTip(str(path))
                self.recent.addItem(item)
        if self.recent.count() == 0:
            item = QListWidgetItem("No recent projects yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        else:
            self.recent.setCurrentRow(0)

    def paths(self) -> list[Path]:
        return [
            Path(str(self.recent.item(r).data(PATH_ROLE)))
            for r in range(self.recent.count())
            if self.recent.item(r).data(PATH_ROLE)
        ]

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.recent_chosen.emit(Path(str(path)))

    def set_busy(self, text: str, done: int = 0, total: int = 0) -> None:
        """Show the progress of building the demo ("" hides it)."""
        self.status.setText(text)
        self.progress.setVisible(bool(text))
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setEnabled(not text)
