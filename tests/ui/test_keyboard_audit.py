"""Every dialog and view by keyboard alone: accelerators (unique, labels with buddies), Tab round
every control and back, and Enter in a field pressing the dialog's default button."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

#: Dialogs with no one obvious thing for Enter to do: they show results to read and act on by
#: the buttons named (Enter must then press nothing unexpected: no default at all).
NO_ENTER = {"about", "summary", "qdpx"}

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str:
    """The accelerator letter of a widget text ("Add &files…" -> "f"), or ""."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else ""


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.isEnabled()


def _tab_focusable(w: QWidget) -> bool:
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.focusProxy() is None


def _is_field(w: QWidget) -> bool:
    return _tab_focusable(w) or any(_tab_focusable(c) for c in w.findChildren(QWidget))


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


def _labelled_fields(root: QWidget) -> list[tuple[QLabel, QWidget]]:
    """(label, field) pairs as the layouts show them: a form row, or a label ending in ":"
    just before (or just left of) a field."""
    pairs: list[tuple[QLabel, QWidget]] = []
    for layout in root.findChildren(QLayout):
        if isinstance(layout, QFormLayout):
            for row in range(layout.rowCount()):
                label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
                lw = label.widget() if label is not None else None
                fw = field.widget() if field is not None else None
                if isinstance(lw, QLabel) and fw is not None and _plain(lw.text()):
                    pairs.append((lw, fw))
            continue
        items = [layout.itemAt(i) for i in range(layout.count())]
        widgets = [i.widget() if i is not None else None for i in items]
        if isinstance(layout, QGridLayout):
            cells = {}
            for i in range(layout.count()):
                r, c, _rs, _cs = layout.getItemPosition(i)
                cells[(r, c)] = widgets[i]
            for (r, c), lw in cells.items():
                fw = cells.get((r, c + 1))
                if isinstance(lw, QLabel) and fw is not None and _plain(lw.text()).endswith(":"):
                    pairs.append((lw, fw))
            continue
        for lw, fw in pairwise(widgets):
            if isinstance(lw, QLabel) and fw is not None and _plain(lw.text()).endswith(":"):
                pairs.append((lw, fw))
    # Fields inside a labelled field (one row per attribute in a scrolled list) are reached
    # through the outer label's accelerator, then by Tab.
    return [
        (label, field)
        for label, field in pairs
        if not isinstance(field, QAbstractButton)  # a check box carries its own accelerator
        and not any(outer is not field and outer.isAncestorOf(label) for _l, outer in pairs)
    ]


def accelerator_problems(root: QWidget) -> list[str]:
    """Buttons and labelled fields without an accelerator, labels without buddies, and
    accelerators used twice in the dialog or view (or by a menu of its main window)."""
    problems: list[str] = []
    for b in root.findChildren(QAbstractButton):
        if not isinstance(b, QPushButton | QCheckBox | QRadioButton) or not b.isVisibleTo(root):
            continue  # a button disabled until something is chosen needs its accelerator too
        if not b.text() or mnemonic(b.text()):
            continue
        box = b.parent()
        standard = isinstance(box, QDialogButtonBox) and box.standardButton(b) != (
            QDialogButtonBox.StandardButton.NoButton
        )
        if standard or (isinstance(b, QPushButton) and b.isDefault()):
            continue
        problems.append(f"button {b.text()!r} has no accelerator")
    for label, field in _labelled_fields(root):
        if not _shown(label, root) or not _shown(field, root) or not _is_field(field):
            continue
        if not mnemonic(label.text()):
            problems.append(f"label {_plain(label.text())!r} has no accelerator")
        buddy = label.buddy()
        if buddy is None or not (buddy is field or field.isAncestorOf(buddy)):
            problems.append(f"label {_plain(label.text())!r} is not the buddy of its field")
    for label in root.findChildren(QLabel):
        if _shown(label, root) and mnemonic(label.text()) and label.buddy() is None:
            problems.append(f"label {_plain(label.text())!r} has an accelerator but no buddy")
    problems += [f"no accelerator reaches {_name(f)}" for f in _unlabelled_fields(root)]
    seen: dict[str, list[str]] = {}
    for text in _accelerated_texts(root):
        seen.setdefault(mnemonic(text), []).append(text.replace("&", ""))
    for key, texts in sorted(seen.items()):
        if key and len(texts) > 1:
            problems.append(f"Alt+{key.upper()} used by {texts}")
    return problems


