"""Options of the commands that run the engines: engine choice, time limits
and the main analysis's options (imported only by those commands, so that
``validate`` and ``info`` load no engine)."""

from __future__ import annotations

from typing import Any, Callable

import click

from logicnet.cli.options import DRUG_TARGETS_OPTION, SEMANTICS_OPTION, SET_CONTEXT_OPTION
from logicnet.dynamics.engines import ENGINE_NAMES

__all__ = ["ENGINE_OPTION", "TIMEOUT_OPTION", "START_OPTION", "analysis_options"]

ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(("auto",) + ENGINE_NAMES),
    default="auto",
    show_default=True,
    help="Attractor engine; auto picks one from the question and the network's size.",
)

TIMEOUT_OPTION = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop with an error (exit 2) after this many seconds (the whole command; no limit if omitted).",
)

START_OPTION = click.option(
    "--from", "--start", "start", default="untreated", show_default=True, metavar="untreated|any|STATE|N=L,...",
    help="Where treated cells start. untreated: the untreated attractors (reached from the context's declared"
         " start state, if any), then treated; any: every attractor of the treated network; a declared start"
         " state, or N=L,... (unnamed nodes at 0, N=* any level): the treated dynamics start there.")


def analysis_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the main analysis (``analyze`` and ``report``)."""
    decorators = [
        click.option("--context", "contexts", multiple=True, help="Only this context (repeatable) [default: all]."),
        SET_CONTEXT_OPTION,
        click.option("--alteration", "alterations", multiple=True,
                     help="Genetic alteration of the clone (repeatable)."),
        click.option("--drug", "drugs", multiple=True, help="Only these drugs of the panel (repeatable)."),
        DRUG_TARGETS_OPTION,
        click.option("--goal", "goals", multiple=True, metavar="NODE=LEVEL",
                     help="Goal such as Proliferation=0 or Apoptosis>=1 (repeatable) [default: the"
                          " phenotypes' goals]."),
        SEMANTICS_OPTION,
        START_OPTION,
        click.option("--max-size", type=click.IntRange(min=1), default=3, show_default=True,
                     help="Largest drug set searched."),
        click.option("--genetic-depth", type=click.IntRange(min=0, max=2), default=1, show_default=True,
                     help="Genetic escapes: single alterations (1), pairs (2), or none (0)."),
        click.option("--no-scenarios", is_flag=True, help="Skip the scenario checks."),
        ENGINE_OPTION,
        TIMEOUT_OPTION,
        click.option("--jobs", type=click.IntRange(min=1),
                     help="Worker processes: the contexts (and the scenario checks) run side by side"
                          " [default: all cores]."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function
