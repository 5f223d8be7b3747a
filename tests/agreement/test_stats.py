"""The statistics against published reference values and hand-worked examples."""

from __future__ import annotations

import pytest

from qcode.agreement_stats import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    patterns_of,
    percent_agreement,
)

N = None


def test_krippendorff_nominal_with_missing_values() -> None:
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    # for Communication, University of Pennsylvania. Example C: 4 observers, 12 units,
    # values 1-5, missing values; "nominal alpha = 0.743".
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]
    c = [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    alpha = krippendorff_alpha(patterns_of(zip(a, b, c, d, strict=True)))
    assert alpha == pytest.approx(0.743, abs=5e-4)
    # Worked by hand: 40 pairable values (n_1..n_5 = 9, 13, 10, 5, 3), 8 off-diagonal
    # coincidences, so alpha = 1 - 39 * 8 / (40^2 - (81 + 169 + 100 + 25 + 9)) = 1 - 312/1216.
    assert alpha == pytest.approx(1 - 312 / 1216, rel=1e-9)


def test_krippendorff_binary_two_observers() -> None:
    # Krippendorff (2011), example A: binary data, two observers, no missing data,
    # alpha = 0.095.
    one = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    two = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(patterns_of(zip(one, two, strict=True))) == pytest.approx(
        0.095, abs=5e-4
    )


def test_cohen_kappa_textbook_example() -> None:
    # The worked example of the Wikipedia article "Cohen's kappa" (50 grant proposals read
    # by two readers: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no): p_o = 0.7, p_e = 0.5,
    # kappa = 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    patterns = patterns_of(pairs)
    assert percent_agreement(patterns) == pytest.approx(0.7)
    assert cohen_kappa(patterns) == pytest.approx(0.4)


def test_cohen_kappa_fleiss_cohen_everitt_table() -> None:
    # Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed., 2003),
    # table 18.1 style 2x2 worked by hand: 40 agree yes, 9 + 6 disagree, 45 agree no of 100.
    # p_o = 0.85; p_e = 0.49*0.46 + 0.51*0.54 = 0.5008; kappa = 0.3492 / 0.4992.
    pairs = [(1, 1)] * 40 + [(1, 0)] * 9 + [(0, 1)] * 6 + [(0, 0)] * 45
    assert cohen_kappa(patterns_of(pairs)) == pytest.approx(0.3492 / 0.4992)


def test_fleiss_kappa_reference_example() -> None:
    # Fleiss' kappa worked example (Wikipedia "Fleiss' kappa", after Fleiss 1971): 10 subjects,
    # 14 raters, 5 categories; P-bar = 0.378, P-bar-e = 0.213, kappa = 0.210.
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]
    units = [[cat for cat, n in enumerate(row) for _ in range(n)] for row in table]
    assert fleiss_kappa(patterns_of(units)) == pytest.approx(0.210, abs=5e-4)


def test_two_coder_fleiss_and_alpha_relate_to_cohen() -> None:
    # For two coders, Fleiss' kappa is Scott's pi, and alpha = pi corrected for sample size:
    # alpha = 1 - (2N - 1)/(2N) * (1 - pi)  (Krippendorff 2004, p. 250).
    pairs = [(1, 1)] * 7 + [(1, 0)] * 2 + [(0, 1)] * 3 + [(0, 0)] * 8
    patterns = patterns_of(pairs)
    pi = fleiss_kappa(patterns)
    alpha = krippendorff_alpha(patterns)
    assert pi is not None
    assert alpha == pytest.approx(1 - (2 * 20 - 1) / (2 * 20) * (1 - pi))


def test_weights_count_like_repeated_units() -> None:
    listed = patterns_of([(1, 1)] * 3 + [(1, 0)] + [(0, 0)] * 6)
    weighted = {(1, 1): 3.0, (1, 0): 1.0, (0, 0): 6.0}
    for stat in (percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha):
        assert stat(weighted) == pytest.approx(stat(listed))


def test_undefined_statistics_are_none_not_errors() -> None:
    everyone_silent = {(0, 0): 10.0}
    assert cohen_kappa(everyone_silent) is None
    assert krippendorff_alpha(everyone_silent) is None
    assert fleiss_kappa(everyone_silent) is None
    assert percent_agreement(everyone_silent) == 1.0
    assert krippendorff_alpha({}) is None
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa({(1, 1, 1): 1.0})
