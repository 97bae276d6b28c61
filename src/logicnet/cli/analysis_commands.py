"""Commands that ask the modeller's questions: check (escape, combos and analyze follow)."""

from __future__ import annotations

from pathlib import Path

import click

from logicnet.analysis.scenarios import CheckReport, check_scenarios
from logicnet.cli.model_commands import FILE
from logicnet.cli.options import ENGINE_OPTION
from logicnet.cli.output import FORMAT_OPTION, print_json
from logicnet.cli.progress import progress_reporter
from logicnet.dynamics import Attractor
from logicnet.io import read_network

__all__ = ["COMMANDS", "print_check_report"]


def describe_attractor(attractor: Attractor) -> str:
    """``fixed point: A=1 B=0 ...`` (levels that vary are shown as ``0/1``)."""
    levels = " ".join(f"{n}={'/'.join(map(str, v))}" for n, v in zip(attractor.nodes, attractor.values))
    kind = attractor.kind.replace("_", " ")
    size = "" if attractor.size == 1 else f" of {attractor.size} states"
    return f"{kind}{size}: {levels}"


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
@FILE
@click.option("--scenario", "names", multiple=True, help="Run only this scenario (repeatable).")
@ENGINE_OPTION
@click.option("--timeout", type=click.FloatRange(min=0), help="Give up on a computation after this many seconds.")
@FORMAT_OPTION("table", "json")
def check_command(file: Path, names: tuple[str, ...], engine: str, timeout: float | None, output_format: str) -> None:
    """Run the scenarios of FILE and compare with their expectations (exit 1 if one fails)."""
    network = read_network(file)
    with progress_reporter() as progress:
        report = check_scenarios(network, names or None, engine=engine, timeout=timeout, progress=progress)
    if output_format == "json":
        print_json(report)
    else:
        if not report.results:
            click.echo(f"{file}: no scenarios to check")
        else:
            print_check_report(report)
    if not report.passed:
        raise SystemExit(1)


COMMANDS = [check_command]
