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

import networkx as nx

from logicnet.analysis.response import Responder
from logicnet.analysis.scores import goal_distance
from logicnet.dynamics import Attractor, AttractorResult, attractors
from logicnet.dynamics.api import start_through
from logicnet.dynamics.attractor import Subspace
from logicnet.dynamics.tables import RuleTables, trap_box
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Fixings, Perturbation
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


class _Cone:
    """Goal levels of altered treatments computed on the goals' upstream
    cone (see module notes); ``None`` where the cone would not be exact."""

    def __init__(self, responder: Responder, goals: Sequence[Goal]):
        self.responder = responder
        self.network = responder.network
        self.goals = tuple(dict.fromkeys(g.node for g in goals))
        self._regulators = {n: node.update_rule().regulators for n, node in self.network.nodes.items()}
        self._kept: dict[Fixings, tuple[str, ...] | None] = {}
        self._clones: dict[Perturbation, tuple[tuple[str, ...], AttractorResult] | None] = {}

    def regulators(self, perturbation: Perturbation, name: str) -> frozenset[str]:
        """The regulators of ``name`` in the perturbed network."""
        if name in perturbation.fixed:
            return frozenset()
        if name in perturbation.caps:
            return self.network.nodes[name].update_rule().capped(perturbation.caps[name]).regulators
        return self._regulators[name]

    def kept(self, perturbation: Perturbation) -> tuple[str, ...] | None:
        """The goal cone of the perturbed network (in node order), or ``None``
        when the semantics does not allow leaving the other nodes out."""
        key = perturbation.fixings
        if key not in self._kept:
            self._kept[key] = self._cone(perturbation)
        return self._kept[key]

    def _cone(self, perturbation: Perturbation) -> tuple[str, ...] | None:
        semantics = self.responder.semantics
        if semantics not in ("asynchronous", "synchronous", "priority"):
            return None
        nodes = self.network.nodes
        cone = set(self.goals)
        pending = list(self.goals)
        while pending:
            for regulator in self.regulators(perturbation, pending.pop()):
                if regulator not in cone:
                    cone.add(regulator)
                    pending.append(regulator)
        if semantics == "priority":
            slowest = max(nodes[n].speed for n in cone)
            faster = {name for name, node in nodes.items()
                      if name not in cone and name not in perturbation.fixed and node.speed < slowest
                      and not (node.is_free_input and name not in perturbation.caps)}
            graph = nx.DiGraph()
            graph.add_nodes_from(faster)
            graph.add_edges_from((r, n) for n in faster for r in self.regulators(perturbation, n) if r in faster)
            if not nx.is_directed_acyclic_graph(graph):
                return None  # nodes left out could keep moving and hold slower kept ones back
        return tuple(n for n in self.network.names if n in cone)

    def spaces(self, perturbation: Perturbation, names: tuple[str, ...],
               starts: Sequence[tuple[Sequence[str], Subspace]]) -> list[Subspace]:
        """``starts`` (subspaces over the given nodes, which include ``names``)
        put through the perturbation and cut down to ``names``."""
        spaces = []
        for nodes, space in starts:
            position = {n: i for i, n in enumerate(nodes)}
            through = start_through(perturbation, tuple(nodes), space)
            spaces.append(tuple(through[position[n]] for n in names))
        return list(dict.fromkeys(spaces))

    def network_on(self, perturbation: Perturbation, names: tuple[str, ...]) -> Network:
        """The perturbed network cut down to ``names`` (a goal cone)."""
        network = perturbation.apply(self.network)
        return network.with_nodes({n: network.nodes[n] for n in names}, check=False)

    def solve(self, perturbation: Perturbation, names: tuple[str, ...],
              starts: Sequence[tuple[Sequence[str], Subspace]]) -> AttractorResult:
        """The attractors of the perturbed network on its cone ``names``, from
        ``starts`` put through the perturbation."""
        responder = self.responder
        return attractors(self.network_on(perturbation, names), semantics=responder.semantics,
                          starts=self.spaces(perturbation, names, starts), engine=responder.engine,
                          timeout=responder.remaining(), progress=responder.progress)

    def bounded(self, perturbation: Perturbation, names: tuple[str, ...],
                starts: Sequence[tuple[Sequence[str], Subspace]], goals: Sequence[Goal],
                baseline: Sequence[float]) -> bool:
        """Whether no state reachable from ``starts`` misses a goal by more
        than ``baseline``: the trap box around the starts
        (:func:`~logicnet.dynamics.tables.trap_box`) already keeps every goal
        node within its baseline distance, so no attractor can be worse."""
        spaces = self.spaces(perturbation, names, starts)
        lower = [min(min(space[i]) for space in spaces) for i in range(len(names))]
        upper = [max(max(space[i]) for space in spaces) for i in range(len(names))]
        low, high = trap_box(RuleTables(self.network_on(perturbation, names)), lower, upper)
        where = {n: i for i, n in enumerate(names)}
        for goal, before in zip(goals, baseline):
            i, top = where[goal.node], self.network.nodes[goal.node].levels
            if max(goal_distance(goal, level, top) for level in range(low[i], high[i] + 1)) > before + 1e-9:
                return False
        return True

    def clone(self, background: Perturbation) -> tuple[tuple[str, ...], AttractorResult] | None:
        """The untreated attractors of an altered clone on its own goal cone
        (from the context's declared start state), or ``None``."""
        if background not in self._clones:
            state = self.network.untreated_state(background.context)
            kept = self.kept(background) if state is not None else None
            if state is None or kept is None:
                self._clones[background] = None
            else:
                result = self.solve(background, kept, [(self.network.names, self.responder.space(state))])
                self._clones[background] = (kept, result)
        return self._clones[background]

    def respond(self, altered: Perturbation, start: Start, responded: Sequence[Attractor] | None,
                goals: Sequence[Goal], baseline: Sequence[float]) -> tuple[tuple[Attractor, ...] | None, bool] | None:
        """The treated attractors (on the cone) and whether the answer is
        complete, as :meth:`Responder.respond` finds them for the goals: from
        the clone's untreated cells or ``start``'s state, or (acquired) from
        ``responded``; ``None`` where the cone cannot answer. The attractors
        are ``None`` when a trap box shows that no goal can end further from
        its goal than in ``baseline`` (no solving needed)."""
        if start.kind == "any" or not altered.is_treatment:
            return None
        kept = self.kept(altered)
        if kept is None:
            return None
        complete = True
        if responded is not None:
            starts = [(a.nodes, space) for a in responded for space in a.cover]
        elif start.kind == "state":
            assert start.state is not None
            starts = [(self.network.names, self.responder.space(start.state))]
        else:
            clone = self.clone(altered.untreated)
            if clone is None:
                return None
            names, untreated = clone
            complete = untreated.complete
            starts = [(names, space) for a in untreated.attractors for space in a.cover]
        if self.bounded(altered, kept, starts, goals, baseline):
            return None, complete
        result = self.solve(altered, kept, starts)
        return result.attractors, complete and result.complete

    def reaches(self, treatment: Perturbation, levels: Mapping[str, int]) -> tuple[bool, bool]:
        """Whether a change of ``levels`` can move the goals: after the
        treatment (an acquired change) and before it (a pre-existing one).
        It cannot where it lies outside the goal cone of the altered network
        and the cone is exact with and without the change (see module notes)."""
        altered = treatment.altered(self.network, levels)
        treated = [self.kept(p) for p in (treatment, altered)]
        untreated = [self.kept(p) for p in (treatment.untreated, altered.untreated)]
        acquired = None in treated or bool(set(levels) & set(treated[1]))  # type: ignore[arg-type]
        preexisting = None in treated + untreated or bool(set(levels) & set(untreated[1]))  # type: ignore[arg-type]
        return acquired, preexisting


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
    key = (_Cone, tuple(goals))
    cone = responder.memo.get(key)
    if not isinstance(cone, _Cone):
        cone = responder.memo[key] = _Cone(responder, goals)
    for candidate in candidates:
        altered = treatment.altered(network, candidate.levels)
        acquired_reaches, preexisting_reaches = cone.reaches(treatment, candidate.levels)
        for timing in timings:
            if timing == "pre-existing":
                if not preexisting_reaches:
                    continue  # the change cannot reach the goals: they stay as they were
                answer = cone.respond(altered, start, None, goals, baseline)
            elif all(a.levels(n) == (v,) for a in responded for n, v in candidate.levels.items()):
                continue  # responding cells already hold these levels: the change alters nothing
            elif not acquired_reaches:
                continue
            else:
                answer = cone.respond(altered, start, responded, goals, baseline)
            if answer is None:
                response = responder.respond(altered, start=start, starts=responded if timing == "acquired" else None)
                answer = response.treated.attractors, response.complete
            complete = complete and answer[1]
            if answer[0] is None:
                continue  # bounded: no goal can end further from its goal than before
            worse = worst_distances(answer[0], goals, network)
            restored = tuple(g.node for g, now, before in zip(goals, worse, baseline) if now > before + 1e-9)
            if restored:
                found.append(GeneticEscape(FrozenMap(candidate.levels), tuple(dict.fromkeys(restored)),
                                           candidate.name, timing))  # type: ignore[arg-type]
    found.sort(key=lambda g: (TIMINGS.index(g.timing), len(g.levels), g.name is None, str(g)))
    return tuple(found), complete
