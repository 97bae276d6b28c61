"""Commands that ask the modeller's questions: check, escape, combos, analyze."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import click
from rich.console import Console

from logicnet.analysis.analyze import AnalysisReport, ContextAnalysis, analyze
from logicnet.analysis.combinations import CombinationReport, MinimalSet, minimal_combinations
from logicnet.analysis.genetic import TIMINGS, GeneticEscape
from logicnet.analysis.escape import EscapeReport, escape_routes
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.response import Responder
from logicnet.analysis.scenarios import CheckReport, check_scenarios
from logicnet.cli.options import SEMANTICS_OPTION
from logicnet.model.network import SEMANTICS
from logicnet.cli.run_options import ENGINE_OPTION, START_OPTION, TIMEOUT_OPTION, analysis_options
from logicnet.cli.output import FORMAT_OPTION, console, escape, print_json, table
from logicnet.cli.progress import progress_reporter
from logicnet.cli.verdict_text import route_line, verdict_lines
from logicnet.analysis.verdict import report_readings
from logicnet.dynamics import Attractor
from logicnet.cli.options import (DRUG_TARGETS_OPTION, SET_CONTEXT_OPTION, network_argument, open_network,
                                  with_drug_targets, with_set_context)
from logicnet.errors import LogicnetError
from logicnet.execution import make_executor
from logicnet.io.textfile import check_writable
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import to_json

__all__ = ["COMMANDS", "print_check_report", "describe_attractor", "NO_GRAPHVIZ"]

NO_GRAPHVIZ = ("warning: Graphviz's `dot` program was not found: diagrams were written as DOT files;"
               " install Graphviz (e.g. `apt install graphviz`) to get SVG")

GOAL_OPTION = click.option("--goal", "goals", multiple=True, metavar="NODE=LEVEL",
                           help="Goal such as Proliferation=0 or Apoptosis>=1 (repeatable) [default: the"
                                " phenotypes' goals].")


def describe_attractor(attractor: Attractor, nodes: Sequence[str] | None = None) -> str:
    """``fixed point: A=1 B=0 ...`` (levels that vary are shown as ``0/1``)."""
    chosen = set(nodes) if nodes is not None else None
    levels = " ".join(f"{n}={'/'.join(map(str, v))}" for n, v in zip(attractor.nodes, attractor.values)
                      if chosen is None or n in chosen)
    kind = attractor.kind.replace("_", " ")
    size = "" if attractor.size == 1 else f" of {attractor.size} states"
    return f"{kind}{size}: {levels}"


def _levels(attractors: Sequence[Attractor], nodes: Sequence[str]) -> str:
    return ", ".join(f"{n}={'/'.join(map(str, sorted({v for a in attractors for v in a.levels(n)})))}"
                     for n in nodes)


# --------------------------------------------------------------------- check


def print_check_report(report: CheckReport) -> None:
    for result in report.results:
        click.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.scenario.name}")
        for failure in result.failures:
            seen = "/".join(map(str, failure.observed)) or "nothing (no attractor)"
            click.echo(f"      {failure.node}: expected {failure.expected}, found {seen}")
            for index in failure.breaking:
                click.echo(f"      attractor #{index}, {describe_attractor(result.attractors[index - 1])}")
    passed = sum(r.passed for r in report.results)
    click.echo(f"{passed} of {len(report.results)} scenarios pass")


@click.command("check")
@network_argument
@click.option("--scenario", "names", multiple=True, help="Run only this scenario (repeatable).")
@ENGINE_OPTION
@TIMEOUT_OPTION
@FORMAT_OPTION("table", "json")
def check_command(file: str, input_format: str | None, names: tuple[str, ...], engine: str, timeout: float | None, output_format: str) -> None:
    """Run the scenarios of FILE and compare with their expectations (exit 1 if one fails)."""
    network = open_network(file, input_format)
    with progress_reporter() as progress:
        report = check_scenarios(network, names or None, engine=engine, timeout=timeout, progress=progress)
    if output_format == "json":
        print_json(report)
    elif not report.results:
        click.echo(f"{file}: no scenarios to check")
    else:
        print_check_report(report)
    if not report.passed:
        raise SystemExit(1)


# -------------------------------------------------------------------- escape


def print_escape_report(out: Console, report: EscapeReport, phenotypes: Sequence[str]) -> None:
    goals = ", ".join(map(str, report.goals))
    where = report.context or "no context"
    out.print(f"[bold]{escape(' + '.join(report.drugs) or 'no drug')}[/bold] in {escape(where)}"
              f" · goals {escape(goals)} · {report.semantics}")
    if report.goals_met_untreated:
        out.print("  the goals are already met without treatment")
    out.print(f"  untreated: {escape(_levels(report.untreated, phenotypes))}")
    for wave in report.waves:
        label = "early (slow nodes at untreated levels)" if wave.phase == "early" else "late"
        status = f"{len(wave.escapes)} of {len(wave.attractors)} attractor(s) escape" if wave.escapes \
            else "every attractor meets the goals"
        out.print(f"  {label}: {status}; {escape(_levels(wave.attractors, phenotypes))}")
    if report.routes:
        out.print("  escape routes (wave 1: early, slow nodes at their untreated levels; wave 2: late):"
                  if len(report.waves) > 1 else "  escape routes:")
        for number, reading in enumerate(report_readings(report), start=1):
            out.print(escape(f"    {route_line(number, reading)}"), soft_wrap=True)
    if report.genetic_depth:
        out.print("  genetic escapes (the response then misses the goals by more):")
        print_genetic_escapes(out, report.genetic_escapes, indent="    ")
    print_completeness(out, report.complete, report.truncated)


def print_completeness(out: Console, complete: bool, truncated: Sequence[str] = ()) -> None:
    """Say when an answer rests on incomplete attractor sets, or routes were cut."""
    if not complete:
        out.print("  [bold]incomplete[/bold]: an engine limit cut some attractor sets short; the answer may"
                  " miss attractors (fix inputs, or use another --engine)")
    for reason in truncated:
        out.print(escape(f"  routes cut: {reason}"))


@click.command("escape")
@network_argument
@click.option("--drug", "drugs", multiple=True, required=True, help="Drug of the treatment (repeatable).")
@DRUG_TARGETS_OPTION
@click.option("--context", help="Context declared in the network file.")
@SET_CONTEXT_OPTION
@click.option("--alteration", "alterations", multiple=True, help="Genetic alteration (repeatable).")
@GOAL_OPTION
@SEMANTICS_OPTION
@START_OPTION
@click.option("--phase", type=click.Choice(["early", "late"]),
              help="Only this wave [default: both when the network has slow nodes].")
@click.option("--genetic-depth", type=click.IntRange(min=0, max=2), default=0, show_default=True,
              help="Also the genetic escapes of the treatment: single alterations (1) or pairs (2), arising"
                   " before the drug (pre-existing) or after the response (acquired).")
@ENGINE_OPTION
@TIMEOUT_OPTION
@FORMAT_OPTION("table", "json")
def escape_command(file: str, input_format: str | None, drugs: tuple[str, ...], drug_targets: tuple[str, ...],
                   context: str | None, sets: tuple[str, ...],
                   alterations: tuple[str, ...], goals: tuple[str, ...], semantics: str | None, start: str,
                   phase: str | None, genetic_depth: int, engine: str, timeout: float | None,
                   output_format: str) -> None:
    """How cells escape a treatment: the response, its escapes, their routes and waves."""
    network, chosen = with_set_context(with_drug_targets(open_network(file, input_format), drug_targets), sets,
                                       (context,) if context else ())
    context = chosen[0] if chosen else None
    treatment = Perturbation.build(network, context=context, alterations=alterations, drugs=drugs)
    resolved = resolve_goals(network, goals) if goals else None
    with progress_reporter() as progress:
        responder = Responder(network, semantics=semantics, engine=engine, timeout=timeout, progress=progress)
        report = escape_routes(network, treatment, goals=resolved, start=start, phase=phase,
                               genetic_depth=genetic_depth, responder=responder)
    if output_format == "json":
        print_json(report)
    else:
        print_escape_report(console(), report, network.phenotypes or tuple(g.node for g in report.goals))


# -------------------------------------------------------------------- combos


def print_genetic_escapes(out: Console, escapes: Sequence[GeneticEscape], indent: str = "  ", limit: int = 8) -> None:
    """Genetic escapes by timing: declared alterations first, then hypothetical changes."""
    for timing in TIMINGS:
        found = [g for g in escapes if g.timing == timing]
        if not found:
            out.print(f"{indent}{timing}: none")
            continue
        texts = [f"{g}{'' if g.kind == 'declared' else ' (' + _KINDS[g.kind] + ')'} → {', '.join(g.restores)}"
                 for g in found]
        shown = "; ".join(texts[:limit]) + (f"; … {len(texts) - limit} more (--format json)" if len(texts) > limit
                                           else "")
        out.print(escape(f"{indent}{timing}: {shown}"))


_KINDS = {"gain": "hypothetical gain of function", "loss": "hypothetical loss of function",
          "changes": "hypothetical changes"}


def _robustness(m: MinimalSet) -> str:
    if m.robust is None:
        return "not checked"
    if m.robust:
        return "yes"
    return f"to {' and '.join(m.robust_to)} only" if m.robust_to else "no"


def print_combinations(out: Console, report: CombinationReport) -> None:
    goals = ", ".join(str(g) for g in report.goals)
    extent = f"complete up to size {report.max_size}" if report.complete else \
        f"searched up to size {report.max_size}, [bold]incomplete[/bold]"
    kind = {"drugs": "drug sets", "nodes": "intervention sets"}[report.targets]
    where = " and ".join(c or "no context" for c in report.contexts) if report.contexts else \
        (report.context or "no context")
    every = "every one of " if report.contexts else ""
    start = ("" if report.start == "untreated" else f" · from {report.start}") + \
        (" · fixed points" if report.fixed_points else "")
    out.print(f"[bold]minimal {kind}[/bold] in {every}{escape(where)} · goals {escape(goals)}{escape(start)} ·"
              f" {extent} ({report.checked} treatments checked)")
    if report.robust_to:
        out.print(escape(f"  kept only sets that {', '.join(report.robust_to)} cannot defeat"))
    if not report.complete:
        print_completeness(out, False)
    if report.goals_met_untreated:
        out.print("  the goals are already met without treatment: nothing to add")
        return
    if not report.minimal_sets:
        out.print(f"  no set of at most {report.max_size} meets the goals")
        return
    rows = []
    for m in report.minimal_sets:
        cells = []
        for timing in TIMINGS:
            found = [str(g) + ("" if g.kind == "declared" else f" (hypothetical {g.kind})")
                     for g in m.genetic_escapes if g.timing == timing]
            text = "; ".join(found[:4]) + (f"; … {len(found) - 4} more" if len(found) > 4 else "")
            cells.append(text or "-")
        rows.append((" + ".join(m.labels), _robustness(m), *cells))
    out.print(table(None, ["set", "robust", "pre-existing escapes", "acquired escapes"], rows))


def _levels_option(text: str | None) -> list[int] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() and len(p) <= 6 for p in parts):
        raise LogicnetError(f"--levels expects whole numbers joined by commas (e.g. 1,2), got '{text}'")
    return [int(p) for p in parts]


def _csv(values: tuple[str, ...]) -> list[str] | None:
    items = [v.strip() for text in values for v in text.split(",") if v.strip()]
    return items or None


@click.command("combos")
@network_argument
@GOAL_OPTION
@click.option("--context", "contexts", multiple=True,
              help="Context (repeatable; one result per context, or one for all with --all-contexts).")
@click.option("--all-contexts", is_flag=True,
              help="Only the sets that meet the goals in every --context (cell lines, patients, media).")
@SET_CONTEXT_OPTION
@click.option("--alteration", "alterations", multiple=True, help="Genetic alteration (repeatable).")
@click.option("--semantics", type=click.Choice(SEMANTICS + ("fixedpoints",)), default=None,
              help="Update semantics [default: priority if the network has slow nodes, else asynchronous];"
                   " fixedpoints: every fixed point of the treated network meets the goals and one exists"
                   " (from any state).")
@START_OPTION
@click.option("--max-size", type=click.IntRange(min=1), default=3, show_default=True,
              help="Largest set searched (the search is complete up to it).")
@click.option("--targets", type=click.Choice(["drugs", "nodes"]), default="drugs", show_default=True,
              help="drugs: sets of the network's drugs; nodes: sets of node interventions (knockouts, and"
                   " knock-ins with --knock-in).")
@DRUG_TARGETS_OPTION
@click.option("--knock-in", is_flag=True, help="With --targets nodes: also fix nodes at their maximum level.")
@click.option("--levels", "levels_text", metavar="L,...",
              help="With --knock-in: the levels multivalued nodes are fixed at [default: their maximum].")
@click.option("--candidates", multiple=True, metavar="D,...", help="Only these drugs (or nodes).")
@click.option("--exclude", multiple=True, metavar="N,...", help="Never these drugs (or nodes).")
@click.option("--genetic-depth", type=click.IntRange(min=0, max=2), default=None,
              help="Genetic escapes: single alterations (1), pairs (2), or none (0) [default: 1; 0 with"
                   " --semantics fixedpoints, which searches no escapes].")
@click.option("--robust-to", "robust_to", multiple=True, metavar="ALT,...",
              help="Keep only the sets that none of these declared alterations defeats (pre-existing or"
                   " acquired).")
@ENGINE_OPTION
@TIMEOUT_OPTION
@FORMAT_OPTION("table", "json")
def combos_command(file: str, input_format: str | None, goals: tuple[str, ...], contexts: tuple[str, ...],
                   all_contexts: bool, sets: tuple[str, ...], alterations: tuple[str, ...], semantics: str | None,
                   start: str,
                   max_size: int, targets: str, drug_targets: tuple[str, ...], knock_in: bool,
                   levels_text: str | None,
                   candidates: tuple[str, ...], exclude: tuple[str, ...], genetic_depth: int | None,
                   robust_to: tuple[str, ...], engine: str, timeout: float | None, output_format: str) -> None:
    """Minimal drug (or intervention) sets that bring every response attractor to the goals."""
    fixed_points = semantics == "fixedpoints"
    if fixed_points and (genetic_depth or robust_to):
        raise LogicnetError("--semantics fixedpoints searches no genetic escapes: drop --genetic-depth and"
                            " --robust-to, or choose an update semantics")
    genetic_depth = (0 if fixed_points else 1) if genetic_depth is None else genetic_depth
    if drug_targets and targets == "nodes":
        raise LogicnetError("--drug-targets adds drugs: use it with --targets drugs (the default)")
    network, contexts = with_set_context(with_drug_targets(open_network(file, input_format), drug_targets), sets,
                                         contexts)
    resolved = resolve_goals(network, goals)
    if targets == "drugs" and (knock_in or levels_text):
        raise LogicnetError("--knock-in and --levels choose node interventions: use them with --targets nodes")
    if levels_text and not knock_in:
        raise LogicnetError("--levels gives the knock-in levels: use it with --knock-in")
    levels = _levels_option(levels_text)
    reports = []
    with progress_reporter() as progress:
        responder = Responder(network, semantics=None if fixed_points else semantics, engine=engine, timeout=timeout,
                              progress=progress)
        groups = [list(contexts)] if all_contexts else [[c] for c in (contexts or (None,))]
        for group in groups:
            reports.append(minimal_combinations(
                network, goals=resolved, context=group[0], contexts=group if len(group) > 1 else None,
                alterations=alterations, start=start, max_size=max_size, targets=targets,
                candidates=_csv(candidates), exclude=_csv(exclude) or (), knock_in=knock_in, levels=levels,
                genetic_depth=genetic_depth, robust_to=_csv(robust_to) or (), responder=responder,
                progress=progress, fixed_points=fixed_points))
    if output_format == "json":
        print_json(reports[0] if len(reports) == 1 else reports)
        return
    out = console()
    for report in reports:
        print_combinations(out, report)


# ------------------------------------------------------------------- analyze


def print_analysis(report: AnalysisReport, detail: bool = False) -> None:
    """The verdict of each context first; with ``detail`` also every table and route."""
    out = console()
    out.print(f"[bold]{escape(report.network)}[/bold] · goals {escape(', '.join(map(str, report.goals)))}"
              f" · {report.semantics} semantics · start {report.start}")
    phenotypes = report.phenotypes or tuple(g.node for g in report.goals)
    for ctx in report.contexts:
        _print_context(out, ctx, phenotypes, detail)
    if report.scenarios is not None:
        passed = sum(r.passed for r in report.scenarios.results)
        out.print(f"\n[bold]scenario checks[/bold]: {passed} of {len(report.scenarios.results)} pass")
        for result in report.scenarios.results:
            if not result.passed:
                out.print(f"  FAIL {escape(result.scenario.name)}")
    out.print(escape(f"\nsummary: {report.summary}"), soft_wrap=True)


def _print_context(out: Console, ctx: ContextAnalysis, phenotypes: Sequence[str], detail: bool) -> None:
    out.print(f"\n[bold underline]context {escape(ctx.context or '(none)')}[/bold underline]"
              + (f" with {escape(', '.join(ctx.alterations))}" if ctx.alterations else "")
              + f": untreated {escape(_levels(ctx.untreated, phenotypes))}"
              + (" (goals met)" if ctx.goals_met_untreated else " (goals not met)"))
    for line in verdict_lines(ctx.verdict, detail=detail):
        out.print(escape(line), soft_wrap=True)
    if not detail:
        return
    rows: list[Any] = []
    for report in ctx.single_drugs:
        late = report.waves[-1]
        waves = {w.phase: len(w.escapes) for w in report.waves}
        escapes = " / ".join(f"{phase} {count}" for phase, count in waves.items())
        rows.append((" + ".join(report.drugs), _levels(late.attractors, phenotypes), escapes))
    out.print(table("single drugs (escaping attractors per wave)", ["drug", "late response", "escapes"], rows))
    judged = {t.drugs: t for t in ctx.verdict.treatments}
    for report in ctx.single_drugs:
        if not report.routes or judged[report.drugs].status == "escaped":
            continue  # escaped drugs' routes are in the verdict
        out.print(f"why the goals still fail under {escape(' + '.join(report.drugs))}:")
        for number, reading in enumerate(report_readings(report), start=1):
            out.print(escape(f"  {route_line(number, reading)}"), soft_wrap=True)
    print_combinations(out, ctx.combinations)


@click.command("analyze")
@network_argument
@analysis_options
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write analysis.json, report.html and the diagrams into this folder.")
@click.option("--force", is_flag=True, help="Replace files already in the output folder.")
@click.option("--detail", is_flag=True,
              help="Show everything: every route and genetic escape, the single-drug and combination tables.")
@FORMAT_OPTION("table", "json")
def analyze_command(file: str, input_format: str | None, contexts: tuple[str, ...], sets: tuple[str, ...],
                    alterations: tuple[str, ...],
                    drugs: tuple[str, ...], drug_targets: tuple[str, ...], goals: tuple[str, ...],
                    semantics: str | None, start: str, max_size: int, genetic_depth: int, no_scenarios: bool, engine: str, timeout: float | None,
                    jobs: int | None, output_dir: Path | None, force: bool, detail: bool, output_format: str) -> None:
    """The main job, answer first: per context, which drugs meet the goals, which are
    escaped (and through which routes, by wave) or ineffective, the minimal drug
    combinations that close the routes and the genetic changes that defeat them;
    then the scenario checks and a one-line summary (--detail: every table and route)."""
    network, contexts = with_set_context(with_drug_targets(open_network(file, input_format), drug_targets), sets,
                                         contexts)
    if output_dir is not None:
        if output_dir.exists() and not output_dir.is_dir():
            raise LogicnetError(f"{output_dir} is a file, not a folder for the results")
        for name in ("analysis.json", "report.html"):
            if (output_dir / name).exists() and not force:
                check_writable(output_dir / name, force=force)
    with progress_reporter() as progress:
        report = analyze(network, contexts=list(contexts) or None, alterations=alterations,
                         drugs=list(drugs) or None, goals=resolve_goals(network, goals) if goals else None,
                         semantics=semantics, start=start, max_size=max_size, genetic_depth=genetic_depth,
                         scenarios=not no_scenarios, engine=engine, timeout=timeout, progress=progress,
                         executor=make_executor("local", jobs=jobs))
    if output_format == "json":
        print_json(report)
    else:
        print_analysis(report, detail=detail)
    if output_dir is not None:
        from logicnet.render.folder import report_time_course, write_report_folder

        written = write_report_folder(network, report, output_dir, course=report_time_course(network, report),
                                      force=force)
        path = output_dir / "analysis.json"
        path.write_text(to_json(report) + "\n")
        for done in (path, *written.paths):
            click.echo(f"wrote {done}", err=True)
        if written.without_graphviz:
            click.echo(NO_GRAPHVIZ, err=True)


COMMANDS = [check_command, escape_command, combos_command, analyze_command]
