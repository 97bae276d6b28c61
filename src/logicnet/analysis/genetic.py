"""Genetic escapes: changes of a clone that defeat a treatment.

A *genetic escape* of a treatment is an alteration after which the response
misses a goal by more than it did without it: a goal the treatment met now
fails, or a phenotype the treatment did not control moves further from its
goal (``restores`` names those phenotypes). The alterations tried are the
ones the network declares, and every single-node change the treatment does
not override (the node fixed at 0: a hypothetical loss of function, or at its
maximum: a gain of function); ``depth=2`` tries pairs of them too.

A clone can arise at two times, and both are asked:

``pre-existing``
    the clone is there before the drug (the usual clinical story, and how
    resistance screens are run): its untreated cells are found from the
    clone's own untreated state (or from the question's start state), then
    treated;
``acquired``
    the change arises in cells that have already responded: the altered,
    treated dynamics start from the response attractors.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, ClassVar, Literal, Mapping, Sequence

from logicnet.analysis.response import Responder
from logicnet.analysis.scores import goal_distance
from logicnet.dynamics import Attractor
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Perturbation
from logicnet.model.states import Start
from logicnet.serialize import json_field

__all__ = ["GeneticEscape", "TIMINGS", "genetic_escapes", "worst_distances"]

TIMINGS = ("pre-existing", "acquired")
Timing = Literal["pre-existing", "acquired"]


@dataclass(frozen=True)
class GeneticEscape:
    """An alteration (``name`` when the network declares it) after which the
    response misses the goals of ``restores`` by more, arising at ``timing``."""

    levels: FrozenMap[str, int] = json_field(key="alteration")
    restores: tuple[str, ...] = json_field()
    name: str | None = json_field(None, omit_none=True)
    timing: Timing = json_field("acquired")

    __json_extra__: ClassVar[dict[str, str]] = {"kind": "kind"}

    @property
    def kind(self) -> str:
        """``declared`` (an alteration of the network), else a hypothetical
        ``gain`` or ``loss`` of function (or ``changes`` for a pair)."""
        if self.name:
            return "declared"
        if len(self.levels) != 1:
            return "changes"
        return "loss" if next(iter(self.levels.values())) == 0 else "gain"

    def __str__(self) -> str:
        text = ", ".join(f"{n}={v}" for n, v in self.levels.items())
        return f"{self.name} ({text})" if self.name else text


def worst_distances(attractors: Sequence[Attractor], goals: Sequence[Goal], network: Network) -> tuple[float, ...]:
    """For each goal, how far the worst state of the attractors is from it (0: met)."""
    out = []
    for goal in goals:
        top = network.nodes[goal.node].levels
        out.append(max((goal_distance(goal, level, top) for a in attractors for level in a.levels(goal.node)),
                       default=0.0))
    return tuple(out)


@dataclass(frozen=True)
class _Candidate:
    levels: Mapping[str, int]
    name: str | None


def _candidates(network: Network, treatment: Perturbation, goals: Sequence[Goal], depth: int,
                exclude: Sequence[str] = ()) -> list[_Candidate]:
    """Declared alterations first, then single-node changes, then (depth 2) pairs."""
    goal_nodes = {g.node for g in goals}
    touched = set(treatment.fixed) | set(treatment.caps)
    declared = [_Candidate(dict(a.levels), name) for name, a in network.alterations.items()
                if name not in treatment.alterations and name not in exclude]
    singles = []
    named = [dict(d.levels) for d in declared]
    for name, node in network.nodes.items():
        if name in touched or name in goal_nodes:
            continue
        for level in (0, node.levels):
            if {name: level} not in named:  # a declared alteration says it with its name
                singles.append(_Candidate({name: level}, None))
    found = declared + singles
    if depth >= 2:
        for a, b in combinations(declared + singles, 2):
            if not set(a.levels) & set(b.levels):
                names = [n for n in (a.name, b.name) if n]
                found.append(_Candidate({**a.levels, **b.levels}, " + ".join(names) or None))
    return found


def genetic_escapes(responder: Responder, treatment: Perturbation, goals: Sequence[Goal], *,
                    start: Start, responded: Sequence[Attractor], depth: int = 1,
                    timings: Sequence[str] = TIMINGS, exclude: Sequence[str] = (),
                    alterations: Sequence[Mapping[str, Any]] | None = None) -> tuple[tuple[GeneticEscape, ...], bool]:
    """The genetic escapes of ``treatment`` (whose response from ``start`` is
    ``responded``) at each of ``timings``, and whether every answer they rest
    on is complete. ``alterations`` (``{"levels": ..., "name": ...}``) replaces
    the candidates the module notes describe."""
    network = responder.network
    baseline = worst_distances(responded, goals, network)
    if alterations is not None:
        candidates = [_Candidate(dict(a["levels"]), a.get("name")) for a in alterations]
    else:
        candidates = _candidates(network, treatment, goals, depth, exclude)
    complete = True
    found: list[GeneticEscape] = []
    for candidate in candidates:
        altered = treatment.altered(network, candidate.levels)
        for timing in timings:
            if timing == "pre-existing":
                response = responder.respond(altered, start=start)
            elif all(a.levels(n) == (v,) for a in responded for n, v in candidate.levels.items()):
                continue  # responding cells already hold these levels: the change alters nothing
            else:
                response = responder.respond(altered, start=start, starts=responded)
            complete = complete and response.complete
            worse = worst_distances(response.treated.attractors, goals, network)
            restored = tuple(g.node for g, now, before in zip(goals, worse, baseline) if now > before + 1e-9)
            if restored:
                found.append(GeneticEscape(FrozenMap(candidate.levels), tuple(dict.fromkeys(restored)),
                                           candidate.name, timing))  # type: ignore[arg-type]
    found.sort(key=lambda g: (TIMINGS.index(g.timing), len(g.levels), g.name is None, str(g)))
    return tuple(found), complete
