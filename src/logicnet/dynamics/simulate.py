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

``stochastic``
    continuous time: a node with a pending step takes it after an
    exponential time of its rate (``rate_up``/``rate_down``), as in MaBoSS;
``random-async``
    one node update per step, the node chosen in proportion to its rate.

A run that reaches a fixed point stays there. Many runs are advanced together
as one NumPy array; the result counts, for every sample, node and level, how
many runs are at that level (:class:`TimeCourse`). Targets come from per-node
lookup tables of the rules (:mod:`logicnet.dynamics.tables`), and a step is
the one transition rule of :mod:`logicnet.dynamics.semantics`, so a step costs
one table lookup per node for all runs at once.

Under the rate-based semantics every run jumps from one move to the next (its
time advancing by a holding time drawn for it), runs at a fixed point leave
the batch, and the states are recorded at the sampled times as runs pass
them. Runs are simulated in chunks of :data:`CHUNK` with their own random
streams (derived from the seed and the chunk's number), so that the result
depends on the seed only, never on how many workers ran the chunks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Iterable, Literal, Mapping, Sequence, Union

import numpy as np

from logicnet.dynamics.api import StartSpec, attractors, normalize_starts
from logicnet.dynamics.attractor import Attractor, Subspace, subspace_size
from logicnet.dynamics.semantics import (
    STOCHASTIC_SEMANTICS,
    choose_moves,
    holding_times,
    moves,
    node_rates,
    propensities,
    resolve_simulated_semantics,
    unit_steps,
)
from logicnet.dynamics.tables import Clamp, RuleTables
from logicnet.errors import AnalysisError, LogicnetError, StateSpaceTooLarge, did_you_mean
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import Result, json_field

__all__ = ["TimeCourse", "AttractorShare", "simulate", "untreated_starts", "SIMULATED_SEMANTICS", "STEP_SEMANTICS",
           "StartDistribution", "start_mixture", "wilson", "CHUNK"]

STEP_SEMANTICS = ("synchronous", "asynchronous", "priority")
SIMULATED_SEMANTICS = STEP_SEMANTICS + STOCHASTIC_SEMANTICS

#: runs simulated together (and handed to a worker) under the rate-based semantics
CHUNK = 2500

#: A start given per node: a level, the probability of level 1 (a float, for a
#: Boolean node), or the probability of each level (a sequence summing to 1).
StartDistribution = Mapping[str, Union[int, float, Sequence[float]]]


#: z of a two-sided 95 % interval
Z95 = 1.959963984540054


def wilson(count: np.ndarray | float, runs: int, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a proportion ``count / runs`` (95 % by default)."""
    p = np.asarray(count, dtype=np.float64) / runs
    z2 = z * z
    centre = (p + z2 / (2 * runs)) / (1 + z2 / runs)
    half = z / (1 + z2 / runs) * np.sqrt(np.maximum(p * (1 - p), 0.0) / runs + z2 / (4 * runs * runs))
    low = np.where(p <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(p >= 1, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def _where(attractor: Attractor | None) -> dict[str, Any] | None:
    """Where runs ended: the attractor's type, size and subspace."""
    if attractor is None:
        return None
    return {"type": attractor.kind, "size": attractor.size, "space": attractor.space}


@dataclass(frozen=True)
class AttractorShare:
    """The runs that ended in one attractor (``attractor is None``: runs not
    yet in an attractor at the horizon), with a 95 % interval of the share."""

    attractor: Attractor | None = json_field(value=_where)
    runs: int = json_field()
    total: int = json_field(skip=True)

    __json_extra__: ClassVar[dict[str, str]] = {"settled": "settled", "probability": "rounded_probability",
                                                "interval": "rounded_interval"}

    @property
    def settled(self) -> bool:
        return self.attractor is not None

    @property
    def rounded_probability(self) -> float:
        return round(self.probability, 6)

    @property
    def rounded_interval(self) -> list[float]:
        return [round(v, 6) for v in self.interval]

    @property
    def probability(self) -> float:
        return self.runs / self.total

    @property
    def interval(self) -> tuple[float, float]:
        low, high = wilson(self.runs, self.total)
        return float(low), float(high)


@dataclass(frozen=True)
class TimeCourse(Result):
    """How many runs are at each level of each node at each sampled time.

    ``levels`` and ``speeds`` are each node's maximum level and speed rank.
    ``counts[t, i, k]`` is the number of runs in which node ``nodes[i]`` is at
    level ``k`` at the ``t``-th sampled time (``t = 0`` is the start, the drug
    already acting); levels above a node's maximum are always 0. Under the
    step semantics every step is sampled (``times[t] = t``); under the
    rate-based ones ``times`` are the sampled times (``stochastic``: in the
    network's ``time_unit``; ``random-async``: in steps) and ``steps`` is the
    index of the last sample. With ``averaged``, ``counts[t]`` sums each
    run's share of time at each level over the window ``[times[t],
    times[t+1])`` (as MaBoSS reports its trajectories). ``attractors`` tells
    where the runs ended (rate-based semantics).
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
    times: np.ndarray | None = json_field(None, skip=True, compare=False, repr=False)
    time_unit: str | None = json_field(None, value=lambda unit: unit)
    averaged: bool = json_field(False)
    attractors: tuple[AttractorShare, ...] | None = json_field(None)
    notes: tuple[str, ...] = json_field((), omit_none=True)
    #: rate-based semantics: every run's levels at the horizon, shape (nodes, runs)
    final: np.ndarray | None = json_field(None, skip=True, compare=False, repr=False)

    __json_extra__: ClassVar[dict[str, str]] = {"times": "json_times", "time_unit": "json_time_unit",
                                                "probabilities": "probabilities", "intervals": "intervals",
                                                "mean": "means"}

    def select(self, nodes: Sequence[str] | None) -> "TimeCourse":
        """The same time course over ``nodes`` only (``None``: all of them)."""
        if nodes is None:
            return self
        rows = [self.index(n) for n in nodes]
        final = None if self.final is None else self.final[rows]
        return replace(self, nodes=tuple(nodes), levels=tuple(self.levels[i] for i in rows),
                       speeds=tuple(self.speeds[i] for i in rows), counts=self.counts[:, rows, :], final=final)

    def json_times(self) -> list[float | int]:
        return [float(t) if self.semantics == "stochastic" else int(t) for t in self.time_points]

    def json_time_unit(self) -> str | None:
        return self.time_unit if self.semantics == "stochastic" else "step"

    def probabilities(self) -> dict[str, dict[str, list[float]]]:
        """Per node and level (as text), the share of runs at it at each sampled time."""
        return {name: {str(level): [round(float(v), 6) for v in self.fraction(name, level)]
                       for level in range(self.levels[self.index(name)] + 1)} for name in self.nodes}

    def intervals(self) -> dict[str, dict[str, list[list[float]]]]:
        """95 % intervals of :meth:`probabilities`."""
        out: dict[str, dict[str, list[list[float]]]] = {}
        for name in self.nodes:
            out[name] = {}
            for level in range(self.levels[self.index(name)] + 1):
                low, high = self.interval(name, level)
                out[name][str(level)] = [[round(float(a), 6), round(float(b), 6)] for a, b in zip(low, high)]
        return out

    def means(self) -> dict[str, list[float]]:
        """The mean level of every node at every sampled time (rounded to 6 decimals)."""
        return {n: [round(float(v), 6) for v in self.mean(n)] for n in self.nodes}

    @property
    def time_points(self) -> np.ndarray:
        """The sampled times (steps for the step semantics)."""
        return self.times if self.times is not None else np.arange(self.steps + 1, dtype=np.float64)

    @property
    def rate_based(self) -> bool:
        return self.semantics in STOCHASTIC_SEMANTICS

    def index(self, node: str) -> int:
        try:
            return self.nodes.index(node)
        except ValueError:
            raise AnalysisError(f"unknown node '{node}'{did_you_mean(node, self.nodes)}") from None

    def fraction(self, node: str, level: int) -> np.ndarray:
        """The fraction of runs with ``node`` exactly at ``level``, per sample."""
        return self.counts[:, self.index(node), level] / self.runs

    probability = fraction

    def fraction_at_least(self, node: str, level: int) -> np.ndarray:
        """The fraction of runs with ``node`` at ``level`` or above, per sample."""
        return self.counts[:, self.index(node), level:].sum(axis=1) / self.runs

    def interval(self, node: str, level: int, *, at_least: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The 95 % interval (Wilson) of :meth:`fraction` (or :meth:`fraction_at_least`)
        per sample; for averaged counts a conservative one (a run's share of time
        in [0, 1] varies at most as much as a yes/no outcome)."""
        p = self.fraction_at_least(node, level) if at_least else self.fraction(node, level)
        return wilson(p * self.runs, self.runs)

    def standard_error(self, node: str, level: int) -> np.ndarray:
        """The standard error of :meth:`fraction` (binomial; an upper bound when averaged)."""
        p = self.fraction(node, level)
        return np.sqrt(p * (1 - p) / self.runs)

    def mean(self, node: str) -> np.ndarray:
        """The mean level of ``node`` over the runs, per sample."""
        i = self.index(node)
        return self.counts[:, i, :] @ np.arange(self.counts.shape[2]) / self.runs

    def first_step(self, node: str, level: int, fraction: float = 0.5) -> int | None:
        """The first sample at which more than ``fraction`` of the runs have ``node``
        at ``level`` or above (``None`` if it never happens)."""
        above = np.nonzero(self.fraction_at_least(node, level) > fraction)[0]
        return int(above[0]) if len(above) else None

    def first_time(self, node: str, level: int, fraction: float = 0.5) -> float | None:
        """:meth:`first_step` as a time (see :attr:`time_points`)."""
        k = self.first_step(node, level, fraction)
        return None if k is None else float(self.time_points[k])

    def changing(self) -> tuple[str, ...]:
        """Nodes whose level distribution changes during the run, in the order of
        their first change (the order in which a treatment's effects arrive)."""
        moved = np.any(self.counts != self.counts[:1], axis=2)  # (samples, n)
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

    def rows(self, nodes: Sequence[str] | None = None) -> list[tuple[float, str, int, float, float, float]]:
        """One row per sample, node and level: ``(time, node, level, probability,
        low, high)`` (the 95 % interval)."""
        out = []
        times = self.time_points.tolist()
        for name in nodes if nodes is not None else self.nodes:
            for level in range(self.levels[self.index(name)] + 1):
                p = self.fraction(name, level)
                low, high = self.interval(name, level)
                out.extend(zip(times, [name] * len(times), [level] * len(times), p.tolist(), low.tolist(),
                               high.tolist()))
        out.sort(key=lambda r: r[0])
        return out

    def to_csv(self, nodes: Sequence[str] | None = None) -> str:
        """The time course as CSV text. Step semantics: a ``step`` column, then
        :meth:`columns`; rate-based semantics: one row per sample, node and level
        (``time, node, level, probability, low, high``, see :meth:`rows`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if self.rate_based:
            writer.writerow(["time" if self.semantics == "stochastic" else "step", "node", "level", "probability",
                             "low", "high"])
            for t, name, level, p, low, high in self.rows(nodes):
                writer.writerow([_number(t), name, level, _number(p), _number(low), _number(high)])
            return buffer.getvalue()
        columns = self.columns(nodes)
        writer.writerow(["step"] + [name for name, _ in columns])
        for t in range(self.steps + 1):
            writer.writerow([t] + [_number(values[t]) for _, values in columns])
        return buffer.getvalue()

    def to_table(self, nodes: Sequence[str] | None = None) -> Any:
        """:meth:`rows` as a pandas DataFrame (Parquet output)."""
        import pandas as pd

        head = "time" if self.semantics == "stochastic" else "step"
        return pd.DataFrame(self.rows(nodes), columns=[head, "node", "level", "probability", "low", "high"])


def _number(value: float) -> str:
    return f"{value:.6g}"


def untreated_starts(network: Network, perturbation: Perturbation, *, semantics: str | None = None) -> tuple[Attractor, ...]:
    """The untreated attractors the treatment finds: those of ``network`` in the
    perturbation's context, with its alterations (and genetic changes), no
    drug, reached from the context's declared start state (else all of them)."""
    untreated = perturbation.untreated
    state = network.untreated_state(untreated.context)
    starts = None if state is None else [state.space(network.names, {n: x.levels for n, x in network.nodes.items()})]
    return attractors(network, semantics=semantics, perturbation=untreated, starts=starts).attractors


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
    starts: Literal["untreated"] | Iterable[StartSpec | StartDistribution] = "untreated",
    *,
    semantics: str | None = None,
    perturbation: Perturbation | None = None,
    steps: int | None = None,
    runs: int = 1,
    seed: int | None = 0,
    time: float | None = None,
    sample_every: float | None = None,
    average: bool = False,
    attractors: bool = True,
    executor: Any = None,
) -> TimeCourse:
    """Simulate ``runs`` trajectories under ``perturbation``.

    ``starts`` is ``"untreated"`` (a state of the untreated attractors of the
    perturbation's context, see :func:`untreated_starts`) or start states:
    mappings of node levels (unnamed nodes start at 0), attractors, or (rate-based
    semantics) per-node distributions (:data:`StartDistribution`); each run draws
    one of them, then a state of it. The same seed gives the same result.

    Step semantics take ``steps`` transitions (default 60). Rate-based ones run
    to ``time`` (``stochastic``; default ten times the slowest node's mean time)
    or for ``steps`` (``random-async``; default 20 per node) and record the
    state every ``sample_every`` (default: 100 samples); ``average`` records
    each window's mean instead, as MaBoSS does; ``attractors`` classifies where
    the runs ended; ``executor`` (:mod:`logicnet.execution`) runs chunks of
    runs in parallel, with the same result as in this process.
    """
    semantics = resolve_simulated_semantics(semantics, network)
    if runs < 1 or (steps is not None and steps < 0):
        raise AnalysisError("simulate needs steps >= 0 and runs >= 1")
    perturbation = perturbation or Perturbation()
    if isinstance(starts, str):
        if starts != "untreated":
            raise AnalysisError(f"unknown start '{starts}': give 'untreated' or start states")
        # cells before the drug: the untreated attractors of the network's own
        # semantics (priority classes when it has slow nodes) for rate-based runs
        specs: list[Any] = list(untreated_starts(
            network, perturbation, semantics=semantics if semantics in STEP_SEMANTICS else None))
    else:
        specs = list(starts)
    if not specs:
        raise AnalysisError("no start states given")
    if semantics in STOCHASTIC_SEMANTICS:
        return _simulate_rates(network, specs, semantics, perturbation, steps, runs, seed, time, sample_every,
                               average, attractors, executor)
    if time is not None or sample_every is not None or average:
        raise AnalysisError("a simulated time, a sampling interval and averaging need a rate-based semantics"
                            f" (stochastic or random-async), not {semantics}")
    if any(_is_distribution(spec) for spec in specs):
        raise AnalysisError("start probabilities need a rate-based semantics (stochastic or random-async)")
    steps = 60 if steps is None else steps
    spaces = [normalize_starts(network, [spec]) for spec in specs]
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


# ------------------------------------------------------------------ rate-based semantics


def _is_distribution(spec: Any) -> bool:
    """A start given with probabilities (a float or a sequence for some node)."""
    return isinstance(spec, Mapping) and any(
        not isinstance(v, (int, np.integer)) or isinstance(v, bool) for v in spec.values())


def start_mixture(network: Network, specs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """The start states as a mixture of product distributions: ``(weights,
    probabilities)``, ``probabilities[c, i, k]`` the probability that node ``i``
    starts at level ``k`` in component ``c`` (chosen with ``weights[c]``).

    Each start is chosen with equal weight; a state, a subspace or an
    attractor (its disjoint subspaces weighted by their sizes) is uniform over
    its states; a per-node distribution is one component."""
    n = len(network.names)
    top = max(node.levels for node in network.nodes.values())
    weights: list[float] = []
    tables: list[np.ndarray] = []
    for spec in specs:
        if _is_distribution(spec):
            weights.append(1.0 / len(specs))
            tables.append(_distribution(network, spec, top))
            continue
        cover = normalize_starts(network, [spec])
        sizes = np.array([subspace_size(space) for space in cover], dtype=np.float64)
        for space, size in zip(cover, sizes):
            table = np.zeros((n, top + 1))
            for i, allowed in enumerate(space):
                table[i, list(allowed)] = 1.0 / len(allowed)
            weights.append(size / sizes.sum() / len(specs))
            tables.append(table)
    return np.array(weights), np.array(tables)


def _distribution(network: Network, spec: Mapping[str, Any], top: int) -> np.ndarray:
    names = network.names
    table = np.zeros((len(names), top + 1))
    table[:, 0] = 1.0
    for name, value in spec.items():
        if name not in network.nodes:
            raise AnalysisError(f"start state names unknown node '{name}'{did_you_mean(name, network.nodes)}")
        i, levels = names.index(name), network.nodes[name].levels
        row = np.zeros(top + 1)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            if not 0 <= value <= levels:
                raise AnalysisError(f"start state sets '{name}' to {value}, outside 0..{levels}")
            row[int(value)] = 1.0
        elif isinstance(value, (float, np.floating)):
            if levels != 1:
                raise AnalysisError(f"start probability {value:g} for '{name}': '{name}' has levels 0..{levels};"
                                    " give the probability of each level, as in 0.2/0.5/0.3")
            if not 0.0 <= value <= 1.0:
                raise AnalysisError(f"start probability of '{name}' is {value:g}, outside 0..1")
            row[0], row[1] = 1.0 - value, value
        else:
            probs = [float(v) for v in value]
            if len(probs) != levels + 1 or min(probs) < 0 or abs(sum(probs) - 1.0) > 1e-6:
                raise AnalysisError(f"start probabilities of '{name}' must be {levels + 1} numbers >= 0 (levels"
                                    f" 0..{levels}) summing to 1, got {'/'.join(f'{p:g}' for p in probs)}")
            row[:levels + 1] = probs
        table[i] = row
    return table


def _draw_mixture(weights: np.ndarray, tables: np.ndarray, runs: int, rng: np.random.Generator) -> np.ndarray:
    """Start levels of ``runs`` runs drawn from the mixture, shape (nodes, runs), uint8."""
    component = rng.choice(len(weights), size=runs, p=weights / weights.sum()) if len(weights) > 1 \
        else np.zeros(runs, dtype=np.int64)
    cumulative = np.cumsum(tables, axis=2)  # (components, n, levels)
    n = tables.shape[1]
    out = np.empty((n, runs), dtype=np.uint8)
    for i in range(n):
        u = rng.random(runs)
        out[i] = (u[:, None] >= cumulative[component, i, :-1]).sum(axis=1)
    return out


@dataclass(frozen=True)
class _Chunk:
    """The work of one chunk of runs (what a worker receives)."""

    network: Network
    clamp: Clamp
    semantics: str
    weights: np.ndarray
    tables: np.ndarray
    times: np.ndarray
    average: bool
    seed: int | None
    index: int
    runs: int


@dataclass(frozen=True)
class _ChunkResult:
    index: int
    counts: np.ndarray  # (samples, n, levels): runs at each level at each sample (or time shares)
    final: np.ndarray  # (n, runs) uint8: where each run was at the horizon
    moves: int  # moves made (events)


def _run_chunk(chunk: _Chunk) -> _ChunkResult:
    """Simulate one chunk: each run jumps from move to move until its next
    move would come after the horizon or it reaches a fixed point. The batch
    holds only the runs still going (``ids``); a run leaves it at its end."""
    network, times, clamp = chunk.network, chunk.times, chunk.clamp
    entropy = np.random.SeedSequence(chunk.seed, spawn_key=(chunk.index,))
    rng = np.random.default_rng(entropy)
    tables = RuleTables(network)
    up, down = node_rates(network)
    uniform = float(np.maximum(up, down).sum())
    state = _draw_mixture(chunk.weights, chunk.tables, chunk.runs, rng)
    clamp.apply_to_states(state)
    n, runs = state.shape
    final = np.empty_like(state)
    width = chunk.tables.shape[2]
    samples = len(times)
    horizon = float(times[-1])
    offsets = (np.arange(n, dtype=np.int64) * width)[:, None]
    block = n * width
    # instantaneous counts by differences: +1 where a run starts holding a state, -1 where it stops
    diff = np.zeros((samples + 1) * block, dtype=np.int64)
    if chunk.average:
        share = np.zeros((samples + 1) * block, dtype=np.float64)  # time in partial windows
        full = np.zeros((samples + 1) * block, dtype=np.float64)  # whole windows, by differences
    clock = np.zeros(runs, dtype=np.float64)
    recorded = np.zeros(runs, dtype=np.int64)  # samples already recorded per run
    ids = np.arange(runs)
    made = 0
    while ids.size:
        step = unit_steps(tables, state, clamp)
        rates = propensities(step, up, down)
        total = rates.sum(axis=0)
        moving = total > 0
        if moving.all():
            hold = holding_times(chunk.semantics, total, rng, uniform_rate=uniform)
        else:
            hold = np.full(ids.size, np.inf)
            if moving.any():
                hold[moving] = holding_times(chunk.semantics, total[moving], rng, uniform_rate=uniform)
        until = clock + hold
        # the state is held on [clock, until): samples recorded .. last-1 see it
        last = np.searchsorted(times, until, side="left")
        seen = last > recorded
        if seen.any():
            cells = (offsets + state[:, seen]).ravel()  # (n * m) in node-major order
            m = int(seen.sum())
            for rows, sign in ((recorded[seen], 1), (last[seen], -1)):
                idx = np.broadcast_to(rows * block, (n, m)).ravel() + cells
                diff += sign * np.bincount(idx, minlength=diff.size)
        if chunk.average:
            _occupy(share, full, times, clock, np.minimum(until, horizon), state, offsets, block)
        go = until <= horizon
        if not go.all():
            done = ~go
            final[:, ids[done]] = state[:, done]
            state, step, rates = state[:, go], step[:, go], rates[:, go]
            ids, until, last = ids[go], until[go], last[go]
        if ids.size:
            chosen = choose_moves(rates, rng)
            columns = np.arange(ids.size)
            state[chosen, columns] = (state[chosen, columns].astype(np.int16) + step[chosen, columns]).astype(np.uint8)
            made += int(ids.size)
        clock, recorded = until, last
    counts = np.cumsum(diff.reshape(samples + 1, n, width), axis=0)[:samples].astype(np.float64 if chunk.average
                                                                                      else np.int64)
    if chunk.average:
        span = np.diff(times)
        windows = (share.reshape(samples + 1, n, width)[:samples - 1]
                   + np.cumsum(full.reshape(samples + 1, n, width), axis=0)[:samples - 1] * span[:, None, None])
        counts = windows / span[:, None, None]
    return _ChunkResult(chunk.index, counts, final, made)


def _occupy(share: np.ndarray, full: np.ndarray, times: np.ndarray, start: np.ndarray, end: np.ndarray,
            state: np.ndarray, offsets: np.ndarray, block: int) -> None:
    """Add the time each run holds ``state`` on ``[start, end)`` to the windows
    between the sampled times: partial windows in ``share``, whole windows in
    ``full`` (as differences, in units of the window's length)."""
    n, m = state.shape
    if not m:
        return
    cells = offsets + state  # (n, m)
    k0 = np.searchsorted(times, start, side="right") - 1
    k1 = np.searchsorted(times, end, side="right") - 1
    same = k0 == k1
    length = end - start

    def add(target: np.ndarray, rows: np.ndarray, columns: np.ndarray, weight: np.ndarray) -> None:
        if not columns.size:
            return
        idx = (np.broadcast_to(rows, (n, columns.size)) * block + cells[:, columns]).ravel()
        target += np.bincount(idx, weights=np.broadcast_to(weight, (n, columns.size)).ravel(), minlength=target.size)

    inside = np.flatnonzero(same)
    add(share, k0[inside], inside, length[inside])
    across = np.flatnonzero(~same)
    if across.size:
        a, b = k0[across], k1[across]
        add(share, a, across, times[a + 1] - start[across])
        add(share, b, across, end[across] - times[np.minimum(b, len(times) - 1)])
        ones = np.ones(across.size)
        add(full, a + 1, across, ones)
        add(full, b, across, -ones)


def _simulate_rates(network: Network, specs: Sequence[Any], semantics: str, perturbation: Perturbation,
                    steps: int | None, runs: int, seed: int | None, time: float | None,
                    sample_every: float | None, average: bool, classify: bool, executor: Any) -> TimeCourse:
    up, down = node_rates(network)
    if semantics == "stochastic":
        if steps is not None:
            raise AnalysisError("the stochastic semantics runs in continuous time: give a time (--time), not steps")
        if time is None:
            slowest = min((r for r in np.concatenate([up, down]) if r > 0), default=1.0)
            time = 10.0 / slowest
        if not (np.isfinite(time) and time > 0):
            raise AnalysisError(f"the simulated time must be a positive number, got {time:g}")
        every = time / 100 if sample_every is None else float(sample_every)
    else:
        if time is not None:
            raise AnalysisError("random-async runs in steps: give --steps, not --time")
        horizon = 20 * len(network.nodes) if steps is None else steps
        if horizon < 1:
            raise AnalysisError("random-async needs at least one step")
        time = float(horizon)
        every = float(max(1, horizon // 100)) if sample_every is None else float(sample_every)
        if every != int(every):
            raise AnalysisError(f"random-async samples whole steps: --sample-every must be a whole number, got {every:g}")
    if not (every > 0):
        raise AnalysisError(f"the sampling interval must be positive, got {every:g}")
    count = int(np.floor(time / every + 1e-9))
    times = np.arange(count + 1, dtype=np.float64) * every
    if times[-1] < time - 1e-9 * time:
        times = np.append(times, time)
    if average and len(times) < 2:
        raise AnalysisError("averaging needs at least one window: make --sample-every smaller than the time")
    weights, tables = start_mixture(network, specs)
    clamp = Clamp.of(network.names, perturbation.fixed, perturbation.caps)
    chunks = [_Chunk(network, clamp, semantics, weights, tables, times, average, seed, k, min(CHUNK, runs - k * CHUNK))
              for k in range(-(-runs // CHUNK))]
    if executor is None or len(chunks) == 1:
        results = [_run_chunk(c) for c in chunks]
    else:
        results = [r for _, r in executor.run(_run_chunk, chunks)]
    results.sort(key=lambda r: r.index)
    counts = results[0].counts.copy()
    for r in results[1:]:
        counts += r.counts
    final = np.concatenate([r.final for r in results], axis=1)
    shares, notes = (_settle(network, perturbation, final, up, down) if classify else (None, ()))
    moves_made = sum(r.moves for r in results)
    notes = (f"{moves_made} moves in {runs} runs",) + tuple(notes)
    node_levels = tuple(node.levels for node in network.nodes.values())
    speeds = tuple(node.speed for node in network.nodes.values())
    shown = times[:-1] if average else times
    return TimeCourse(network.names, node_levels, speeds, semantics, perturbation, runs, len(shown) - 1, seed, counts,
                      times=shown, time_unit=network.time_unit if semantics == "stochastic" else "step",
                      averaged=average, attractors=shares, notes=notes, final=final)


#: runs ending in more distinct states than this outside fixed points are not classified
MAX_CLASSIFIED = 20000
#: the time allowed to find the cyclic attractors runs ended in (states reachable from where they ended)
CLASSIFY_SECONDS = 10.0


def _settle(network: Network, perturbation: Perturbation, final: np.ndarray, up: np.ndarray,
            down: np.ndarray) -> tuple[tuple[AttractorShare, ...], tuple[str, ...]]:
    """Where the runs ended: the share of runs in each attractor (a fixed point
    when no move is pending; a cyclic attractor found by the attractor engines
    from the states the runs ended in), and the runs not yet in one."""
    runs = final.shape[1]
    states, inverse = np.unique(final, axis=1, return_inverse=True)
    inverse = inverse.reshape(-1)
    clamp = Clamp.of(network.names, perturbation.fixed, perturbation.caps)
    tables = RuleTables(network)
    pending = propensities(unit_steps(tables, states, clamp), up, down).sum(axis=0) > 0
    where = np.full(states.shape[1], -1, dtype=np.int64)  # attractor of each distinct final state
    found: list[Attractor] = []
    for column in np.flatnonzero(~pending):
        where[column] = len(found)
        found.append(Attractor.from_states(network.names, [tuple(states[:, column].tolist())]))
    notes: list[str] = []
    moving = np.flatnonzero(pending)
    if moving.size:
        if (up == 0).any() or (down == 0).any():
            notes.append("runs not at a fixed point are not classified when some rates are 0")
        elif moving.size > MAX_CLASSIFIED:
            notes.append(f"runs ended in {moving.size} distinct states outside fixed points: not classified")
        else:
            starts = [tuple(states[:, c].tolist()) for c in moving]
            try:
                result = attractors(network, semantics="asynchronous", perturbation=perturbation, starts=starts,
                                    engine="reachable", timeout=CLASSIFY_SECONDS)
            except StateSpaceTooLarge:
                notes.append("runs not at a fixed point are not classified: too many states are reachable from"
                             " where they ended")
            except LogicnetError as exc:
                notes.append(f"runs not at a fixed point are not classified: {exc.message}")
            else:
                for attractor in result.attractors:
                    if attractor.kind == "fixed_point":
                        continue
                    inside = np.zeros(moving.size, dtype=bool)
                    for space in attractor.cover:
                        ok = np.ones(moving.size, dtype=bool)
                        for i, allowed in enumerate(space):
                            ok &= np.isin(states[i, moving], allowed)
                        inside |= ok
                    where[moving[inside]] = len(found)
                    found.append(attractor)
    per = np.bincount(where[inverse] + 1, minlength=len(found) + 1)
    shares = [AttractorShare(a, int(per[k + 1]), runs) for k, a in enumerate(found) if per[k + 1]]
    shares.sort(key=lambda s: (-s.runs, Attractor.sort_key(s.attractor)))  # type: ignore[arg-type]
    if per[0]:
        shares.append(AttractorShare(None, int(per[0]), runs))
    return tuple(shares), tuple(notes)
