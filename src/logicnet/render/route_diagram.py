"""A small diagram of one escape route: only the route's nodes, left to
right, each influence with its sign, the levels the route holds, nodes held
off drawn grey and dashed, loops in magenta and the drugs that act on the
route's nodes. The HTML report draws one per route it shows."""

from __future__ import annotations

import html
from typing import Collection, Mapping, Sequence

import graphviz
import networkx as nx

from logicnet.graph import interaction_graph
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.render import styles

__all__ = ["route_diagram"]


def route_diagram(
    network: Network,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    levels: Mapping[str, int] | None = None,
    held_off: Collection[str] = (),
    loop_edges: Collection[tuple[str, str]] = (),
    perturbation: Perturbation | None = None,
    graph: nx.DiGraph | None = None,
    name: str = "route",
) -> graphviz.Digraph:
    """The route through ``nodes`` along ``edges`` (regulator → target; an
    edge the network does not have is drawn grey). ``levels`` are written
    under the names; ``held_off`` nodes act by staying below a threshold;
    ``perturbation`` adds the drugs that fix or cap one of the nodes."""
    graph = interaction_graph(network) if graph is None else graph
    levels = levels or {}
    dot = graphviz.Digraph(name=name)
    dot.attr("graph", rankdir="LR", fontname=styles.FONT, nodesep="0.2", ranksep="0.3", margin="0.05",
             pad="0.05", bgcolor="white")
    dot.attr("node", fontname=styles.FONT, fontsize="10", margin="0.08,0.03", penwidth="1.2", color="#4d4d4d")
    dot.attr("edge", arrowsize="0.7", penwidth="1.6")
    shown = list(dict.fromkeys(nodes))
    for node in shown:
        kind = graph.nodes[node]["kind"] if node in graph else "node"
        label = html.escape(network.nodes[node].display_name if node in network.nodes else node)
        if node in levels:
            label += f'<BR/><FONT POINT-SIZE="8">= {levels[node]}</FONT>'
        attrs = {"shape": styles.SHAPE[kind], "style": "filled" + (",rounded" if kind == "node" else ""),
                 "fillcolor": styles.KIND_FILL[kind]}
        if node in held_off:
            attrs.update(fillcolor=styles.SHUT_OFF[0], fontcolor="#555555", color=styles.SHUT_OFF[1],
                         style=attrs["style"] + ",dashed")
        elif node in levels and node in network.nodes:
            attrs["fillcolor"] = styles.level_colour(levels[node], network.nodes[node].levels)
        dot.node(node, f"<{label}>", **attrs)
    for source, target in dict.fromkeys(edges):
        if source not in shown or target not in shown:
            continue
        sign = graph.edges[source, target]["sign"] if graph.has_edge(source, target) else None
        arrowhead, colour, _ = styles.SIGN_STYLE[sign] if sign else ("normal", "#9e9e9e", "")
        attrs = {"arrowhead": arrowhead, "color": colour}
        if (source, target) in loop_edges:
            attrs.update(color=styles.LOOP_COLOUR, penwidth="2.4", constraint="false")
        dot.edge(source, target, **attrs)
    if perturbation is not None:
        for drug in perturbation.drugs:
            hit = [t for t in network.drugs[drug].targets if t in shown]
            if not hit:
                continue
            ident = f"drug {drug}"
            dot.node(ident, f"<<B>{html.escape(drug)}</B>>", shape="box", style="filled", fillcolor=styles.DRUG[0],
                     color=styles.DRUG[1], fontcolor=styles.DRUG[1])
            for target in hit:
                dot.edge(ident, target, arrowhead="tee", color=styles.DRUG[1])
    return dot
