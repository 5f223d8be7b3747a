"""The coding margin: reserved width (the text never re-wraps), short stripe labels, sub-code
shades, and coders' stripes hidden or compared side by side (issues 15 and 16 item 5)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics

from qcode.codebook.tree import add_code
from qcode.coding import apply_code
from qcode.store import Project
from qcode.ui.margin import RESERVED_LANES, short_labels, stripe_label
from tests.ui.helpers import open_doc
from tests.ui.matrix_window import code_uuid, open_window, selected


def box(checkbox) -> QPoint:
    """Where a check box's tick box is."""
    return QPoint(8, checkbox.height() // 2)


def line_count(viewer) -> int:
    block, lines = viewer.document().begin(), 0
    while block.isValid():
        lines += block.layout().lineCount()
        block = block.next()
    return lines


def test_adding_lanes_never_rewraps_the_text(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    w.resize(1100, 700)
    open_doc(w, qtbot, "Interview A")
    viewer = w.viewer
    margin, width = viewer.viewportMargins().left(), viewer.viewport().width()
    lines = line_count(viewer)
    text = viewer.text
    start = text.index("The advisory group is useful")
    # overlapping codings, one more lane each, up to more lanes than are reserved
    for n in range(RESERVED_LANES + 2):
        apply_code(w.project, "Interview A", "Recording", start + n, start + 40 - n)
        w.reload_all()
        assert viewer.viewportMargins().left() == margin
        assert viewer.viewport().width() == width
        assert line_count(viewer) == lines
    assert viewer.margin.lanes >= RESERVED_LANES + 2
    stripes = viewer.margin.stripes()
    assert all(rect.right() < viewer.margin.width() for _, rect in stripes)
    assert len({rect.left() for _, rect in stripes}) == viewer.margin.lanes  # side by side
    viewer.margin.grab()


def test_stripe_labels_use_a_short_name() -> None:
    name = "Community engagement and tailored services"
    assert short_labels(name) == [
        name,
        "Community engagement and tailored",
        "Community engagement",
        "Community",
        "CETS",
    ]
    metrics = QFontMetrics(QFont())
    assert stripe_label(name, metrics.horizontalAdvance("Community") + 1, metrics) == "Community"
    assert stripe_label(name, metrics.horizontalAdvance("CETS") + 2, metrics) == "CETS"
    assert stripe_label("Concern", 500, metrics) == "Concern"


def test_adjacent_subcodes_get_shades_of_their_theme(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor

    def shared(p: Project) -> None:
        for path in ("Theme", "Theme/One", "Theme/Two", "Theme/Three"):
            add_code(p, path, colour="#CC79A7")

    w = open_window(qtbot, tmp_path, shared)
    colours = w._colours()
    parent = colours[code_uuid(w, "Theme")]
    kids = [colours[code_uuid(w, f"Theme/{n}")] for n in ("One", "Two", "Three")]
    assert parent == "#CC79A7"
    assert len({parent, *kids}) == 4
    hue = QColor(parent).hslHue()
    for a, b in zip([parent, *kids], kids, strict=False):
        ca, cb = QColor(a), QColor(b)
        assert abs(ca.lightness() - cb.lightness()) >= 40  # neighbours clearly apart
    assert all(abs(QColor(k).hslHue() - hue) <= 3 for k in kids)  # the theme's hue
    # the codebook's swatches and the viewer show the same shades
    model = w.codebook.model
    swatch = model.index_of(code_uuid(w, "Theme/Two")).data(Qt.ItemDataRole.DecorationRole)
    assert swatch.pixmap(8, 8).toImage().pixelColor(4, 4).name().upper() == kids[1]
    apply_code(w.project, "Interview C", "Theme/Two", 0, 6)
    w.reload_all()
    open_doc(w, qtbot, "Interview C")
    coding = next(c for c in w.viewer.codings if c.path == "Theme/Two")
    assert coding.colour == kids[1]


def test_hide_a_coders_stripes_and_compare_two_coders(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    open_doc(w, qtbot, "Interview A")
    viewer = w.viewer
    assert {c.coder for c in viewer.codings} == {"Ann", "Ben"}
    w.view_actions["coders"].trigger()
    view = w.docks["coders"].widget()
    qtbot.waitUntil(view.isVisible)
    assert [view.list.item(r).text() for r in range(view.list.count())] == ["Ann", "Ben"]
    ben = view.list.item(1)
    ben.setCheckState(Qt.CheckState.Unchecked)
    assert {c.coder for c in viewer.codings} == {"Ann"}
    assert all(c.coder == "Ann" for c, _ in viewer.margin.stripes())
    ben.setCheckState(Qt.CheckState.Checked)
    assert {c.coder for c in viewer.codings} == {"Ann", "Ben"}
    # side by side: Ann's lanes, then Ben's beside them
    view.first.setCurrentIndex(view.first.findText("Ann"))
    view.second.setCurrentIndex(view.second.findText("Ben"))
    qtbot.mouseClick(view.side_by_side, Qt.MouseButton.LeftButton, pos=box(view.side_by_side))
    assert view.side_by_side.isChecked()
    stripes = viewer.margin.stripes()
    ann_x = max(r.right() for c, r in stripes if c.coder == "Ann")
    ben_x = min(r.left() for c, r in stripes if c.coder == "Ben")
    assert ben_x > ann_x
    # the same document opened again keeps the comparison
    open_doc(w, qtbot, "Interview C")
    open_doc(w, qtbot, "Interview A")
    _coding, rect = next((c, r) for c, r in viewer.margin.stripes() if c.coder == "Ben")
    qtbot.mouseClick(viewer.margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected(w) == "only the loudest voices are heard"
    viewer.margin.grab()
    qtbot.mouseClick(view.side_by_side, Qt.MouseButton.LeftButton, pos=box(view.side_by_side))
    assert viewer.margin.compared is None


def test_coder_choices_never_bring_back_a_closed_documents_stripes(qtbot, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path)
    open_doc(w, qtbot, "Interview A")
    assert w.viewer.codings
    w.viewer.clear_document()
    w.viewer.margin.set_hidden({"nobody"})
    w.viewer.margin.compare("a", "b")
    assert w.viewer.codings == []
    assert w.viewer.margin.stripes() == []
