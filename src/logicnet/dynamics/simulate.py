"""Trajectories: how a population of cells moves step by step after a treatment.

Each *run* is one cell. It starts from a state (drawn from the start states
with the seed) as the perturbation finds it (a drug acts at once), then takes
``steps`` transitions of the semantics:

``synchronous``
    every node takes one step toward its target level at once (deterministic);
``asynchronous``
    one node, chosen uniformly at random among those that can move, takes one
    step toward its target;
``priority``
    the same, but only among the nodes of the fastest speed class that can
    move (slow nodes wait until every fast node has settled).

A run that reaches a fixed point stays there. Many runs are advanced together
as one NumPy array; the result counts, for every step, node and level, how
many runs are at that level (:class:`TimeCourse`). Targets come from per-node
lookup tables of the rules (:mod:`logicnet.dynamics.tables`), and a step is
the one transition rule of :mod:`logicnet.dynamics.semantics`, so a step costs
one table lookup per node for all runs at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import ClassVar, Iterable, Literal, Sequence

import numpy as np

from logicnet.dynamics.api import StartSpec, attractors, normalize_starts
from logicnet.dynamics.attractor import Attractor, Subspace, subspace_size
from logicnet.dynamics.semantics import moves, resolve_semantics, unit_steps
from logicnet.dynamics.tables import Clamp, RuleTables
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import json_field

__all__ = ["TimeCourse", "simulate", "untreated_starts", "SIMULATED_SEMANTICS"]

SIMULATED_SEMANTICS = ("synchronous", "asynchronous", "priority")


@dataclass(frozen=True)
class TimeCourse:
    """How many runs are at each level of each node after each step.

    ``levels`` and ``speeds`` are each node's maximum level and speed rank.
    ``counts[t, i, k]`` is the number of runs in which node ``nodes[i]`` is at
    level ``k`` after ``t`` steps (``t = 0`` is the start, the drug already
    acting); levels above a node's maximum are always 0.
    """

    nodes: tuple[str, ...] = json_field(skip=True)
    levels: tuple[int, ...] = json_field(skip=True)
    speeds: tuple[int, ...] = json_field(skip=True)
    semantics: str = json_field()
    perturbation: Perturbation = json_field()
    runs: int = json_field()
    steps: int = json_field()
    seed: int | None = json_field()
    counts: np.ndarray = json_field(skip=True, compare=False, repr=False)

    __json_extra__: ClassVar[dict[str, str]] = {"mean": "means"}

    def means(self) -> dict[str, list[float]]:
        """The mean level of every node at every step (rounded to 6 decimals)."""
        return {n: [round(float(v), 6) for v in self.mean(n)] for n in self.nodes}

    def index(self, node: str) -> int:
        try:
            return self.nodes.index(node)
        except ValueError:
            raise AnalysisError(f"unknown node '{node}'{did_you_mean(node, self.nodes)}") from None

    def fraction(self, node: str, level: int) -> np.ndarray:
        """The fraction of runs with ``node`` exactly at ``level``, per step."""
        return self.counts[:, self.index(node), level] / self.runs

    def fraction_at_least(self, node: str, level: int) -> np.ndarray:
        """The fraction of runs with ``node`` at ``level`` or above, per step."""
        return self.counts[:, self.index(node), level:].sum(axis=1) / self.runs

    def mean(self, node: str) -> np.ndarray:
        """The mean level of ``node`` over the runs, per step."""
        i = self.index(node)
        return self.counts[:, i, :] @ np.arange(self.counts.shape[2]) / self.runs

    def first_step(self, node: str, level: int, fraction: float = 0.5) -> int | None:
        """The first step at which more than ``fraction`` of the runs have ``node``
        at ``level`` or above (``None`` if it never happens)."""
        above = np.nonzero(self.fraction_at_least(node, level) > fraction)[0]
        return int(above[0]) if len(above) else None

    def changing(self) -> tuple[str, ...]:
        """Nodes whose level distribution changes during the run, in the order of
        their first change (the order in which a treatment's effects arrive)."""
        moved = np.any(self.counts != self.counts[:1], axis=2)  # (steps+1, n)
        first = {self.nodes[i]: int(np.argmax(moved[:, i])) for i in range(len(self.nodes)) if moved[:, i].any()}
        return tuple(sorted(first, key=lambda n: (first[n], self.nodes.index(n))))

    def columns(self, nodes: Sequence[str] | None = None) -> list[tuple[str, np.ndarray]]:
        """``(name, values)`` columns: ``N>=k`` for every node and level k >= 1
        (the fraction of runs at level k or above; for a Boolean node, the fraction
        of runs where it is on). The mean level is the sum of a node's columns."""
        out = []
        for name in nodes if nodes is not None else self.nodes:
            top = self.levels[self.index(name)]
            if top == 1:
                out.append((name, self.fraction_at_least(name, 1)))
            else:
                out.extend((f"{name}>={k}", self.fraction_at_least(name, k)) for k in range(1, top + 1))
        return out

    def to_csv(self, nodes: Sequence[str] | None = None) -> str:
        """The time course as CSV text: a ``step`` column, then :meth:`columns`."""
        columns = self.columns(nodes)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["step"] + [name for name, _ in columns])
        for t in range(self.steps + 1):
            writer.writerow([t] + [_number(values[t]) for _, values in columns])
        return buffer.getvalue()


