"""The HTML report: one self-contained file presenting an analysis.

:func:`html_report` turns an :class:`~logicnet.analysis.analyze.AnalysisReport`
(and, optionally, a :class:`~logicnet.dynamics.simulate.TimeCourse`) into a
page with the model summary, the pathway diagram, the untreated attractors,
the single-drug responses with their escape-route diagrams, the minimal
combination intersection sets, the scenario checks and the time course.
Diagrams are inline SVG and plots PNG data URIs, so the page needs no network
and no other file. The renderer only presents: every number comes from the
results it is given.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from logicnet import __version__
from logicnet.analysis.analyze import AnalysisReport, ContextAnalysis
from logicnet.analysis.escape import EscapeReport
from logicnet.dynamics.attractor import Attractor
from logicnet.dynamics.simulate import TimeCourse
from logicnet.graph import interaction_graph
from logicnet.model.network import Effect, Network
from logicnet.model.perturbation import Perturbation
from logicnet.render import styles
from logicnet.render.pathway import diagram_svg, pathway_diagram
from logicnet.render.plots import Figure, attractor_heatmap_figure, figure_bytes, time_course_figure

__all__ = ["Picture", "report_pictures", "html_report", "response_heatmap", "slug"]


def slug(text: str) -> str:
    """A file- and anchor-friendly form of ``text``."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "x"


@dataclass(frozen=True)
class Picture:
    """One diagram of the report: its file stem, caption, DOT text and SVG
    (``None`` when Graphviz's ``dot`` is not installed)."""

    name: str
    caption: str
    dot: str
    svg: str | None


def report_pictures(network: Network, analysis: AnalysisReport) -> list[Picture]:
    """The pathway diagram and one escape-route diagram for every single drug
    that is escaped in a context (drawn once; the report and ``analyze -o``
    share them)."""
    graph = interaction_graph(network)
    diagram = pathway_diagram(network, graph=graph, title=network.name)
    pictures = [Picture("pathway", f"{network.name}: the signed interaction graph and the drug panel",
                        diagram.source, diagram_svg(diagram))]
    for ctx in analysis.contexts:
        for report in ctx.single_drugs:
            if not report.routes:
                continue
            perturbation = Perturbation.build(network, context=report.context, alterations=report.alterations,
                                              drugs=report.drugs)
            treatment = " + ".join(report.drugs)
            title = f"{treatment} in {report.context or 'no context'}: escape routes"
            diagram = pathway_diagram(network, graph=graph, perturbation=perturbation, escape=report, title=title)
            name = "escape_" + slug(f"{report.context or 'none'}_{'_'.join(report.drugs)}")
            pictures.append(Picture(name, title, diagram.source, diagram_svg(diagram)))
    return pictures


# ------------------------------------------------------------------ helpers


def _e(value: object) -> str:
    return html.escape(str(value))


