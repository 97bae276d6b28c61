"""Synergy of drug combinations, as DrugLogics/Drabme define it for logical
models (dose-free, lower response is better), as numbers and as calls.

For a combination S of k >= 2 drugs:

* **excess over HSA** (highest single agent): the best score among the
  sub-combinations of k - 1 drugs (for a pair, its better member) minus the
  score of S. Positive means S does better than any part of it alone.
* **Bliss expectation**: responses are first normalised to the untreated
  cells, r(X) = (score(X) - floor) / (score(none) - floor), where ``floor`` is
  the lowest value the score can take, so that 1 is "no effect" and 0 the best
  possible; the expectation for a pair is r(A) * r(B), and for a larger S the
  best split into a sub-combination and one more drug, min over T of
  r(T) * r(S - T).
* **excess over Bliss**: the Bliss expectation minus r(S), in normalised
  units. Positive means S does better than independent action predicts.

A combination is *called* synergistic when its excess is positive (excesses
below 1e-9 are ties, not synergy).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Mapping

__all__ = ["hsa_excess", "bliss_expected", "bliss_excess", "hsa_synergy", "bliss_synergy", "normalise",
           "TOLERANCE"]

TOLERANCE = 1e-9

Scores = Mapping[tuple[str, ...], float]


def normalise(score: float, untreated: float, floor: float) -> float | None:
    """The response relative to untreated cells (None when that is undefined)."""
    span = untreated - floor
    if span <= TOLERANCE or math.isnan(score):
        return None
    return (score - floor) / span


def _subsets(combo: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(sorted(t)) for t in combinations(combo, len(combo) - 1)]


def hsa_excess(combo: tuple[str, ...], scores: Scores) -> float | None:
    """The best score of ``combo``'s sub-combinations of one drug fewer minus
    its own score (None for fewer than two drugs or an unknown score)."""
    if len(combo) < 2:
        return None
    values = [scores[t] for t in _subsets(combo)] + [scores[combo]]
    if any(math.isnan(v) for v in values):
        return None
    return min(values[:-1]) - values[-1]


def bliss_expected(combo: tuple[str, ...], scores: Scores, untreated: float, floor: float) -> float | None:
    """The normalised response independent action predicts for ``combo``
    (None when a response it needs is undefined)."""
    if len(combo) < 2:
        return None
    expected = math.inf
    for rest in _subsets(combo):
        (added,) = set(combo) - set(rest)
        r_rest = normalise(scores[rest], untreated, floor)
        r_added = normalise(scores[(added,)], untreated, floor)
        if r_rest is None or r_added is None:
            return None
        expected = min(expected, r_rest * r_added)
    return expected


def bliss_excess(combo: tuple[str, ...], scores: Scores, untreated: float, floor: float) -> float | None:
    """The Bliss expectation of ``combo`` minus its normalised response."""
    expected = bliss_expected(combo, scores, untreated, floor)
    observed = normalise(scores[combo], untreated, floor) if len(combo) >= 2 else None
    if expected is None or observed is None:
        return None
    return expected - observed


def hsa_synergy(combo: tuple[str, ...], scores: Scores) -> bool:
    """HSA synergy of ``combo`` (sorted) given the scores of its sub-combinations."""
    excess = hsa_excess(combo, scores)
    return excess is not None and excess > TOLERANCE


def bliss_synergy(combo: tuple[str, ...], scores: Scores, untreated: float, floor: float) -> bool:
    """Bliss synergy of ``combo`` (sorted) given the scores of its sub-combinations
    and single drugs."""
    excess = bliss_excess(combo, scores, untreated, floor)
    return excess is not None and excess > TOLERANCE
