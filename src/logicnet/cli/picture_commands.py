"""Commands that draw: render (pathway diagrams), simulate (time courses) and
report (the HTML report); also the helpers ``analyze -o`` uses to write the
report and diagrams into its folder."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Sequence

import click

from logicnet.analysis.analyze import analyze
from logicnet.analysis.escape import escape_routes
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.response import Responder
from logicnet.cli.options import SEMANTICS_OPTION, build_perturbation, perturbation_options
from logicnet.cli.run_options import analysis_options
from logicnet.cli.progress import progress_reporter
from logicnet.dynamics import Attractor
from logicnet.dynamics.semantics import STOCHASTIC_SEMANTICS
from logicnet.dynamics.simulate import simulate
from logicnet.execution import make_executor
from logicnet.errors import LogicnetError
from logicnet.cli.options import network_argument, open_network, with_drug_targets, with_set_context
from logicnet.io.textfile import check_writable
from logicnet.model.network import SEMANTICS, Network
from logicnet.serialize import to_jsonable
from logicnet.render.pathway import FORMATS, LAYOUTS, escape_readings, pathway_diagram, write_diagram
from logicnet.render.plots import PLOT_FORMATS, attractor_heatmap, time_course_plot
from logicnet.render.folder import COURSE_RUNS, report_time_course, write_report

__all__ = ["COMMANDS", "attractor_plot"]


def _names(values: Sequence[str]) -> list[str] | None:
    items = [v.strip() for text in values for v in text.split(",") if v.strip()]
    return items or None


def _labels(network: Network) -> dict[str, str]:
    return {n: node.display_name for n, node in network.nodes.items()}


def attractor_plot(network: Network, attractors: Sequence[Attractor], path: Path, title: str) -> Path:
    """The attractor heatmap of ``attractors`` (nodes × attractors) written to ``path``."""
    if path.suffix.lstrip(".").lower() not in PLOT_FORMATS:
        raise LogicnetError(f"cannot write a plot as '{path}': use a .png, .svg or .pdf file")
    return attractor_heatmap(list(attractors), path, levels={n: node.levels for n, node in network.nodes.items()},
                             labels=_labels(network), title=title)


# -------------------------------------------------------------------- render


@click.command("render")
@network_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The picture to write (.svg, .png, .pdf or .dot).")
@click.option("--format", "picture_format", type=click.Choice(FORMATS),
              help="Picture format [default: from the output's suffix, else svg].")
@perturbation_options
@click.option("--overlay", type=click.Choice(["none", "attractor", "escape"]), default="none", show_default=True,
              help="attractor: fill nodes by level in a response attractor; escape: highlight the escape"
                   " routes of the treatment.")
@click.option("--attractor", "attractor_number", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which response attractor --overlay attractor shows.")
@click.option("--phase", type=click.Choice(["late", "early"]), default="late", show_default=True,
              help="For --overlay attractor: early shows the first wave (slow nodes at untreated levels).")
@click.option("--wave", type=click.IntRange(min=1, max=2),
              help="For --overlay escape: every route of this wave (1 early, 2 late) [default: the routes that"
                   " define each wave].")
@SEMANTICS_OPTION
@click.option("--layout", type=click.Choice(LAYOUTS), default="dot", show_default=True,
              help="dot: layered, top to bottom, with groups as boxes; neato: spring layout.")
@click.option("--panel/--no-panel", default=None,
              help="Draw the drugs of the panel that are not given [default: only when no --drug is given].")
@click.option("--title", help="Caption under the diagram [default: what is shown].")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
def render_command(file: str, input_format: str | None, output: Path, picture_format: str | None, overlay: str,
                   attractor_number: int, phase: str, wave: int | None, semantics: str | None, layout: str,
                   panel: bool | None,
                   title: str | None, force: bool, **options: Any) -> None:
    """Draw FILE's signed interaction graph as a pathway diagram (Graphviz).

    DOT is always written by logicnet itself; SVG, PNG and PDF need
    Graphviz's dot program. Without it the DOT file is written next to the
    output and the command exits with status 1.
    """
    network = open_network(file, input_format)
    treatment = build_perturbation(network, options)
    context, alterations = treatment.context, treatment.alterations
    fmt = picture_format or (output.suffix.lstrip(".").lower() if output.suffix else "svg")
    if fmt not in FORMATS:
        raise LogicnetError(f"cannot tell the format of '{output}': use --format {'|'.join(FORMATS)}")
    check_writable(output, force=force)
    levels = escape = None
    what = "pathway" if not treatment.is_treatment else treatment.describe()
    if overlay == "attractor":
        response = Responder(network, semantics=semantics).respond(treatment, phase=phase)
        found = response.treated.attractors
        if attractor_number > len(found):
            raise LogicnetError(f"--attractor {attractor_number}: the response has {len(found)} attractor(s)")
        chosen = found[attractor_number - 1]
        levels = dict(zip(chosen.nodes, chosen.values))
        what += f", response attractor {attractor_number} of {len(found)} ({phase}, {response.semantics})"
    elif overlay == "escape":
        if not treatment.is_treatment:
            raise LogicnetError("--overlay escape needs the treatment: give at least one --drug (or --set/--ko/--oe)")
        escape = escape_routes(network, treatment, semantics=semantics)
        if wave is not None and wave > len(escape.waves):
            raise LogicnetError(f"--wave {wave}: the network has no slow nodes, so its escapes have one wave")
        drawn = len(escape_readings(escape, wave))
        what += f": escape routes of wave {wave} ({drawn})" if wave else f": the routes that define each wave ({drawn})"
    where = ", ".join(filter(None, [f"in {context}" if context else "", " + ".join(alterations)]))
    caption = title if title is not None else f"{network.name} — {what}" + (f" {where}" if where else "")
    diagram = pathway_diagram(network, perturbation=treatment, panel=panel, levels=levels, escape=escape,
                              wave=wave, layout=layout, title=caption)
    written = write_diagram(diagram, output, format=fmt, force=force)
    click.echo(f"wrote {written.path}", err=True)
    if written.message:
        click.echo(f"warning: {written.message}", err=True)
        raise SystemExit(1)


# ------------------------------------------------------------------ simulate


def _starts(network: Network, texts: tuple[str, ...]) -> Any:
    if not texts or texts == ("untreated",):
        return "untreated"
    if "untreated" in texts:
        raise LogicnetError("--from untreated cannot be combined with explicit start states")
    tops = {n: node.levels for n, node in network.nodes.items()}
    return [network.start_state(t).space(network.names, tops) if t in network.states or "*" in t or "|" in t
            else _start_state(t) for t in texts]


def _start_state(text: str) -> dict[str, Any]:
    """``A=1,B=0.3,C=0.2/0.5/0.3``: levels, the probability of level 1, or the
    probability of each level (``--from`` of the rate-based semantics)."""
    pairs = [p for p in text.split(",") if p.strip()]
    if not pairs:
        raise LogicnetError("--from expects NODE=LEVEL,... (e.g. GF=1,PTEN=1)")
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = (part.strip() for part in pair.partition("="))
        try:
            if not sep or not name:
                raise ValueError
            if value.isdigit():
                out[name] = int(value)
            elif "/" in value:
                out[name] = tuple(float(v) for v in value.split("/"))
            else:
                out[name] = float(value)
        except ValueError:
            raise LogicnetError(f"--from expects NODE=LEVEL (e.g. MYC=2), NODE=P (the probability of level 1,"
                                f" e.g. EGF=0.5) or NODE=P0/P1/... (one probability per level), got '{pair}'"
                                ) from None
    return out


SIMULATE_FORMATS = ("csv", "json", "parquet")


@click.command("simulate")
@network_argument
@click.option("--semantics", type=click.Choice(SEMANTICS + STOCHASTIC_SEMANTICS), default=None,
              help="stochastic: continuous time, nodes move with their rates (as MaBoSS); random-async: one"
                   " node per step, chosen in proportion to its rate; or a step semantics [default: priority"
                   " if the network has slow nodes, else asynchronous].")
@perturbation_options
@click.option("--from", "starts", multiple=True, metavar="untreated|N=L,...",
              help="untreated: each run starts from a state of the untreated attractors of the context"
                   " (default); or a start state (unnamed nodes at 0; repeatable: runs draw among them); with"
                   " stochastic or random-async, N=0.3 is the probability that N starts at 1 and N=0.2/0.5/0.3"
                   " one probability per level.")
@click.option("--steps", type=click.IntRange(min=0), default=None,
              help="Transitions per run (asynchronous and priority: one node update each) [default: 60;"
                   " random-async: 20 per node].")
@click.option("--time", "horizon", type=click.FloatRange(min=0, min_open=True), default=None,
              help="stochastic: the time simulated, in the network's time unit [default: ten times the"
                   " slowest node's mean time].")
@click.option("--sample-every", type=click.FloatRange(min=0, min_open=True), default=None,
              help="stochastic and random-async: the interval between samples [default: 100 samples].")
@click.option("--average", is_flag=True,
              help="stochastic and random-async: each sample is the mean over the window up to the next"
                   " sample (as MaBoSS reports), not the state at that time.")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Runs averaged into the fraction of runs at each level [default: 200; 1000 for stochastic"
                   " and random-async].")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same result).")
@click.option("--nodes", multiple=True, metavar="N,...",
              help="Nodes to plot or write [default: plot the nodes that change, write all nodes].")
@click.option("--format", "output_format", type=click.Choice(SIMULATE_FORMATS), default=None,
              help="csv or json on stdout (or in -o), parquet into -o [default: from -o's suffix, else csv].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="plot.png/.svg/.pdf for a plot; data.csv, .json or .parquet for the numbers [default: CSV"
                   " on stdout].")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for stochastic and random-async runs (the result does not depend on it).")
@click.option("--executor", type=click.Choice(["local", "dask", "in-process"]), default="local", show_default=True,
              help="local: a process pool of --jobs; dask: a Dask cluster (--scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
def simulate_command(file: str, input_format: str | None, semantics: str | None, starts: tuple[str, ...],
                     steps: int | None, horizon: float | None, sample_every: float | None, average: bool,
                     runs: int | None, seed: int, nodes: tuple[str, ...], output_format: str | None,
                     output: Path | None, jobs: int, executor: str, scheduler: str | None, force: bool,
                     **options: Any) -> None:
    """Trajectories of FILE after a treatment: the fraction of runs at each level over time.

    Synchronous runs are deterministic; asynchronous and priority runs pick one
    update at random among the allowed ones (priority: only the fastest class
    that can move). stochastic and random-async runs use the nodes' rates and
    give, per sampled time, the probability of each level of each node with a
    95 % interval, and the share of runs in each attractor (JSON). Drugs act at
    time 0.
    """
    network = open_network(file, input_format)
    perturbation = build_perturbation(network, options)
    chosen = _names(nodes)
    for name in chosen or ():
        network.node(name)
    fmt = output_format
    plot = False
    if output is not None:
        suffix = output.suffix.lstrip(".").lower()
        if suffix in PLOT_FORMATS and fmt is None:
            plot = True
        elif fmt is None:
            if suffix not in SIMULATE_FORMATS:
                raise LogicnetError(f"cannot write '{output}': use a .csv, .json or .parquet file for numbers or"
                                    " .png/.svg/.pdf for a plot")
            fmt = suffix
        check_writable(output, force=force)
    if fmt == "parquet":
        if output is None:
            raise LogicnetError("--format parquet writes a file: give -o results.parquet")
        if importlib.util.find_spec("pyarrow") is None:
            raise LogicnetError("writing .parquet needs pyarrow: pip install 'logicnet[parquet]'")
    rated = semantics in STOCHASTIC_SEMANTICS
    runner = None
    if rated and (jobs > 1 or executor != "local"):
        runner = make_executor(executor, jobs=jobs, scheduler=scheduler)
    course = simulate(network, _starts(network, starts), semantics=semantics, perturbation=perturbation, steps=steps,
                      runs=runs if runs is not None else (1000 if rated else 200), seed=seed, time=horizon,
                      sample_every=sample_every, average=average, executor=runner)
    if plot:
        assert output is not None
        time_course_plot(course, output, nodes=chosen, labels=_labels(network))
    elif fmt == "json":
        text = json.dumps(to_jsonable(course.select(chosen)))
        if output is None:
            click.echo(text)
            return
        output.write_text(text + "\n", encoding="utf-8")
    elif fmt == "parquet":
        assert output is not None
        course.to_table(chosen).to_parquet(output, index=False)
    elif output is None:
        click.echo(course.to_csv(chosen), nl=False)
        return
    else:
        output.write_text(course.to_csv(chosen), encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


# -------------------------------------------------------------------- report


@click.command("report")
@network_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@analysis_options
@click.option("--course-drug", "course_drugs", multiple=True,
              help="Treatment of the time course (repeatable) [default: the first escaped single drug].")
@click.option("--runs", type=click.IntRange(min=1), default=COURSE_RUNS, show_default=True,
              help="Runs of the time course.")
@click.option("--steps", type=click.IntRange(min=0), default=None,
              help="Show the time course in this many update steps of the semantics, instead of real time"
                   " under the network's rates.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the time course.")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
def report_command(file: str, input_format: str | None, output: Path, contexts: tuple[str, ...], sets: tuple[str, ...],
                   alterations: tuple[str, ...], drugs: tuple[str, ...], drug_targets: tuple[str, ...],
                   goals: tuple[str, ...], semantics: str | None, start: str, max_size: int, genetic_depth: int, no_scenarios: bool, engine: str,
                   timeout: float | None, jobs: int | None, course_drugs: tuple[str, ...], runs: int,
                   steps: int | None, seed: int,
                   force: bool) -> None:
    """Analyse FILE (as `analyze` does) and write one self-contained HTML report."""
    network, contexts = with_set_context(with_drug_targets(open_network(file, input_format), drug_targets), sets,
                                         contexts)
    check_writable(output, force=force)
    for name in course_drugs:
        network.drug(name)
    with progress_reporter() as progress:
        analysis = analyze(network, contexts=list(contexts) or None, alterations=alterations,
                           drugs=list(drugs) or None, goals=resolve_goals(network, goals) if goals else None,
                           semantics=semantics, start=start, max_size=max_size, genetic_depth=genetic_depth,
                           scenarios=not no_scenarios, engine=engine, timeout=timeout, progress=progress,
                           executor=make_executor("local", jobs=jobs))
    course = report_time_course(network, analysis, drugs=course_drugs or None, runs=runs, steps=steps, seed=seed)
    written = write_report(network, analysis, output, course=course, force=force)
    click.echo(f"wrote {output}", err=True)
    if written.without_graphviz:
        click.echo("warning: Graphviz's `dot` program was not found: the report shows the diagrams as DOT"
                   " text; install Graphviz (e.g. `apt install graphviz`) to draw them", err=True)


COMMANDS = [render_command, simulate_command, report_command]
