"""Options shared by the commands that perturb a network or run the engines."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import click

from logicnet.errors import LogicnetError, PerturbationError, RulelessInputsWarning, did_you_mean
from logicnet.limits import MAX_NUMBER_DIGITS, shown_name
from logicnet.io import FORMAT_NAMES, SIF_SCHEMES, find_network, read_network
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import SEMANTICS, Context, Drug, Effect, Network
from logicnet.model.perturbation import Perturbation

__all__ = [
    "network_argument",
    "open_network",
    "READING_OPTIONS",
    "reading_options",
    "perturbation_options",
    "build_perturbation",
    "parse_assignment",
    "SEMANTICS_OPTION",
    "DRUG_TARGETS_OPTION",
    "with_drug_targets",
    "CUSTOM_CONTEXT",
    "SET_CONTEXT_OPTION",
    "with_set_context",
]

#: the context ``--set`` defines in the commands that ask about treatments
CUSTOM_CONTEXT = "custom"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"logicnet.{param.name}"] = value
    return value


#: Reading options every command that reads a network takes; they are kept in
#: the click context (not passed to the command) and used by :func:`open_network`.
READING_OPTIONS = [
    click.option("--fold-levels/--no-fold-levels", "fold_levels", default=None, expose_value=False,
                 callback=_remember,
                 help="Read bits X_b1 .. X_bm of a Boolean file as one multivalued X [default: when the"
                      " set is complete and consistent]."),
    click.option("--sif-rules", type=click.Choice(SIF_SCHEMES), default=None, expose_value=False,
                 callback=_remember,
                 help="Rules of a SIF topology: and-not = OR of activators AND NOT any inhibitor"
                      " [default]; or-not = OR of activators OR NOT the inhibitors."),
]


def reading_options() -> dict[str, Any]:
    """The reading options given on the command line (see :data:`READING_OPTIONS`)."""
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    return {"fold_levels": meta.get("logicnet.fold_levels"), "sif_rules": meta.get("logicnet.sif_rules")}


def network_argument(function: Callable[..., Any]) -> Callable[..., Any]:
    """FILE (a network file, or the name of a network shipped with logicnet)
    and ``--input-format`` for files whose extension does not say."""
    for option in reversed(READING_OPTIONS):
        function = option(function)
    function = click.option(
        "--input-format",
        type=click.Choice(FORMAT_NAMES),
        default=None,
        help="Format of FILE [default: from its extension].",
    )(function)
    return click.argument("file", metavar="FILE")(function)


def open_network(file: str | Path, input_format: str | None = None) -> Network:
    """The network FILE names (see :func:`network_argument`). Nodes the file
    gives no rule are warned about in one line, leaving out those the
    command's ``--set``/``--ko``/``--oe`` or contexts fix."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        network = read_network(find_network(file), format=input_format, **reading_options())
    for warning in caught:
        message = warning.message
        if isinstance(message, RulelessInputsWarning):
            fixed = _fixed_by_options(network)
            left = {n: where for n, where in message.nodes.items() if n not in fixed
                    and re.sub(r"_b\d+$", "", n) not in fixed}
            if left:
                warnings.warn(message.describe(left), stacklevel=2)
        else:
            warnings.warn_explicit(message, warning.category, warning.filename, warning.lineno)
    return network


def _fixed_by_options(network: Network) -> set[str]:
    """Nodes (names and labels) the running command fixes: ``--set``, ``--ko``,
    ``--oe``, its ``--context``(s), or every context when it runs them all."""
    ctx = click.get_current_context(silent=True)
    params = ctx.params if ctx is not None else {}
    names = {t.partition("=")[0].strip() for t in params.get("sets") or ()}
    names |= set(params.get("ko") or ()) | set(params.get("oe") or ())
    contexts = [params["context"]] if params.get("context") else list(params.get("contexts") or ())
    chosen = [network.contexts[c] for c in contexts if c in network.contexts]
    if "contexts" in params and not contexts and network.contexts:  # every context: what they all fix
        chosen = list(network.contexts.values())
        names |= set.intersection(*(set(c.levels) for c in chosen))
    else:
        names |= {n for c in chosen for n in c.levels}
    return names | {network.nodes[n].label for n in names if n in network.nodes and network.nodes[n].label}