def _inline_svg(svg: str, prefix: str) -> str:
    """SVG text ready to sit in the page: no XML prolog, ids made unique with
    ``prefix``, and scaled to the page width."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="diagram" role="img"', svg, count=1)
    return svg


def _png(data: bytes, alt: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" alt="{_e(alt)}">'


def _figure(body: str, caption: str, cls: str = "") -> str:
    return f'<figure class="{cls}">{body}<figcaption>{_e(caption)}</figcaption></figure>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table; cells are HTML already (escape text with :func:`_e`)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _levels(attractors: Sequence[Attractor], node: str) -> str:
    return "/".join(map(str, sorted({v for a in attractors for v in a.levels(node)})))


def _phenotype_cells(network: Network, analysis: AnalysisReport, attractors: Sequence[Attractor]) -> list[str]:
    cells = []
    goals = {g.node: g for g in analysis.goals}
    for name in analysis.phenotypes:
        text = _levels(attractors, name) if attractors else "–"
        goal = goals.get(name)
        if goal is None or not attractors:
            cls = ""
        else:
            cls = "met" if all(a.meets(goal) for a in attractors) else "missed"
        cells.append(f'<span class="level {cls}">{_e(text)}</span>')
    return cells


def _picture(pictures: dict[str, Picture], name: str) -> str:
    picture = pictures.get(name)
    if picture is None:
        return ""
    if picture.svg is None:
        return _figure(f'<p class="note">Graphviz\'s <code>dot</code> program is not installed, so this diagram'
                       f' is given as DOT text (install Graphviz, e.g. <code>apt install graphviz</code>, to'
                       f' see it):</p><pre class="dot">{_e(picture.dot)}</pre>', picture.caption, "diagram")
    return _figure(_inline_svg(picture.svg, slug(name)), picture.caption, "diagram")


# ----------------------------------------------------------------- sections


def _effect(effect: Effect) -> str:
    """Nothing for full inhibition, `` (≤1)`` for a cap, `` (=2)`` for a forced level."""
    if effect.cap:
        return f" (≤{effect.level})"
    return "" if effect.level == 0 else f" (={effect.level})"


def _summary(network: Network, analysis: AnalysisReport) -> str:
    graph = interaction_graph(network)
    signs = {"+": 0, "-": 0, "±": 0}
    for _, _, sign in graph.edges(data="sign"):
        signs[sign] += 1
    multivalued = sum(1 for n in network.nodes.values() if n.levels > 1)
    slow = sum(1 for n in network.nodes.values() if n.speed > 0)
    facts = [
        ("nodes", f"{len(network.nodes)} ({multivalued} multivalued, {slow} slow, {len(network.inputs)} inputs)"),
        ("interactions", f"{graph.number_of_edges()} ({signs['+']} activating, {signs['-']} inhibiting,"
                         f" {signs['±']} dual)"),
        ("phenotypes", ", ".join(network.nodes[p].display_name for p in network.phenotypes) or "none"),
        ("goals", ", ".join(map(str, analysis.goals))),
        ("semantics", f"{analysis.semantics}; treatments start from the {analysis.start} attractors"),
        ("contexts", ", ".join(network.contexts) or "none"),
        ("alterations", ", ".join(network.alterations) or "none"),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts)
    out = ""
    if network.description:
        out += f'<p class="description">{_e(network.description)}</p>'
    out += f'<table class="facts">{rows}</table>'
    if network.drugs:
        drug_rows = [(f"<b>{_e(d.name)}</b>", _e(d.drug_class or ""),
                      _e(", ".join(network.nodes[t].display_name + _effect(e) for t, e in d.targets.items())))
                     for d in network.drugs.values()]
        out += "<h3>Drug panel</h3>" + _table(["drug", "class", "targets"], drug_rows)
    if network.references:
        out += "<h3>References</h3><ul class=\"refs\">" + "".join(
            f"<li>{_e(r)}</li>" for r in network.references) + "</ul>"
    return out


def _untreated(network: Network, analysis: AnalysisReport, ctx: ContextAnalysis) -> str:
    state = "the goals are met without treatment" if ctx.goals_met_untreated else "the goals are not met"
    out = f"<p>{len(ctx.untreated)} untreated attractor(s); {_e(state)}.</p>"
    rows = []
    for i, attractor in enumerate(ctx.untreated, 1):
        kind = attractor.kind.replace("_", " ") + ("" if attractor.size == 1 else f", {attractor.size} states")
        rows.append([f"#{i}", _e(kind)] + _phenotype_cells(network, analysis, [attractor]))
    if rows:
        out += _table(["attractor", "type"] + [network.nodes[p].display_name for p in analysis.phenotypes], rows)
    return out


def response_heatmap(network: Network, ctx: ContextAnalysis) -> Figure | None:
    """Nodes × attractors: the untreated attractors of a context, then the late
    response attractors of each single drug (one column each)."""
    columns: list[str] = []
    found: list[Attractor] = []
    for i, attractor in enumerate(ctx.untreated, 1):
        columns.append("untreated" + (f" #{i}" if len(ctx.untreated) > 1 else ""))
        found.append(attractor)
    for report in ctx.single_drugs:
        late = report.waves[-1].attractors if report.waves else ()
        for i, attractor in enumerate(late, 1):
            columns.append(" + ".join(report.drugs) + (f" #{i}" if len(late) > 1 else ""))
            found.append(attractor)
    if not found:
        return None
    return attractor_heatmap_figure(
        found, levels={n: node.levels for n, node in network.nodes.items()},
        labels={n: node.display_name for n, node in network.nodes.items()}, columns=columns,
        title=f"{ctx.context or 'no context'}: untreated and late response attractors")


def _route_list(report: EscapeReport) -> str:
    if not report.routes:
        return "–"
    items = []
    for route, waves in report.routes:
        wave = "early" if "early" in waves else "late"
        items.append(f'<li><span class="wave {wave}">{_e(", ".join(dict.fromkeys(waves)))}</span> '
                     f'<span class="literal">{_e(route.literal)}</span>: {_e(route.describe())}</li>')
    return f'<ul class="routes">{"".join(items)}</ul>'


def _single_drugs(network: Network, analysis: AnalysisReport, ctx: ContextAnalysis,
                  pictures: dict[str, Picture]) -> str:
    if not ctx.single_drugs:
        return "<p>No drug was analysed.</p>"
    headers = ["drug", "phase"] + [network.nodes[p].display_name for p in analysis.phenotypes] + ["escapes"]
    rows = []
    for report in ctx.single_drugs:
        for k, wave in enumerate(report.waves):
            name = f"<b>{_e(' + '.join(report.drugs))}</b>" if k == 0 else ""
            escapes = f"{len(wave.escapes)} of {len(wave.attractors)}" if wave.escapes else "none"
            rows.append([name, _e(wave.phase)] + _phenotype_cells(network, analysis, wave.attractors)
                        + [_e(escapes)])
    out = _table(headers, rows, "responses")
    out += ('<p class="note">Levels of the phenotypes in the response attractors; green meets the goal, red'
            ' misses it. early: slow nodes still at their untreated levels (the first wave); late: the full'
            ' dynamics.</p>')
    figure = response_heatmap(network, ctx)
    if figure is not None:
        out += _figure(_png(figure_bytes(figure), "attractor heatmap"),
                       "Every node (rows) in the untreated attractors and in the late response attractor(s) of"
                       " each drug (columns): the colour is the level as a fraction of the node's maximum, the"
                       " number the level (0/1 where it varies).", "heatmap")
    for report in ctx.single_drugs:
        if not report.routes:
            continue
        treatment = " + ".join(report.drugs)
        name = "escape_" + slug(f"{report.context or 'none'}_{'_'.join(report.drugs)}")
        out += (f'<details class="escape"><summary>Escape routes of <b>{_e(treatment)}</b>'
                f' ({len(report.routes)})</summary>{_route_list(report)}{_picture(pictures, name)}</details>')
    return out


def _combinations(ctx: ContextAnalysis) -> str:
    report = ctx.combinations
    head = (f"<p>Sets of at most {report.max_size} drugs after which every response attractor meets the goals,"
            f" while no smaller set does ({report.checked} treatments checked;"
            f" {'complete' if report.complete else 'incomplete'}).</p>")
    if report.goals_met_untreated:
        return head + "<p>The goals are already met without treatment.</p>"
    if not report.minimal_sets:
        return head + f"<p>No set of at most {report.max_size} drugs meets the goals.</p>"
    rows = []
    for m in report.minimal_sets:
        robust = {True: '<span class="level met">yes</span>', False: '<span class="level missed">no</span>',
                  None: "not checked"}[m.robust]
        closed = "<br>".join(_e(r) for r in m.routes_closed[:4])
        if len(m.routes_closed) > 4:
            closed += f"<br><i>… {len(m.routes_closed) - 4} more</i>"
        escapes = "; ".join(_e(g) for g in m.genetic_escapes) or "–"
        rows.append([f"<b>{_e(' + '.join(m.members))}</b>", closed or "–", robust, escapes])
    return head + _table(["set", "escape routes it closes", "robust", "genetic escapes (third wave)"], rows,
                         "combinations")


def _scenarios(analysis: AnalysisReport) -> str:
    checks = analysis.scenarios
    if checks is None:
        return "<p>No scenario was checked.</p>"
    passed = sum(r.passed for r in checks.results)
    rows = []
    for result in checks.results:
        s = result.scenario
        treatment = " → ".join(" + ".join(step) or "none" for step in s.steps)
        status = '<span class="level met">pass</span>' if result.passed else '<span class="level missed">FAIL</span>'
        failures = "<br>".join(
            _e(f"{f.node}: expected {f.expected}, found {'/'.join(map(str, f.observed)) or 'nothing'}")
            for f in result.failures)
        rows.append([status, _e(s.name), _e(s.context or "–"), _e(", ".join(s.alterations) or "–"),
                     _e(treatment), _e(s.phase), failures or "–"])
    return (f"<p>{passed} of {len(checks.results)} scenarios pass.</p>"
            + _table(["", "scenario", "context", "alterations", "treatment", "phase", "failures"], rows,
                     "scenarios"))


def _time_course(network: Network, course: TimeCourse, nodes: Sequence[str] | None) -> str:
    labels = {n: network.nodes[n].display_name for n in network.nodes}
    figure = time_course_figure(course, nodes=nodes, labels=labels)
    return _figure(_png(figure_bytes(figure), "time course"),
                   f"{course.perturbation.describe()}: the mean level of each node over {course.runs} run(s)"
                   f" after each step ({course.semantics} semantics, seed {course.seed}); the drug acts at step 0."
                   " Nodes are listed in the order in which they start to change.", "course")


# ---------------------------------------------------------------------- page


def html_report(
    network: Network,
    analysis: AnalysisReport,
    *,
    time_course: TimeCourse | None = None,
    time_course_nodes: Sequence[str] | None = None,
    pictures: Sequence[Picture] | None = None,
) -> str:
    """The whole report as one HTML document (see the module notes).

    ``pictures`` are the diagrams from :func:`report_pictures` (made here when
    not given).
    """
    by_name = {p.name: p for p in (pictures if pictures is not None else report_pictures(network, analysis))}
    sections: list[tuple[str, str, str]] = [
        ("model", "Model", _summary(network, analysis)),
        ("diagram", "Pathway diagram", _picture(by_name, "pathway")),
    ]
    for ctx in analysis.contexts:
        key = slug(ctx.context or "none")
        where = f"context {ctx.context}" if ctx.context else "no context"
        if ctx.alterations:
            where += " with " + ", ".join(ctx.alterations)
        body = (f"<h3>Untreated attractors</h3>{_untreated(network, analysis, ctx)}"
                f"<h3>Single drugs</h3>{_single_drugs(network, analysis, ctx, by_name)}"
                f"<h3>Minimal combination intersection sets</h3>{_combinations(ctx)}")
        sections.append((f"context-{key}", where[0].upper() + where[1:], body))
    sections.append(("scenarios", "Scenario checks", _scenarios(analysis)))
    if time_course is not None:
        sections.append(("time-course", "Time course", _time_course(network, time_course, time_course_nodes)))
    nav = "".join(f'<li><a href="#{anchor}">{_e(title)}</a></li>' for anchor, title, _ in sections)
    body = "".join(f'<section id="{anchor}"><h2>{_e(title)}</h2>{content}</section>'
                   for anchor, title, content in sections)
    return _PAGE.format(
        title=_e(network.name),
        css=_CSS,
        nav=nav,
        body=body,
        meta=_e(f"logicnet {__version__} · {date.today().isoformat()} · {analysis.semantics} semantics"),
    )


_CSS = f"""
:root {{ --ink: #222; --muted: #666; --rule: #ddd; --met: #1b7837; --missed: #c2352b;
        --early: {styles.WAVE_COLOUR['early']}; --late: {styles.WAVE_COLOUR['late']}; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: var(--ink); background: #fff; }}
header {{ padding: 1.2rem 2rem 0.6rem; border-bottom: 1px solid var(--rule); }}
header h1 {{ margin: 0 0 0.2rem; font-size: 1.6rem; }}
header .meta {{ color: var(--muted); font-size: 0.85rem; }}
nav ul {{ list-style: none; padding: 0; margin: 0.6rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }}
nav a {{ color: #2f64b5; text-decoration: none; font-size: 0.92rem; }}
main {{ max-width: 1400px; margin: 0 auto; padding: 0.5rem 2rem 3rem; }}
section {{ margin-top: 1.6rem; }}
h2 {{ font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; }}
h3 {{ font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.88rem; }}
th, td {{ border-bottom: 1px solid var(--rule); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }}
thead th {{ background: #f3f3f3; position: sticky; top: 0; }}
table.facts th {{ background: none; color: var(--muted); font-weight: normal; white-space: nowrap; }}
.level {{ font-variant-numeric: tabular-nums; font-weight: 600; }}
.level.met {{ color: var(--met); }}
.level.missed {{ color: var(--missed); }}
.wave {{ display: inline-block; font-size: 0.75rem; padding: 0 0.35rem; border-radius: 0.6rem; color: #fff; }}
.wave.early {{ background: var(--early); }}
.wave.late {{ background: var(--late); }}
.literal {{ font-weight: 600; }}
ul.routes {{ margin: 0.4rem 0; padding-left: 1.2rem; font-size: 0.88rem; }}
figure {{ margin: 0.8rem 0 1.4rem; }}
figure img, svg.diagram {{ max-width: 100%; height: auto; display: block; }}
figcaption {{ color: var(--muted); font-size: 0.85rem; margin-top: 0.3rem; }}
details.escape {{ border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 0.8rem; margin: 0.5rem 0; }}
details.escape summary {{ cursor: pointer; }}
p.note {{ color: var(--muted); font-size: 0.85rem; }}
p.description {{ max-width: 60rem; }}
pre.dot {{ max-height: 20rem; overflow: auto; background: #f7f7f7; padding: 0.6rem; font-size: 0.75rem; }}
footer {{ color: var(--muted); font-size: 0.8rem; text-align: center; padding: 1rem; }}
@media print {{
  body {{ font-size: 10pt; }}
  header, main {{ padding: 0; max-width: none; }}
  nav {{ display: none; }}
  section {{ break-before: auto; }}
  h2, h3 {{ break-after: avoid; }}
  figure, tr, details {{ break-inside: avoid; }}
  thead th {{ position: static; }}
  figure img, svg.diagram {{ max-height: 24cm; }}
  details.escape {{ border: none; padding: 0; }}
}}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — logicnet report</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><div class="meta">{meta}</div><nav><ul>{nav}</ul></nav></header>
<main>{body}</main>
<footer>Made with logicnet. Diagrams: Graphviz; plots: matplotlib.</footer>
<script>
window.addEventListener("beforeprint", function () {{
  document.querySelectorAll("details").forEach(function (d) {{ d.open = true; }});
}});
</script>
</body>
</html>
"""
