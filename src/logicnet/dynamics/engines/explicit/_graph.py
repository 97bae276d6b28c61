"""State transition graphs over the explicit state space, and their attractors.

The graph of a semantics is built from one array per node: the step (-1, 0 or
+1) that node takes in each state toward its target level, and the
transitions of :func:`logicnet.dynamics.semantics.transitions` (the one
definition of a step): asynchronous and priority dynamics move one node per
transition; synchronous dynamics moves all of them at once, so its graph is
functional and its terminal components are its cycles. Attractors are the terminal strongly connected components (no
transition leaves them), found with scipy.sparse.csgraph; with start states, a
breadth-first search from a hub vertex linked to every start keeps the ones
that can be reached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np

from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.semantics import transitions, unit_steps
from logicnet.dynamics.tables import RuleTables, StateSpace
from logicnet.graph import strongly_connected_components

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["steps", "Edges", "edges", "Components", "terminal_components"]

#: Source and target codes of a batch of transitions.
Batch = tuple[np.ndarray, np.ndarray]
#: Something that lists the transitions again, batch by batch, on every call.
Edges = Callable[[], Iterator[Batch]]


def steps(space: StateSpace, tables: RuleTables, task: Task) -> np.ndarray:
    """The unit step of every node toward its target in every state: shape
    ``(n, space.size)``, int8 in {-1, 0, 1}."""

    def each(i: int) -> None:
        task.check_time("the explicit engine")
        task.report("explicit: evaluating rules", i, len(space.names))

    return unit_steps(tables, space.levels_range(0, space.size), each=each)


def edges(space: StateSpace, step: np.ndarray, semantics: str, ranks: np.ndarray) -> Edges:
    """The transitions of ``semantics`` over the whole state space, given the
    unit steps (see :func:`logicnet.dynamics.semantics.transitions`)."""
    codes = np.arange(space.size, dtype=np.int64)

    def batches() -> Iterator[Batch]:
        return transitions(codes, step, space.weights, semantics, ranks, by_node=True)

    return batches


def _graph(size: int, batches: Edges, hub_targets: np.ndarray | None) -> csr_matrix:
    """The graph on codes ``0..size-1`` as a CSR matrix, plus vertex ``size``
    (the hub) with an edge to each of ``hub_targets``."""
    counts = np.zeros(size + 1, dtype=np.int64)
    for source, _ in batches():
        counts[source] += 1  # a batch never repeats a source
    if hub_targets is not None:
        counts[size] = len(hub_targets)
    indptr = np.zeros(size + 2, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    free = indptr[:-1].copy()
    for source, target in batches():
        indices[free[source]] = target
        free[source] += 1
    if hub_targets is not None:
        indices[indptr[size]:] = hub_targets
    from scipy.sparse import csr_matrix

    # csgraph ignores weights: a zero-stride array of ones saves 8 bytes per edge
    ones = np.broadcast_to(np.float64(1.0), indices.shape)
    index_type = np.int32 if indptr[-1] < 2**31 else np.int64
    return csr_matrix((ones, indices, indptr.astype(index_type)), shape=(size + 1, size + 1))


class Components:
    """Groups of state codes: group ``k`` is ``members[offsets[k]:offsets[k + 1]]``
    (sorted), groups in order of their smallest code."""

    def __init__(self, members: np.ndarray, offsets: np.ndarray):
        self.members = members
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        return self.members[self.offsets[k]:self.offsets[k + 1]]

    def firsts(self) -> np.ndarray:
        """The smallest code of every group."""
        return self.members[self.offsets[:-1]]

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)


def terminal_components(size: int, batches: Edges, starts: np.ndarray | None, task: Task) -> Components:
    """Every terminal strongly connected component (reachable from ``starts``
    when given)."""
    task.report("explicit: building the transition graph")
    count, labels, reached = (_small_components if size <= SMALL_GRAPH else _components)(size, batches, starts, task)
    task.check_time("the explicit engine")
    terminal = np.ones(count, dtype=bool)  # the hub is alone in its component
    for source, target in batches():
        leaving = labels[source] != labels[target]
        terminal[labels[source[leaving]]] = False
    if reached is not None:
        terminal &= reached
    members = np.flatnonzero(terminal[labels[:size]])
    member_labels = labels[members]
    kept, first = np.unique(member_labels, return_index=True)  # members are in code order
    rank = np.empty(count, dtype=np.int64)
    rank[kept[np.argsort(first)]] = np.arange(len(kept))
    order = np.argsort(rank[member_labels], kind="stable")
    offsets = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rank[member_labels], minlength=len(kept)), out=offsets[1:])
    return Components(members[order], offsets)


#: Graphs on at most this many states are searched in Python: scipy's import
#: (about 0.4 s) would cost more than the search.
SMALL_GRAPH = 1 << 12


def _components(size: int, batches: Edges, starts: np.ndarray | None,
                task: Task | None = None) -> tuple[int, np.ndarray, np.ndarray | None]:
    """The strongly connected components of the graph with the hub (vertex
    ``size``, with an edge to each start): their count, each vertex's label,
    and (with starts) which components the hub reaches. By scipy's csgraph."""
    from scipy.sparse.csgraph import breadth_first_order, connected_components

    graph = _graph(size, batches, starts)
    if task is not None:
        task.check_time("the explicit engine")
        task.report("explicit: strongly connected components")
    count, labels = connected_components(graph, directed=True, connection="strong")
    if starts is None:
        return count, labels, None
    reached = np.zeros(count, dtype=bool)
    reached[labels[breadth_first_order(graph, size, directed=True, return_predecessors=False)]] = True
    return count, labels, reached


def _small_components(size: int, batches: Edges, starts: np.ndarray | None,
                      task: Task | None = None) -> tuple[int, np.ndarray, np.ndarray | None]:
    """:func:`_components` by the project's own Tarjan search."""
    successors: dict[int, list[int]] = {v: [] for v in range(size + 1)}
    for source, target in batches():
        for s, t in zip(source.tolist(), target.tolist()):
            successors[s].append(t)
    if starts is not None:
        successors[size] = starts.tolist()
    if task is not None:
        task.check_time("the explicit engine")
        task.report("explicit: strongly connected components")
    labels = np.empty(size + 1, dtype=np.int64)
    count = 0
    for count, component in enumerate(strongly_connected_components(successors), start=1):
        labels[list(component)] = count - 1
    if starts is None:
        return count, labels, None
    seen = {size}
    pending = [size]
    while pending:
        for nxt in successors[pending.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                pending.append(nxt)
    reached = np.zeros(count, dtype=bool)
    reached[labels[list(seen)]] = True
    return count, labels, reached
