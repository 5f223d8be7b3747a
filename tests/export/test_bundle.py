"""Choosing, merging, grouping and attributing the quotes of a bundle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.coding import list_codings, remove_coding
from qcode.documents import delete_document
from qcode.errors import NotFoundError, QcodeError
from qcode.export.bundle import BundleOptions, _merge, build_bundle
from qcode.export.model import natural_key
from qcode.store import Project


def _labels(project: Project, **kw: object) -> dict[str, list[str]]:
    bundle = build_bundle(project, BundleOptions(**kw))  # type: ignore[arg-type]
    return {g.label: [q.document_name for q in g.quotes] for t in bundle.themes for g in t.groups}


def test_overlapping_codings_of_a_theme_are_merged(corpus: Project) -> None:
    theme = build_bundle(corpus, BundleOptions(codes=["Equality Act/Impact assessments"])).themes[0]
    [quote] = theme.quotes
    assert (
        quote.text == "they are a box-ticking exercise. Nobody in Kent reads them after sign-off."
    )
    assert quote.coders == ("Ann", "Bea")
    assert quote.speaker == "Superintendent Zoë Ødegård"
    assert (quote.paragraph, quote.paragraph_end) == (2, 2)
    assert quote.attributes == (("force", "Kent"), ("role", "Superintendent"))
    assert quote.memos == ()  # memos only on request


def test_subcodes_only_when_asked(corpus: Project) -> None:
    without = build_bundle(corpus, BundleOptions(codes=["Equality Act"], include_subcodes=False))
    assert [q.document_name for q in without.themes[0].quotes] == ["Focus group 10"]
    with_subs = build_bundle(corpus, BundleOptions(codes=["Equality Act"]))
    theme = with_subs.themes[0]
    assert theme.subcodes == ["Impact assessments"]
    assert theme.definition == "Compliance with the Equality Act 2010."
    assert theme.tor_item == "ToR 1"
    assert [(q.document_name, q.codes) for q in theme.quotes] == [
        ("Kent Interview 01", ("Impact assessments",)),
        ("Focus group 10", ()),
    ]


def test_groups_by_kind_in_kind_order_and_documents_in_natural_order(corpus: Project) -> None:
    assert _labels(corpus, codes=["Training", "Advisory groups"]) == {
        "Focus group": ["Focus group 2", "Focus group 10", "Focus group 10", "Focus group 10"],
        "Interview": ["Kent Interview 01"],
        "National interview": ["National 01"],
    }
    bundle = build_bundle(corpus, BundleOptions(codes=["Advisory groups"]))
    assert [g.label for g in bundle.themes[0].groups] == ["Interview", "National interview"]
    assert natural_key("Focus group 2") < natural_key("Focus group 10")


def test_group_by_force_and_by_document(corpus: Project) -> None:
    by_force = build_bundle(corpus, BundleOptions(codes=["Advisory groups"], group_by="force"))
    assert [g.label for g in by_force.themes[0].groups] == ["Kent", "No force recorded"]
    pseudo = build_bundle(
        corpus, BundleOptions(codes=["Training"], group_by="force", pseudonymise=True)
    )
    assert [g.label for g in pseudo.themes[0].groups] == ["Force A", "Force C"]
    by_doc = build_bundle(corpus, BundleOptions(codes=["Training"], group_by="document"))
    assert [g.label for g in by_doc.themes[0].groups] == ["Focus group 2", "Focus group 10"]


def test_filters_by_kind_attribute_document_and_coder(corpus: Project) -> None:
    assert _labels(corpus, codes=["Advisory groups"], kinds=["national_interview"]) == {
        "National interview": ["National 01"]
    }
    assert _labels(corpus, codes=["Training"], where={"Force": "essex"}) == {
        "Focus group": ["Focus group 2"]
    }
    assert _labels(corpus, codes=["Training"], documents=["Focus group 2"]) == {
        "Focus group": ["Focus group 2"]
    }
    bundle = build_bundle(corpus, BundleOptions(codes=["Training"], coders=["Bea"]))
    assert [(q.text, q.coders) for q in bundle.themes[0].quotes] == [
        ("We need face-to-face training", ("Bea",))
    ]
    assert any("Coded by: Bea" in f for f in bundle.filters)


def test_context_is_the_rest_of_the_sentence_without_the_speaker_label(corpus: Project) -> None:
    bundle = build_bundle(corpus, BundleOptions(codes=["Training"], coders=["Bea"], context=True))
    [q] = bundle.themes[0].quotes
    assert (q.before, q.text, q.after) == (
        "",
        "We need face-to-face training",
        " on positive action.",
    )
    first = build_bundle(
        corpus, BundleOptions(codes=["Equality Act/Impact assessments"], context=True)
    )
    assert first.themes[0].quotes[0].before == "Honestly "


def test_memos_and_pseudonyms_reach_every_field(corpus: Project) -> None:
    bundle = build_bundle(
        corpus,
        BundleOptions(
            codes=["Equality Act"], include_memos=True, pseudonymise=True, where={"force": "Kent"}
        ),
    )
    [q, _] = bundle.themes[0].quotes
    assert q.memos == ("Strong view from Force C; compare Force A.",)
    assert q.document_name == "Force C Interview 01"
    assert q.speaker == "Superintendent a superintendent"
    assert ("force", "Force C") in q.attributes
    assert "Only documents where force is Force C" in bundle.filters
    everything = " ".join(text for _, _, text in bundle.texts())
    for term in ("Kent", "Essex", "Zoë", "Ødegård"):
        assert term not in everything.replace("Kentish", "")


def test_removed_codings_and_documents_are_left_out(corpus: Project) -> None:
    bea = [c for c in list_codings(corpus, code="Training") if c.coder_name == "Bea"]
    remove_coding(corpus, bea[0].uuid)
    delete_document(corpus, "Focus group 2")
    assert _labels(corpus, codes=["Training"]) == {
        "Focus group": ["Focus group 10", "Focus group 10"]
    }


def test_bad_selections_are_refused(corpus: Project) -> None:
    with pytest.raises(QcodeError, match="at least one code"):
        build_bundle(corpus, BundleOptions(codes=[]))
    with pytest.raises(NotFoundError, match="Nope"):
        build_bundle(corpus, BundleOptions(codes=["Nope"]))
    with pytest.raises(QcodeError, match="unknown source kind"):
        build_bundle(corpus, BundleOptions(codes=["Training"], kinds=["podcast"]))
    with pytest.raises(NotFoundError, match="coder"):
        build_bundle(corpus, BundleOptions(codes=["Training"], coders=["Nobody"]))


def test_a_theme_without_quotes_is_kept_empty(corpus: Project) -> None:
    bundle = build_bundle(corpus, BundleOptions(codes=["Non-crime hate incidents"]))
    assert bundle.themes[0].groups == []
    assert bundle.n_quotes == 0


def test_attributions_show_chosen_attributes(corpus: Project) -> None:
    from qcode.coding import apply_code
    from qcode.documents import add_document

    add_document(
        corpus,
        "Extra",
        "Training was fine.",
        kind="other",
        attributes={"format": "docx", "force": "Kent", "rank": "PC"},
    )
    apply_code(corpus, "Extra", "Training", 0, 8)

    def attrs(**kw: object) -> tuple[tuple[str, str], ...]:
        bundle = build_bundle(corpus, BundleOptions(codes=["Training"], documents=["Extra"], **kw))  # type: ignore[arg-type]
        return bundle.themes[0].quotes[0].attributes

    assert attrs() == (("force", "Kent"), ("rank", "PC"))  # file facts left out by default
    assert attrs(attributes=["Rank", "format"]) == (("rank", "PC"), ("format", "docx"))
    assert attrs(attributes=[]) == ()


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15), st.sampled_from(["Ann", "Bea", "Cy"])),
    max_size=12,
)


@given(spans)
def test_merged_passages_are_disjoint_and_cover_every_coding(
    items: list[tuple[int, int, str]],
) -> None:
    codings = [(s, s + n, coder, "", "") for s, n, coder in items]
    merged = _merge(codings)
    covered = {i for s, e, *_ in codings for i in range(s, e)}
    assert {i for m in merged for i in range(m.start, m.end)} == covered
    for a, b in itertools.pairwise(merged):
        assert a.end <= b.start  # no overlap left (touching passages stay apart)
    for s, e, coder, _, _ in codings:
        [owner] = [m for m in merged if m.start <= s and e <= m.end]
        assert coder in owner.coders
