"""What ``logicnet info`` reports: the network's size, parts and loops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from logicnet.graph import FeedbackLoops, feedback_loops, loops_of, regulations
from logicnet.model.network import Network
from logicnet.serialize import Result, json_field

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NetworkSummary", "summarize"]


def _loops_json(loops: FeedbackLoops) -> dict[str, Any]:
    return {
        "complete": loops.complete,
        "positive": loops.positive,
        "negative": loops.negative,
        "dual": len(loops.loops) - loops.positive - loops.negative,
        "loops": [{"nodes": list(loop.nodes), "sign": loop.sign} for loop in loops.loops],
    }


@dataclass(frozen=True)
class NetworkSummary(Result):
    """A network at a glance."""

    name: str
    nodes: int
    multivalued: dict[str, int]
    inputs: tuple[str, ...]
    phenotypes: dict[str, str | None]
    drugs: dict[str, str]
    alterations: tuple[str, ...]
    contexts: tuple[str, ...]
    scenarios: int
    slow_nodes: tuple[str, ...]
    edges: dict[str, int]
    non_functional: int = json_field(key="non_functional_regulators")
    loops: FeedbackLoops = json_field(key="feedback_loops", value=_loops_json)


def summarize(network: Network, graph: nx.DiGraph | None = None, *, loop_limit: int = 1000) -> NetworkSummary:
    """Count and list the parts of ``network`` and its feedback loops (from
    ``graph``, its :func:`~logicnet.graph.interaction_graph`, when given;
    without one, networkx is not needed)."""
    edges = {"+": 0, "-": 0, "±": 0}
    if graph is None:
        found, dead = regulations(network)
        successors: dict[str, list[str]] = {name: [] for name in network.nodes}
        signs = {}
        for influence in found:
            successors[influence.source].append(influence.target)
            signs[influence.source, influence.target] = influence.sign
            edges[influence.sign] += 1
        non_functional = len(dead)
        loops = loops_of(successors, signs, limit=loop_limit)
    else:
        for _, _, sign in graph.edges(data="sign"):
            edges[sign] += 1
        non_functional = len(graph.graph["non_functional"])
        loops = feedback_loops(graph, limit=loop_limit)
    return NetworkSummary(
        name=network.name,
        nodes=len(network.nodes),
        multivalued={n: node.levels for n, node in network.nodes.items() if node.levels > 1},
        inputs=network.inputs,
        phenotypes={n: (str(network.nodes[n].goal) if network.nodes[n].goal else None) for n in network.phenotypes},
        drugs={
            name: ", ".join(f"{t}{e}" for t, e in drug.targets.items())
            for name, drug in network.drugs.items()
        },
        alterations=tuple(network.alterations),
        contexts=tuple(network.contexts),
        scenarios=len(network.scenarios),
        slow_nodes=network.slow_nodes,
        edges=edges,
        non_functional=non_functional,
        loops=loops,
    )
