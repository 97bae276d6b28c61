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
    """Elementary cycles with their signs (at most ``limit``; cycle counts grow
    exponentially on large networks, so the result says whether it is complete)."""
    found = list(islice(nx.simple_cycles(graph, length_bound=max_length), limit + 1))
    complete = len(found) <= limit
    if not complete:  # keep the shortest loops: raise the length bound until the limit
        found = []
        for bound in range(1, (max_length or graph.number_of_nodes()) + 1):
            batch = list(islice(nx.simple_cycles(graph, length_bound=bound), limit + 1))
            if len(batch) > limit:
                shorter = {_rotate(c) for c in found}
                found += [c for c in batch if _rotate(c) not in shorter][: limit - len(found)]
                break
            found = batch
    loops = []
    for cycle in found[:limit]:
        nodes = _rotate(cycle)
        signs = [graph.edges[a, b]["sign"] for a, b in zip(nodes, nodes[1:] + nodes[:1])]
        loops.append(Loop(nodes, combine_signs(signs)))
    loops.sort(key=lambda loop: (len(loop.nodes), loop.nodes))
    return FeedbackLoops(tuple(loops), complete)


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
