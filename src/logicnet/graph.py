"""The signed interaction graph of a network (a networkx ``DiGraph``).

Nodes carry ``levels``, ``kind`` (``input``, ``phenotype`` or ``node``),
``group``, ``label`` and ``speed``. There is an edge ``R -> T`` exactly when R
has an effect on T's rule (checked on the function, see
:mod:`logicnet.model.functions`), with attributes ``sign`` (``+``, ``-`` or
``±``) and ``thresholds`` (levels of R at which it acts). Regulators a rule
mentions without effect are listed in ``graph.graph["non_functional"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from logicnet.errors import ModelError, did_you_mean
from logicnet.model.functions import influences, new_bdd
from logicnet.model.network import Network

__all__ = [
    "interaction_graph",
    "Loop",
    "FeedbackLoops",
    "feedback_loops",
    "SignedPath",
    "signed_paths",
    "combine_signs",
]


def node_kind(network: Network, name: str) -> str:
    node = network.nodes[name]
    if node.phenotype:
        return "phenotype"
    if node.is_input:
        return "input"
    return "node"


def interaction_graph(network: Network) -> nx.DiGraph:
    """The signed regulatory graph of ``network``."""
    graph = nx.DiGraph(name=network.name, non_functional=[])
    for name, node in network.nodes.items():
        graph.add_node(
            name,
            levels=node.levels,
            kind=node_kind(network, name),
            group=node.group,
            label=node.display_name,
            speed=node.speed,
        )
    bdd = new_bdd()
    for name in network.nodes:
        found, dead = influences(network, name, bdd)
        for influence in found:
            graph.add_edge(
                influence.source, name, sign=influence.sign, thresholds=influence.thresholds
            )
        graph.graph["non_functional"].extend((regulator, name) for regulator in dead)
    return graph


def combine_signs(signs: list[str]) -> str:
    """The sign of a path or loop: ``±`` if any edge is dual, else the product."""
    if "±" in signs:
        return "±"
    return "-" if signs.count("-") % 2 else "+"


@dataclass(frozen=True)
class Loop:
    """An elementary feedback loop ``nodes[0] -> nodes[1] -> ... -> nodes[0]``."""

    nodes: tuple[str, ...]
    sign: str

    def __str__(self) -> str:
        return " → ".join(self.nodes + self.nodes[:1]) + f" ({self.sign})"


@dataclass(frozen=True)
class FeedbackLoops:
    """Loops found, shortest first; ``complete`` is false when ``limit`` stopped the search."""

    loops: tuple[Loop, ...]
    complete: bool

    @property
    def positive(self) -> int:
        return sum(1 for loop in self.loops if loop.sign == "+")

    @property
    def negative(self) -> int:
        return sum(1 for loop in self.loops if loop.sign == "-")


def _rotate(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def feedback_loops(
    graph: nx.DiGraph, *, limit: int = 1000, max_length: int | None = None
) -> FeedbackLoops:
    """Elementary cycles with their signs, shortest first: every loop shorter
    than the longest one listed is listed, and at most ``limit`` in all (cycle
    counts grow exponentially on large networks, so the result says whether
    it is complete)."""
    bound = max_length or graph.number_of_nodes()
    first = list(islice(nx.simple_cycles(graph, length_bound=max_length), limit + 1))
    if len(first) <= limit:  # all of them (Johnson's algorithm: time linear in the cycles)
        found, complete = sorted((_rotate(c) for c in first), key=lambda c: (len(c), c)), True
    else:  # too many: the shortest, with a length bound doubled until it holds more than the limit
        longest, length = max(len(c) for c in first), 2
        while True:
            found, complete = _shortest_cycles(graph, limit, min(length, longest, bound))
            if not complete or length >= min(longest, bound):
                break
            length *= 2
    loops = []
    for cycle in found:
        signs = [graph.edges[a, b]["sign"] for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        loops.append(Loop(cycle, combine_signs(signs)))
    return FeedbackLoops(tuple(loops), complete)


def _shortest_cycles(graph: nx.DiGraph, limit: int, max_length: int) -> tuple[list[tuple[str, ...]], bool]:
    """Up to ``limit`` elementary cycles of at most ``max_length`` nodes, each
    starting at its smallest node, shortest first; and whether that is all.

    Each cycle is found once, from its smallest node s, by a depth-first
    search over the nodes above s in s's strongly connected component, pruned
    by the distance back to s. The length bound falls as cycles are found:
    once more than ``limit`` cycles of length L or less are known, no longer
    cycle can be listed, and none of length L is still needed.
    """
    order = {n: i for i, n in enumerate(sorted(graph.nodes))}
    by_length: dict[int, list[tuple[str, ...]]] = {}
    bound = max_length
    overflow = False
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if graph.has_edge(node, node):
                by_length.setdefault(1, []).append((node,))
            continue
        members = sorted(component, key=order.__getitem__)
        successors = {n: sorted((w for w in graph.successors(n) if w in component and w != n),
                                key=order.__getitem__) for n in members}
        predecessors = {n: [w for w in graph.predecessors(n) if w in component and w != n] for n in members}
        for node in members:
            if graph.has_edge(node, node):
                by_length.setdefault(1, []).append((node,))
        for rank, start in enumerate(members):
            if bound < 2:
                break
            allowed = set(members[rank:])
            back = _distances_back(start, predecessors, allowed, bound - 1)
            path = [start]
            on_path = {start}
            stack = [iter(successors[start])]
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    stack.pop()
                    on_path.discard(path.pop())
                    continue
                length = len(path)
                if step == start:
                    if length <= bound:
                        by_length.setdefault(length, []).append(tuple(path))
                        bound, overflow = _lower_bound(by_length, limit, bound, overflow)
                    continue
                if step in on_path or step not in back or length + back[step] > bound:
                    continue
                path.append(step)
                on_path.add(step)
                stack.append(iter(successors[step]))
    bound, overflow = _lower_bound(by_length, limit, bound, overflow)  # self-loops found last
    out = sorted((cycle for length, cycles in by_length.items() if length <= bound + 1 for cycle in cycles),
                 key=lambda cycle: (len(cycle), cycle))
    return out[:limit], not overflow


def _lower_bound(by_length: dict[int, list], limit: int, bound: int, overflow: bool) -> tuple[int, bool]:
    """The longest cycles still worth finding: once the cycles of length L or
    less outnumber ``limit``, those of length L and above are not needed."""
    total = 0
    for length in sorted(by_length):
        total += len(by_length[length])
        if total > limit:
            return min(bound, length - 1), True
    return bound, overflow


def _distances_back(start: str, predecessors: dict[str, list[str]], allowed: set[str],
                    depth: int) -> dict[str, int]:
    """Edges from each allowed node to ``start`` (breadth first, up to ``depth``)."""
    distance = {start: 0}
    frontier = [start]
    for level in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for p in predecessors[node]:
                if p in allowed and p not in distance:
                    distance[p] = level
                    nxt.append(p)
        if not nxt:
            break
        frontier = nxt
    return distance


@dataclass(frozen=True)
class SignedPath:
    """A simple path with the sign of its effect (``+`` activates the end)."""

    nodes: tuple[str, ...]
    sign: str

    def __str__(self) -> str:
        return " → ".join(self.nodes) + f" ({self.sign})"


def signed_paths(
    graph: nx.DiGraph, source: str, target: str, *, cutoff: int | None = None, limit: int = 1000
) -> list[SignedPath]:
    """Simple paths from ``source`` to ``target`` (e.g. a drug target to a
    phenotype) with their signs, shortest first."""
    for name in (source, target):
        if name not in graph:
            raise ModelError(f"unknown node '{name}'{did_you_mean(name, graph.nodes)}")
    paths = []
    for path in islice(nx.all_simple_paths(graph, source, target, cutoff=cutoff), limit):
        signs = [graph.edges[a, b]["sign"] for a, b in zip(path, path[1:])]
        paths.append(SignedPath(tuple(path), combine_signs(signs)))
    paths.sort(key=lambda p: (len(p.nodes), p.nodes))
    return paths
