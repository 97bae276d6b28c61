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
  (DrugLogics' "global output" is such a weighted sum of read-outs). A node's
  levels 1..m can be given their own values, a *ladder*: ``Proliferation[0.25/0.5/1]``
  counts level 1 as 0.25, level 2 as 0.5 and level 3 as 1 (level 0 as 0), as
  Zañudo et al. (2017) weigh graded phenotypes.
* A :class:`SimulatedScore` scores a treatment from simulated runs instead of
  attractors (``--score-from stochastic``): the mean over the runs of the same
  expression at the horizon, i.e. the expression applied to the probability of
  each level.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from logicnet.dynamics import Attractor
from logicnet.dynamics.attractor import subspace_size
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import Goal, Network

if TYPE_CHECKING:
    from logicnet.model.perturbation import Perturbation

__all__ = ["Score", "GoalDistance", "LinearScore", "SimulatedScore", "parse_score", "goal_distance"]

_TERM = re.compile(r"\s*([+-])?\s*(\d+(?:\.\d*)?|\.\d+)?\s*\*?\s*([A-Za-z_][A-Za-z0-9_]*)\s*"
                   r"(?:\[([^\]]*)\]\s*)?")


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

    def of_response(self, network: Network, perturbation: "Perturbation", attractors: Sequence[Attractor]) -> float:
        """The score of a treatment given its response attractors (a simulated
        score simulates the treatment instead)."""
        return self.of(attractors)

    def of_states(self, levels: Mapping[str, np.ndarray]) -> np.ndarray:  # pragma: no cover - abstract
        """The score of each of many states (``levels[node]``: one level per state)."""
        raise NotImplementedError

    @property
    def ceiling(self) -> float:  # pragma: no cover - abstract
        """The highest value it can take."""
        raise NotImplementedError


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

    def of_states(self, levels: Mapping[str, np.ndarray]) -> np.ndarray:
        distances = [np.vectorize(lambda v, g=g, t=t: goal_distance(g, float(v), t), otypes=[float])(levels[g.node])
                     for g, t in zip(self.goals, self.tops)]
        return np.mean(distances, axis=0)

    @property
    def floor(self) -> float:
        return 0.0

    @property
    def ceiling(self) -> float:
        return 1.0


@dataclass(frozen=True)
class LinearScore(Score):
    """A weighted sum of node values; a node's value is its level, or the
    value its ladder gives that level (``ladders[i]``: levels 1..m, or empty)."""

    weights: tuple[tuple[str, float], ...] = ()
    tops: tuple[int, ...] = ()
    ladders: tuple[tuple[float, ...], ...] = ()

    def _values(self, i: int) -> tuple[float, ...]:
        """The value of each level 0..top of the i-th term's node."""
        ladder = self.ladders[i] if i < len(self.ladders) else ()
        return (0.0, *ladder) if ladder else tuple(float(k) for k in range(self.tops[i] + 1))

    def attractor(self, attractor: Attractor) -> float:
        total = 0.0
        for i, (node, w) in enumerate(self.weights):
            if i < len(self.ladders) and self.ladders[i]:
                total += w * _mean_value(attractor, node, self._values(i))
            else:
                total += w * attractor.mean_level(node)
        return total

    def of_states(self, levels: Mapping[str, np.ndarray]) -> np.ndarray:
        total = np.zeros(len(next(iter(levels.values()))) if levels else 0)
        for i, (node, w) in enumerate(self.weights):
            total = total + w * np.asarray(self._values(i))[np.asarray(levels[node], dtype=np.int64)]
        return total

    @property
    def floor(self) -> float:
        return sum(min(0.0, *(w * v for v in self._values(i))) for i, (_, w) in enumerate(self.weights))

    @property
    def ceiling(self) -> float:
        return sum(max(0.0, *(w * v for v in self._values(i))) for i, (_, w) in enumerate(self.weights))


def _mean_value(attractor: Attractor, node: str, values: Sequence[float]) -> float:
    """The mean over an attractor's states of the value of ``node``'s level
    (exact: each subspace of its cover is uniform over the levels it allows)."""
    i = attractor.index(node)
    total = size = 0
    for space in attractor.cover:
        n = subspace_size(space)
        total += n * sum(values[level] for level in space[i]) / len(space[i])
        size += n
    return total / size


@dataclass(frozen=True)
class SimulatedScore(Score):
    """A score computed from simulated runs: the ``base`` score of each run's
    state at the horizon, averaged over ``runs`` runs from the untreated
    attractors (``semantics`` ``stochastic`` to ``time``, or ``random-async``
    for ``steps``). Its 95 % margin is at most ``1.96 * (ceiling - floor) / (2
    sqrt(runs))`` (a run's score lies between the base score's floor and
    ceiling)."""

    base: Score | None = None
    semantics: str = "stochastic"
    runs: int = 1000
    time: float | None = None
    steps: int | None = None
    seed: int = 0

    @staticmethod
    def of_base(base: Score, *, semantics: str = "stochastic", runs: int = 1000, time: float | None = None,
                steps: int | None = None, seed: int = 0) -> "SimulatedScore":
        if semantics not in ("stochastic", "random-async"):
            raise AnalysisError(f"cannot score from '{semantics}' runs: use stochastic or random-async")
        if runs < 1:
            raise AnalysisError("a simulated score needs at least one run")
        probe = SimulatedScore("", base, semantics, runs, time, steps, seed)
        horizon = f"t = {time:g}" if time is not None else (f"{steps} steps" if steps is not None else "default horizon")
        text = (f"{base.text}, from {runs} {semantics} runs to {horizon}"
                f" (95 % margin at most ±{probe.margin:.3g})")
        return SimulatedScore(text, base, semantics, runs, time, steps, seed)

    @property
    def margin(self) -> float:
        """The half-width of a 95 % interval of any treatment's score, at most."""
        assert self.base is not None
        return 1.959963984540054 * (self.base.ceiling - self.base.floor) / (2 * math.sqrt(self.runs))

    def attractor(self, attractor: Attractor) -> float:
        raise AnalysisError("a simulated score is computed from runs, not from attractors")

    def of_response(self, network: Network, perturbation: "Perturbation", attractors: Sequence[Attractor]) -> float:
        from logicnet.dynamics.simulate import simulate

        assert self.base is not None
        course = simulate(network, "untreated", semantics=self.semantics, perturbation=perturbation, runs=self.runs,
                          time=self.time, steps=self.steps, seed=self.seed, attractors=False)
        assert course.final is not None
        levels = {name: course.final[i] for i, name in enumerate(course.nodes)}
        return float(np.mean(self.base.of_states(levels)))

    @property
    def floor(self) -> float:
        assert self.base is not None
        return self.base.floor

    @property
    def ceiling(self) -> float:
        assert self.base is not None
        return self.base.ceiling


def parse_score(network: Network, text: str) -> LinearScore:
    """``"Proliferation - Apoptosis"`` → a :class:`LinearScore`, checked against the network."""
    position, weights = 0, {}
    ladders: dict[str, tuple[float, ...]] = {}
    if not text.strip():
        raise AnalysisError("--score is empty: write a linear expression such as 'Proliferation - Apoptosis'")
    while position < len(text):
        match = _TERM.match(text, position)
        if not match or match.end() == position or (position and match.group(1) is None):
            raise AnalysisError(
                f"cannot read --score '{text}' at '{text[position:].strip()}': write terms such as"
                " 'Proliferation', '2*Proliferation', '- 0.5 Apoptosis' or 'Proliferation[0.25/0.5/1]'"
                " (a value per level) joined by + and -"
            )
        sign = -1.0 if match.group(1) == "-" else 1.0
        coefficient = float(match.group(2)) if match.group(2) else 1.0
        node = match.group(3)
        if node not in network.nodes:
            raise AnalysisError(f"--score uses unknown node '{node}'{did_you_mean(node, network.nodes)}")
        if match.group(4) is not None:
            ladder = _ladder(network, node, match.group(4))
            if ladders.get(node, ladder) != ladder or (node in weights and node not in ladders):
                raise AnalysisError(f"--score gives '{node}' two different values per level: write it once")
            ladders[node] = ladder
        elif node in ladders:
            raise AnalysisError(f"--score gives '{node}' two different values per level: write it once")
        weights[node] = weights.get(node, 0.0) + sign * coefficient
        position = match.end()
    items = tuple(weights.items())
    return LinearScore(text.strip(), items, tuple(network.nodes[n].levels for n, _ in items),
                       tuple(ladders.get(n, ()) for n, _ in items))


def _ladder(network: Network, node: str, text: str) -> tuple[float, ...]:
    """``0.25/0.5/1`` → the values of levels 1..m of ``node``."""
    top = network.nodes[node].levels
    try:
        values = tuple(float(v) for v in text.split("/"))
    except ValueError:
        values = ()
    if len(values) != top or not all(math.isfinite(v) for v in values):
        raise AnalysisError(f"--score: '{node}[{text}]' needs {top} number(s) separated by '/', the values of"
                            f" levels 1..{top} of '{node}' (level 0 counts 0)")
    return values
