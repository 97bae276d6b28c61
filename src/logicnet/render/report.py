"""The HTML report: one self-contained file presenting an analysis.

:func:`html_report` turns an :class:`~logicnet.analysis.analyze.AnalysisReport`
(and, optionally, a :class:`~logicnet.dynamics.simulate.TimeCourse` and a
verdict per context) into a page: the verdict first (or, without one, a
summary of what the analysis found), then the model, the pathway diagram,
the untreated attractors, the single-drug responses with their escape routes
(each with a small diagram), the minimal combination intersection sets, the
scenario checks and the time course.

The page is rendered from the Jinja2 templates in ``render/templates``
(automatic escaping on: every text from the model or the results is escaped;
only the diagrams Graphviz draws and the markup built here with
:class:`markupsafe.Markup` are inserted as they are). Diagrams are inline
SVG, plots PNG data URIs, the style sheet and the few lines of script (sortable
tables, route lists opened for printing) inline: the page needs no network and
no other file. The renderer only presents: every number comes from the
results it is given.
"""

from __future__ import annotations

import base64
import os
import re
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Mapping, Sequence

import jinja2
from markupsafe import Markup

from logicnet import __version__
from logicnet.analysis.analyze import AnalysisReport, ContextAnalysis
from logicnet.dynamics.attractor import Attractor
from logicnet.dynamics.simulate import TimeCourse
from logicnet.graph import interaction_graph
from logicnet.model.network import Effect, Network
from logicnet.model.perturbation import Perturbation
from logicnet.render import styles
from logicnet.render.pathway import diagram_svg, pathway_diagram
from logicnet.render.plots import Figure, attractor_heatmap_figure, figure_bytes, time_course_figure
from logicnet.render.route_diagram import route_diagram
from logicnet.serialize import to_jsonable

__all__ = ["Picture", "report_pictures", "html_report", "response_heatmap", "response_heatmaps", "slug",
           "ROUTE_DIAGRAMS"]

#: escape-route diagrams drawn per treatment (the routes after these are listed without one)
ROUTE_DIAGRAMS = 4


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
    drawn = [("pathway", f"{network.name}: the signed interaction graph and the drug panel",
              pathway_diagram(network, graph=graph, title=network.name))]
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
            drawn.append((name, title, diagram))
    with ThreadPoolExecutor(max_workers=DIAGRAM_WORKERS) as pool:  # Graphviz lays them out side by side
        svgs = list(pool.map(diagram_svg, [diagram for _, _, diagram in drawn]))
    return [Picture(name, title, diagram.source, svg) for (name, title, diagram), svg in zip(drawn, svgs)]


# ------------------------------------------------------------------ helpers


#: Graphviz runs lay out diagrams side by side (threads: each is a ``dot`` process)
DIAGRAM_WORKERS = os.cpu_count() or 1


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The templates shipped in the package, escaping on."""
    return jinja2.Environment(loader=jinja2.PackageLoader("logicnet.render", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def _inline_svg(svg: str, prefix: str, cls: str = "diagram") -> Markup:
    """SVG text ready to sit in the page: no XML prolog, ids made unique with
    ``prefix``, and scaled to the page width, or for a route diagram kept at
    its own size (Graphviz escapes every label)."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    if cls == "route":  # small: its own size (in points), narrowed only to fit the page
        svg = svg.replace("<svg ", f'<svg class="{cls}" role="img" ', 1)
    else:
        svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', f'<svg class="{cls}" role="img"', svg, count=1)
    return Markup(svg)  # Graphviz's output: it escapes every label


def _png(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _level_cell(text: str, cls: str = "") -> Markup:
    return Markup('<span class="level {}">{}</span>').format(cls, text)


def _levels(attractors: Sequence[Attractor], node: str) -> str:
    return "/".join(map(str, sorted({v for a in attractors for v in a.levels(node)})))


def _phenotype_cells(network: Network, analysis: AnalysisReport, attractors: Sequence[Attractor]) -> list[Markup]:
    cells = []
    goals = {g.node: g for g in analysis.goals}
    for name in analysis.phenotypes:
        text = _levels(attractors, name) if attractors else "–"
        goal = goals.get(name)
        if goal is None or not attractors:
            cls = ""
        else:
            cls = "met" if all(a.meets(goal) for a in attractors) else "missed"
        cells.append(_level_cell(text, cls))
    return cells


def _picture(pictures: Mapping[str, Picture], name: str) -> dict[str, Any] | None:
    picture = pictures.get(name)
    if picture is None:
        return None
    svg = _inline_svg(picture.svg, slug(name)) if picture.svg is not None else None
    return {"svg": svg, "dot": picture.dot, "caption": picture.caption}


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], cls: str = "") -> dict[str, Any]:
    return {"headers": list(headers), "rows": [list(r) for r in rows], "cls": cls}


