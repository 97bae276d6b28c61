"""The ``reachable`` engine: attractors reachable from start states, found by
visiting only the states that can be reached.

It answers what the explicit engine answers when the whole state space is too
large but the part the start states reach is small, as for cells treated from
their untreated attractors. States are explored breadth-first in NumPy
batches with the one transition rule of :mod:`logicnet.dynamics.semantics`
over per-node lookup tables (:mod:`logicnet.dynamics.tables`, shared between
perturbed copies of a network, so that thousands of treatments reuse them);
the terminal strongly connected components of the visited graph are the
attractors. Past :data:`DEFAULT_BUDGET` reachable states it refuses
(:class:`ExplorationTooLarge`), and ``auto`` lets another engine answer.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from logicnet.dynamics.attractor import Attractor, State, subspace_size, subspace_states
from logicnet.dynamics.engines.base import Answer, Declined, Task
from logicnet.dynamics.semantics import STATE_SEMANTICS, transitions, unit_steps
from logicnet.dynamics.tables import RuleTables, StateSpace
from logicnet.errors import EngineUnavailable

__all__ = ["ReachableEngine", "ExplorationTooLarge", "DEFAULT_BUDGET"]

#: The most states the engine visits before refusing (and letting another engine answer).
DEFAULT_BUDGET = 200_000


class ExplorationTooLarge(Declined):
    """More states are reachable than the budget allows (use another engine)."""


class ReachableEngine:
    """Synchronous, asynchronous and priority attractors reachable from
    ``task.starts``, visiting at most :data:`DEFAULT_BUDGET` states."""

    name = "reachable"
    #: the task's network is explored as it is: percolating it first only costs time
    percolates = False

    def __init__(self, budget: int = DEFAULT_BUDGET):
        self.budget = budget

    def check(self, task: Task) -> None:
        """Refuse questions without start states, fixed points and most
        permissive attractors, and state codes beyond 64 bits."""
        if task.question != "attractors" or task.semantics not in STATE_SEMANTICS:
            raise EngineUnavailable(
                f"the reachable engine answers synchronous, asynchronous and priority attractors,"
                f" not {'fixed points' if task.question == 'fixed_points' else task.semantics + ' attractors'}"
            )
        if task.starts is None:
            raise EngineUnavailable("the reachable engine needs start states (--from, or a response)")
        bits = sum(math.log2(node.levels + 1) for node in task.network.nodes.values())
        if bits > 62:
            raise ExplorationTooLarge(f"the state space (2^{bits:.0f} states) does not fit 64-bit codes:"
                                      " use --engine symbolic")
        for space in task.starts:
            if subspace_size(space) > self.budget:
                raise ExplorationTooLarge(
                    f"a start subspace has {subspace_size(space):,} states, more than the reachable"
                    f" engine visits ({self.budget:,}): use --engine symbolic")

    def solve(self, task: Task) -> Answer:
        self.check(task)
        tables = RuleTables(task.network)
        space = tables.space
        assert task.starts is not None
        rows = [state for s in task.starts for state in subspace_states(s)]
        start = np.unique(np.array(rows, dtype=np.int64).reshape(len(rows), -1) @ np.array(space.weights, dtype=np.int64))
        seen, sources, targets = self._visit(tables, start, task)
        found = _terminal_components(space, seen, sources, targets, task)
        shown = found if task.limit is None else found[: task.limit]
        return Answer(shown, complete=len(shown) == len(found), count=len(found) if task.count else None)

    def _visit(self, tables: RuleTables, start: np.ndarray,
               task: Task) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Every reachable state (sorted codes) and the transitions between them."""
        space = tables.space
        weights = np.array(space.weights, dtype=np.int64)
        radix = np.array(space.radix, dtype=np.int64)
        seen: set[int] = set(start.tolist())
        sources: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        frontier = start
        while len(frontier):
            task.check_time("the reachable engine")
            task.report(f"reachable: {len(seen):,} states visited")
            levels = (frontier[None, :] // weights[:, None]) % radix[:, None]
            step = unit_steps(tables, levels)
            fresh: set[int] = set()
            for positions, succ in transitions(frontier, step, weights, task.semantics, tables.ranks):
                sources.append(frontier[positions])
                targets.append(succ)
                fresh |= set(succ.tolist()) - seen
            if len(seen) + len(fresh) > self.budget:
                raise ExplorationTooLarge(f"more than {self.budget:,} states are reachable: use --engine symbolic")
            seen |= fresh
            frontier = np.fromiter(fresh, dtype=np.int64, count=len(fresh))
        return np.sort(np.fromiter(seen, dtype=np.int64, count=len(seen))), sources, targets


def _terminal_components(space: StateSpace, seen: np.ndarray, sources: list[np.ndarray],
                         targets: list[np.ndarray], task: Task) -> list[Attractor]:
    """The terminal SCCs of the visited graph, as attractors (in code order)."""
    empty = np.zeros(0, dtype=np.int64)
    src = np.searchsorted(seen, np.concatenate(sources)) if sources else empty
    dst = np.searchsorted(seen, np.concatenate(targets)) if targets else empty
    n = len(seen)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    count, label = connected_components(graph, directed=True, connection="strong")
    leaves = np.ones(count, dtype=bool)
    crossing = label[src] != label[dst]
    leaves[label[src[crossing]]] = False
    order = np.argsort(label, kind="stable")  # members of each component, in code order
    bounds = np.searchsorted(label[order], np.arange(count + 1))
    out = []
    for component in np.flatnonzero(leaves).tolist():
        members = seen[order[bounds[component]:bounds[component + 1]]]
        if len(members) > task.max_states:  # a few disjoint subspaces rather than every state
            out.append(Attractor.from_cover(space.names, space.cover(members), "cyclic", task.max_states))
            continue
        states: list[State] = [tuple(col) for col in space.levels(members).T.tolist()]
        out.append(Attractor.from_states(space.names, states, max_states=task.max_states))
    return sorted(out, key=Attractor.sort_key)
