"""The document viewer: bold speakers, highlights, side-by-side stripes, hover, positions."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor

from qcode.coding import apply_code
from qcode.ui.margin import ViewCoding, assign_lanes, describe
from tests.ui.helpers import doc_uuid, live_codings, open_doc, select_words


def _weight_at(viewer, offset: int) -> int:
    cursor = QTextCursor(viewer.document())
    cursor.setPosition(offset + 1)
    return cursor.charFormat().fontWeight()


def _tinted(viewer, offset: int) -> bool:
    """Whether the background at the top of a character cell is a code's colour."""
    cursor = QTextCursor(viewer.document())
    cursor.setPosition(offset)
    rect = viewer.cursorRect(cursor)
    image = viewer.viewport().grab().toImage()
    colour = image.pixelColor(rect.left() + 1, rect.top() + 2)
    return colour.saturation() > 20


def test_speaker_names_are_bold(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    text = w.viewer.text
    assert _weight_at(w.viewer, text.index("Officer B:")) == QFont.Weight.Bold
    assert _weight_at(w.viewer, text.index("In theory")) != QFont.Weight.Bold
    open_doc(w, qtbot, "Interview 01")  # paragraphs without recorded speakers: found by label
    assert _weight_at(w.viewer, w.viewer.text.index("Interviewer:")) == QFont.Weight.Bold


def test_highlights_and_overlapping_stripes(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    assert len(w.viewer.codings) == 2
    assert _tinted(w.viewer, w.viewer.text.index("rainbow lanyards") + 3)
    assert not _tinted(w.viewer, w.viewer.text.index("In theory") + 3)
    assert w.viewer.margin.lanes == 1
    # a coding overlapping "rainbow lanyards" takes a second lane, side by side
    select_words(w, "sees our rainbow lanyards and assumes")
    w.gestures.code_selection(next(c.uuid for c in w.codebook.model.codes() if c.name == "Trust"))
    assert len(w.viewer.codings) == 3
    assert _tinted(w.viewer, w.viewer.text.index("sees our") + 1)
    assert w.viewer.margin.lanes == 2
    stripes = w.viewer.margin.stripes()
    assert len(stripes) == 3
    lefts = sorted({rect.left() for _, rect in stripes})
    assert len(lefts) == 2
    w.viewer.margin.grab()  # paints labels without error


def test_lanes_are_interval_partitioning():
    def vc(uuid, start, end):
        return ViewCoding(uuid, "c", uuid, uuid, "#000000", "Ann", "", start, end, start, end)

    laid, lanes = assign_lanes([vc("a", 0, 10), vc("b", 5, 15), vc("c", 10, 20), vc("d", 2, 4)])
    by = {c.uuid: c.lane for c in laid}
    assert lanes == 2  # never more lanes than codings overlapping at one point
    assert by == {"a": 0, "d": 1, "b": 1, "c": 0}


def test_hover_text_names_code_coder_and_memo(window, qtbot):
    from qcode.coding import set_coding_memo

    w = window
    open_doc(w, qtbot, "Focus group 01")
    coding = w.viewer.codings[0]
    set_coding_memo(w.project, coding.uuid, "Worn at the march")
    coding = next(c for c in w.viewer.codings if c.uuid == coding.uuid)
    html = describe(coding)
    assert "Impartiality/Symbols" in html
    assert "Ann" in html
    assert "Worn at the march" in html
    assert [c.uuid for c in w.viewer.codings_at(coding.start + 1)] == [coding.uuid]


def test_offsets_survive_characters_outside_the_bmp(window, qtbot):
    """The emoji takes two UTF-16 units in Qt but one code point in the store."""
    w = window
    open_doc(w, qtbot, "Focus group 01")
    start, end = select_words(w, "It is hard to win")
    assert w.viewer.textCursor().selectedText() == "It is hard to win"
    assert w.viewer.selection_span() == (start, end)
    uuid = next(c.uuid for c in w.codebook.model.codes() if c.name == "Trust")
    w.gestures.code_selection(uuid)
    assert ("Impartiality/Trust", "It is hard to win") in live_codings(w)
    coding = next(c for c in w.viewer.codings if c.start == start)
    assert coding.qstart == start + 1  # one surrogate pair before it


def test_selection_is_trimmed_and_codings_from_elsewhere_appear(window, qtbot):
    w = window
    open_doc(w, qtbot, "Interview 01")
    text = w.viewer.text
    start = text.index(" box-ticking")
    w.viewer.select_span(start, start + len(" box-ticking "))
    assert w.viewer.selection_span() == (start + 1, start + 1 + len("box-ticking"))
    # a coding added by a service (e.g. the command line) shows once it commits
    apply_code(w.project, doc_uuid(w, "Interview 01"), "Impartiality/Trust", 0, 11)
    assert ("Impartiality/Trust", "Interviewer") in live_codings(w)


def test_coding_repaints_without_laying_the_text_out_again(window, qtbot):
    """Applying a code changes highlights and stripes only: the text document is untouched."""
    w = window
    open_doc(w, qtbot, "Focus group 01")
    document = w.viewer.document()
    revision = document.revision()
    select_words(w, "We police the law")
    w.gestures.code_selection(next(c.uuid for c in w.codebook.model.codes() if c.name == "Trust"))
    w.undo_stack.undo()
    w.undo_stack.redo()
    assert w.viewer.document() is document
    assert document.revision() == revision
    assert ("Impartiality/Trust", "We police the law") in live_codings(w)


def test_extend_a_coding_to_whole_sentences(window, qtbot):
    w = window
    open_doc(w, qtbot, "Focus group 01")
    coding = next(c for c in w.viewer.codings if c.path == "Impartiality/Symbols")
    w.gestures.extend(coding.uuid)
    assert (
        "Impartiality/Symbols",
        "In practice the community sees our rainbow lanyards and assumes we have taken a side.",
    ) in live_codings(w)
    w.undo_stack.undo()
    assert ("Impartiality/Symbols", "rainbow lanyards") in live_codings(w)