def _small_diagram(dot: Any, prefix: str) -> Markup | None:
    svg = diagram_svg(dot)
    return None if svg is None else _inline_svg(svg, prefix, "route")


class _Diagrams:
    """The page's route diagrams, laid out by Graphviz side by side (a thread
    per ``dot`` process) while the rest of the page is put together."""

    def __init__(self, pool: Executor):
        self.pool = pool
        self.pending: list[tuple[dict[str, Any], Future[Markup | None]]] = []

    def draw(self, view: dict[str, Any], dot: Any, prefix: str) -> None:
        """``view["picture"]`` becomes the diagram of ``dot`` at :meth:`finish`."""
        self.pending.append((view, self.pool.submit(_small_diagram, dot, prefix)))

    def finish(self) -> None:
        for view, picture in self.pending:
            view["picture"] = picture.result()


# ----------------------------------------------------------------- sections


def _effect(effect: Effect) -> str:
    """Nothing for full inhibition, `` (≤1)`` for a cap, `` (=2)`` for a forced level."""
    if effect.cap:
        return f" (≤{effect.level})"
    return "" if effect.level == 0 else f" (={effect.level})"


def _model(network: Network, analysis: AnalysisReport) -> dict[str, Any]:
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
    drugs = None
    if network.drugs:
        drugs = _table(["drug", "class", "targets"], [
            (Markup("<b>{}</b>").format(d.name), d.drug_class or "",
             ", ".join(network.nodes[t].display_name + _effect(e) for t, e in d.targets.items()))
            for d in network.drugs.values()])
    return {"description": network.description, "facts": facts, "drugs": drugs,
            "references": list(network.references)}


def _untreated(network: Network, analysis: AnalysisReport, ctx: ContextAnalysis) -> tuple[str, dict[str, Any]]:
    state = "the goals are met without treatment" if ctx.goals_met_untreated else "the goals are not met"
    rows = []
    for i, attractor in enumerate(ctx.untreated, 1):
        kind = attractor.kind.replace("_", " ") + ("" if attractor.size == 1 else f", {attractor.size} states")
        rows.append([{"html": f"#{i}", "sort": i}, kind] + _phenotype_cells(network, analysis, [attractor]))
    return (f"{len(ctx.untreated)} untreated attractor(s); {state}.",
            _table(["attractor", "type"] + [network.nodes[p].display_name for p in analysis.phenotypes], rows))


def response_heatmaps(network: Network, analysis: AnalysisReport) -> list[bytes | None]:
    """Each context's :func:`response_heatmap` as PNG bytes (``None`` where it
    has none), rendered once for both the HTML report and the report folder."""
    return [_rendered(response_heatmap(network, ctx)) for ctx in analysis.contexts]


def _rendered(figure: Figure | None) -> bytes | None:
    return figure_bytes(figure) if figure is not None else None


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


def _route_view(network: Network, graph: Any, perturbation: Perturbation, route: Any, waves: Sequence[str],
                diagrams: _Diagrams | None, prefix: str) -> dict[str, Any]:
    """A computed route as :file:`route.html` reads it (with its diagram, from
    ``diagrams``, when given)."""
    goal = str(route.literal)
    view: dict[str, Any] = {"wave": ", ".join(dict.fromkeys(waves)), "goal": goal, "text": route.describe(),
                            "steps": None, "loops": None, "picture": None}
    if diagrams is not None:
        loops = {(c[i], c[(i + 1) % len(c)]) for c in route.loops for i in range(len(c))}
        dot = route_diagram(network, list(route.path) + [n for c in route.loops for n in c], route.edges,
                            loop_edges=loops, perturbation=perturbation, graph=graph, name=prefix)
        diagrams.draw(view, dot, prefix)
    return view


def _escapes(network: Network, ctx: ContextAnalysis, pictures: Mapping[str, Picture],
             diagrams: _Diagrams | None) -> list[dict[str, Any]]:
    graph = interaction_graph(network)
    out = []
    for report in ctx.single_drugs:
        if not report.routes:
            continue
        treatment = " + ".join(report.drugs)
        name = "escape_" + slug(f"{report.context or 'none'}_{'_'.join(report.drugs)}")
        perturbation = Perturbation.build(network, context=report.context, alterations=report.alterations,
                                          drugs=report.drugs)
        routes = [_route_view(network, graph, perturbation, route, waves, diagrams if i < ROUTE_DIAGRAMS else None,
                              f"{name}-route{i + 1}")
                  for i, (route, waves) in enumerate(report.routes)]
        out.append({"treatment": treatment, "routes": routes, "picture": _picture(pictures, name),
                    "hidden": diagrams is not None and len(routes) > ROUTE_DIAGRAMS, "drawn": ROUTE_DIAGRAMS})
    return out


