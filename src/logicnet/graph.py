"""The signed interaction graph of a network (a networkx ``DiGraph``).

Nodes carry ``levels``, ``kind`` (``input``, ``phenotype`` or ``node``),
``group``, ``label`` and ``speed``. There is an edge ``R -> T`` exactly when R
has an effect on T's rule (checked on the function, see
:mod:`logicnet.model.functions`), with attributes ``sign`` (``+``, ``-`` or
``±``) and ``thresholds`` (levels of R at which it acts). Regulators a rule
mentions without effect are listed in ``graph.graph["non_functional"]``.

networkx is imported only where a ``DiGraph`` is built or searched: the
regulations (:func:`regulations`) and the feedback loops
(:func:`loops_of`) are computed on plain dictionaries, so ``logicnet info``
starts without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

from logicnet.errors import ModelError, did_you_mean
from logicnet.model.functions import Influence, influences, new_bdd
from logicnet.model.network import Network

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "interaction_graph",
    "regulations",
    "loops_of",
    "strongly_connected_components",
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


def regulations(network: Network) -> tuple[list[Influence], list[tuple[str, str]]]:
    """Every functional influence of ``network`` (target by target, in node
    order) and the ``(regulator, target)`` pairs a rule mentions without effect."""
    found: list[Influence] = []
    dead: list[tuple[str, str]] = []
    bdd = new_bdd()
    for name in network.nodes:
        acting, inert = influences(network, name, bdd)
        found.extend(acting)
        dead.extend((regulator, name) for regulator in inert)
    return found, dead


def interaction_graph(network: Network) -> nx.DiGraph:
    """The signed regulatory graph of ``network``."""
    import networkx as nx

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
    found, dead = regulations(network)
    for influence in found:
        graph.add_edge(influence.source, influence.target, sign=influence.sign, thresholds=influence.thresholds)
    graph.graph["non_functional"].extend(dead)
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


def feedback_loops(
    graph: nx.DiGraph, *, limit: int = 1000, max_length: int | None = None
) -> FeedbackLoops:
    """Elementary cycles of ``graph`` with their signs, shortest first (see
    :func:`loops_of`)."""
    successors = {n: list(graph.successors(n)) for n in graph}
    signs = {(a, b): sign for a, b, sign in graph.edges(data="sign")}
    return loops_of(successors, signs, limit=limit, max_length=max_length)


def loops_of(successors: Mapping[str, Sequence[str]], signs: Mapping[tuple[str, str], str], *,
             limit: int = 1000, max_length: int | None = None) -> FeedbackLoops:
    """Elementary cycles with their signs, shortest first: every loop shorter
    than the longest one listed is listed, and at most ``limit`` in all (cycle
    counts grow exponentially on large networks, so the result says whether
    it is complete). ``successors`` lists every node's targets, ``signs`` each
    edge's sign."""
    bound = max_length or len(successors)
    if max_length is None:
        first = list(islice(simple_cycles(successors), limit + 1))
    else:  # cycles of bounded length need another search (networkx's)
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(successors)
        graph.add_edges_from((a, b) for a, targets in successors.items() for b in targets)
        first = list(islice(nx.simple_cycles(graph, length_bound=max_length), limit + 1))
    if len(first) <= limit:  # all of them
        found, complete = sorted((_rotate(c) for c in first), key=lambda c: (len(c), c)), True
    else:  # too many: the shortest, with a length bound doubled until it holds more than the limit
        longest, length = max(len(c) for c in first), 2
        while True:
            found, complete = _shortest_cycles(successors, limit, min(length, longest, bound))
            if not complete or length >= min(longest, bound):
                break
            length *= 2
    loops = []
    for cycle in found:
        edge_signs = [signs[a, b] for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        loops.append(Loop(cycle, combine_signs(edge_signs)))
    return FeedbackLoops(tuple(loops), complete)


def strongly_connected_components(successors: Mapping[str, Sequence[str]]) -> Iterator[set[str]]:
    """The strongly connected components, each as soon as it is complete
    (Tarjan's depth-first search, without recursion: nodes and their
    successors visited in the given order, so the components come in the
    order networkx gives them)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    waiting: list[str] = []  # visited nodes whose component is still open
    open_: set[str] = set()
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        waiting.append(root)
        open_.add(root)
        path = [(root, iter(successors[root]))]
        while path:
            node, rest = path[-1]
            for nxt in rest:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    waiting.append(nxt)
                    open_.add(nxt)
                    path.append((nxt, iter(successors[nxt])))
                    break
                if nxt in open_ and index[nxt] < low[node]:
                    low[node] = index[nxt]
            else:
                path.pop()
                if path:
                    parent = path[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = waiting.pop()
                        open_.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    yield component


def is_cycle(component: set[str], successors: Mapping[str, Sequence[str]]) -> bool:
    """Whether a strongly connected component holds a cycle (more than one
    node, or one node that succeeds itself)."""
    return len(component) > 1 or any(n in successors[n] for n in component)


def simple_cycles(successors: Mapping[str, Sequence[str]]) -> Iterator[list[str]]:
    """Every elementary cycle once, lazily (Johnson's algorithm: time linear
    in the number of cycles found, so a caller may stop after a few). Each
    component is searched from its least node (in the given order) for the
    cycles through it; that node is then removed and the rest split again."""
    order = {n: i for i, n in enumerate(successors)}
    pending = [c for c in strongly_connected_components(successors)
               if len(c) > 1 or any(n in successors[n] for n in c)]
    while pending:
        component = pending.pop()
        start = min(component, key=order.__getitem__)
        inside = {n: [w for w in successors[n] if w in component] for n in component}
        yield from _cycles_through(start, inside)
        component.discard(start)
        rest = {n: [w for w in inside[n] if w != start] for n in component}
        pending.extend(c for c in strongly_connected_components(rest)
                       if len(c) > 1 or any(n in rest[n] for n in c))


def _cycles_through(start: str, successors: Mapping[str, Sequence[str]]) -> Iterator[list[str]]:
    """The elementary cycles through ``start`` in a strongly connected graph:
    a depth-first search in which a node that led to no cycle stays blocked
    until one of the nodes it leads to is freed (Johnson, 1975)."""
    blocked = {start}
    waiters: dict[str, set[str]] = {}  # node -> blocked nodes to free with it
    path = [start]
    found_below = [False]
    stack = [iter(successors[start])]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            node = path.pop()
            found = found_below.pop()
            if found:
                free = [node]
                while free:
                    u = free.pop()
                    if u in blocked:
                        blocked.discard(u)
                        free.extend(waiters.pop(u, ()))
            else:
                for w in successors[node]:
                    waiters.setdefault(w, set()).add(node)
            if found_below:
                found_below[-1] = found_below[-1] or found
            continue
        if nxt == start:
            yield list(path)
            found_below[-1] = True
        elif nxt not in blocked:
            path.append(nxt)
            blocked.add(nxt)
            found_below.append(False)
            stack.append(iter(successors[nxt]))


def _rotate(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _shortest_cycles(successors: Mapping[str, Sequence[str]], limit: int,
                     max_length: int) -> tuple[list[tuple[str, ...]], bool]:
    """Up to ``limit`` elementary cycles of at most ``max_length`` nodes, each
    starting at its smallest node, shortest first; and whether that is all.

    Each cycle is found once, from its smallest node s, by a depth-first
    search over the nodes above s in s's strongly connected component, pruned
    by the distance back to s. The length bound falls as cycles are found:
    once more than ``limit`` cycles of length L or less are known, no longer
    cycle can be listed, and none of length L is still needed.
    """
    order = {n: i for i, n in enumerate(sorted(successors))}
    by_length: dict[int, list[tuple[str, ...]]] = {}
    bound = max_length
    overflow = False
    for component in strongly_connected_components(successors):
        if len(component) == 1:
            (node,) = component
            if node in successors[node]:
                by_length.setdefault(1, []).append((node,))
            continue
        members = sorted(component, key=order.__getitem__)
        inside = {n: [w for w in successors[n] if w in component and w != n] for n in members}
        successors_in = {n: sorted(ws, key=order.__getitem__) for n, ws in inside.items()}
        predecessors: dict[str, list[str]] = {n: [] for n in members}
        for n in members:
            for w in inside[n]:
                predecessors[w].append(n)
        for node in members:
            if node in successors[node]:
                by_length.setdefault(1, []).append((node,))
        for rank, start in enumerate(members):
            if bound < 2:
                break
            allowed = set(members[rank:])
            back = _distances_back(start, predecessors, allowed, bound - 1)
            path = [start]
            on_path = {start}
            stack = [iter(successors_in[start])]
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
                stack.append(iter(successors_in[step]))
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
    import networkx as nx

    for name in (source, target):
        if name not in graph:
            raise ModelError(f"unknown node '{name}'{did_you_mean(name, graph.nodes)}")
    paths = []
    for path in islice(nx.all_simple_paths(graph, source, target, cutoff=cutoff), limit):
        signs = [graph.edges[a, b]["sign"] for a, b in zip(path, path[1:])]
        paths.append(SignedPath(tuple(path), combine_signs(signs)))
    paths.sort(key=lambda p: (len(p.nodes), p.nodes))
    return paths
