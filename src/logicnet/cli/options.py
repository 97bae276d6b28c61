"""Options shared by the commands that perturb a network or run the engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click


from logicnet.errors import PerturbationError
from logicnet.limits import MAX_NUMBER_DIGITS, shown_name
from logicnet.io import FORMAT_NAMES, find_network, read_network
from logicnet.model.network import SEMANTICS, Network
from logicnet.model.perturbation import Perturbation

__all__ = [
    "network_argument",
    "open_network",
    "perturbation_options",
    "build_perturbation",
    "parse_assignment",
    "parse_state",
    "SEMANTICS_OPTION",
    "ENGINE_OPTION",
    "analysis_options",
]


def network_argument(function: Callable[..., Any]) -> Callable[..., Any]:
    """FILE (a network file, or the name of a network shipped with logicnet)
    and ``--input-format`` for files whose extension does not say."""
    function = click.option(
        "--input-format",
        type=click.Choice(FORMAT_NAMES),
        default=None,
        help="Format of FILE [default: from its extension].",
    )(function)
    return click.argument("file", metavar="FILE")(function)


def open_network(file: str | Path, input_format: str | None = None) -> Network:
    """The network FILE names (see :func:`network_argument`)."""
    return read_network(find_network(file), format=input_format)


def parse_assignment(text: str, what: str = "--set") -> tuple[str, int]:
    """``N=L`` → (N, L), with a clear message for anything else."""
    name, sep, level = text.partition("=")
    if not sep or not name.strip() or not level.strip().isdigit() or len(level.strip()) > MAX_NUMBER_DIGITS:
        raise PerturbationError(f"{what} expects NODE=LEVEL (e.g. MYC=2), got '{shown_name(text)}'")
    return name.strip(), int(level)


def parse_state(text: str) -> dict[str, int]:
    """``A=1,B=0`` → {"A": 1, "B": 0} (``--from``)."""
    pairs = [p for p in text.split(",") if p.strip()]
    if not pairs:
        raise PerturbationError("--from expects NODE=LEVEL,... (e.g. GF=1,PTEN=1)")
    return dict(parse_assignment(p, "--from") for p in pairs)


def perturbation_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--context, --alteration, --drug, --set, --ko, --oe."""
    decorators = [
        click.option("--context", help="Context (input levels) declared in the network file."),
        click.option("--alteration", "alterations", multiple=True, help="Genetic alteration (repeatable)."),
        click.option("--drug", "drugs", multiple=True, help="Drug of the network's panel (repeatable)."),
        click.option("--set", "sets", multiple=True, metavar="NODE=LEVEL", help="Fix a node (repeatable)."),
        click.option("--ko", multiple=True, metavar="NODE", help="Knock a node out (= 0; repeatable)."),
        click.option("--oe", multiple=True, metavar="NODE", help="Over-express a node (= its maximum; repeatable)."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def build_perturbation(network: Network, options: dict[str, Any]) -> Perturbation:
    """The perturbation described by the options of :func:`perturbation_options`."""
    settings: dict[str, int] = {}
    for text in options.get("sets", ()):
        name, level = parse_assignment(text)
        settings[name] = level
    for name in options.get("ko", ()):
        settings[name] = 0
    for name in options.get("oe", ()):
        if name not in network.nodes:
            network.node(name)  # raises with a suggestion
        settings[name] = network.nodes[name].levels
    return Perturbation.build(
        network,
        context=options.get("context"),
        alterations=options.get("alterations", ()),
        drugs=options.get("drugs", ()),
        settings=settings,
    )


SEMANTICS_OPTION = click.option(
    "--semantics",
    type=click.Choice(SEMANTICS),
    default=None,
    help="Update semantics [default: priority if the network has slow nodes, else asynchronous].",
)

ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(["auto", "explicit", "asp", "symbolic"]),
    default="auto",
    show_default=True,
    help="Attractor engine; auto picks one from the question and the network's size.",
)



def analysis_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the main analysis (``analyze`` and ``report``)."""
    decorators = [
        click.option("--context", "contexts", multiple=True, help="Only this context (repeatable) [default: all]."),
        click.option("--alteration", "alterations", multiple=True,
                     help="Genetic alteration of the clone (repeatable)."),
        click.option("--drug", "drugs", multiple=True, help="Only these drugs of the panel (repeatable)."),
        click.option("--goal", "goals", multiple=True, metavar="NODE=LEVEL",
                     help="Goal such as Proliferation=0 or Apoptosis>=1 (repeatable) [default: the"
                          " phenotypes' goals]."),
        SEMANTICS_OPTION,
        click.option("--start", type=click.Choice(["untreated", "any"]), default="untreated", show_default=True,
                     help="untreated: respond from the untreated attractors; any: all attractors."),
        click.option("--max-size", type=click.IntRange(min=1), default=3, show_default=True,
                     help="Largest drug set searched."),
        click.option("--genetic-depth", type=click.IntRange(min=0, max=2), default=1, show_default=True,
                     help="Genetic escapes: single alterations (1), pairs (2), or none (0)."),
        click.option("--no-scenarios", is_flag=True, help="Skip the scenario checks."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function