def _unlabelled_fields(root: QWidget) -> list[QWidget]:
    """Text fields, lists to choose from and spin boxes that no label's accelerator reaches
    (a placeholder text is no accelerator). The quotes pane the summary and the analysis views
    embed is the main window's own pane, audited with the window (tests/ui/test_keyboard.py)."""
    from qcode.ui.quotes_pane import QuotesPane

    buddies = [
        label.buddy()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None and mnemonic(label.text())
    ]
    kinds = QLineEdit | QComboBox | QPlainTextEdit | QTextEdit | QAbstractSpinBox
    out = []
    for f in root.findChildren(QWidget):
        if not isinstance(f, kinds) or not _shown(f, root) or not _tab_focusable(f):
            continue
        if isinstance(f.parent(), QComboBox | QAbstractSpinBox):
            continue  # the editor inside a combo or spin box: the box is the field
        if isinstance(f, QPlainTextEdit | QTextEdit) and f.isReadOnly():
            continue  # text to read, reached by Tab
        if any(isinstance(a, QuotesPane) for a in _ancestors(f, root)):
            continue
        if not any(b is f or b.isAncestorOf(f) or f.focusProxy() is b for b in buddies):
            out.append(f)
    return out


def _ancestors(w: QWidget, root: QWidget) -> list[QWidget]:
    out = []
    while w is not None and w is not root:
        out.append(w)
        w = w.parentWidget()
    return out


def _accelerated_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    window = root.window()
    if isinstance(window, QMainWindow):
        texts += [a.text() for a in window.menuBar().actions() if a.isVisible()]
    for b in root.findChildren(QAbstractButton):
        if b.isVisible() and mnemonic(b.text()):
            texts.append(b.text())
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and mnemonic(label.text()):
            texts.append(label.text())
    for group in root.findChildren(QGroupBox):
        if group.isVisible() and mnemonic(group.title()):
            texts.append(group.title())
    for tabs in root.findChildren(QTabWidget):
        if tabs.isVisible():
            texts += [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabEnabled(i)]
    return [t for t in texts if mnemonic(t)]


def tab_problems(root: QWidget, qtbot: Any) -> list[str]:
    """Tab from the first control of `root` must visit every control of it and come back to
    the first (no control keeps Tab for itself)."""
    expected = [
        w
        for w in root.findChildren(QWidget)
        if _shown(w, root) and _tab_focusable(w) and w.window() is root.window()
    ]
    if not expected:
        return []
    window = root.window()
    chain_start = window.nextInFocusChain()
    first, w = None, chain_start
    for _ in range(10_000):
        if w in expected:
            first = w
            break
        w = w.nextInFocusChain()
        if w is chain_start:
            break
    assert first is not None
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=5000)
    window_total = sum(
        1 for w in window.findChildren(QWidget) if w.isVisible() and _tab_focusable(w)
    )
    visited: list[QWidget] = [first]
    for _ in range(window_total + 5):
        here = QApplication.focusWidget()
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is here and len(visited) > 1:
            return [f"Tab stays in {_name(here)} (after {[_name(v) for v in visited]})"]
        if now is first:
            break
        visited.append(now)
    else:
        return [f"Tab never comes back to {_name(first)}"]

    def reached(w: QWidget) -> bool:
        return any(v is w or w.isAncestorOf(v) or v.focusProxy() is w for v in visited)

    problems = [
        f"Tab never reaches {_name(w)} (visits {[_name(v) for v in visited]})"
        for w in expected
        if not reached(w)
    ]
    for box in root.findChildren(QDialogButtonBox):  # a row of buttons: left to right
        row = [v for v in visited if isinstance(v, QPushButton) and v.parent() is box]
        if row != sorted(row, key=lambda b: b.mapTo(box, b.rect().topLeft()).x()):
            problems.append(f"Tab goes along the buttons as {[b.text() for b in row]}")
    return problems


def _name(w: QWidget) -> str:
    text = getattr(w, "text", None)
    label = text() if callable(text) and isinstance(text(), str) else ""
    return f"{type(w).__name__} {label or w.accessibleName() or w.objectName()!r}"


def enter_problems(dialog: QDialog, key: str) -> list[str]:
    """A dialog where Enter means something has one default button, and it stays the default
    whichever side button was used before typing into a field."""
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    defaults = [b for b in buttons if b.isDefault()]
    if key in NO_ENTER:
        return []
    if len(defaults) != 1:
        return [f"default buttons: {[b.text() for b in defaults]}"]
    main = defaults[0]
    fields = [
        f
        for f in dialog.findChildren(QLineEdit)
        if _shown(f, dialog) and not isinstance(f.parent(), QComboBox | QAbstractSpinBox)
    ]
    problems = []
    for side in buttons:
        if side is main:
            continue
        for field in fields:
            side.setFocus()
            field.setFocus()
            QApplication.processEvents()
            now = [b for b in buttons if b.isDefault()]
            if now != [main]:
                problems.append(
                    f"after {side.text()!r}, Enter in a field presses "
                    f"{[b.text() for b in now]} instead of {main.text()!r}"
                )
                break
    return problems


