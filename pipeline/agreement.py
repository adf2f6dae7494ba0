"""Proportions with confidence intervals, and agreement between two readers.

Pure functions over counts and lists of booleans, used by the audit command
(``pipeline.audit``) to turn judged samples into precision figures.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence, Tuple

# The normal quantile for a two-sided 95% interval.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z_95) -> Optional[Tuple[float, float]]:
    """Wilson score interval of ``successes`` out of ``n``; None when ``n`` is 0.

    Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not empty at
    0/n or n/n, which matters for samples of 50.
    """
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and n: {successes} of {n}")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def percent_agreement(a: Sequence[bool], b: Sequence[bool]) -> Optional[float]:
    """Share of items on which two readers give the same mark; None for no items."""
    _same_length(a, b)
    if not a:
        return None
    return sum(x == y for x, y in zip(a, b)) / len(a)


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> Optional[float]:
    """Cohen's kappa of two readers' yes/no marks on the same items.

    (p_o − p_e) / (1 − p_e), with p_e the agreement expected from each
    reader's own share of yes. None when it is undefined: no items, or both
    readers giving one and the same mark to everything (p_e = 1).
    """
    _same_length(a, b)
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    yes_a, yes_b = sum(a) / n, sum(b) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _same_length(a: Sequence[bool], b: Sequence[bool]) -> None:
    if len(a) != len(b):
        raise ValueError(f"the readers marked different numbers of items: {len(a)} and {len(b)}")