def _responses(network: Network, analysis: AnalysisReport, ctx: ContextAnalysis) -> dict[str, Any] | None:
    if not ctx.single_drugs:
        return None
    headers = ["drug", "phase"] + [network.nodes[p].display_name for p in analysis.phenotypes] + ["escapes"]
    rows = []
    for report in ctx.single_drugs:
        for wave in report.waves:
            escapes = f"{len(wave.escapes)} of {len(wave.attractors)}" if wave.escapes else "none"
            rows.append([Markup("<b>{}</b>").format(" + ".join(report.drugs)), wave.phase]
                        + _phenotype_cells(network, analysis, wave.attractors) + [escapes])
    return _table(headers, rows, "responses")


def _combinations(ctx: ContextAnalysis) -> dict[str, Any]:
    report = ctx.combinations
    head = (f"Sets of at most {report.max_size} drugs after which every response attractor meets the goals,"
            f" while no smaller set does ({report.checked} treatments checked;"
            f" {'complete' if report.complete else 'incomplete'}).")
    if report.goals_met_untreated:
        return {"head": head, "line": "The goals are already met without treatment.", "table": None}
    if not report.minimal_sets:
        return {"head": head, "line": f"No set of at most {report.max_size} drugs meets the goals.", "table": None}
    rows = []
    for m in report.minimal_sets:
        robust = {True: _level_cell("yes", "met"), False: _level_cell("no", "missed"), None: "not checked"}[m.robust]
        closed = Markup("<br>").join(m.routes_closed[:4])
        if len(m.routes_closed) > 4:
            closed += Markup("<br><i>… {} more</i>").format(len(m.routes_closed) - 4)
        escapes = "; ".join(map(str, m.genetic_escapes)) or "–"
        rows.append([Markup("<b>{}</b>").format(" + ".join(m.members)), closed or "–", robust, escapes])
    return {"head": head, "line": None, "table": _table(
        ["set", "escape routes it closes", "robust", "genetic escapes (third wave)"], rows, "combinations")}


def _scenarios(analysis: AnalysisReport) -> dict[str, Any] | None:
    checks = analysis.scenarios
    if checks is None:
        return None
    passed = sum(r.passed for r in checks.results)
    rows = []
    for result in checks.results:
        s = result.scenario
        treatment = " → ".join(" + ".join(step) or "none" for step in s.steps)
        status = _level_cell("pass", "met") if result.passed else _level_cell("FAIL", "missed")
        failures = Markup("<br>").join(
            f"{f.node}: expected {f.expected}, found {'/'.join(map(str, f.observed)) or 'nothing'}"
            for f in result.failures)
        rows.append([status, s.name, s.context or "–", ", ".join(s.alterations) or "–", treatment, s.phase,
                     failures or "–"])
    return {"line": f"{passed} of {len(checks.results)} scenarios pass.",
            "table": _table(["", "scenario", "context", "alterations", "treatment", "phase", "failures"], rows,
                            "scenarios")}


def _time_course(network: Network, course: TimeCourse, nodes: Sequence[str] | None) -> dict[str, str]:
    labels = {n: network.nodes[n].display_name for n in network.nodes}
    figure = time_course_figure(course, nodes=nodes, labels=labels)
    return {"png": _png(figure_bytes(figure)),
            "caption": f"{course.perturbation.describe()}: the mean level of each node over {course.runs} run(s)"
                       f" after each step ({course.semantics} semantics, seed {course.seed}); the drug acts at step"
                       " 0. Nodes are listed in the order in which they start to change."}


