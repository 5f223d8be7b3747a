"""The Analysis menu: each entry opens one analysis view as a dock of the main window."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

#: (key, menu text, shortcut, "module:function"): the function takes the main window and
#: returns the view's widget; it is imported the first time the view opens (start-up stays fast).
VIEWS: list[tuple[str, str, str, str]] = [
    ("cases", "&Cases and attributes", "Ctrl+Alt+1", "qcode.ui.views.cases_view:build"),
    ("memos", "&Memos", "Ctrl+Alt+2", "qcode.ui.views.memos_view:build"),
    ("evidence", "ToR &evidence board", "Ctrl+Alt+3", "qcode.ui.views.evidence_view:build"),
    ("matrix", "Matri&x query", "Ctrl+Alt+4", "qcode.ui.views.matrix_view:build"),
]


def install_views_menu(window: Any) -> QMenu:
    """Add the Analysis menu (before Help) with one action per view."""
    menu = QMenu("&Analysis", window)
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    window.views_menu = menu
    window.view_actions = {}
    for key, text, shortcut, _target in VIEWS:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False, k=key: open_view(window, k))
        menu.addAction(act)
        window.view_actions[key] = act
    return menu


def _title(text: str) -> str:
    return text.replace("&", "")


def open_view(window: Any, key: str) -> QWidget:
    """Show the view `key` (built on first use, then kept), raised and up to date."""
    dock: QDockWidget | None = window.docks.get(key)
    if dock is None:
        _key, text, _shortcut, target = next(v for v in VIEWS if v[0] == key)
        module, function = target.split(":")
        widget = getattr(importlib.import_module(module), function)(window)
        dock = window._dock(_title(text), widget, Qt.DockWidgetArea.BottomDockWidgetArea)
        window.docks[key] = dock
        if "quotes" in window.docks:
            window.tabifyDockWidget(window.docks["quotes"], dock)
    dock.show()
    dock.raise_()
    view = dock.widget()
    sync = getattr(view, "sync", None)
    if sync is not None:
        sync()
    return view
