"""Model diagnostics beyond what makes a file unreadable.

Errors (undefined names, thresholds above levels ...) are raised when a file
is read. :func:`diagnose` lists what is legal but probably a modelling slip:
regulators without effect, nodes nothing reads, phenotypes nothing can move,
goals a rule can never reach, contexts that pin non-input nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import networkx as nx

from logicnet.errors import SourceLocation
from logicnet.graph import interaction_graph
from logicnet.model.network import Network
from logicnet.serialize import json_field

__all__ = ["Diagnostic", "diagnose"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding: ``level`` is ``error`` or ``warning``."""

    level: str
    message: str
    location: SourceLocation | None = json_field(None, skip=True)

    __json_extra__: ClassVar[dict[str, str]] = {"file": "file", "line": "line", "column": "column"}

    @property
    def file(self) -> str | None:
        return self.location.file if self.location else None

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.level}: {self.message}"


def diagnose(network: Network, graph: nx.DiGraph | None = None) -> list[Diagnostic]:
    """Warnings about ``network`` (it is already known to be readable)."""
    graph = interaction_graph(network) if graph is None else graph
    out: list[Diagnostic] = []

    def warn(message: str, *keys: str) -> None:
        location = next((network.location(k) for k in keys if network.location(k)), None)
        out.append(Diagnostic("warning", message, location))

    for regulator, target in graph.graph["non_functional"]:
        warn(
            f"rule for '{target}' mentions '{regulator}', but '{regulator}' has no effect on it"
            " (non-functional regulator)",
            f"atom:{target}:{regulator}",
            f"rule:{target}",
        )
    drug_targets = {t for drug in network.drugs.values() for t in drug.targets}
    for name, node in network.nodes.items():
        if not node.phenotype and graph.out_degree(name) == 0 and name not in drug_targets:
            if not node.is_input:
                warn(f"node '{name}' is read by no rule and is not a phenotype", f"node:{name}")

    cyclic = {n for component in nx.strongly_connected_components(graph) for n in component
              if len(component) > 1 or graph.has_edge(n, n)}
    movers = set(network.inputs) | drug_targets | cyclic
    for alteration in network.alterations.values():
        movers |= set(alteration.levels)
    for name in network.phenotypes:
        node = network.nodes[name]
        upstream = nx.ancestors(graph, name) | {name}
        if not upstream & movers:
            warn(
                f"phenotype '{name}' is influenced by no input, drug target, alteration or"
                " feedback loop: its level never changes",
                f"node:{name}",
            )
        if node.goal is not None and node.rule is not None:
            reachable = {lvl for lvl in range(node.levels + 1) if node.goal.holds(lvl)}
            if not reachable & node.rule.levels_used:
                warn(
                    f"goal {node.goal} can never be met: the rule for '{name}' never targets"
                    f" {'/'.join(map(str, sorted(reachable)))}",
                    f"goal:{name}",
                    f"node:{name}",
                )
    for context in network.contexts.values():
        pinned = [n for n in context.levels if not network.nodes[n].is_input]
        if pinned:
            warn(
                f"context '{context.name}' sets non-input node(s) {', '.join(pinned)}: they are"
                " fixed like an alteration",
                f"context:{context.name}",
            )
    return out
