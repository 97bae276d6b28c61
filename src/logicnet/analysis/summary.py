"""What ``logicnet info`` reports: the network's size, parts and loops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from logicnet.graph import FeedbackLoops, feedback_loops, interaction_graph
from logicnet.model.network import Network

__all__ = ["NetworkSummary", "summarize"]


@dataclass(frozen=True)
class NetworkSummary:
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
    non_functional: int
    loops: FeedbackLoops

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "nodes": self.nodes,
            "multivalued": self.multivalued,
            "inputs": list(self.inputs),
            "phenotypes": self.phenotypes,
            "drugs": self.drugs,
            "alterations": list(self.alterations),
            "contexts": list(self.contexts),
            "scenarios": self.scenarios,
            "slow_nodes": list(self.slow_nodes),
            "edges": self.edges,
            "non_functional_regulators": self.non_functional,
            "feedback_loops": {
                "complete": self.loops.complete,
                "positive": self.loops.positive,
                "negative": self.loops.negative,
                "dual": len(self.loops.loops) - self.loops.positive - self.loops.negative,
                "loops": [{"nodes": list(l.nodes), "sign": l.sign} for l in self.loops.loops],
            },
        }


def summarize(network: Network, graph: nx.DiGraph | None = None, *, loop_limit: int = 1000) -> NetworkSummary:
    """Count and list the parts of ``network`` and its feedback loops."""
    graph = interaction_graph(network) if graph is None else graph
    edges = {"+": 0, "-": 0, "±": 0}
    for _, _, sign in graph.edges(data="sign"):
        edges[sign] += 1
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
        non_functional=len(graph.graph["non_functional"]),
        loops=feedback_loops(graph, limit=loop_limit),
    )
