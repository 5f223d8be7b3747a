"""Every Qt item model passes pytest-qt's model tester, loaded with real project data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QModelIndex, Qt

from qcode.codebook.tree import list_codes
from qcode.coding import quotes
from qcode.documents import list_documents
from qcode.overview import coding_counts
from qcode.store import Project
from qcode.ui.models.codebook import CODE_MIME, CodebookFilter, CodebookModel, passage_mime
from qcode.ui.models.documents import DocumentsFilter, DocumentsModel
from qcode.ui.models.quotes import PASSAGE_ROLE, QuotesModel, SearchModel

pytestmark = pytest.mark.usefixtures("qapp")  # icons need a QApplication


def test_documents_model(qtmodeltester, project_file):
    with Project.open(project_file) as p:
        model = DocumentsModel()
        qtmodeltester.check(model)  # empty
        counts = coding_counts(p)
        model.load(list_documents(p), counts.per_document)
        qtmodeltester.check(model)
        model.set_counts({})
        qtmodeltester.check(model)
        proxy = DocumentsFilter()
        proxy.setSourceModel(model)
        proxy.set_text("interview")
        qtmodeltester.check(proxy)
        assert proxy.rowCount() == 1


def test_codebook_model(qtmodeltester, project_file):
    with Project.open(project_file) as p:
        model = CodebookModel()
        qtmodeltester.check(model)
        codes = list_codes(p)
        model.load(codes, coding_counts(p).per_code, [codes[1].uuid])
        qtmodeltester.check(model)
        assert model.rowCount() == 3
        assert model.index_of(codes[1].uuid).siblingAtColumn(2).data() == "1"
        proxy = CodebookFilter()
        proxy.setSourceModel(model)
        proxy.set_text("symb")
        qtmodeltester.check(proxy)
        mime = model.mimeData([model.index_of(codes[1].uuid)])
        assert bytes(mime.data(CODE_MIME).data()).decode() == codes[1].uuid


def test_codebook_model_reports_a_dropped_passage(project_file, qtbot):
    with Project.open(project_file) as p:
        model = CodebookModel()
        codes = list_codes(p)
        model.load(codes, {}, [])
        target = model.index_of(codes[-1].uuid)
        mime = passage_mime("doc-uuid", 3, 9, "passage")
        assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
        assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
        with qtbot.waitSignal(model.passage_dropped) as dropped:
            model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
        assert dropped.args == [codes[-1].uuid, "doc-uuid", 3, 9]


def test_quotes_model(qtmodeltester, project_file):
    with Project.open(project_file) as p:
        model = QuotesModel()
        qtmodeltester.check(model)
        model.load(quotes(p, "Impartiality", include_subcodes=True))
        qtmodeltester.check(model)
        assert model.rowCount() == 2
        assert model.index(0, 4).data(PASSAGE_ROLE)[1] < model.index(1, 4).data(PASSAGE_ROLE)[1]


@dataclass
class FakeHit:
    """The fields of qcode.search.Hit that the model reads."""

    document_uuid: str = "d"
    document_name: str = "Focus group 01"
    speaker: str = "Officer A"
    paragraph: int = 5
    segment_start: int = 0
    segment_end: int = 40
    matches: list[tuple[int, int]] = field(default_factory=lambda: [(12, 17)])
    snippet: str = "…goes «trust» up…"
    left: str = "goes "
    match: str = "trust"
    right: str = " up"


def test_search_model(qtmodeltester):
    model = SearchModel()
    qtmodeltester.check(model)
    model.load([FakeHit(), FakeHit(paragraph=7, matches=[])])
    qtmodeltester.check(model)
    assert model.index(0, 4).data() == "trust"
    assert model.index(0, 4).data(PASSAGE_ROLE) == ("d", 12, 17)
    assert model.index(1, 4).data(PASSAGE_ROLE) == ("d", 0, 40)
