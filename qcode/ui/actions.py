"""The window's menus, toolbar, shortcuts and status bar (every action reachable by keyboard)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QToolBar

from qcode import settings
from qcode.ui import codebook_files, first_run
from qcode.ui.dialogs import qdpx_dialog as qdpx
from qcode.ui.icons import icon
from qcode.ui.launch import guard
from qcode.ui.quick_code import QuickCodeBox

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

#: (attribute, module, class, tooltip) of the actions that open a dialog.
DIALOG_ACTIONS = (
    ("act_import", "import_dialog", "ImportDialog", "Import documents"),
    ("act_export", "export_dialog", "ExportDialog", "Export quote bundles"),
    ("act_summary", "summary_dialog", "SummaryDialog", "Theme summary: codes by source kind"),
    ("act_merge", "merge_dialog", "MergeDialog", "Merge another coder's project file"),
    ("act_agreement", "agreement_dialog", "AgreementDialog", "Agreement between coders"),
    ("act_pseudonyms", "pseudonym_dialog", "PseudonymDialog", "Pseudonyms used on export"),
    ("act_restore", "restore_dialog", "RestoreDialog", "Bring back an earlier state (snapshot)"),
)


def _action(
    w: MainWindow,
    text: str,
    slot: Any,
    icon_name: str = "",
    shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
    tip: str = "",
) -> QAction:
    act = QAction(icon(icon_name) if icon_name else icon(""), text, w)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: slot())
    return act


def build(w: MainWindow) -> None:
    g, d = w.gestures, w.dialogs
    std = QKeySequence.StandardKey
    w.quick_box = QuickCodeBox()
    w.quick_box.chosen.connect(g.quick_code)
    w.quick_box.create.connect(g.quick_create)
    w.quick_box.ambiguous.connect(lambda message: w.say(message, 10000))

    w.act_new = _action(
        w, "&New inspection project…", lambda: first_run.new_inspection(w), "new", std.New
    )
    w.act_demo = _action(w, "Open the &demo", lambda: first_run.open_demo(w), "open")
    w.act_shipped_codebook = _action(
        w,
        "Load the shipped &ToR codebook",
        lambda: first_run.load_shipped_codebook(w),
        "codebook",
        tip="The terms-of-reference codebook that comes with qcode (activism and impartiality)",
    )
    w.act_open = _action(w, "&Open project…", w.choose_project, "open", std.Open)
    w.act_import = _action(w, "&Import documents…", d.import_files, "import", "Ctrl+I")
    w.act_export = _action(
        w, "&Export quote bundle…", lambda: d.export_bundle(_current_codes(w)), "export", "Ctrl+E"
    )
    w.act_summary = _action(w, "Theme &summary…", d.summary, "summary")
    w.act_merge = _action(w, "&Merge a coder's file…", d.merge, "merge")
    w.act_agreement = _action(w, "&Agreement between coders…", d.agreement, "agreement")
    w.act_pseudonyms = _action(w, "&Pseudonyms…", d.pseudonyms, "pseudonym")
    w.act_load_codebook = _action(
        w, "&Load codebook…", lambda: codebook_files.load_codebook(w), "codebook"
    )
    w.act_tor = _action(
        w, "Themes from terms of &reference…", lambda: codebook_files.themes_from_tor(w), "codebook"
    )
    w.act_export_codebook = _action(
        w, "Export code&book…", lambda: codebook_files.export_codebook(w), "export"
    )
    w.act_import_qdpx = _action(
        w, "Import REFI-QDA project…", lambda: qdpx.import_qdpx_file(w), "import"
    )
    w.act_export_qdpx = _action(
        w, "Export REFI-QDA project…", lambda: qdpx.export_qdpx_file(w), "export"
    )
    w.act_restore = _action(
        w, "Restore from a &snapshot…", w.dialogs.restore, "open", tip="Bring back an earlier state"
    )
    w.act_close = _action(w, "&Close project", w.close_project, "", std.Close)
    w.act_quit = _action(w, "&Quit", w.close, "quit", std.Quit)

    w.act_undo = w.undo_stack.createUndoAction(w, "&Undo")
    w.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
    w.act_undo.setIcon(icon("undo"))
    w.act_redo = w.undo_stack.createRedoAction(w, "&Redo")
    w.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    w.act_redo.setIcon(icon("redo"))
    w.act_history = w.docks["history"].toggleViewAction()
    w.act_history.setIcon(icon("history"))
    w.act_history.setShortcut(QKeySequence("Ctrl+H"))
    w.act_coder = _action(w, "Coder &name…", w.change_coder, "coder")

    w.act_quick = _action(w, "&Quick code…", lambda: _focus_quick(w), "quickcode", "Ctrl+K")
    w.act_in_vivo = _action(w, "Code in &vivo", g.in_vivo, "invivo", "Ctrl+Shift+V")
    w.act_code_current = _action(
        w,
        "Code with the &selected code",
        lambda: g.code_selection(w.codebook.current_uuid()),
        "code",
        "Ctrl+Return",
    )
    w.act_add_code = _action(w, "&Add code…", g.add_code, "add-code", "Ctrl+Shift+N")
    w.act_add_sub = _action(
        w, "Add s&ub-code…", lambda: g.add_code(w.codebook.current_uuid() or None), "add-code"
    )
    w.act_edit_code = _action(
        w, "&Edit code…", lambda: g.edit_code(w.codebook.current_uuid()), "edit", "F2"
    )
    w.act_delete_code = _action(
        w, "&Delete code…", lambda: g.delete_code(w.codebook.current_uuid()), "delete"
    )
    w.act_merge_code = _action(
        w, "&Merge code into…", lambda: g.merge_code(w.codebook.current_uuid()), "merge"
    )
    w.act_search = _action(
        w, "&Search all documents…", lambda: _focus_search(w), "search", "Ctrl+Shift+F"
    )
    w.act_find = _action(
        w, "&Find in document…", w.find_bar.open_bar, "search", std.Find, "Find in this document"
    )
    w.act_find_next = _action(w, "Find &next", lambda: w.find_bar.key_step(1), "", "F3")
    w.act_find_previous = _action(
        w, "Find pre&vious", lambda: w.find_bar.key_step(-1), "", "Shift+F3"
    )
    w.act_larger = _action(w, "&Larger text", lambda: w.viewer.zoom(1), "", std.ZoomIn)
    w.act_larger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
    w.act_smaller = _action(w, "S&maller text", lambda: w.viewer.zoom(-1), "", std.ZoomOut)
    w.act_smaller.setShortcuts([QKeySequence("Ctrl+-")])
    w.act_default_size = _action(w, "&Default text size", lambda: w.viewer.zoom(0), "", "Ctrl+0")
    w.act_documents = _action(
        w,
        "Find &document",
        lambda: _focus(w, "documents", w.documents.search),
        "document",
        "Ctrl+Shift+D",
    )
    w.act_codes = _action(
        w,
        "Find c&ode",
        lambda: _focus(w, "codebook", w.codebook.filter),
        "codebook",
        "Ctrl+Shift+C",
    )
    w.act_viewer = _action(w, "Go to &text", w.viewer.setFocus, "", "Ctrl+Shift+T")

    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([w.act_new, w.act_open, w.act_demo])
    w.recent_menu = file_menu.addMenu("Open &recent")
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w))
    file_menu.addSeparator()
    file_menu.addActions([w.act_import, w.act_export, w.act_summary])
    file_menu.addSeparator()
    file_menu.addActions(
        [w.act_load_codebook, w.act_shipped_codebook, w.act_tor, w.act_export_codebook]
    )
    file_menu.addActions([w.act_import_qdpx, w.act_export_qdpx])
    file_menu.addSeparator()
    file_menu.addActions([w.act_merge, w.act_restore, w.act_close])
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)

    edit = bar.addMenu("&Edit")
    edit.addActions([w.act_undo, w.act_redo, w.act_history])
    w.recent_actions = edit.addMenu("Recent &actions")
    w.recent_actions.aboutToShow.connect(lambda: _fill_history(w))
    edit.addSeparator()
    edit.addActions([w.act_find, w.act_find_next, w.act_find_previous])
    edit.addSeparator()
    edit.addAction(w.act_coder)

    code = bar.addMenu("&Code")
    code.addActions([w.act_quick, w.act_code_current, w.act_in_vivo])
    w.favourites_menu = code.addMenu("&Favourite codes (keys 1–9)")
    w.favourites_menu.aboutToShow.connect(lambda: _fill_favourites(w))
    code.addSeparator()
    code.addActions(
        [w.act_add_code, w.act_add_sub, w.act_edit_code, w.act_merge_code, w.act_delete_code]
    )

    tools = bar.addMenu("&Tools")
    tools.addActions([w.act_search, w.act_agreement, w.act_pseudonyms])

    view = bar.addMenu("&View")
    view.addActions([w.act_documents, w.act_codes, w.act_viewer])
    view.addSeparator()
    size_menu = view.addMenu("Text si&ze")
    size_menu.addActions([w.act_larger, w.act_smaller, w.act_default_size])
    view.addSeparator()
    for dock in w.docks.values():
        view.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(w, "&Keyboard and mouse…", lambda: _show_help(w)))
    w.act_about = _action(w, "&About qcode…", lambda: _show_about(w))
    help_menu.addAction(w.act_about)

    toolbar = QToolBar("Main toolbar", w)
    toolbar.setObjectName("toolbar-main")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.addActions([w.act_open, w.act_import, w.act_export])
    toolbar.addSeparator()
    toolbar.addActions([w.act_undo, w.act_redo])
    toolbar.addSeparator()
    toolbar.addWidget(w.quick_box)
    toolbar.addActions([w.act_in_vivo, w.act_add_code])
    toolbar.addSeparator()
    toolbar.addActions([w.act_search, w.act_summary])
    w.addToolBar(toolbar)

    w.codebook.view.customContextMenuRequested.connect(lambda p: _codebook_menu(w, p))
    w.documents.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    w.documents.view.customContextMenuRequested.connect(lambda p: _documents_menu(w, p))
    w.viewer.code_requested.connect(lambda: _focus_quick(w))

    w.coder_label = QLabel()
    w.project_label = QLabel()
    w.statusBar().addPermanentWidget(w.project_label)
    w.statusBar().addPermanentWidget(w.coder_label)
    refresh(w)


#: Actions that change the project (disabled in a read-only window).
EDITING = (
    *("load_codebook", "shipped_codebook", "tor", "quick", "in_vivo", "code_current"),
    *("add_code", "add_sub"),
    *("edit_code", "delete_code", "merge_code", "import", "merge", "pseudonyms", "restore"),
    "import_qdpx",
)


def refresh(w: MainWindow) -> None:
    """Enable what makes sense now: project actions need a project, dialogs need their module,
    and a read-only window changes nothing."""
    has_project = w.project is not None
    names = (
        "close load_codebook shipped_codebook tor export_codebook quick in_vivo code_current "
        "add_code add_sub edit_code delete_code merge_code search import_qdpx export_qdpx "
        "find find_next find_previous"
    )
    for name in names.split():
        getattr(w, f"act_{name}").setEnabled(has_project)
    for attr, module, cls, tip in DIALOG_ACTIONS:
        act = getattr(w, attr)
        guard(act, module, cls, tip)
        act.setEnabled(act.isEnabled() and has_project)
    if w.read_only:
        for name in EDITING:
            getattr(w, f"act_{name}").setEnabled(False)
    w.quick_box.setEnabled(has_project and not w.read_only)
    w.search.code_all.setVisible(not w.read_only)


def _current_codes(w: MainWindow) -> list[str] | None:
    uuid = w.codebook.current_uuid()
    return [uuid] if uuid else None


def _focus_quick(w: MainWindow) -> None:
    w.quick_box.setFocus()
    w.quick_box.selectAll()


def _focus_search(w: MainWindow) -> None:
    _focus(w, "search", w.search.query)
    selected = w.viewer.textCursor().selectedText().strip()
    if selected and len(selected) < 60:
        w.search.query.setText(f'"{selected}"' if " " in selected else selected)


def _focus(w: MainWindow, dock: str, widget: Any) -> None:
    w.docks[dock].show()
    w.docks[dock].raise_()
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()


def _fill_recent(w: MainWindow) -> None:
    w.recent_menu.clear()
    recent = [p for p in settings.recent_projects() if p.exists()]
    for path in recent:
        act = w.recent_menu.addAction(path.name, lambda p=path: w.open_project(Path(p)))
        act.setToolTip(str(path))
    if not recent:
        w.recent_menu.addAction("No recent projects").setEnabled(False)


def _fill_history(w: MainWindow) -> None:
    """The last steps of the undo stack; choosing one goes back (or forward) to it."""
    menu, stack = w.recent_actions, w.undo_stack
    menu.clear()
    if stack.count() == 0:
        menu.addAction("Nothing done yet").setEnabled(False)
        return
    for i in range(stack.count(), max(0, stack.count() - 15), -1):
        act = menu.addAction(stack.text(i - 1), lambda i=i: stack.setIndex(i))
        act.setCheckable(True)
        act.setChecked(i == stack.index())


def _fill_favourites(w: MainWindow) -> None:
    menu = w.favourites_menu
    menu.clear()
    names = {c.uuid: c.path for c in w.codebook.model.codes()}
    for n, uuid in enumerate(w.gestures.favourites(), start=1):
        if uuid in names:
            menu.addAction(f"{n}   {names[uuid]}", lambda n=n: w.gestures.favourite(n))
    if menu.isEmpty():
        menu.addAction("No favourites: right-click a code").setEnabled(False)


def _codebook_menu(w: MainWindow, point: QPoint) -> None:
    view = w.codebook.view
    uuid = w.codebook.current_uuid() if view.indexAt(point).isValid() else ""
    menu = QMenu(w)
    menu.addAction(w.act_add_code)
    if uuid:
        g = w.gestures
        menu.addActions([w.act_add_sub, w.act_edit_code, w.act_code_current])
        keys = menu.addMenu("Favourite &key")
        for n in range(1, 10):
            keys.addAction(str(n), lambda n=n: g.set_favourite(uuid, n))
        keys.addAction("None", lambda: g.set_favourite(uuid, 0))
        export = menu.addAction(icon("export"), "Export its quotes…")
        export.triggered.connect(lambda: w.dialogs.export_bundle([uuid]))
        menu.addSeparator()
        menu.addActions([w.act_merge_code, w.act_delete_code])
    menu.exec(view.viewport().mapToGlobal(point))


def _documents_menu(w: MainWindow, point: QPoint) -> None:
    view = w.documents.view
    uuid = w.documents.current_uuid() if view.indexAt(point).isValid() else ""
    menu = QMenu(w)
    if uuid:
        menu.addAction(icon("document"), "Open", lambda: w.open_document(uuid))
        remove = menu.addAction(icon("delete"), "Remove from project…")
        remove.triggered.connect(lambda: w.gestures.delete_document(uuid))
        menu.addSeparator()
    menu.addAction(w.act_import)
    menu.exec(view.viewport().mapToGlobal(point))


HELP = """<h3>Coding</h3>
<ul>
<li>Select text, then <b>click a code</b> in the Codebook — or <b>drag</b> the selection
onto it.</li>
<li>Keys <b>1–9</b> code the selection with your favourite codes (right-click a code to set
one).</li>
<li><b>Ctrl+K</b>: type part of a code's name, Enter codes the selection.</li>
<li><b>Ctrl+Shift+V</b>: code in vivo (a new code named from the words).</li>
<li>Right-click a highlight to remove, recode, resize (to the selection) or add a memo.</li>
<li><b>Ctrl+Z</b> undoes, <b>Ctrl+Shift+Z</b> redoes; <b>Ctrl+H</b> shows the history.</li>
</ul>
<h3>Finding</h3>
<ul><li><b>Ctrl+F</b> find in this document (<b>F3</b> next, <b>Shift+F3</b> previous);
<b>Ctrl+Shift+F</b> search all documents; <b>Ctrl+Shift+D</b> documents; <b>Ctrl+Shift+C</b>
codes; <b>Ctrl+Shift+T</b> back to the text.</li>
<li><b>Ctrl++</b>, <b>Ctrl+-</b>, <b>Ctrl+0</b>: larger, smaller, default text size
(remembered).</li></ul>"""


def _show_help(w: MainWindow) -> None:
    QMessageBox.information(w, "Keyboard and mouse", HELP)


def _show_about(w: MainWindow) -> None:
    from qcode.ui.dialogs.about_dialog import AboutDialog

    w.about_dialog = AboutDialog(w)
    w.about_dialog.open()
