"""Pathway diagrams: the signed interaction graph drawn with Graphviz.

:func:`pathway_diagram` builds a :class:`graphviz.Digraph` (DOT text needs no
program); :func:`write_diagram` writes DOT, or SVG/PNG/PDF when Graphviz's
``dot`` program is installed, and otherwise still writes the DOT file and says
how to get the picture.

What the diagram shows:

* activation ``→`` (green, ``normal`` head), inhibition ``⊣`` (red, ``tee``),
  dual influence (blue, tee and arrow); a label ``≥k`` when a multivalued
  regulator acts only from level k;
* inputs as ellipses, ordinary nodes as rounded boxes, phenotypes as hexagons;
  the ``group`` of each node as a labelled cluster; labels from ``label``;
  the levels of multivalued nodes and the slow ones under the name;
* drugs as red boxes with tee edges to their targets (``≤k`` for a cap); the
  nodes a perturbation fixes with a bold border and their level;
* overlays: ``levels`` fills each node by its level in an attractor;
  ``escape`` colours the escape routes of a treatment by wave (one wave, or
  the routes that define each wave), their sustaining loops in magenta, draws
  a node that supports the escape by being held off with a dashed border and
  the ones driving it solid, greys what the treatment shuts off, and lists the
  routes drawn in the legend, step by step with levels and signs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import graphviz
from graphviz.quoting import quote
import networkx as nx

from logicnet.analysis.escape import EscapeReport
from logicnet.analysis.explain import Source
from logicnet.analysis.verdict import RouteReading, report_readings
from logicnet.errors import RenderError
from logicnet.graph import interaction_graph
from logicnet.io.textfile import check_writable
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.render import styles

__all__ = [
    "pathway_diagram",
    "write_diagram",
    "diagram_svg",
    "DiagramFiles",
    "shut_off_nodes",
    "escape_readings",
    "feedback_edges",
    "FORMATS",
    "LAYOUTS",
    "GRAPHVIZ_HINT",
]

FORMATS = ("svg", "png", "pdf", "dot")
LAYOUTS = ("dot", "neato")
GRAPHVIZ_HINT = "install Graphviz (e.g. `apt install graphviz`) or use --format dot"


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _levels_text(levels: Sequence[int]) -> str:
    return "/".join(map(str, levels))


def shut_off_nodes(report: EscapeReport) -> frozenset[str]:
    """Nodes active in some untreated attractor and at 0 in every late response
    attractor of the treatment: what the drugs shut off."""
    if not report.waves or not report.untreated:
        return frozenset()
    late = report.waves[-1].attractors
    nodes = report.untreated[0].nodes
    off = set()
    for node in nodes:
        before = max(max(a.levels(node)) for a in report.untreated)
        if before > 0 and late and all(a.levels(node) == (0,) for a in late):
            off.add(node)
    return frozenset(off)


@dataclass(frozen=True)
class _Highlight:
    """Escape overlay: colour of highlighted nodes and edges, the nodes that
    support the escape by being held off, the greyed nodes, and the routes drawn."""

    nodes: dict[str, str]
    edges: dict[tuple[str, str], str]
    held_off: frozenset[str]
    off: frozenset[str]
    routes: tuple[tuple[str, RouteReading], ...]  # (wave colour, reading)


def escape_readings(report: EscapeReport, wave: int | None = None) -> tuple[RouteReading, ...]:
    """The routes an escape overlay draws: every route of ``wave``, or (no
    wave) the first route of each wave and goal, the ones that define it."""
    readings = report_readings(report)
    if wave is not None:
        return tuple(r for r in readings if r.wave == wave)
    seen: set[tuple[int, str]] = set()
    chosen = []
    for reading in readings:
        if (reading.wave, reading.goal) not in seen:
            seen.add((reading.wave, reading.goal))
            chosen.append(reading)
    return tuple(chosen)


def _escape_highlight(report: EscapeReport, wave: int | None = None) -> _Highlight:
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str], str] = {}
    driving: set[str] = set()
    held: set[str] = set()
    rank = {styles.LOOP_COLOUR: 0, styles.WAVE_COLOUR["early"]: 1, styles.WAVE_COLOUR["late"]: 2}
    phases = [w.phase for w in report.waves]

    def mark(table: dict, key: object, colour: str) -> None:
        if key not in table or rank[colour] < rank[table[key]]:
            table[key] = colour

    drawn = []
    for reading in escape_readings(report, wave):
        colour = styles.WAVE_COLOUR["early" if phases[reading.wave - 1] == "early" else "late"]
        drawn.append((colour, reading))
        for step, after in zip(reading.steps, reading.steps[1:] + (None,)):
            mark(nodes, step.node, colour)
            (held if step.off else driving).add(step.node)
            if after is not None and step.node != after.node:
                mark(edges, (step.node, after.node), colour)
        chain = {step.node for step in reading.steps}
        for route in reading.routes:  # the drug's targets that start the route
            fixed = {lit for lit, why in route.supports if isinstance(why, Source) and why.reason.startswith("drug ")}
            for lit, support in route.supports:
                if lit.node in chain and not isinstance(support, Source):
                    for source in support:
                        if source in fixed and source.node != lit.node:
                            mark(edges, (source.node, lit.node), colour)
                            if not source.holds:
                                held.add(source.node)
        for loop in reading.loops:
            for step, after in zip(loop, loop[1:]):
                mark(nodes, step.node, styles.LOOP_COLOUR)
                driving.add(step.node) if not step.off else held.add(step.node)
                if step.node != after.node:
                    mark(edges, (step.node, after.node), styles.LOOP_COLOUR)
    return _Highlight(nodes, edges, frozenset(held - driving), shut_off_nodes(report), tuple(drawn))


def feedback_edges(network: Network, graph: nx.DiGraph) -> frozenset[tuple[str, str]]:
    """Edges that close feedback loops, left out of the layering so that signal
    flows down the page: inside each strongly connected component, the edges
    that point back to a node written earlier in the network file (cutting them
    leaves no cycle, and the modeller's order of nodes is usually upstream first)."""
    order = {name: i for i, name in enumerate(network.nodes)}
    back = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        for source, target in graph.subgraph(component).edges:
            if order[target] < order[source]:
                back.add((source, target))
    return frozenset(back)


def _fixed_by(network: Network, perturbation: Perturbation) -> dict[str, str]:
    """What fixes or caps each perturbed node: ``drug``, ``alteration``, ``context`` or ``set``."""
    out: dict[str, str] = {}
    for node, reason in perturbation.reasons(network).items():
        kind = reason.split(" ", 1)[0]
        out[node] = {"genetic": "alteration"}.get(kind, kind if kind in styles.FIXED_BORDER else "set")
    return out


def _node_label(network: Network, name: str, levels: Sequence[int] | None, fixed: str | None) -> str:
    node = network.nodes[name]
    parts: list[str] = []
    if levels is not None:
        if node.levels == 1:
            parts.append({(0,): "off", (1,): "on"}.get(tuple(levels), "on/off"))
        else:
            parts.append(f"level {_levels_text(levels)} of {node.levels}")
    elif node.levels > 1:
        parts.append(f"0–{node.levels}")
    if fixed is not None:
        parts.append(fixed)
    if node.speed > 0:
        parts.append("slow")
    title = f'<FONT POINT-SIZE="13">{_text(node.display_name)}</FONT>'
    if not parts:
        return f"<{title}>"
    return f'<{title}<BR/><FONT POINT-SIZE="9">{_text(" · ".join(parts))}</FONT>>'


def _drug_id(name: str) -> str:
    """A DOT id for a drug that no node id can equal (ids have no spaces) and that
    has no ``:`` (which DOT reads as a port)."""
    return "drug " + name.replace(":", "_")


def _legend(title: str | None, escape: _Highlight | None, levels: bool, drugs: bool) -> str:
    def entry(colour: str, symbol: str, text: str) -> str:
        return (f'<TD ALIGN="RIGHT"><FONT COLOR="{colour}" POINT-SIZE="13">{_text(symbol)}</FONT></TD>'
                f'<TD ALIGN="LEFT">{_text(text)}</TD>')

    rows = [[entry(styles.SIGN_STYLE["+"][1], "→", "activates"),
             entry(styles.SIGN_STYLE["-"][1], "⊣", "inhibits"),
             entry(styles.SIGN_STYLE["±"][1], "⊣→", "dual"),
             entry("#4d4d4d", "shapes:", "ellipse input, box node, hexagon phenotype")]]
    extra = []
    if drugs:
        extra.append(entry(styles.DRUG[1], "■⊣", "drug and its targets"))
    if levels:
        extra.append(entry(styles.level_colour(1, 1), "■", "level in the attractor (darker = higher)"))
    if escape is not None:
        waves = {colour for colour, _ in escape.routes}
        if styles.WAVE_COLOUR["early"] in waves or not escape.routes:
            extra.append(entry(styles.WAVE_COLOUR["early"], "━", "escape route from wave 1 (early)"))
        if styles.WAVE_COLOUR["late"] in waves or not escape.routes:
            extra.append(entry(styles.WAVE_COLOUR["late"], "━", "escape route of wave 2 (late)"))
        if any(r.loops for _, r in escape.routes) or not escape.routes:
            extra.append(entry(styles.LOOP_COLOUR, "━", "sustaining loop"))
        extra += [entry("#4d4d4d", "▭", "solid border: drives the escape (on)"),
                  entry("#4d4d4d", "┅", "dashed border: held off, which lets the escape through"),
                  entry(styles.SHUT_OFF[1], "■", "shut off by the treatment (grey)")]
    while extra:
        rows.append(extra[:4])
        extra = extra[4:]
    width = 2 * max(len(r) for r in rows)
    body = "".join(f"<TR>{''.join(r)}</TR>" for r in rows)
    if escape is not None:
        for colour, reading in escape.routes:
            body += (f'<TR><TD COLSPAN="{width}" ALIGN="LEFT"><FONT COLOR="{colour}">wave {reading.wave} · goal'
                     f' {_text(reading.goal)}:</FONT> {_text(reading.chain)}</TD></TR>')
    head = f'<TR><TD COLSPAN="{width}"><FONT POINT-SIZE="16"><B>{_text(title)}</B></FONT></TD></TR>' if title else ""
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{head}{body}</TABLE>>'


def pathway_diagram(
    network: Network,
    *,
    perturbation: Perturbation | None = None,
    panel: bool | None = None,
    levels: Mapping[str, Sequence[int]] | None = None,
    escape: EscapeReport | None = None,
    wave: int | None = None,
    layout: str = "dot",
    title: str | None = None,
    legend: bool = True,
    graph: nx.DiGraph | None = None,
) -> graphviz.Digraph:
    """The pathway diagram of ``network`` (see the module notes).

    ``perturbation`` marks the nodes it fixes and draws its drugs; ``panel``
    also draws the drugs of the network's panel that are not given (default:
    only when the perturbation has no drug). ``levels`` (node -> levels, e.g.
    from an attractor) fills nodes by level; ``escape`` highlights the routes
    of an :func:`~logicnet.analysis.escape.escape_routes` report: those of
    ``wave`` (1 or 2), or by default the first route of each wave and goal.
    """
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout '{layout}'; expected one of {', '.join(LAYOUTS)}")
    perturbation = perturbation or Perturbation()
    graph = interaction_graph(network) if graph is None else graph
    fixed_by = _fixed_by(network, perturbation)
    highlight = _escape_highlight(escape, wave) if escape is not None else None
    given = list(perturbation.drugs)
    shown_panel = [d for d in network.drugs if d not in given] if (panel if panel is not None else not given) else []

    dot = graphviz.Digraph(name=network.name, engine=layout)
    dot.attr("graph", fontname=styles.FONT, fontsize="12", newrank="true", splines="true", nodesep="0.25",
             ranksep="0.45", margin="0.15", pad="0.2", bgcolor="white")
    if layout == "dot":
        dot.attr("graph", rankdir="TB", compound="true")
    else:
        dot.attr("graph", overlap="false", sep="+6")
    if legend:
        dot.attr("graph", label=_legend(title, highlight, levels is not None,
                                        bool(given or shown_panel)),
                 labelloc="b", labeljust="c", fontsize="11")
    elif title:
        dot.attr("graph", label=f'<<B>{_text(title)}</B>>', labelloc="t", labeljust="c", fontsize="16")
    dot.attr("node", fontname=styles.FONT, fontsize="11", penwidth="1.2", color="#4d4d4d", margin="0.12,0.04")
    dot.attr("edge", fontname=styles.FONT, fontsize="9", penwidth="1.3", arrowsize="0.8")

    groups: dict[str | None, list[str]] = {}
    for name, node in network.nodes.items():
        groups.setdefault(node.group, []).append(name)

    def add_node(target: graphviz.Digraph, name: str) -> None:
        kind = graph.nodes[name]["kind"]
        attrs = {"shape": styles.SHAPE[kind], "style": "filled" + (",rounded" if kind == "node" else ""),
                 "fillcolor": styles.KIND_FILL[kind]}
        node_levels = tuple(levels[name]) if levels is not None and name in levels else None
        top = network.nodes[name].levels
        if node_levels is not None:
            colours = [styles.level_colour(v, top) for v in node_levels]
            attrs["fillcolor"] = colours[0] if len(colours) == 1 else ":".join(colours)
            if node_levels == (0,):
                attrs["fontcolor"] = "#6b6b6b"
        fixed_text = None
        if name in fixed_by:
            how = fixed_by[name]
            attrs.update(color=styles.FIXED_BORDER[how], penwidth="2.6")
            if name not in perturbation.fixed:
                fixed_text = f"≤ {perturbation.caps[name]} ({how})"
            elif node_levels is not None:  # the level is shown already
                fixed_text = f"fixed ({how})"
            else:
                level = perturbation.fixed[name]
                fixed_text = (("= on" if level else "= off") if top == 1 else f"= {level}") + \
                    ("" if how == "context" else f" ({how})")
        if highlight is not None:
            if name in highlight.off:
                attrs.update(fillcolor=styles.SHUT_OFF[0], fontcolor=styles.SHUT_OFF[1])
                if name not in fixed_by:
                    attrs.update(color=styles.SHUT_OFF[1], style=attrs["style"] + ",dashed")
            if name in highlight.nodes:
                attrs.update(color=highlight.nodes[name], penwidth="2.8")
                if name in highlight.held_off:  # a support held off, not a driver
                    attrs.update(style=attrs["style"].replace(",dashed", "") + ",dashed", penwidth="2.4")
        target.node(name, _node_label(network, name, node_levels, fixed_text), **attrs)

    clusters = 0
    for group, members in sorted(groups.items(), key=lambda kv: kv[0] is not None):
        if group is None or layout != "dot":
            for name in members:
                add_node(dot, name)
            continue
        clusters += 1
        with dot.subgraph(name=f"cluster_{clusters}") as cluster:
            cluster.attr(label=f"<<I>{_text(group)}</I>>", style="rounded,filled", fillcolor="#f6f6f6",
                         color="#d0d0d0", fontcolor="#555555", fontsize="11", labeljust="l", margin="10")
            for name in members:
                add_node(cluster, name)

    feedback = feedback_edges(network, graph) if layout == "dot" else frozenset()
    for source, target, data in sorted(graph.edges(data=True)):
        arrowhead, colour, _ = styles.SIGN_STYLE[data["sign"]]
        attrs = {"arrowhead": arrowhead, "color": colour}
        if (source, target) in feedback:
            attrs["constraint"] = "false"
        thresholds = tuple(data.get("thresholds") or ())
        if thresholds and min(thresholds) > 1:
            attrs["label"] = "≥" + ",".join(map(str, thresholds))
            attrs["fontcolor"] = colour
        if highlight is not None:
            if (source, target) in highlight.edges:
                attrs.update(color=highlight.edges[(source, target)], penwidth="3.2")
                if source in highlight.held_off:
                    attrs["style"] = "dashed"
            elif source in highlight.off or target in highlight.off:
                attrs.update(color=styles.SHUT_OFF[1], style="dashed")
            else:
                attrs["color"] = styles.mix(colour, "#ffffff", 0.35)
        dot.edge(source, target, **attrs)

    for name in given + shown_panel:
        drug = network.drug(name)
        active = name in given
        border = styles.DRUG[1] if active else styles.DRUG[2]
        drug_id = _drug_id(name)
        label = f'<<B>{_text(name)}</B>>' if active else f'<{_text(name)}>'
        dot.node(drug_id, label, shape="box", style="filled" + ("" if active else ",dashed"),
                 **({"fontsize": "13", "margin": "0.15,0.06"} if active else {}),
                 fillcolor=styles.DRUG[0] if active else "#fdf3f2", color=border,
                 fontcolor=styles.DRUG[1] if active else "#8a5a5a", penwidth="1.8" if active else "1")
        for target, effect in drug.targets.items():
            attrs = {"arrowhead": "tee", "color": border, "penwidth": "2.2" if active else "1",
                     "style": "solid" if active else "dashed"}
            if effect.cap:
                attrs.update(label=f"≤{effect.level}", fontcolor=border)
            elif effect.level > 0:
                attrs.update(arrowhead="normal", label=f"={effect.level}", fontcolor=border)
            dot.edge(drug_id, target, **attrs)

    if layout == "dot":
        for kind, rank in (("input", "min"), ("phenotype", "max")):
            members = [quote(n) for n in network.nodes if graph.nodes[n]["kind"] == kind]
            if members:
                dot.body.append(f"\t{{rank={rank}; {'; '.join(members)}}}\n")
    return dot


@dataclass(frozen=True)
class DiagramFiles:
    """What :func:`write_diagram` wrote: the file asked for, or the DOT file and
    why the picture is missing (``message``)."""

    path: Path
    format: str
    message: str | None = None

    @property
    def complete(self) -> bool:
        return self.message is None


def diagram_svg(diagram: graphviz.Digraph) -> str | None:
    """The diagram as SVG text, or ``None`` when Graphviz is not installed."""
    try:
        return diagram.pipe(format="svg", quiet=True).decode("utf-8")
    except graphviz.ExecutableNotFound:
        return None
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz failed to lay out the diagram: {exc}") from None


def write_diagram(diagram: graphviz.Digraph, path: str | Path, *, format: str | None = None,
                  force: bool = False) -> DiagramFiles:
    """Write ``diagram`` to ``path`` as ``format`` (default: from the suffix).

    When Graphviz's ``dot`` is missing, the DOT text goes to ``path`` with the
    suffix ``.dot`` and the result's ``message`` says how to get the picture.
    Existing files are not replaced unless ``force``.
    """
    path = Path(path)
    format = (format or path.suffix.lstrip(".") or "svg").lower()
    if format not in FORMATS:
        raise RenderError(f"unknown picture format '{format}'; expected one of {', '.join(FORMATS)}")
    if format == "dot":
        check_writable(path, force=force).write_text(diagram.source, encoding="utf-8")
        return DiagramFiles(path, "dot")
    check_writable(path, force=force)
    try:
        data = diagram.pipe(format=format, quiet=True)
    except graphviz.ExecutableNotFound:
        dot_path = path.with_suffix(".dot")
        check_writable(dot_path, force=force).write_text(diagram.source, encoding="utf-8")
        return DiagramFiles(dot_path, "dot", f"Graphviz's `dot` program was not found, so no {format} was made;"
                                             f" wrote the DOT file {dot_path} instead: {GRAPHVIZ_HINT}")
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz failed to lay out the diagram: {exc}") from None
    path.write_bytes(data)
    return DiagramFiles(path, format)
