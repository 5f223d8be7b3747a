"""Helpers for driving the window as a user: select words, click codes, drop passages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication


def doc_uuid(w: Any, name: str) -> str:
    return next(d.uuid for d in w.documents.model.documents() if d.name == name)


def code_uuid(w: Any, path: str) -> str:
    return next(c.uuid for c in w.codebook.model.codes() if c.path == path)


def open_doc(w: Any, qtbot: Any, name: str) -> None:
    """Click the document in the documents pane."""
    view = w.documents.view
    index = w.documents.proxy.mapFromSource(w.documents.model.index_of(doc_uuid(w, name)))
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert w.viewer.document_uuid == doc_uuid(w, name)


def select_words(w: Any, words: str) -> tuple[int, int]:
    """Select the first occurrence of `words` in the open document (code points), as the user
    does with Shift+arrows: a fresh selection, so clicking a code codes it."""
    from PySide6.QtGui import QTextCursor

    start = w.viewer.text.index(words)
    to16 = w.viewer._map.to_utf16
    cursor = QTextCursor(w.viewer.document())
    cursor.setPosition(to16(start))
    cursor.setPosition(to16(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    w.viewer.setTextCursor(cursor)
    return start, start + len(words)


def drag_select(w: Any, qtbot: Any, words: str) -> tuple[int, int]:
    """Select words with the mouse: press at their start, drag to their end, release."""
    viewer = w.viewer
    start = viewer.text.index(words)
    end = start + len(words)
    cursor = viewer.textCursor()
    cursor.setPosition(start)
    a = viewer.cursorRect(cursor).center() + QPoint(1, 0)
    cursor.setPosition(end)
    b = viewer.cursorRect(cursor).center() + QPoint(-1, 0)
    port = viewer.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(port, pos=b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)
    return start, end


def code_rect_centre(w: Any, path: str) -> QPoint:
    view = w.codebook.view
    index = w.codebook.index_for(code_uuid(w, path))
    view.scrollTo(index)
    return view.visualRect(index).center()


def click_code(w: Any, qtbot: Any, path: str) -> None:
    view = w.codebook.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=code_rect_centre(w, path))


def drop_on_code(w: Any, mime: Any, path: str, action: Any = Qt.DropAction.CopyAction) -> bool:
    """Deliver a drag-enter, drag-move and drop of `mime` at a code's row."""
    port = w.codebook.view.viewport()
    pos = QPointF(code_rect_centre(w, path))
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # Qt 6.12 takes a QPointF and deprecates QPoint; older versions take QPoint only
        enter = QDragEnterEvent(pos, action, mime, buttons, mods)
        move = QDragMoveEvent(pos, action, mime, buttons, mods)
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), action, mime, buttons, mods)
        move = QDragMoveEvent(pos.toPoint(), action, mime, buttons, mods)
    QApplication.sendEvent(port, enter)
    QApplication.sendEvent(port, move)
    drop = QDropEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(port, drop)
    return drop.isAccepted()


def live_codings(w: Any) -> list[tuple[str, str]]:
    """(code path, coded text) of the open document's codings as the viewer shows them."""
    return sorted((c.path, w.viewer.text[c.start : c.end]) for c in w.viewer.codings)
