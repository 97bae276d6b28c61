"""Commands that run the engines: attractors, fixed-points."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click

from logicnet.cli.run_options import ENGINE_OPTION, TIMEOUT_OPTION
from logicnet.cli.options import (
    SEMANTICS_OPTION,
    build_perturbation,
    perturbation_options,
)
from logicnet.cli.output import FORMAT_OPTION, console, escape, print_json, table
from logicnet.cli.progress import progress_reporter
from logicnet.dynamics import AttractorResult, attractors, fixed_points
from logicnet.analysis.response import Responder
from logicnet.errors import LogicnetError
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.cli.options import network_argument, open_network
from logicnet.io.textfile import check_writable

__all__ = ["COMMANDS", "print_attractors", "print_count", "SHOWN"]

COLUMNS_PER_TABLE = 10
#: attractors the table lists by default; past this a summary line and a --limit hint come first
SHOWN = 50


def _cell(levels: tuple[int, ...]) -> str:
    """A node's levels in an attractor: ``1``, or ``0/1`` where it varies."""
    return "/".join(map(str, levels))


def print_attractors(result: AttractorResult, output_format: str, shown: int | None = None) -> None:
    """Print an :class:`AttractorResult` as a table (nodes × attractors), JSON or CSV.
    The table lists at most ``shown`` attractors, after a line saying how many
    there are and how to see them (JSON and CSV list them all)."""
    if output_format == "json":
        print_json(result)
        return
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["attractor", "type", "size", *result.nodes])
        for i, att in enumerate(result.attractors, start=1):
            writer.writerow([i, att.kind, att.size, *(_cell(v) for v in att.values)])
        click.echo(buffer.getvalue(), nl=False)
        return
    out = console()
    count = f"{len(result.attractors)} attractor(s)" if result.semantics != "fixed_points" else \
        f"{len(result.attractors)} fixed point(s)"
    if result.count is not None:
        count += f" listed, {result.count} in all"
    out.print(
        f"{escape(count)} · {result.semantics} · {escape(result.perturbation.describe())} · engine"
        f" {result.engine}" + ("" if result.complete else " · [bold]incomplete[/bold] (limit or timeout)")
    )
    atts = result.attractors
    if shown is not None and len(atts) > shown:
        what = "fixed points" if result.semantics == "fixed_points" else "attractors"
        out.print(f"{len(atts)} {what}: the first {shown} are shown; --limit N finds at most N (faster),"
                  f" --format csv or json lists all {len(atts)}")
        atts = atts[:shown]
    for start in range(0, len(atts), COLUMNS_PER_TABLE):
        chunk = atts[start:start + COLUMNS_PER_TABLE]
        header = ["node"] + [f"#{start + i + 1}" for i in range(len(chunk))]
        rows: list[list[Any]] = [["type"] + [a.kind.replace("_", " ") for a in chunk],
                                 ["states"] + [a.size for a in chunk]]
        for j, node in enumerate(result.nodes):
            rows.append([node] + [_cell(a.values[j]) for a in chunk])
        out.print(table(None, header, rows))


def _starts(network: Network, texts: tuple[str, ...], start: str, semantics: str | None, engine: str,
            timeout: float | None, perturbation: Perturbation) -> list[Any] | None:
    """The start states of ``attractors``: none (every attractor), the untreated
    attractors of the perturbation's cells, or the states of ``--from``."""
    if start == "untreated":
        if texts:
            raise LogicnetError("--start untreated and --from STATE ask different questions: give one of them")
        return list(Responder(network, semantics=semantics, engine=engine, timeout=timeout)
                    .untreated(perturbation).attractors)
    if not texts:
        return None
    tops = {n: node.levels for n, node in network.nodes.items()}
    return [network.start_state(t).space(network.names, tops) for t in texts]


@click.command("attractors")
@network_argument
@SEMANTICS_OPTION
@perturbation_options
@click.option("--from", "starts", multiple=True, metavar="STATE|N=L,...",
              help="Only attractors reachable from this state: a declared start state, or N=L,... (unnamed nodes"
                   " start at 0, N=* any level; repeatable).")
@click.option("--start", type=click.Choice(["any", "untreated"]), default="any", show_default=True,
              help="untreated: only the attractors the perturbation's drugs reach from the untreated"
                   " attractors of the same cells (the response to treatment).")
@click.option("--phase", type=click.Choice(["late", "early"]), default="late", show_default=True,
              help="early: slow nodes stay at their start levels (the first wave).")
