"""Agreement statistics over weighted rating patterns: percent, Cohen, Fleiss, Krippendorff.

A *pattern* is the tuple of values the coders gave one unit (None: that coder gave none);
`patterns` maps each pattern to the number (or total weight) of units that had it. Counting
patterns instead of listing units keeps a 2.6-million-character corpus cheap to score.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

Value = Hashable | None
Patterns = Mapping[tuple[Any, ...], float]


def patterns_of(units: Iterable[Sequence[Value]]) -> dict[tuple[Value, ...], float]:
    """Count the patterns of a list of units (each a sequence of values, one per coder)."""
    return {k: float(v) for k, v in Counter(tuple(u) for u in units).items()}


def percent_agreement(patterns: Patterns) -> float | None:
    """Share of units with two or more values on which every value is the same."""
    total = agree = 0.0
    for pattern, weight in patterns.items():
        values = [v for v in pattern if v is not None]
        if len(values) < 2:
            continue
        total += weight
        if all(v == values[0] for v in values):
            agree += weight
    return agree / total if total else None


def cohen_kappa(patterns: Patterns) -> float | None:
    """Cohen's kappa for two coders (units missing either value are left out)."""
    total = agree = 0.0
    first: defaultdict[Value, float] = defaultdict(float)
    second: defaultdict[Value, float] = defaultdict(float)
    for pattern, weight in patterns.items():
        if len(pattern) != 2:
            raise ValueError("Cohen's kappa compares exactly two coders")
        a, b = pattern
        if a is None or b is None:
            continue
        total += weight
        agree += weight if a == b else 0.0
        first[a] += weight
        second[b] += weight
    if not total:
        return None
    p_o = agree / total
    p_e = sum(first[k] * second[k] for k in first) / (total * total)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def fleiss_kappa(patterns: Patterns) -> float | None:
    """Fleiss' kappa: every unit rated by the same number of coders (no missing values)."""
    total = p_bar = 0.0
    share: defaultdict[Value, float] = defaultdict(float)
    raters = 0
    for pattern, weight in patterns.items():
        if any(v is None for v in pattern):
            raise ValueError("Fleiss' kappa needs a value from every coder for every unit")
        n = len(pattern)
        if raters and n != raters:
            raise ValueError("Fleiss' kappa needs the same number of coders for every unit")
        raters = n
        counts = Counter(pattern)
        p_bar += weight * (sum(c * c for c in counts.values()) - n) / (n * (n - 1))
        for value, c in counts.items():
            share[value] += weight * c
        total += weight
    if not total or raters < 2:
        return None
    p_bar /= total
    p_e = sum((s / (total * raters)) ** 2 for s in share.values())
    if p_e >= 1.0:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def krippendorff_alpha(patterns: Patterns) -> float | None:
    """Krippendorff's alpha for nominal values, any number of coders, missing values allowed."""
    coincidence: defaultdict[tuple[Value, Value], float] = defaultdict(float)
    for pattern, weight in patterns.items():
        values = [v for v in pattern if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    coincidence[(c, k)] += weight * pairs / (m - 1)
    marginal: defaultdict[Value, float] = defaultdict(float)
    for (c, _k), o in coincidence.items():
        marginal[c] += o
    n = sum(marginal.values())
    if n <= 1:
        return None
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = (n * n - sum(v * v for v in marginal.values())) / (n - 1)
    if expected <= 0:
        return None
    return 1.0 - observed / expected