def parse_assignment(text: str, what: str = "--set") -> tuple[str, int]:
    """``N=L`` → (N, L), with a clear message for anything else."""
    name, sep, level = text.partition("=")
    if not sep or not name.strip() or not level.strip().isdigit() or len(level.strip()) > MAX_NUMBER_DIGITS:
        raise PerturbationError(f"{what} expects NODE=LEVEL (e.g. MYC=2), got '{shown_name(text)}'")
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


DRUG_TARGETS_OPTION = click.option(
    "--drug-targets",
    "drug_targets",
    multiple=True,
    metavar="NAME=NODE[,NODE...]",
    help="Add a drug that knocks out these nodes (repeatable; for files without a drug panel, such as BNet).",
)


def with_drug_targets(network: Network, drug_targets: tuple[str, ...] | list[str]) -> Network:
    """The network with the ``--drug-targets`` drugs added to its panel (each knocks its nodes out)."""
    if not drug_targets:
        return network
    drugs = dict(network.drugs)
    for text in drug_targets:
        name, sep, targets = text.partition("=")
        name = name.strip()
        nodes = [t.strip() for t in targets.split(",") if t.strip()]
        if not sep or not name or not nodes:
            raise LogicnetError(f"--drug-targets expects NAME=NODE[,NODE...] (e.g. MEKi=MEK1_2), got"
                                f" '{shown_name(text)}'")
        if name in drugs:
            raise LogicnetError(f"--drug-targets {shown_name(name)}: the network already has a drug of that name;"
                                " choose another name")
        for node in nodes:
            if node not in network.nodes:
                raise LogicnetError(f"--drug-targets {shown_name(name)}: unknown node '{shown_name(node)}'"
                                    f"{did_you_mean(node, network.nodes)}")
        drugs[name] = Drug(name, FrozenMap({n: Effect(0) for n in nodes}))
    return replace(network, drugs=FrozenMap(drugs))


SET_CONTEXT_OPTION = click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NODE=LEVEL",
    help=f"Fix a node in a context named '{CUSTOM_CONTEXT}', the one the question then asks about (repeatable;"
         " for files without contexts, such as BNet: fix their free inputs).",
)


def with_set_context(network: Network, sets: tuple[str, ...] | list[str],
                     contexts: tuple[str, ...] = ()) -> tuple[Network, tuple[str, ...]]:
    """The network with the ``--set`` levels as a context named ``custom``, and
    the contexts the question asks about (that one when levels are set)."""
    if not sets:
        return network, tuple(contexts)
    if contexts:
        raise LogicnetError("--set defines its own context: do not combine it with --context")
    if CUSTOM_CONTEXT in network.contexts:
        raise LogicnetError(f"--set defines a context named '{CUSTOM_CONTEXT}', which the network already"
                            f" declares: use --context {CUSTOM_CONTEXT}, or rename the network's context")
    levels: dict[str, int] = {}
    for text in sets:
        name, level = parse_assignment(text)
        if name not in network.nodes:
            raise LogicnetError(f"--set: unknown node '{shown_name(name)}'{did_you_mean(name, network.nodes)}")
        node = network.nodes[name]
        if level > node.levels:
            raise LogicnetError(f"--set {shown_name(name)}={level}: '{shown_name(name)}' has levels 0..{node.levels}")
        levels[name] = level
    contexts_now = dict(network.contexts)
    contexts_now[CUSTOM_CONTEXT] = Context(CUSTOM_CONTEXT, FrozenMap(levels))
    return replace(network, contexts=FrozenMap(contexts_now)), (CUSTOM_CONTEXT,)