def _number(value: float) -> str:
    return f"{value:.6g}"


def untreated_starts(network: Network, perturbation: Perturbation, *, semantics: str | None = None) -> tuple[Attractor, ...]:
    """The untreated attractors the treatment finds: those of ``network`` in the
    perturbation's context, with its alterations (and genetic changes), no drug."""
    untreated = Perturbation.build(network, context=perturbation.context, alterations=perturbation.alterations,
                                   genetic=perturbation.genetic)
    return attractors(network, semantics=semantics, perturbation=untreated).attractors


def _draw(spaces: Sequence[tuple[Subspace, ...]], runs: int, rng: np.random.Generator) -> np.ndarray:
    """One start state per run: a start (state, partial state or attractor) chosen
    uniformly, then a state of it chosen uniformly. Shape (runs, nodes)."""
    n = len(spaces[0][0])
    out = np.empty((runs, n), dtype=np.int64)
    picks = rng.integers(len(spaces), size=runs)
    for run, pick in enumerate(picks.tolist()):
        cover = spaces[pick]
        sizes = np.array([subspace_size(s) for s in cover], dtype=float)
        space = cover[int(rng.choice(len(cover), p=sizes / sizes.sum()))] if len(cover) > 1 else cover[0]
        out[run] = [levels[int(rng.integers(len(levels)))] if len(levels) > 1 else levels[0] for levels in space]
    return out


def simulate(
    network: Network,
    starts: Literal["untreated"] | Iterable[StartSpec] = "untreated",
    *,
    semantics: str | None = None,
    perturbation: Perturbation | None = None,
    steps: int = 60,
    runs: int = 1,
    seed: int | None = 0,
) -> TimeCourse:
    """Simulate ``runs`` trajectories of ``steps`` transitions under ``perturbation``.

    ``starts`` is ``"untreated"`` (a state of the untreated attractors of the
    perturbation's context, see :func:`untreated_starts`) or start states:
    mappings of node levels (unnamed nodes start at 0) or attractors. Each run
    draws its start with the ``seed``; the same seed gives the same result.
    """
    semantics = resolve_semantics(semantics, network)
    if semantics not in SIMULATED_SEMANTICS:
        raise AnalysisError(f"cannot simulate the {semantics} semantics; use synchronous, asynchronous or priority")
    if steps < 0 or runs < 1:
        raise AnalysisError("simulate needs steps >= 0 and runs >= 1")
    perturbation = perturbation or Perturbation()
    if isinstance(starts, str):
        if starts != "untreated":
            raise AnalysisError(f"unknown start '{starts}': give 'untreated' or start states")
        specs: list[StartSpec] = list(untreated_starts(network, perturbation, semantics=semantics))
    else:
        specs = list(starts)
    spaces = [normalize_starts(network, [spec]) for spec in specs]
    if not spaces:
        raise AnalysisError("no start states given")
    rng = np.random.default_rng(seed)
    clamp = Clamp.of(network.names, perturbation.fixed, perturbation.caps)
    state = _draw(spaces, runs, rng).T.copy()  # (nodes, runs)
    clamp.apply_to_states(state)
    tables = RuleTables(network)
    top = max(node.levels for node in network.nodes.values())
    counts = np.zeros((steps + 1, len(network.nodes), top + 1), dtype=np.int64)
    columns = np.arange(runs)
    _count(counts[0], state)
    for t in range(1, steps + 1):
        step = unit_steps(tables, state, clamp)
        if semantics == "synchronous":
            state += step
        else:  # one of the allowed moves, chosen uniformly at random
            allowed = moves(step, semantics, tables.ranks)
            weight = np.where(allowed, rng.random(allowed.shape), -1.0)
            chosen = np.argmax(weight, axis=0)
            moving = allowed[chosen, columns]
            state[chosen[moving], columns[moving]] += step[chosen[moving], columns[moving]]
        _count(counts[t], state)
    levels = tuple(node.levels for node in network.nodes.values())
    return TimeCourse(network.names, levels, tuple(tables.ranks.tolist()), semantics, perturbation, runs, steps,
                      seed, counts)


def _count(into: np.ndarray, state: np.ndarray) -> None:
    """Add, for every node, how many runs are at each level."""
    for level in range(into.shape[1]):
        into[:, level] = (state == level).sum(axis=1)
