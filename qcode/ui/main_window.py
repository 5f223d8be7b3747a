"""The main window: opens a project and lists its documents and codes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
)

from qcode.codebook.tree import list_codes
from qcode.documents import list_documents
from qcode.errors import QcodeError
from qcode.store import Project


class MainWindow(QMainWindow):
    def __init__(self, coder: str | None = None) -> None:
        super().__init__()
        self.coder = coder
        self.project: Project | None = None
        self.setWindowTitle("qcode")
        self.resize(1200, 800)
        self.documents = QListWidget()
        self.codes = QTreeWidget()
        self.codes.setHeaderLabels(["Code"])
        splitter = QSplitter()
        splitter.addWidget(self.documents)
        splitter.addWidget(self.codes)
        self.setCentralWidget(splitter)
        menu = self.menuBar().addMenu("&File")
        menu.addAction("&Open…", self.choose_project)
        menu.addAction("&Quit", self.close)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "qcode projects (*.qcode)")
        if path:
            self.open_project(Path(path))

    def open_project(self, path: Path) -> None:
        try:
            project = Project.open(path, coder_name=self.coder)
        except QcodeError as exc:
            QMessageBox.critical(self, "Cannot open project", str(exc))
            return
        if self.project is not None:
            self.project.close()
        self.project = project
        self.setWindowTitle(f"{project.name} — qcode")
        self.refresh()

    def refresh(self) -> None:
        assert self.project is not None
        self.documents.clear()
        for doc in list_documents(self.project):
            self.documents.addItem(f"{doc.name} ({doc.kind})")
        self.codes.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for code in list_codes(self.project):
            parent = items.get(code.parent_uuid or "")
            item = (
                QTreeWidgetItem([code.name])
                if parent is None
                else QTreeWidgetItem(parent, [code.name])
            )
            if parent is None:
                self.codes.addTopLevelItem(item)
            items[code.uuid] = item
        self.codes.expandAll()

    def closeEvent(self, event) -> None:
        if self.project is not None:
            self.project.close()
        super().closeEvent(event)
