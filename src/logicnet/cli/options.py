"""Options shared by the commands that perturb a network or run the engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click


from logicnet.errors import PerturbationError
from logicnet.io import FORMAT_NAMES, find_network, read_network
from logicnet.model.network import SEMANTICS, Network
from logicnet.model.perturbation import Perturbation

__all__ = [
    "network_argument",
    "open_network",
    "perturbation_options",
    "build_perturbation",
    "parse_assignment",
    "SEMANTICS_OPTION",
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
    if not sep or not name.strip() or not level.strip().isdigit():
        raise PerturbationError(f"{what} expects NODE=LEVEL (e.g. MYC=2), got '{text}'")
    return name.strip(), int(level)


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