def _summary(network: Network, analysis: AnalysisReport) -> list[dict[str, Any]]:
    """What each context's analysis found, in the verdict's place when there is none."""
    out = []
    for ctx in analysis.contexts:
        title = f"context {ctx.context}" if ctx.context else "no context"
        if ctx.goals_met_untreated:
            out.append({"title": title, "line": "The goals are met without treatment.", "table": None, "sets": []})
            continue
        meets = [r for r in ctx.single_drugs if r.waves and all(a.meets(g) for a in r.waves[-1].attractors
                                                                 for g in analysis.goals)]
        with_routes = [r for r in ctx.single_drugs if r.routes]
        sets = [" + ".join(m.members) for m in ctx.combinations.minimal_sets]
        line = (f"{len(meets)} of {len(ctx.single_drugs)} drugs meet the goals alone; {len(with_routes)} have escape"
                f" routes; " + (f"{len(sets)} minimal set(s) of at most {ctx.combinations.max_size} drugs" if sets
                                else f"no set of at most {ctx.combinations.max_size} drugs meets the goals"))
        rows = []
        for r in ctx.single_drugs:
            late = r.waves[-1].attractors if r.waves else ()
            met = r in meets
            rows.append([Markup("<b>{}</b>").format(" + ".join(r.drugs)),
                         _level_cell("yes", "met") if met else _level_cell("no", "missed"),
                         {"html": str(len(r.routes)), "sort": len(r.routes)}]
                        + _phenotype_cells(network, analysis, late))
        table = _table(["drug", "meets the goals", "escape routes"]
                       + [network.nodes[p].display_name + " (late)" for p in analysis.phenotypes], rows, "summary")
        out.append({"title": title, "line": line, "table": table, "sets": sets})
    return out


def _genetic_text(escape: Mapping[str, Any]) -> str:
    levels = ", ".join(f"{n}={v}" for n, v in dict(escape.get("alteration") or {}).items())
    if escape.get("name"):
        return f"{escape['name']} ({levels})"
    kind = escape.get("kind")
    return f"{levels} (hypothetical {'loss' if kind == 'loss' else 'gain'} of function)" if kind in (
        "gain", "loss") else levels


