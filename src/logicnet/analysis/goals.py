"""Goals: phenotype levels therapy should reach (``Proliferation=0``,
``Proliferation<=1``, ``Apoptosis>=1``). By default, the ``goal`` keys of the
network's phenotypes; several goals must all hold."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from logicnet.dynamics import Attractor
from logicnet.errors import AnalysisError
from logicnet.limits import shown_name
from logicnet.model.network import Goal, Network

__all__ = ["parse_goal", "resolve_goals", "meets_goals", "violated_goals", "goals_by_node"]

_GOAL = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|=)\s*([0-9]{1,9})\s*\Z")


def parse_goal(network: Network, text: str) -> Goal:
    """``"Proliferation=0"`` (also ``<=``, ``>=``) → :class:`Goal`, checked against the network."""
    match = _GOAL.match(text)
    if not match:
        raise AnalysisError(
            f"a goal is written NODE=LEVEL, NODE<=LEVEL or NODE>=LEVEL (e.g. Proliferation=0), got"
            f" '{shown_name(text)}'"
        )
    name, op, level = match.group(1), match.group(2), int(match.group(3))
    node = network.node(name)
    if level > node.levels:
        raise AnalysisError(f"goal {text}: '{name}' has levels 0..{node.levels}")
    return Goal(name, "==" if op in ("=", "==") else op, level)  # type: ignore[arg-type]


def resolve_goals(network: Network, texts: Iterable[str] | None = None) -> tuple[Goal, ...]:
    """The goals given on the command line, else the network's phenotype goals."""
    goals = tuple(parse_goal(network, t) for t in texts) if texts else network.goals
    if not goals:
        raise AnalysisError(
            "no goal: give --goal NODE=LEVEL (e.g. --goal Proliferation=0) or add 'goal:' to a phenotype"
        )
    return goals


def meets_goals(attractor: Attractor, goals: Sequence[Goal]) -> bool:
    """Every state of the attractor meets every goal."""
    return all(attractor.meets(goal) for goal in goals)


def violated_goals(attractor: Attractor, goals: Sequence[Goal]) -> tuple[Goal, ...]:
    return tuple(goal for goal in goals if not attractor.meets(goal))


def goals_by_node(goals: Sequence[Goal]) -> dict[str, int | str]:
    """``{"Proliferation": 0, "Apoptosis": ">=1"}``: goals as a network file writes them."""
    return {g.node: g.value_text for g in goals}
