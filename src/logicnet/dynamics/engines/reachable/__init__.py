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
from dataclasses import replace
from typing import Callable, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from logicnet.dynamics.attractor import Attractor, State, clamped, subspace_size
from logicnet.dynamics.engines.base import Answer, Declined, Task, Variant
from logicnet.dynamics.semantics import STATE_SEMANTICS, transitions, unit_steps
from logicnet.dynamics.tables import RuleTables, StateSpace
from logicnet.errors import EngineUnavailable

__all__ = ["ReachableEngine", "ExplorationTooLarge", "DEFAULT_BUDGET", "VARIANT_CAP"]

#: The most states the engine visits before refusing (and letting another engine answer).
DEFAULT_BUDGET = 200_000
#: The most states one of several variants searched together may reach before
#: it is left to another engine (so that a large one does not crowd out the rest).
VARIANT_CAP = 5_000


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
        assert task.starts is not None
        total = sum(subspace_size(sub) for sub in task.starts)
        if total > self.budget:  # declined before paying for their codes (a large attractor to start from)
            raise ExplorationTooLarge(f"the start states number {total:,}, more than the reachable engine visits"
                                      f" ({self.budget:,}): use --engine symbolic")
        tables = RuleTables(task.network)
        space = tables.space
        start = space.union_codes(task.starts)  # every start state's code, without listing the states
        codes, sources, targets = self._visit(tables, start, task)
        found = _terminal_components(space, codes, sources, targets, task)
        shown = found if task.limit is None else found[: task.limit]
        return Answer(shown, complete=len(shown) == len(found), count=len(found) if task.count else None)

    def solve_variants(self, task: Task, variants: Sequence[Variant],
                       cap: int = VARIANT_CAP) -> list[list[Attractor] | None]:
        """The attractors reachable from each variant's starts, each variant a
        perturbation of ``task.network`` (``task.starts`` is not used), or
        ``None`` for a variant that reaches more than ``cap`` states (or is
        the largest when all of them together pass the budget): it is left to
        another engine. One breadth-first search visits them all, a state's
        code carrying its variant's number above the network's own codes: the
        NumPy calls of a level are paid once for all the variants instead of
        once for each, which is most of the cost when each reaches few states."""
        self.check(replace(task, starts=tuple(s for v in variants for s in v.starts)))
        tables = RuleTables(task.network)
        space = tables.space
        size, count = space.size, len(variants)
        if size * count >= 1 << 62:
            raise ExplorationTooLarge(f"{count} variants of 2^{math.log2(size):.0f} states do not fit 64-bit codes")
        where = {n: i for i, n in enumerate(space.names)}
        n = len(space.names)
        # each variant's clamp as rows of arrays, read per state by its variant number
        pinned = np.zeros((count, n), dtype=bool)  # fixed nodes
        level = np.zeros((count, n), dtype=np.int16)
        ceiling = np.full((count, n), np.iinfo(np.int16).max, dtype=np.int16)  # caps
        still = np.zeros((count, n), dtype=bool)  # frozen nodes
        blocks = []
        too_many = np.zeros(count, dtype=bool)  # variants whose starts alone pass ``cap``
        for v, variant in enumerate(variants):
            fixed = {where[name]: value for name, value in variant.fixed.items()}
            caps = {where[name]: value for name, value in variant.caps.items() if name not in variant.fixed}
            for k, value in fixed.items():
                pinned[v, k], level[v, k] = True, value
            for k, value in caps.items():
                ceiling[v, k] = value
            for name in variant.frozen:
                still[v, where[name]] = True
            through = [clamped(s, fixed, caps) for s in variant.starts]  # drugs act at once
            if sum(subspace_size(sub) for sub in through) > cap:  # past its share before a step
                too_many[v] = True
                through = []
            blocks.append(space.union_codes(through) + v * size if through else np.zeros(0, dtype=np.int64))
        if too_many.all():
            return [None] * count
        start = np.concatenate(blocks)
        capped, frozen = bool((ceiling < np.iinfo(np.int16).max).any()), bool(still.any())

        def step_of(codes: np.ndarray, levels: np.ndarray) -> np.ndarray:
            target = tables.targets(levels).astype(np.int16)
            owner = codes // size
            target = np.where(pinned[owner].T, level[owner].T, target)
            if capped:
                np.minimum(target, ceiling[owner].T, out=target)
            step = np.sign(target - levels).astype(np.int8)
            if frozen:
                step[still[owner].T] = 0
            return step

        split = _Split(size, count, cap)
        split.dropped |= too_many
        split.reached += np.bincount(start // size, minlength=count)
        codes, sources, targets = self._visit(tables, start, task, step_of, split)
        out: list[list[Attractor]] = [[] for _ in variants]
        # a dropped variant's graph is partial: its unexpanded states only look terminal
        ignored = split.dropped[codes // size] if split.dropped.any() else None
        for members in _terminal_members(codes, sources, targets, ignored):
            v = int(members[0] // size)
            out[v].append(_attractor(space, members - v * size, task.max_states))
        return [None if split.dropped[v] else sorted(found, key=Attractor.sort_key) for v, found in enumerate(out)]

    def _visit(self, tables: RuleTables, start: np.ndarray, task: Task,
               step_of: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
               split: "_Split | None" = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every reachable state (codes in the order found: a state's index
        there is its id) and the transitions between them (source and target
        ids). Each breadth-first level is handled in NumPy: its successors are
        sorted once and looked up among the states already seen. ``step_of``
        gives the unit steps of states (codes and their levels) where they are
        not the network's own. With ``split`` (variants in blocks of codes),
        a variant past its share is dropped instead of refusing them all: the
        search stops expanding its states."""
        space = tables.space
        weights = np.array(space.weights, dtype=np.int64)
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
            if split is not None and split.dropped.any():
                keep = ~split.dropped[frontier // split.size]
                frontier, frontier_ids = frontier[keep], frontier_ids[keep]
                if not len(frontier):
                    break
            levels = space.levels(frontier)
            step = unit_steps(tables, levels) if step_of is None else step_of(frontier, levels)
            batches = list(transitions(frontier, step, weights, task.semantics, tables.ranks))
            if not batches:
                break
            succ = np.concatenate([b[1] for b in batches]) if len(batches) > 1 else batches[0][1]
            codes, inverse = np.unique(succ, return_inverse=True)
            where = np.searchsorted(known, codes)
            hit = where < len(known)
            hit[hit] = known[where[hit]] == codes[hit]
            fresh = codes[~hit]
            if split is not None:
                if split.drop(fresh, self.budget):
                    continue  # this level again, without the dropped variants' states
            elif count + len(fresh) > self.budget:
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


class _Split:
    """How many states each variant of a joint search has reached, and which
    variants were dropped for reaching too many."""

    def __init__(self, size: int, count: int, cap: int):
        self.size = size
        self.cap = cap
        self.reached = np.zeros(count, dtype=np.int64)
        self.dropped = np.zeros(count, dtype=bool)

    def drop(self, fresh: np.ndarray, budget: int) -> bool:
        """Count the ``fresh`` states of a level; drop the variants they take
        past ``cap``, and the largest ones while the live variants together
        pass ``budget``. True when a variant was dropped (the level's states
        are then not counted: it is visited again without them)."""
        grown = self.reached + np.bincount(fresh // self.size, minlength=len(self.reached))
        over = (grown > self.cap) & ~self.dropped
        live = ~(self.dropped | over)
        while grown[live].sum() > budget:
            largest = int(np.flatnonzero(live)[np.argmax(grown[live])])
            live[largest] = False
            over[largest] = True
        if over.any():
            self.dropped |= over
            return True
        self.reached = grown
        return False


def _terminal_members(codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                      ignored: np.ndarray | None = None) -> list[np.ndarray]:
    """The terminal SCCs of the visited graph (states ``codes`` by id,
    transitions ``src -> dst`` as ids), each as the sorted codes of its
    states; none holding a state of the mask ``ignored``."""
    n = len(codes)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    count, label = connected_components(graph, directed=True, connection="strong")
    leaves = np.ones(count, dtype=bool)
    crossing = label[src] != label[dst]
    leaves[label[src[crossing]]] = False
    if ignored is not None:
        leaves[label[ignored]] = False
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(count + 1))
    return [np.sort(codes[order[bounds[c]:bounds[c + 1]]]) for c in np.flatnonzero(leaves).tolist()]


def _attractor(space: StateSpace, members: np.ndarray, max_states: int) -> Attractor:
    """The attractor of the states ``members`` (sorted codes)."""
    if len(members) > max_states:  # a few disjoint subspaces rather than every state
        return Attractor.from_cover(space.names, space.cover(members), "cyclic", max_states)
    states: list[State] = [tuple(col) for col in space.levels(members).T.tolist()]
    return Attractor.from_states(space.names, states, max_states=max_states)


def _terminal_components(space: StateSpace, codes: np.ndarray, src: np.ndarray, dst: np.ndarray,
                         task: Task) -> list[Attractor]:
    """The terminal SCCs of the visited graph as attractors (states in code order)."""
    found = [_attractor(space, members, task.max_states) for members in _terminal_members(codes, src, dst)]
    return sorted(found, key=Attractor.sort_key)