def _genetic_texts(escapes: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each change once, with the timings it arises at (``pre-existing, acquired``)."""
    timings: dict[str, list[str]] = {}
    for escape in escapes:
        found = timings.setdefault(_genetic_text(escape), [])
        if escape.get("timing") and escape["timing"] not in found:
            found.append(str(escape["timing"]))
    return [text + (f" ({', '.join(when)})" if when else "") for text, when in timings.items()]


def _verdict(network: Network, verdict: Sequence[Mapping[str, Any]],
             diagrams: _Diagrams | None) -> list[dict[str, Any]]:
    """The verdict entries as the template reads them: the sets as a table,
    and a diagram for the first routes of each escaped treatment."""
    graph = interaction_graph(network)
    out = []
    for v in verdict:
        entry = dict(v)
        context = v.get("context")
        treatments = []
        for t in v.get("treatments", ()):
            t = dict(t)
            drugs = [d for d in t.get("drugs", ()) if d in network.drugs]
            perturbation = Perturbation.build(network, context=context, drugs=drugs) if (
                context is None or context in network.contexts) else None
            routes = []
            for i, r in enumerate(t.get("routes", ())):
                r = {"loops": None, "text": "", **dict(r), "picture": None}
                if diagrams is not None and i < ROUTE_DIAGRAMS:
                    steps = [s for s in r.get("steps") or () if s.get("node") in network.nodes]
                    loops = [[s for s in loop if s.get("node") in network.nodes] for loop in r.get("loops") or ()]
                    chain = [s["node"] for s in steps]
                    loop_edges = {(loop[k]["node"], loop[k + 1]["node"]) for loop in loops for k in range(len(loop) - 1)}
                    dot = route_diagram(network, chain + [s["node"] for loop in loops for s in loop],
                                        list(zip(chain, chain[1:])) + sorted(loop_edges),
                                        levels={s["node"]: s["level"] for s in steps},
                                        held_off={s["node"] for s in steps if s.get("off")}, loop_edges=loop_edges,
                                        perturbation=perturbation, graph=graph,
                                        name=slug(f"verdict_{context or 'none'}_{'_'.join(drugs)}_{i + 1}"))
                    diagrams.draw(r, dot, slug(f"v-{context or 'none'}-{'-'.join(drugs)}-{i + 1}"))
                routes.append(r)
            t["routes"] = routes
            treatments.append(t)
        entry["treatments"] = treatments
        rows = []
        for s in v.get("sets", ()):
            closes = Markup("<br>").join(
                f"{c['drug']} route {c['route']}: " + (f"{c['cut']} by {c['by']}" if c.get("cut") else
                                                        "closes through the dynamics")
                for c in s.get("closes", ()))
            genetic = Markup("<br>").join(
                (f"re-open {g['reopens']}: " if g.get("reopens") else "new route: ")
                + "; ".join(_genetic_texts(g.get("escapes", ())))
                for g in s.get("genetic", ()))
            robust = {True: _level_cell("yes", "met"), False: _level_cell("no", "missed")}.get(s.get("robust"),
                                                                                           "not checked")
            rows.append([Markup("<b>{}</b>").format(" + ".join(s.get("drugs", ()))), closes or "–", robust,
                         genetic or "–"])
        entry["sets_table"] = _table(["minimal set", "routes it closes", "robust", "genetic escapes"], rows,
                                     "combinations")
        entry.setdefault("summary", "")
        entry.setdefault("max_size", "")
        entry.setdefault("goals_met_untreated", False)
        entry.setdefault("sets", ())
        out.append(entry)
    return out


# ---------------------------------------------------------------------- page


def html_report(
    network: Network,
    analysis: AnalysisReport,
    *,
    time_course: TimeCourse | None = None,
    time_course_nodes: Sequence[str] | None = None,
    pictures: Sequence[Picture] | None = None,
    verdict: Sequence[Mapping[str, Any]] | None = None,
    heatmaps: Sequence[bytes | None] | None = None,
) -> str:
    """The whole report as one HTML document (see the module notes).

    ``pictures`` are the diagrams from :func:`report_pictures` and
    ``heatmaps`` those of :func:`response_heatmaps` (each made here when not
    given). ``verdict`` holds one entry per context, the JSON form of a
    verdict (``logicnet.serialize.to_jsonable``); by default the analysis's
    own verdicts. The page opens with them, or with a summary of the analysis
    when there are none (``verdict=[]`` asks for the summary).
    """
    if verdict is None:
        verdict = [to_jsonable(c.verdict) for c in analysis.contexts if c.verdict is not None]
    verdict = verdict or None
    given = pictures if pictures is not None else report_pictures(network, analysis)
    by_name = {p.name: p for p in given}
    draw = any(p.svg is not None for p in given)  # Graphviz's dot is there
    with ThreadPoolExecutor(max_workers=DIAGRAM_WORKERS) as pool:
        diagrams = _Diagrams(pool) if draw else None
        page = _page(network, analysis, time_course, time_course_nodes, by_name, verdict, heatmaps, diagrams)
        if diagrams is not None:
            diagrams.finish()
    return _environment().get_template("report.html").render(**page)


def _page(network: Network, analysis: AnalysisReport, time_course: TimeCourse | None,
          time_course_nodes: Sequence[str] | None, by_name: Mapping[str, Picture],
          verdict: Sequence[Mapping[str, Any]] | None, heatmaps: Sequence[bytes | None] | None,
          diagrams: _Diagrams | None) -> dict[str, Any]:
    """What the report's template reads (route diagrams from ``diagrams``,
    filled in when they are laid out)."""
    contexts = []
    for k, ctx in enumerate(analysis.contexts):
        where = f"context {ctx.context}" if ctx.context else "no context"
        if ctx.alterations:
            where += " with " + ", ".join(ctx.alterations)
        line, untreated = _untreated(network, analysis, ctx)
        heatmap = None
        if ctx.single_drugs:
            heatmap = heatmaps[k] if heatmaps is not None else _rendered(response_heatmap(network, ctx))
        contexts.append({
            "anchor": f"context-{slug(ctx.context or 'none')}", "title": where[0].upper() + where[1:],
            "untreated_line": line, "untreated": untreated, "responses": _responses(network, analysis, ctx),
            "heatmap": _png(heatmap) if heatmap is not None else None,
            "escapes": _escapes(network, ctx, by_name, diagrams), "combinations": _combinations(ctx),
        })
    nav = [("verdict", "Verdict") if verdict is not None else ("summary", "Summary"), ("model", "Model"),
           ("diagram", "Pathway diagram")]
    nav += [(c["anchor"], c["title"]) for c in contexts] + [("scenarios", "Scenario checks")]
    if time_course is not None:
        nav.append(("time-course", "Time course"))
    return dict(
        title=network.name,
        meta=f"logicnet {__version__} · {date.today().isoformat()} · {analysis.semantics} semantics",
        nav=nav,
        colours={"early": styles.WAVE_COLOUR["early"], "late": styles.WAVE_COLOUR["late"],
                 "loop": styles.LOOP_COLOUR},
        verdict=_verdict(network, verdict, diagrams) if verdict is not None else None,
        summary=_summary(network, analysis) if verdict is None else [],
        model=_model(network, analysis),
        diagram=_picture(by_name, "pathway"),
        contexts=contexts,
        scenarios=_scenarios(analysis),
        course=_time_course(network, time_course, time_course_nodes) if time_course is not None else None,
    )
