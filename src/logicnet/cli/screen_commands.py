"""``logicnet screen``: drug combination screens with synergy."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from logicnet.analysis.screen import ScreenReport, ScreenRow, screen
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.scores import GoalDistance, SimulatedScore, parse_score
from logicnet.cli.options import parse_assignment
from logicnet.cli.run_options import ENGINE_OPTION, START_OPTION, TIMEOUT_OPTION
from logicnet.cli.output import FORMAT_OPTION, console, escape, print_json, table
from logicnet.cli.progress import progress_reporter
from logicnet.errors import LogicnetError, did_you_mean
from logicnet.execution import make_executor
from logicnet.cli.options import network_argument, open_network
from logicnet.io.results import ResultsFile
from logicnet.io.textfile import check_writable
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import SEMANTICS, Context, Drug, Effect, Network

__all__ = ["COMMANDS"]

CUSTOM_CONTEXT = "custom"


def _csv_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for text in values for v in text.split(",") if v.strip()]


def _with_cli_panel(network: Network, drug_targets: tuple[str, ...], sets: tuple[str, ...]) -> Network:
    """Add ``--drug-targets`` drugs and a ``custom`` context from ``--set`` (for BNet files)."""
    drugs = dict(network.drugs)
    for text in drug_targets:
        name, sep, targets = text.partition("=")
        nodes = [t.strip() for t in targets.split(",") if t.strip()]
        if not sep or not name.strip() or not nodes:
            raise LogicnetError(f"--drug-targets expects NAME=NODE[,NODE...] (e.g. MEKi=MEK1_2), got '{text}'")
        for node in nodes:
            if node not in network.nodes:
                raise LogicnetError(f"--drug-targets {name}: unknown node '{node}'{did_you_mean(node, network.nodes)}")
        drugs[name.strip()] = Drug(name.strip(), FrozenMap({n: Effect(0) for n in nodes}))
    contexts = dict(network.contexts)
    if sets:
        levels = dict(parse_assignment(s) for s in sets)
        contexts[CUSTOM_CONTEXT] = Context(CUSTOM_CONTEXT, FrozenMap(levels))
    return replace(network, drugs=FrozenMap(drugs), contexts=FrozenMap(contexts))


def _done_rows(rows: list[dict[str, Any]]) -> dict[tuple[str | None, tuple[str, ...]], ScreenRow]:
    out = {}
    for r in rows:
        score = r["score"]
        row = ScreenRow(r["context"], tuple(r["drugs"]), math.nan if score is None else float(score),
                        int(r["attractors"]), complete=bool(r.get("complete", True)),
                        timed_out=bool(r.get("timed_out", False)))
        out[row.key()] = row
    return out


def print_screen(report: ScreenReport, top: int) -> None:
    out = console()
    out.print(f"[bold]{escape(report.network)}[/bold] · {len(report.drugs)} drugs up to {report.max_size} ·"
              f" score: {escape(report.score)} (lower is better) · {report.semantics} · start {report.start}")
    for context in report.contexts:
        ranked = report.ranked(context)
        empty = "no fixed point" if report.semantics == "fixedpoints" else "no attractor"
        rows = [(i, " + ".join(r.drugs) or "(untreated)",
                 "timed out" if r.timed_out else (empty if r.attractors == 0 else f"{r.score:.3f}")
                 + ("" if r.complete else " *"), r.attractors,
                 "yes" if r.hsa else "", "yes" if r.bliss else "")
                for i, r in enumerate(ranked[:top], start=1)]
        out.print(table(f"context {context or '(none)'}: best {len(rows)} of {len(ranked)}",
                        ["rank", "drugs", "score", "fixed points" if report.semantics == "fixedpoints" else "attractors",
                         "HSA", "Bliss"], rows))
        timed_out = sum(r.timed_out for r in ranked)
        incomplete = sum(not r.complete for r in ranked)
        if timed_out:
            out.print(f"{timed_out} combination(s) ran out of time (--combo-timeout): no score, no synergy call")
        if incomplete:
            out.print(f"* {incomplete} combination(s) scored on incomplete attractor sets (an engine limit)")


def _heatmaps(report: ScreenReport, path: Path, force: bool) -> list[Path]:
    from logicnet.render.plots import drug_pair_heatmap

    written = []
    for context in report.contexts:
        target = path if len(report.contexts) == 1 else path.with_name(f"{path.stem}.{context}{path.suffix}")
        check_writable(target, force=force)
        values, marks = {}, {}
        for row in report.rows:
            if row.context != context or not 1 <= len(row.drugs) <= 2:
                continue
            pair = (row.drugs[0], row.drugs[-1])
            values[pair] = row.score
            mark = ("H" if row.hsa else "") + ("B" if row.bliss else "")
            if mark:
                marks[pair] = mark
        written.append(drug_pair_heatmap(report.drugs, values, target, marks=marks,
                                         title=f"{report.network} · {context or 'no context'}",
                                         value_label=report.score))
    return written


@click.command("screen")
@network_argument
@click.option("--max-size", type=click.IntRange(min=1), default=2, show_default=True,
              help="Largest combination screened.")
@click.option("--drugs", "drug_names", multiple=True, metavar="D,...", help="Only these drugs of the panel.")
@click.option("--context", "contexts", multiple=True, help="Context (repeatable) [default: every context].")
@click.option("--alteration", "alterations", multiple=True, help="Genetic alteration (repeatable).")
@click.option("--semantics", type=click.Choice(SEMANTICS + ("fixedpoints",)), default=None,
              help="Update semantics [default: priority if the network has slow nodes, else asynchronous];"
                   " fixedpoints: score the stable states of each treated network only, as stable-state"
                   " pipelines do.")
@START_OPTION
@click.option("--score", "score_text", metavar="EXPR",
              help="Linear score of node levels, e.g. 'Proliferation - Apoptosis' [default: goal distance].")
@click.option("--synergy", type=click.Choice(["hsa", "bliss", "both"]), default="both", show_default=True)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes [default: all cores].")
@click.option("--executor", type=click.Choice(["local", "dask", "in-process"]), default="local",
              show_default=True, help="local: a process pool; dask: a Dask cluster (--scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Results file: .csv, .json or .parquet (written as results complete).")
@click.option("--resume", is_flag=True, help="Continue the results file, skipping what it has.")
@click.option("--force", is_flag=True, help="Replace an existing results or heatmap file.")
@click.option("--heatmap", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the drug x drug heatmap of scores with synergies marked (PNG/SVG/PDF).")
@click.option("--drug-targets", multiple=True, metavar="NAME=NODE[,NODE...]",
              help="Add a drug that knocks out these nodes (repeatable; for BNet files).")
@click.option("--set", "sets", multiple=True, metavar="NODE=LEVEL",
              help=f"Fix nodes for a context named '{CUSTOM_CONTEXT}' (repeatable; for BNet files).")
@click.option("--score-from", type=click.Choice(["attractors", "stochastic", "random-async"]), default="attractors",
              show_default=True, help="Score each treatment on its response attractors, or on the phenotype"
                                      " probabilities of simulated runs (the nodes' rates; see simulate).")
@click.option("--score-runs", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Runs per treatment with --score-from stochastic or random-async.")
@click.option("--score-time", type=click.FloatRange(min=0, min_open=True), default=None,
              help="The horizon of --score-from stochastic [default: as simulate] (random-async: steps).")
@click.option("--drug-panel", type=click.Path(dir_okay=False, path_type=Path),
              help="DrugLogics drugpanel file (NAME inhibits|activates TARGET ...) adding drugs to the panel.")
@click.option("--outputs", type=click.Path(dir_okay=False, path_type=Path),
              help="DrugLogics modeloutputs file (NODE WEIGHT): its weighted sum is the score [unless --score].")
@click.option("--observed", type=click.Path(dir_okay=False, path_type=Path),
              help="Observed synergies (one pair a line, e.g. PI~PD): report ROC AUC and PR AUC of the calls.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="Rows shown per context.")
@ENGINE_OPTION
@TIMEOUT_OPTION
@click.option("--combo-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Give each combination at most this long; one that runs out is recorded as timed_out and the"
                   " screen goes on.")
@FORMAT_OPTION("table", "json")
def screen_command(file: str, input_format: str | None, max_size: int, drug_names: tuple[str, ...], contexts: tuple[str, ...],
                   alterations: tuple[str, ...], semantics: str | None, start: str, score_text: str | None,
                   synergy: str, jobs: int | None, executor: str, scheduler: str | None, output: Path | None,
                   resume: bool, force: bool, heatmap: Path | None, drug_targets: tuple[str, ...],
                   sets: tuple[str, ...], score_from: str, score_runs: int, score_time: float | None,
                   drug_panel: Path | None, outputs: Path | None, observed: Path | None, top: int,
                   engine: str, timeout: float | None, combo_timeout: float | None,
                   output_format: str) -> None:
    """Screen every combination of a drug panel up to --max-size in every context:
    response scores, ranks and HSA/Bliss synergy."""
    network = open_network(file, input_format)
    if drug_panel is not None:
        from logicnet.io.druglogics import read_drug_panel, with_drug_panel

        network = with_drug_panel(network, read_drug_panel(drug_panel, network))
    network = _with_cli_panel(network, drug_targets, sets)
    if outputs is not None and score_text is None:
        from logicnet.io.druglogics import read_model_outputs

        weights = read_model_outputs(outputs, network)
        score_text = " ".join(f"{'-' if w < 0 else '+'} {abs(w):g}*{n}" for n, w in weights.items()).lstrip("+ ")
    chosen_contexts: list[str | None] | None = list(contexts) or None
    if sets:
        if contexts:
            raise LogicnetError("--set defines its own context: do not combine it with --context")
        chosen_contexts = [CUSTOM_CONTEXT]
    score = parse_score(network, score_text) if score_text else None
    if score_from != "attractors":
        base = score or GoalDistance.of_network(network, resolve_goals(network))
        horizon = dict(time=score_time) if score_from == "stochastic" else dict(
            steps=None if score_time is None else int(score_time))
        score = SimulatedScore.of_base(base, semantics=score_from, runs=score_runs, **horizon)  # type: ignore[arg-type]
    if resume and output is None:
        raise LogicnetError("--resume needs -o/--output: the results file to continue")
    results = ResultsFile(output, resume=resume, force=force) if output is not None else None
    done = _done_rows(results.rows) if results is not None else None
    runner = make_executor(executor, jobs=jobs, scheduler=scheduler)
    with progress_reporter() as progress:
        report = screen(network, drugs=_csv_list(drug_names) or None, max_size=max_size, contexts=chosen_contexts,
                        alterations=alterations, semantics=semantics, start=start, score=score, synergy=synergy,
                        engine=engine, combo_timeout=combo_timeout, timeout=timeout, executor=runner, done=done,
                        on_rows=results.append if results else None, progress=progress)
    if results is not None:
        results.finish(report.rows)
    evaluations = _evaluate(report, observed, score, synergy) if observed is not None else []
    if output_format == "json":
        print_json({"screen": report, "observed": evaluations} if observed is not None else report)
    else:
        print_screen(report, top)
        for evaluation in evaluations:
            click.echo(f"observed synergies ({evaluation.observed} of {len(evaluation.pairs)} pairs),"
                       f" context {evaluation.context or '(none)'}, {evaluation.method.upper()}:"
                       f" ROC AUC {evaluation.roc_auc:.3f}, PR AUC {evaluation.pr_auc:.3f};"
                       f" calls: {evaluation.true_positives} true, {evaluation.false_positives} false positive,"
                       f" {evaluation.false_negatives} missed")
    if output is not None:
        click.echo(f"wrote {output}", err=True)
    if heatmap is not None:
        for path in _heatmaps(report, heatmap, force):
            click.echo(f"wrote {path}", err=True)


def _evaluate(report: ScreenReport, observed: Path, score: Any, synergy: str) -> list[Any]:
    from logicnet.analysis.observed import evaluate_synergies
    from logicnet.io.druglogics import read_observed_synergies

    truth = read_observed_synergies(observed, report.drugs)
    methods = ["hsa", "bliss"] if synergy == "both" else [synergy]
    floor = score.floor if score is not None else 0.0
    return [evaluate_synergies(report, truth, context=context, method=method, floor=floor)
            for context in report.contexts for method in methods]


COMMANDS = [screen_command]
