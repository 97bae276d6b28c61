"""Attractors reachable from given states, found by visiting only the states
that can be reached (the explicit method when the whole state space is too
large but the reachable part is small, as for cells treated from their
untreated attractors).

The network is compiled once into one lookup table per node (its target
level for every combination of its regulators' levels); a perturbation is
applied on top of the tables (fixed nodes get a constant target and start at
their level, capped nodes have their targets lowered), so many treatments of
one network share the work. States are explored breadth-first in NumPy
batches; the terminal strongly connected components of the visited graph are
the attractors.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from itertools import product
from typing import Iterable, Mapping

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from logicnet.dynamics.attractor import MAX_LISTED_STATES, Attractor, State, Subspace, subspace_states
from logicnet.dynamics.engines.explicit._space import StateSpace
from logicnet.errors import AnalysisError
from logicnet.model.network import Network

__all__ = ["Explorer", "ExplorationTooLarge", "explorer_for", "DEFAULT_BUDGET", "MAX_TABLE"]

#: stop exploring (and let a symbolic engine answer) past this many states
DEFAULT_BUDGET = 200_000
#: nodes whose regulators have more level combinations than this are not tabulated
MAX_TABLE = 1 << 14


class ExplorationTooLarge(AnalysisError):
    """More states are reachable than the budget allows (use another engine)."""


@dataclass(frozen=True)
class _Table:
    regulators: np.ndarray  # node indexes
    weights: np.ndarray  # mixed-radix weights of the regulators
    targets: np.ndarray  # target level per regulator combination (uint8)


class Explorer:
    """Reachable-attractor search for one network (see the module notes)."""

    def __init__(self, network: Network):
        self.network = network
        self.names = network.names
        index = {n: i for i, n in enumerate(self.names)}
        self.levels = np.array([node.levels for node in network.nodes.values()], dtype=np.int64)
        self.speed = np.array([node.speed for node in network.nodes.values()], dtype=np.int64)
        bits = sum(math.log2(int(m) + 1) for m in self.levels)
        if bits > 62:
            raise ExplorationTooLarge(f"the state space (2^{bits:.0f} states) does not fit 64-bit codes")
        radix = self.levels + 1
        self.weights = np.ones(len(radix), dtype=np.int64)
        for i in range(len(radix) - 2, -1, -1):
            self.weights[i] = self.weights[i + 1] * radix[i + 1]
        self.radix = radix
        self.tables = [self._tabulate(name, index) for name in self.names]

    def _tabulate(self, name: str, index: Mapping[str, int]) -> _Table:
        rule = self.network.nodes[name].update_rule()
        regs = sorted(rule.regulators, key=index.__getitem__)
        sizes = [self.network.nodes[r].levels + 1 for r in regs]
        if math.prod(sizes) > MAX_TABLE:
            raise ExplorationTooLarge(f"'{name}' has too many regulator combinations to tabulate")
        weights = np.ones(len(regs), dtype=np.int64)
        for i in range(len(regs) - 2, -1, -1):
            weights[i] = weights[i + 1] * sizes[i + 1]
        targets = np.array(
            [rule.evaluate(dict(zip(regs, combo))) for combo in product(*(range(s) for s in sizes))],
            dtype=np.uint8,
        )
        return _Table(np.array([index[r] for r in regs], dtype=np.int64), weights, targets)

    # ---------------------------------------------------------------- helpers
    def decode(self, codes: np.ndarray) -> np.ndarray:
        """Levels of every node in every state: shape (n, len(codes))."""
        return (codes[None, :] // self.weights[:, None]) % self.radix[:, None]

    def encode(self, states: np.ndarray) -> np.ndarray:
        """Codes of states given as rows of levels."""
        return states.astype(np.int64) @ self.weights

    def targets(self, levels: np.ndarray, fixed: Mapping[int, int], caps: Mapping[int, int]) -> np.ndarray:
        out = np.empty_like(levels)
        for i, table in enumerate(self.tables):
            if i in fixed:
                out[i] = fixed[i]
                continue
            if len(table.regulators):
                keys = table.weights @ levels[table.regulators]
                out[i] = table.targets[keys]
            else:
                out[i] = table.targets[0]
            if i in caps:
                np.minimum(out[i], caps[i], out=out[i])
        return out

    # ------------------------------------------------------------------ search
    def attractors(
        self,
        starts: Iterable[Subspace],
        *,
        semantics: str,
        fixed: Mapping[str, int] | None = None,
        caps: Mapping[str, int] | None = None,
        frozen: Iterable[str] = (),
        budget: int = DEFAULT_BUDGET,
        max_states: int = MAX_LISTED_STATES,
    ) -> list[Attractor]:
        """The attractors reachable from the states of ``starts`` (subspaces over
        ``names``) under ``semantics`` (synchronous, asynchronous or priority).

        ``fixed``/``caps`` perturb the network (start states are put through
        them); ``frozen`` nodes never change. Raises :class:`ExplorationTooLarge`
        when more than ``budget`` states are reachable.
        """
        if semantics not in ("synchronous", "asynchronous", "priority"):
            raise AnalysisError(f"exploration does not handle the {semantics} semantics")
        where = {n: i for i, n in enumerate(self.names)}
        fixed_i = {where[n]: v for n, v in (fixed or {}).items()}
        caps_i = {where[n]: v for n, v in (caps or {}).items() if n not in (fixed or {})}
        frozen_mask = np.zeros(len(self.names), dtype=bool)
        for n in frozen:
            frozen_mask[where[n]] = True
        start_rows = []
        for space in starts:
            count = math.prod(len(levels) for levels in space)
            if count > budget:
                raise ExplorationTooLarge(f"a start subspace has {count} states")
            start_rows.extend(subspace_states(space))
        if not start_rows:
            raise AnalysisError("no start states")
        rows = np.array(start_rows, dtype=np.int64)
        for i, v in fixed_i.items():
            rows[:, i] = v
        for i, cap in caps_i.items():
            np.minimum(rows[:, i], cap, out=rows[:, i])
        codes = np.unique(self.encode(rows))
        return self._search(codes, semantics, fixed_i, caps_i, frozen_mask, budget, max_states)

    def _search(self, start: np.ndarray, semantics: str, fixed: dict[int, int], caps: dict[int, int],
                frozen: np.ndarray, budget: int, max_states: int) -> list[Attractor]:
        seen: set[int] = set(start.tolist())
        sources: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        frontier = start
        while len(frontier):
            levels = self.decode(frontier)
            step = np.sign(self.targets(levels, fixed, caps) - levels)
            step[frozen] = 0
            if semantics == "synchronous":
                succ_from = np.arange(len(frontier))
                succ = frontier + self.weights @ step
            else:
                enabled = step != 0
                if semantics == "priority":
                    rank = np.where(enabled, self.speed[:, None], np.iinfo(np.int64).max)
                    enabled &= self.speed[:, None] == rank.min(axis=0)[None, :]
                node, column = np.nonzero(enabled)
                succ_from = column
                succ = frontier[column] + step[node, column] * self.weights[node]
            sources.append(frontier[succ_from])
            targets.append(succ)
            fresh = set(succ.tolist()) - seen
            if len(seen) + len(fresh) > budget:
                raise ExplorationTooLarge(f"more than {budget} states are reachable")
            seen |= fresh
            frontier = np.fromiter(fresh, dtype=np.int64, count=len(fresh))
        return self._terminal_components(np.sort(np.fromiter(seen, dtype=np.int64, count=len(seen))),
                                         sources, targets, max_states)

    def _terminal_components(self, seen: np.ndarray, sources: list[np.ndarray], targets: list[np.ndarray],
                             max_states: int) -> list[Attractor]:
        src = np.searchsorted(seen, np.concatenate(sources)) if sources else np.zeros(0, dtype=np.int64)
        dst = np.searchsorted(seen, np.concatenate(targets)) if targets else np.zeros(0, dtype=np.int64)
        n = len(seen)
        graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
        count, label = connected_components(graph, directed=True, connection="strong")
        leaves = np.ones(count, dtype=bool)
        crossing = label[src] != label[dst]
        leaves[label[src[crossing]]] = False
        out = []
        for component in np.nonzero(leaves)[0]:
            members = seen[label == component]
            if len(members) > max_states:  # a few disjoint subspaces rather than every state
                space = StateSpace(self.names, self.radix.tolist())
                out.append(Attractor.from_cover(self.names, space.cover(members), "cyclic", max_states))
                continue
            states: list[State] = [tuple(col) for col in self.decode(members).T.tolist()]
            out.append(Attractor.from_states(self.names, states, max_states=max_states))
        return out


_CACHE: "weakref.WeakKeyDictionary[Network, Explorer | ExplorationTooLarge]" = weakref.WeakKeyDictionary()


def explorer_for(network: Network) -> Explorer:
    """The (cached) explorer of ``network``; raises :class:`ExplorationTooLarge`
    when the network cannot be tabulated."""
    cached = _CACHE.get(network)
    if cached is None:
        try:
            cached = Explorer(network)
        except ExplorationTooLarge as exc:
            cached = exc
        _CACHE[network] = cached
    if isinstance(cached, ExplorationTooLarge):
        raise cached
    return cached
