"""Commands about the model itself: validate, info, convert."""

from __future__ import annotations

from pathlib import Path

import click

from logicnet.cli.options import READING_OPTIONS, network_argument, open_network
from logicnet.cli.output import FORMAT_OPTION, console, escape, print_json, table
from logicnet.io import FORMAT_NAMES, conversion_losses, format_of, write_network
from logicnet.summary import summarize


@click.command()
@network_argument
@FORMAT_OPTION("table", "json")
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are warnings.")
def validate(file: str, input_format: str | None, output_format: str, strict: bool) -> None:
    """Check a network file: errors stop it (exit 2), warnings point at likely slips."""
    from logicnet.validation import diagnose  # networkx: only this command needs it

    network = open_network(file, input_format)
    findings = diagnose(network)
    if output_format == "json":
        print_json({"file": str(file), "valid": True, "diagnostics": findings})
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{file}: valid, {len(network.nodes)} nodes, {len(findings)} warning(s)")
    if strict and findings:
        raise SystemExit(1)


@click.command()
@network_argument
@FORMAT_OPTION("table", "json")
@click.option("--loops", "loop_limit", default=1000, show_default=True,
              help="Stop listing feedback loops after this many.")
def info(file: str, input_format: str | None, output_format: str, loop_limit: int) -> None:
    """Nodes, inputs, phenotypes, drugs, signed edges and feedback loops."""
    network = open_network(file, input_format)
    summary = summarize(network, loop_limit=loop_limit)
    if output_format == "json":
        print_json(summary)
        return
    out = console()
    out.print(f"[bold]{escape(summary.name)}[/bold]  ({escape(str(file))})")
    multivalued = ", ".join(f"{n} 0..{m}" for n, m in summary.multivalued.items())
    rows = [
        ("nodes", f"{summary.nodes}" + (f" (multivalued: {multivalued})" if multivalued else "")),
        ("inputs", ", ".join(summary.inputs) or "none"),
        ("phenotypes", ", ".join(f"{p} (goal {g.split(p, 1)[1].lstrip('=') if g else '-'})" if g else p
                                 for p, g in summary.phenotypes.items()) or "none"),
        ("slow nodes", ", ".join(summary.slow_nodes) or "none"),
        ("edges", f"{sum(summary.edges.values())}: " + ", ".join(f"{n} {s}" for s, n in summary.edges.items())),
        ("non-functional regulators", str(summary.non_functional)),
        ("alterations", ", ".join(summary.alterations) or "none"),
        ("contexts", ", ".join(summary.contexts) or "none"),
        ("scenarios", str(summary.scenarios)),
    ]
    out.print(table(None, ["", ""], rows))
    if summary.drugs:
        out.print(table("drugs", ["drug", "targets"], summary.drugs.items()))
    loops = summary.loops
    shown = loops.loops[:25]
    title = (f"feedback loops: {len(loops.loops)}{'' if loops.complete else '+ (listing stopped)'}"
             f", {loops.positive} positive, {loops.negative} negative")
    out.print(table(title, ["sign", "loop"], ((l.sign, " → ".join(l.nodes + l.nodes[:1])) for l in shown)))
    if len(loops.loops) > len(shown):
        out.print(f"... {len(loops.loops) - len(shown)} more (use --format json for all)")


def READING(function):  # type: ignore[no-untyped-def]
    for option in reversed(READING_OPTIONS):
        function = option(function)
    return function


@click.command()
@click.argument("source", metavar="SOURCE")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--input-format", type=click.Choice(FORMAT_NAMES), help="Format of SOURCE [default: from its extension].")
@click.option("--output-format", type=click.Choice(FORMAT_NAMES), help="Format of TARGET [default: from its extension].")
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@READING
def convert(source: str, target: Path, input_format: str | None, output_format: str | None, force: bool) -> None:
    """Convert a network between formats (chosen by extension, or named). What
    the target format cannot hold is listed (and kept in the file's extras,
    except in SIF)."""
    network = open_network(source, input_format)
    written = write_network(network, target, format=output_format, force=force)
    fmt = format_of(written, output_format, writing=True)
    lost = conversion_losses(network, fmt.name)
    if lost:
        where = "not in the file" if fmt.name == "sif" else "kept in logicnet's extras in the file"
        click.echo(f"note: {fmt.label} cannot hold {'; '.join(lost)} ({where})", err=True)
    click.echo(f"wrote {target}")


COMMANDS = [validate, info, convert]
