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
        codes, sources, targets = self._visit(tables, start, task)
        found = _terminal_components(space, codes, sources, targets, task)
        shown = found if task.limit is None else found[: task.limit]
        return Answer(shown, complete=len(shown) == len(found), count=len(found) if task.count else None)

    def _visit(self, tables: RuleTables, start: np.ndarray,
               task: Task) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every reachable state (codes in the order found: a state's index
        there is its id) and the transitions between them (source and target
        ids). Each breadth-first level is handled in NumPy: its successors are
        sorted once and looked up among the states already seen."""
        space = tables.space
        weights = np.array(space.weights, dtype=np.int64)
        radix = np.array(space.radix, dtype=np.int64)
        found = [start]  # codes by id, in blocks
        count = len(start)
        known = start  # every code seen, sorted
        known_ids = np.arange(count, dtype=np.int64)  # the id of each code of ``known``
        sources: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        frontier, frontier_ids = start, known_ids
        while len(frontier):
            task.check_time("the reachable engine")
            task.report(f"reachable: {count:,} states visited")
            levels = (frontier[None, :] // weights[:, None]) % radix[:, None]
            step = unit_steps(tables, levels)
            batches = list(transitions(frontier, step, weights, task.semantics, tables.ranks))
            if not batches:
                break
            succ = np.concatenate([b[1] for b in batches]) if len(batches) > 1 else batches[0][1]
            codes, inverse = np.unique(succ, return_inverse=True)
            where = np.searchsorted(known, codes)
            hit = where < len(known)
            hit[hit] = known[where[hit]] == codes[hit]
            fresh = codes[~hit]
            if count + len(fresh) > self.budget:
                raise ExplorationTooLarge(f"more than {self.budget:,} states are reachable: use --engine symbolic")
            ids = np.empty(len(codes), dtype=np.int64)
            ids[hit] = known_ids[where[hit]]
            fresh_ids = np.arange(count, count + len(fresh), dtype=np.int64)
            ids[~hit] = fresh_ids
            sources.extend(frontier_ids[b[0]] for b in batches)
            targets.append(ids[inverse.reshape(-1)])
            if len(fresh):
                found.append(fresh)
                count += len(fresh)
                at = where[~hit]  # where each fresh code goes among the known ones (both sorted)
                known, known_ids = np.insert(known, at, fresh), np.insert(known_ids, at, fresh_ids)
            frontier, frontier_ids = fresh, fresh_ids
        empty = np.zeros(0, dtype=np.int64)
        return (np.concatenate(found), np.concatenate(sources) if sources else empty,
                np.concatenate(targets) if targets else empty)


def _terminal_components(space: StateSpace, codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                         task: Task) -> list[Attractor]:
    """The terminal SCCs of the visited graph (states ``codes`` by id,
    transitions ``src -> dst`` as ids), as attractors (states in code order)."""
    n = len(codes)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    count, label = connected_components(graph, directed=True, connection="strong")
    leaves = np.ones(count, dtype=bool)
    crossing = label[src] != label[dst]
    leaves[label[src[crossing]]] = False
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(count + 1))
    out = []
    for component in np.flatnonzero(leaves).tolist():
        members = np.sort(codes[order[bounds[component]:bounds[component + 1]]])
        if len(members) > task.max_states:  # a few disjoint subspaces rather than every state
            out.append(Attractor.from_cover(space.names, space.cover(members), "cyclic", task.max_states))
            continue
        states: list[State] = [tuple(col) for col in space.levels(members).T.tolist()]
        out.append(Attractor.from_states(space.names, states, max_states=task.max_states))
    return sorted(out, key=Attractor.sort_key)
