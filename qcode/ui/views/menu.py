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
    ("coders", "C&oders side by side", "Ctrl+Alt+5", "qcode.ui.views.coders_view:build"),
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
    window.viewer.menu_built.connect(lambda m, at: add_passage_actions(window, m, at))
    return menu


def add_passage_actions(window: Any, menu: QMenu, offset: int) -> None:
    """The viewer's right-click menu: flag the coded passages under the pointer as quotable
    (the evidence board lists them first) or unflag them."""
    from qcode.analysis.quotable import quotable_codings
    from qcode.ui.views.undo_views import FlagQuotable

    project = window.project
    here = window.viewer.codings_at(offset)
    if project is None or not here:
        return
    flagged = quotable_codings(project, [c.uuid for c in here])
    menu.addSeparator()
    for c in here:
        on = c.uuid in flagged
        text = f"{'Unflag' if on else 'Flag'} {c.path} passage as quotable"
        menu.addAction(
            text, lambda u=c.uuid, f=not on: window.run(FlagQuotable(window.project, u, f))
        )


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
        dock.show()  # a table of many rows and columns: room for a dozen rows at least
        window.resizeDocks([dock], [max(320, window.height() * 2 // 5)], Qt.Orientation.Vertical)
    dock.show()
    dock.raise_()
    view = dock.widget()
    sync = getattr(view, "sync", None)
    if sync is not None:
        sync()
    return view