@ENGINE_OPTION
@click.option("--limit", type=click.IntRange(min=1),
              help=f"Stop after this many attractors [default: find all; the table shows the first {SHOWN}].")
@click.option("--count", is_flag=True,
              help="Print only the exact number of attractors (with --limit N, list the first N too);"
                   " under mostpermissive, the minimal trap spaces.")
@TIMEOUT_OPTION
@click.option("--max-states", type=click.IntRange(min=0), default=1000, show_default=True,
              help="List the states of attractors with at most this many states.")
@FORMAT_OPTION("table", "json", "csv")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the attractors as a heatmap (nodes x attractors) into this .png/.svg/.pdf.")
@click.option("--force", is_flag=True, help="Replace the --plot file if it exists.")
def attractors_command(file: str, input_format: str | None, semantics: str | None, starts: tuple[str, ...],
                       start: str, phase: str, engine: str,
                       limit: int | None, count: bool, timeout: float | None, max_states: int, output_format: str,
                       plot: Path | None, force: bool, **options: Any) -> None:
    """Attractors of FILE (YAML or BNet) under a semantics and a perturbation."""
    network = open_network(file, input_format)
    perturbation = build_perturbation(network, options)
    if plot is not None:
        if plot.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise LogicnetError(f"cannot write a plot as '{plot}': use a .png, .svg or .pdf file")
        check_writable(plot, force=force)
    only_count = count and limit is None
    with progress_reporter() as progress:  # the count is exact; listing stops
        chosen = _starts(network, starts, start, semantics, engine, timeout, perturbation)
        result = attractors(network, semantics=semantics, perturbation=perturbation, starts=chosen,
                            phase=phase, engine=engine, limit=1 if only_count else limit, timeout=timeout,
                            max_states=max_states, progress=progress, count=count)
    if count and result.count is None:
        raise LogicnetError(f"the {result.engine} engine did not count the attractors: use --engine auto")
    if output_format == "table" or not (result.complete or only_count):  # (what cut the list short, in any format)
        for note in result.notes:
            click.echo(note, err=True)
    if only_count:
        print_count(result, output_format)
        return
    print_attractors(result, output_format, shown=None if limit is not None else SHOWN)
    if plot is not None and result.attractors:
        from logicnet.cli.picture_commands import attractor_plot

        attractor_plot(network, result.attractors, plot, f"{result.perturbation.describe()} · {result.semantics}")
        click.echo(f"wrote {plot}", err=True)


@click.command("fixed-points")
@network_argument
@perturbation_options
@ENGINE_OPTION
@click.option("--limit", type=click.IntRange(min=1), help="List at most this many fixed points.")
@click.option("--count", is_flag=True,
              help="Print only the exact number of fixed points (with --limit N, list the first N too).")
@TIMEOUT_OPTION
@FORMAT_OPTION("table", "json", "csv")
def fixed_points_command(file: str, input_format: str | None, engine: str, limit: int | None, count: bool, timeout: float | None,
                         output_format: str, **options: Any) -> None:
    """Fixed points (steady states) of FILE under a perturbation; they are the
    same under every semantics."""
    network = open_network(file, input_format)
    perturbation = build_perturbation(network, options)
    only_count = count and limit is None
    with progress_reporter() as progress:  # the count is exact; listing stops (models reach 10^28 fixed points)
        result = fixed_points(network, perturbation=perturbation, engine=engine, limit=1 if only_count else limit,
                              count=count, timeout=timeout, progress=progress)
    if count and result.count is None:
        raise LogicnetError(f"the {result.engine} engine did not count the fixed points: use --engine symbolic"
                            " or auto")
    if output_format == "table" or not (result.complete or only_count):  # (what cut the list short, in any format)
        for note in result.notes:
            click.echo(note, err=True)
    if only_count:
        print_count(result, output_format)
        return
    print_attractors(result, output_format, shown=None if limit is not None else SHOWN)


def print_count(result: AttractorResult, output_format: str) -> None:
    """``--count``: the number alone (one line), or a small JSON/CSV document."""
    if output_format == "json":
        print_json({"count": result.count, "complete": True, "semantics": result.semantics, "engine": result.engine,
                    "perturbation": result.perturbation.describe(), "nodes": len(result.nodes)})
    elif output_format == "csv":
        click.echo(f"count\n{result.count}")
    else:
        click.echo(str(result.count))

COMMANDS = [attractors_command, fixed_points_command]
