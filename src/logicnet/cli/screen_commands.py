"""``logicnet screen``: drug combination screens with synergy."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from logicnet.analysis.screen import SORT_KEYS, ScreenReport, ScreenRow, screen, sort_rows
from logicnet.analysis.synergy import TOLERANCE
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.scores import GoalDistance, SimulatedScore, parse_score
from logicnet.cli.options import DRUG_TARGETS_OPTION, SET_CONTEXT_OPTION, with_drug_targets, with_set_context
from logicnet.cli.run_options import ENGINE_OPTION, START_OPTION, TIMEOUT_OPTION
from logicnet.cli.output import FORMAT_OPTION, console, escape, print_json, table
from logicnet.cli.progress import progress_reporter
from logicnet.errors import LogicnetError
from logicnet.execution import make_executor
from logicnet.cli.options import network_argument, open_network
from logicnet.io.results import ResultsFile
from logicnet.io.textfile import check_writable
from logicnet.model.network import SEMANTICS

__all__ = ["COMMANDS"]

def _csv_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for text in values for v in text.split(",") if v.strip()]


def _done_rows(rows: list[dict[str, Any]]) -> dict[tuple[str | None, tuple[str, ...]], ScreenRow]:
    out = {}
    for r in rows:
        score = r["score"]
        row = ScreenRow(r["context"], tuple(r["drugs"]), math.nan if score is None else float(score),
                        int(r["attractors"]), complete=bool(r.get("complete", True)),
                        timed_out=bool(r.get("timed_out", False)))
        out[row.key()] = row
    return out


def _number(value: float | None, signed: bool = True) -> str:
    return "" if value is None else (f"{value:+.3f}" if signed else f"{value:.3f}")


def _passes(row: ScreenRow, sort: str, min_excess: float | None) -> bool:
    """Whether ``row`` clears ``--min-excess`` (on the sorted excess, or on either)."""
    if min_excess is None:
        return True
    names = [sort] if sort in ("hsa_excess", "bliss_excess") else ["hsa_excess", "bliss_excess"]
    values = [getattr(row, n) for n in names if getattr(row, n) is not None]
    return any(v >= min_excess - TOLERANCE for v in values)


def shown_rows(report: ScreenReport, context: str | None, sort: str, min_excess: float | None) -> list[ScreenRow]:
    """The rows of one context that ``--sort`` and ``--min-excess`` show, in order."""
    return [r for r in sort_rows((r for r in report.rows if r.context == context), sort)
            if _passes(r, sort, min_excess)]


def normalisation(report: ScreenReport) -> str:
    """How responses were normalised for Bliss, in words."""
    return (f"Bliss: r = (score - floor) / (untreated - floor), floor = {report.floor:g} (the lowest the score can"
            " take), untreated in each title")


def print_screen(report: ScreenReport, top: int, sort: str = "score", min_excess: float | None = None) -> None:
    out = console()
    out.print(f"[bold]{escape(report.network)}[/bold] · {len(report.drugs)} drugs up to {report.max_size} ·"
              f" score: {escape(report.score)} (lower is better) · {report.semantics} · start {report.start}")
    hsa, bliss = report.synergy in ("hsa", "both"), report.synergy in ("bliss", "both")
    if hsa:
        out.print("HSA excess: the score of the best part alone minus the combination's (score units); > 0 is synergy")
    if bliss:
        out.print(escape(normalisation(report)))
        out.print("Bliss excess: the expected r minus the combination's r (normalised units); > 0 is synergy")
    for context in report.contexts:
        every = [r for r in report.rows if r.context == context]
        chosen = shown_rows(report, context, sort, min_excess)
        empty = "no fixed point" if report.semantics == "fixedpoints" else "no attractor"
        columns = ["rank", "drugs", "score", "fixed points" if report.semantics == "fixedpoints" else "attractors"]
        columns += ["HSA excess", "HSA"] if hsa else []
        columns += ["Bliss expected", "Bliss excess", "Bliss"] if bliss else []
        rows = []
        for i, r in enumerate(chosen[:top], start=1):
            row: list[object] = [
                i, " + ".join(r.drugs) or "(untreated)",
                "timed out" if r.timed_out else (empty if r.attractors == 0 else f"{r.score:.3f}")
                + ("" if r.complete else " *"), r.attractors]
            if hsa:
                row += [_number(r.hsa_excess), "yes" if r.hsa else ""]
            if bliss:
                row += [_number(r.bliss_expected, signed=False), _number(r.bliss_excess), "yes" if r.bliss else ""]
            rows.append(row)
        order = "best score first" if sort == "score" else (
            "by name" if sort == "drugs" else f"largest {sort.replace('_', ' ')} first")
        shown = f"{len(rows)} of {len(chosen)} with excess >= {min_excess:g}" if min_excess is not None else \
            f"{len(rows)} of {len(every)}"
        untreated = report.untreated(context)
        out.print(table(f"context {context or '(none)'} (untreated score {untreated:.3g}): {shown}, {order}",
                        columns, rows))
        timed_out = sum(r.timed_out for r in every)
        incomplete = sum(not r.complete for r in every)
        if timed_out:
            out.print(f"{timed_out} combination(s) ran out of time (--combo-timeout): no score, no synergy call")
        if incomplete:
            out.print(f"* {incomplete} combination(s) scored on incomplete attractor sets (an engine limit)")


def heatmap_paths(path: Path, contexts: list[str | None]) -> list[Path]:
    """Where ``--heatmap PATH`` writes: PATH for one context, else PATH's stem
    with ``-CONTEXT`` added per context (``pairs.png`` → ``pairs-serum.png``)."""
    if len(contexts) == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', context or 'none')}{path.suffix}")
            for context in contexts]


def _heatmaps(report: ScreenReport, path: Path, force: bool) -> list[Path]:
    from logicnet.render.plots import drug_pair_heatmap

    measure = "bliss_excess" if report.synergy == "bliss" else "hsa_excess"
    label = "excess over Bliss (normalised)" if measure == "bliss_excess" else "excess over HSA (score)"
    written = []
    for context, target in zip(report.contexts, heatmap_paths(path, list(report.contexts))):
        check_writable(target, force=force)
        values: dict[tuple[str, str], float] = {}
        marks, diagonal = {}, {}
        for row in report.rows:
            if row.context != context:
                continue
            if len(row.drugs) == 1:
                diagonal[row.drugs[0]] = "–" if math.isnan(row.score) else f"{row.score:.2f}"
            elif len(row.drugs) == 2:
                excess = getattr(row, measure)
                if excess is not None:
                    values[row.drugs] = excess
                mark = ("H" if row.hsa else "") + ("B" if row.bliss else "")
                if mark:
                    marks[row.drugs] = mark
        title = (f"{report.network} · {context or 'no context'}: {label}; H, B: HSA, Bliss synergy;"
                 " diagonal: the drug's score alone")
        written.append(drug_pair_heatmap(report.drugs, values, target, marks=marks, diagonal=diagonal,
                                         centre=0.0, title=title, value_label=label))
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
              help="Write the drug x drug heatmap of the excess over HSA (over Bliss with --synergy bliss), calls"
                   " marked, into this PNG/SVG/PDF; with several contexts one file each, X-CONTEXT.png.")
@DRUG_TARGETS_OPTION
@SET_CONTEXT_OPTION
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
@click.option("--sort", type=click.Choice(SORT_KEYS), default="score", show_default=True,
              help="Order of the rows shown: score best first, an excess or the Bliss expectation largest first.")
@click.option("--min-excess", type=float, metavar="X",
              help="Show only combinations whose excess (the one --sort names, else over HSA or Bliss) is at"
                   " least X; the -o file keeps every row.")
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
                   drug_panel: Path | None, outputs: Path | None, observed: Path | None, top: int, sort: str,
                   min_excess: float | None,
                   engine: str, timeout: float | None, combo_timeout: float | None,
                   output_format: str) -> None:
    """Screen every combination of a drug panel up to --max-size in every context:
    response scores, ranks and HSA/Bliss synergy."""
    network = open_network(file, input_format)
    if drug_panel is not None:
        from logicnet.io.druglogics import read_drug_panel, with_drug_panel

        network = with_drug_panel(network, read_drug_panel(drug_panel, network))
    network, chosen = with_set_context(with_drug_targets(network, drug_targets), sets, contexts)
    if outputs is not None and score_text is None:
        from logicnet.io.druglogics import read_model_outputs

        weights = read_model_outputs(outputs, network)
        score_text = " ".join(f"{'-' if w < 0 else '+'} {abs(w):g}*{n}" for n, w in weights.items()).lstrip("+ ")
    chosen_contexts: list[str | None] | None = list(chosen) or None
    score = parse_score(network, score_text) if score_text else None
    if score_from != "attractors":
        base = score or GoalDistance.of_network(network, resolve_goals(network))
        horizon = dict(time=score_time) if score_from == "stochastic" else dict(
            steps=None if score_time is None else int(score_time))
        score = SimulatedScore.of_base(base, semantics=score_from, runs=score_runs, **horizon)  # type: ignore[arg-type]
    if resume and output is None:
        raise LogicnetError("--resume needs -o/--output: the results file to continue")
    if heatmap is not None:  # every file the screen will draw, refused before any work
        screened = chosen_contexts if chosen_contexts is not None else (list(network.contexts) or [None])
        for target in heatmap_paths(heatmap, screened):
            if target.suffix.lower() not in (".png", ".svg", ".pdf"):
                raise LogicnetError(f"cannot write a heatmap as '{target}': use a .png, .svg or .pdf file")
            check_writable(target, force=force)
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
    shown = report
    if sort != "score" or min_excess is not None:  # JSON lists the rows in the order and number the table shows
        shown = replace(report, rows=tuple(r for c in report.contexts for r in shown_rows(report, c, sort, min_excess)))
    if output_format == "json":
        print_json({"screen": shown, "observed": evaluations} if observed is not None else shown)
    else:
        print_screen(report, top, sort, min_excess)
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
