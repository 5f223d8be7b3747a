"""The documents pane at scale (issue 20): rows fetched a page at a time, filters see them all."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeView

from qcode.documents import DocumentEntry, delete_document, document_entries, list_documents
from qcode.store import Project
from qcode.ui.models.documents import PAGE, DocumentsFilter, DocumentsModel

N = PAGE * 6 + 50


def entries() -> list[DocumentEntry]:
    docs = [
        DocumentEntry(f"i-{n:04}", f"Interview {n}", "interview", {"force": f"F{n % 7}"})
        for n in range(N)
    ]
    return [*docs, DocumentEntry("fg-1", "Focus group 1", "focus_group", {})]


def loaded() -> tuple[DocumentsModel, DocumentsFilter]:
    model = DocumentsModel()
    proxy = DocumentsFilter()
    proxy.setSourceModel(model)
    model.load(entries(), {"i-0003": 2, f"i-{N - 1:04}": 5})
    return model, proxy


def names(proxy: DocumentsFilter) -> list[str]:
    out = []
    for k in range(proxy.rowCount()):
        parent = proxy.index(k, 0)
        out += [proxy.index(r, 0, parent).data() for r in range(proxy.rowCount(parent))]
    return out


def test_rows_come_a_page_at_a_time(qtmodeltester: Any) -> None:
    model, _proxy = loaded()
    interviews = model.index(0, 0)
    assert interviews.data() == f"Interview ({N})"  # the kind counts every document held
    assert interviews.siblingAtColumn(1).data() == "7"
    assert model.rowCount(interviews) == PAGE
    assert model.canFetchMore(interviews)
    model.fetchMore(interviews)
    assert model.rowCount(interviews) == 2 * PAGE
    assert not model.canFetchMore(interviews)  # one page per turn of the event loop
    assert len(model.documents()) == N + 1  # every entry is held, shown or not
    qtmodeltester.check(model)
    model.fetch_all()
    assert model.rowCount(interviews) == N
    assert model.index(N - 1, 1, interviews).data() == "5"


def test_an_expanded_view_fetches_a_page_as_it_scrolls(qtbot: Any) -> None:
    _model, proxy = loaded()
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(300, 200)
    view.show()
    view.expandAll()  # Qt would fetch everything in one go without the page-per-turn rule
    qtbot.wait(1)
    shown = proxy.rowCount(proxy.index(0, 0))
    assert PAGE <= shown < N
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # at the end of the list, the view asks for the next page
    qtbot.waitUntil(lambda: proxy.rowCount(proxy.index(0, 0)) > shown)
    assert proxy.rowCount(proxy.index(0, 0)) < N


def test_filters_and_lookups_see_rows_not_yet_fetched() -> None:
    model, proxy = loaded()
    proxy.set_text(f"interview {N - 2}")
    assert names(proxy) == [f"Interview {N - 2}"]
    proxy.set_text("")
    proxy.set_attribute("force", "f6")
    assert len(names(proxy)) == len([n for n in range(N) if n % 7 == 6])
    proxy.set_attribute("force", "")
    model.load(entries(), {})  # reloaded while no filter is set: a page again
    assert model.rowCount(model.index(0, 0)) == PAGE
    proxy.set_text("interview 24")
    model.load(entries(), {})  # reloaded while a filter is set: it still sees everything
    assert names(proxy) == [f"Interview {n}" for n in range(N) if "24" in str(n)]
    index = model.index_of(f"i-{N - 1:04}")  # the window opening a late document
    assert index.data() == f"Interview {N - 1}"


def test_entries_are_the_listed_documents_without_their_texts(sample: Project) -> None:
    from qcode.documents import add_document
    from tests.conftest import INTERVIEW

    add_document(sample, "Focus group 01", INTERVIEW, kind="focus_group", attributes={"a": "b"})
    add_document(sample, "Gone", INTERVIEW + " gone", kind="other")
    delete_document(sample, "Gone")
    full = {
        (d.uuid, d.name, d.kind, tuple(sorted(d.attributes.items())))
        for d in list_documents(sample)
    }
    lean = {
        (d.uuid, d.name, d.kind, tuple(sorted(d.attributes.items())))
        for d in document_entries(sample)
    }
    assert lean == full
    assert len(lean) == 2