# --- what is audited ------------------------------------------------------------------------


def _dialog(name: str, factory: Callable[[Any, Path], QDialog]) -> Any:
    return pytest.param(name, factory, id=name)


def _qdpx(w: Any, tmp: Path) -> QDialog:
    from qcode.ui.dialogs.qdpx_dialog import QdpxImportDialog

    return QdpxImportDialog(w, tmp / "other.qdpx")


def _factory(module: str, cls: str, *args: Any, **kwargs: Any) -> Callable[[Any, Path], QDialog]:
    def make(w: Any, _tmp: Path) -> QDialog:
        dialog_cls = getattr(importlib.import_module(f"qcode.ui.dialogs.{module}"), cls)
        given = {"project": w.project, "path": w.project.path}
        values = [given.get(a, a) if isinstance(a, str) else a for a in args]
        return dialog_cls(*values, parent=w, **kwargs)

    return make


DIALOGS = [
    _dialog("about", _factory("about_dialog", "AboutDialog")),
    _dialog("agreement", _factory("agreement_dialog", "AgreementDialog", "project")),
    _dialog("coder", _factory("coder_dialog", "CoderDialog", "Ann", ["Ann", "Bob"])),
    _dialog("code editor", _factory("code_editor", "CodeEditorDialog", "project")),
    _dialog("export", _factory("export_dialog", "ExportDialog", "project", open_result=False)),
    _dialog("import", _factory("import_dialog", "ImportDialog", "project")),
    _dialog("merge", _factory("merge_dialog", "MergeDialog", "path")),
    _dialog("pseudonyms", _factory("pseudonym_dialog", "PseudonymDialog", "project")),
    _dialog("qdpx", _qdpx),
    _dialog("restore", _factory("restore_dialog", "RestoreDialog", "project")),
    _dialog("summary", _factory("summary_dialog", "SummaryDialog", "project")),
]


def _active(widget: QWidget, qtbot: Any) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)


@pytest.mark.parametrize(("name", "factory"), DIALOGS)
def test_dialog_by_keyboard(window, qtbot, tmp_path, name, factory):
    dialog = factory(window, tmp_path)
    qtbot.addWidget(dialog)
    _active(dialog, qtbot)
    if name == "summary":  # its tables filled (a table with rows is where Tab got stuck)
        qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    problems = accelerator_problems(dialog)
    problems += tab_problems(dialog, qtbot)
    problems += enter_problems(dialog, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", ["cases", "memos", "evidence", "matrix", "coders", "speakers"])
def test_view_by_keyboard(window, qtbot, key):
    from qcode.ui.views.menu import open_view

    _active(window, qtbot)
    if key == "speakers":
        window.docks["speakers"].show()
        window.docks["speakers"].raise_()
        view = window.speakers_view
    else:
        view = open_view(window, key)
    qtbot.waitUntil(view.isVisible)
    problems = accelerator_problems(view) + tab_problems(view, qtbot)
    assert not problems, "\n".join(problems)


def test_start_page_by_keyboard(qtbot):
    from qcode.ui.main_window import MainWindow

    w = MainWindow(coder="Ann")
    qtbot.addWidget(w)
    _active(w, qtbot)
    assert w.pages.currentWidget() is w.start_page
    problems = accelerator_problems(w.start_page) + tab_problems(w.start_page, qtbot)
    assert not problems, "\n".join(problems)


def test_enter_in_a_field_exports_even_after_select_all(window, qtbot):
    """What the default check stands for, pressed for real: the export dialog's default was
    set before its buttons were in the dialog, so after "Select all" Enter selected all again."""
    from qcode.ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(window.project, parent=window, open_result=False)
    qtbot.addWidget(dialog)
    _active(dialog, qtbot)
    pressed: list[str] = []
    dialog.export_button.clicked.disconnect()
    dialog.export_button.clicked.connect(lambda: pressed.append("export"))
    select_all = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Select &all")
    select_all.clicked.connect(lambda: pressed.append("select all"))
    select_all.setFocus()
    qtbot.keyClick(select_all, Qt.Key.Key_Space)
    assert pressed == ["select all"]
    dialog.code_filter.setFocus()
    qtbot.keyClicks(dialog.code_filter, "trust")
    qtbot.keyClick(dialog.code_filter, Qt.Key.Key_Return)
    assert pressed == ["select all", "export"]
