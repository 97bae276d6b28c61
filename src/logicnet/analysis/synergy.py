"""Synergy calls for drug combinations, as DrugLogics/Drabme make them for
logical models (dose-free, lower response is better).

For a combination S of k >= 2 drugs:

* **HSA** (highest single agent): S scores better (lower) than its best
  sub-combination of k - 1 drugs; for a pair, better than its best member.
* **Bliss**: S scores better than the Bliss expectation. Responses are first
  normalised to the untreated cells, r(X) = (score(X) - floor) / (score(none) -
  floor), so that 1 is "no effect" and 0 the best possible; the expectation for
  a pair is r(A) * r(B), and for a larger S the best split into a
  sub-combination and one more drug, min over T of r(T) * r(S - T).

Ties are not synergy (differences below 1e-9 are ignored).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Mapping

__all__ = ["hsa_synergy", "bliss_synergy", "normalise", "TOLERANCE"]

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


def hsa_synergy(combo: tuple[str, ...], scores: Scores) -> bool:
    """HSA synergy of ``combo`` (sorted) given the scores of its sub-combinations."""
    if len(combo) < 2:
        return False
    best = min(scores[t] for t in _subsets(combo))
    return scores[combo] < best - TOLERANCE


def bliss_synergy(combo: tuple[str, ...], scores: Scores, untreated: float, floor: float) -> bool:
    """Bliss synergy of ``combo`` (sorted) given the scores of its sub-combinations
    and single drugs."""
    if len(combo) < 2:
        return False
    observed = normalise(scores[combo], untreated, floor)
    if observed is None:
        return False
    expected = math.inf
    for rest in _subsets(combo):
        (added,) = set(combo) - set(rest)
        r_rest = normalise(scores[rest], untreated, floor)
        r_added = normalise(scores[(added,)], untreated, floor)
        if r_rest is None or r_added is None:
            return False
        expected = min(expected, r_rest * r_added)
    return observed < expected - TOLERANCE
