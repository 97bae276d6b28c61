"""How well a screen's synergy calls match observed synergies: ROC AUC and PR AUC.

Each drug pair of a screen gets a synergy score, the amount by which the pair
beats its expectation (lower response scores are better):

* ``hsa``: min(score(A), score(B)) - score(A+B);
* ``bliss``: r(A) * r(B) - r(A+B), with r the response normalised to the
  untreated cells;

both as the screen computes them (:mod:`logicnet.analysis.synergy`).

Pairs are ranked by that score (a pair without a score ranks as 0). The ROC
AUC is the probability that an observed synergy outranks a pair that is not
one (ties count half, as in the Mann-Whitney statistic); the PR AUC is the
average precision, sum over score thresholds of precision times the gain in
recall (tied pairs enter together). Both are computed here with plain Python;
the binary calls of the screen (HSA/Bliss) are counted as a confusion matrix
beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Iterable, Sequence

from logicnet.serialize import Result, json_field
from logicnet.analysis.screen import ScreenReport
from logicnet.analysis.synergy import bliss_excess, hsa_excess
from logicnet.errors import AnalysisError

__all__ = ["PairCall", "SynergyEvaluation", "evaluate_synergies", "roc_auc", "pr_auc"]


@dataclass(frozen=True)
class PairCall:
    """One drug pair: its synergy score (higher = more synergistic), the call and the observation."""

    drugs: tuple[str, str]
    synergy: float
    called: bool
    observed: bool


@dataclass(frozen=True)
class SynergyEvaluation(Result):
    """The calls of one context and method against the observed synergies."""

    context: str | None
    method: str
    pairs: tuple[PairCall, ...] = json_field(key="calls")
    roc_auc: float = json_field()
    pr_auc: float = json_field()
    true_positives: int = json_field()
    false_positives: int = json_field()
    false_negatives: int = json_field()
    true_negatives: int = json_field()

    __json_extra__: ClassVar[dict[str, str]] = {"pairs": "pair_count", "observed": "observed"}
    __records__: ClassVar[str | None] = "pairs"

    @property
    def observed(self) -> int:
        return sum(1 for p in self.pairs if p.observed)

    @property
    def pair_count(self) -> int:
        return len(self.pairs)


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve (ties half); NaN without both classes."""
    positives = [s for s, y in zip(scores, labels) if y]
    negatives = [s for s, y in zip(scores, labels) if not y]
    if not positives or not negatives:
        return math.nan
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(positives) * len(negatives))


def pr_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Average precision (tied scores enter together); NaN without positives."""
    total = sum(1 for y in labels if y)
    if not total:
        return math.nan
    area = 0.0
    true_positives = seen = 0
    recall = 0.0
    for threshold in sorted(set(scores), reverse=True):
        group = [y for s, y in zip(scores, labels) if s == threshold]
        seen += len(group)
        true_positives += sum(group)
        new_recall = true_positives / total
        area += (new_recall - recall) * (true_positives / seen)
        recall = new_recall
    return area


def evaluate_synergies(report: ScreenReport, observed: Iterable[Sequence[str]], *, context: str | None = None,
                       method: str = "hsa", floor: float | None = None) -> SynergyEvaluation:
    """The screen's pair synergies in ``context`` against ``observed`` combinations
    (``floor``: the lowest value the screen's score can take, for Bliss)."""
    if method not in ("hsa", "bliss"):
        raise AnalysisError(f"unknown synergy method '{method}': use hsa or bliss")
    if report.max_size < 2:
        raise AnalysisError("observed synergies are pairs: screen with --max-size 2 or more")
    truth = {tuple(sorted(c)) for c in observed}
    pairs = []
    for drugs, excess, called in _scored(report, context, method, floor):
        pairs.append(PairCall(drugs, excess, called, drugs in truth))
    if not pairs:
        raise AnalysisError(f"the screen has no drug pairs in context {context or '(none)'}")
    missing = sorted("+".join(c) for c in truth if len(c) == 2 and c not in {p.drugs for p in pairs})
    if missing:
        raise AnalysisError(f"observed synergies {', '.join(missing)} are not pairs of the screened drugs")
    ranks = [0.0 if math.isnan(p.synergy) else p.synergy for p in pairs]
    labels = [p.observed for p in pairs]
    tp = sum(1 for p in pairs if p.called and p.observed)
    fp = sum(1 for p in pairs if p.called and not p.observed)
    fn = sum(1 for p in pairs if not p.called and p.observed)
    return SynergyEvaluation(context, method, tuple(pairs), roc_auc(ranks, labels), pr_auc(ranks, labels),
                             tp, fp, fn, len(pairs) - tp - fp - fn)


def _scored(report: ScreenReport, context: str | None, method: str,
            floor: float | None) -> Iterable[tuple[tuple[str, str], float, bool]]:
    scores = {r.drugs: r.score for r in report.rows if r.context == context}
    untreated = scores.get(())
    low = 0.0 if floor is None else floor
    for row in report.rows:
        if row.context != context or len(row.drugs) != 2:
            continue
        combo = tuple(sorted(row.drugs))
        found: float | None = None
        if all(scores.get(key) is not None for key in ((combo[0],), (combo[1],), combo)):
            if method == "hsa":
                found = hsa_excess(combo, scores)  # type: ignore[arg-type]
            elif untreated is not None:
                found = bliss_excess(combo, scores, untreated, low)  # type: ignore[arg-type]
        excess = math.nan if found is None else found
        yield (row.drugs[0], row.drugs[1]), excess, row.hsa if method == "hsa" else row.bliss
