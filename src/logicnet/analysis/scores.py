"""Response scores: how far a treatment leaves the cells from where therapy
wants them (lower is better).

A node's level in an attractor is its mean over the attractor's states; the
score of a treatment is the mean over its response attractors.

* The default score is the **goal distance**: for each goal, the distance of
  the phenotype's level from it, divided by the largest distance possible, so
  that 0 means every goal is met and 1 means every phenotype is as far from its
  goal as it can be; goals are averaged.
* ``--score EXPR`` takes a linear expression of node levels, such as
  ``Proliferation - Apoptosis`` or ``2*Proliferation + 0.5 Stemness - Apoptosis``
  (DrugLogics' "global output" is such a weighted sum of read-outs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from logicnet.dynamics import Attractor
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import Goal, Network

__all__ = ["Score", "GoalDistance", "LinearScore", "parse_score", "goal_distance"]

_TERM = re.compile(r"\s*([+-])?\s*(\d+(?:\.\d*)?|\.\d+)?\s*\*?\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


def goal_distance(goal: Goal, level: float, top: int) -> float:
    """How far a (mean) level is from a goal, in [0, 1]."""
    if goal.op == "==":
        worst = max(goal.level, top - goal.level)
        return abs(level - goal.level) / worst if worst else 0.0
    if goal.op == "<=":
        worst = top - goal.level
        return max(0.0, level - goal.level) / worst if worst else 0.0
    worst = goal.level
    return max(0.0, goal.level - level) / worst if worst else 0.0


@dataclass(frozen=True)
class Score:
    """A response score: ``of(attractors)``; ``floor`` is the lowest value it can take."""

    text: str

    def attractor(self, attractor: Attractor) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def floor(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def of(self, attractors: Sequence[Attractor]) -> float:
        """The mean over the attractors (an empty response scores nothing: NaN)."""
        if not attractors:
            return float("nan")
        return sum(self.attractor(a) for a in attractors) / len(attractors)


@dataclass(frozen=True)
class GoalDistance(Score):
    goals: tuple[Goal, ...] = ()
    tops: tuple[int, ...] = ()

    @staticmethod
    def of_network(network: Network, goals: Sequence[Goal]) -> "GoalDistance":
        text = "goal distance (" + ", ".join(map(str, goals)) + ")"
        return GoalDistance(text, tuple(goals), tuple(network.nodes[g.node].levels for g in goals))

    def attractor(self, attractor: Attractor) -> float:
        distances = [goal_distance(g, attractor.mean_level(g.node), top) for g, top in zip(self.goals, self.tops)]
        return sum(distances) / len(distances)

    @property
    def floor(self) -> float:
        return 0.0


@dataclass(frozen=True)
class LinearScore(Score):
    weights: tuple[tuple[str, float], ...] = ()
    tops: tuple[int, ...] = ()

    def attractor(self, attractor: Attractor) -> float:
        return sum(w * attractor.mean_level(node) for node, w in self.weights)

    @property
    def floor(self) -> float:
        return sum(min(0.0, w * top) for (_, w), top in zip(self.weights, self.tops))


def parse_score(network: Network, text: str) -> LinearScore:
    """``"Proliferation - Apoptosis"`` → a :class:`LinearScore`, checked against the network."""
    position, weights = 0, {}
    if not text.strip():
        raise AnalysisError("--score is empty: write a linear expression such as 'Proliferation - Apoptosis'")
    while position < len(text):
        match = _TERM.match(text, position)
        if not match or match.end() == position or (position and match.group(1) is None):
            raise AnalysisError(
                f"cannot read --score '{text}' at '{text[position:].strip()}': write terms such as"
                " 'Proliferation', '2*Proliferation' or '- 0.5 Apoptosis' joined by + and -"
            )
        sign = -1.0 if match.group(1) == "-" else 1.0
        coefficient = float(match.group(2)) if match.group(2) else 1.0
        node = match.group(3)
        if node not in network.nodes:
            raise AnalysisError(f"--score uses unknown node '{node}'{did_you_mean(node, network.nodes)}")
        weights[node] = weights.get(node, 0.0) + sign * coefficient
        position = match.end()
    items = tuple(weights.items())
    return LinearScore(text.strip(), items, tuple(network.nodes[n].levels for n, _ in items))
