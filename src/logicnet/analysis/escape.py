"""Escape routes: how treated cells keep a phenotype away from its goal.

An *escape* is a response attractor that violates a goal. Its *routes* explain
why (see :mod:`logicnet.analysis.explain`). With slow nodes there are two
waves: in the *early* phase slow nodes keep their untreated levels, and a slow
phenotype cannot move yet, so an early escape is judged on where the
phenotype is heading (its target level); the *late* phase is the full
dynamics. Each route says in which waves it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, ClassVar, Iterator, Sequence

from logicnet.analysis.explain import Explainer, Literal, Route, Source
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.genetic import GeneticEscape, genetic_escapes
from logicnet.analysis.response import Responder, Response, resolve_start
from logicnet.dynamics import Attractor
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Perturbation
from logicnet.model.states import Start
from logicnet.serialize import Result, json_field, to_jsonable

__all__ = ["Escape", "WaveResult", "EscapeReport", "escape_routes", "explain_escape", "goal_literal"]


def goal_literal(goal: Goal, level: int) -> Literal:
    """The literal that says how ``level`` misses ``goal``: ``P≥g+1`` if above, ``P<g`` if below."""
    too_high = (goal.op in ("==", "<=")) and level > goal.level
    return Literal(goal.node, goal.level + 1, True) if too_high else Literal(goal.node, goal.level, False)


def _routes_with_waves(routes: Sequence[tuple[Route, tuple[str, ...]]]) -> list[dict[str, Any]]:
    return [dict(to_jsonable(route), waves=list(waves)) for route, waves in routes]


@dataclass(frozen=True)
class Escape:
    """One attractor that misses the goals, with the routes that keep it there."""

    index: int = json_field(key="attractor")  # 1-based, among the phase's attractors
    attractor: Attractor = json_field(skip=True)
    violated: tuple[Goal, ...] = json_field(value=lambda goals: [str(g) for g in goals])
    routes: tuple[Route, ...] = json_field(value=lambda routes: [r.describe() for r in routes])


@dataclass(frozen=True)
class WaveResult:
    """The response in one phase and its escapes."""

    phase: str
    attractors: tuple[Attractor, ...]
    escapes: tuple[Escape, ...]


@dataclass(frozen=True)
class EscapeReport(Result):
    """The response to a treatment, its escapes per wave and all their routes."""

    network: str
    context: str | None
    alterations: tuple[str, ...]
    drugs: tuple[str, ...]
    semantics: str
    start: str
    goals: tuple[Goal, ...] = json_field(value=lambda goals: [str(g) for g in goals])
    untreated: tuple[Attractor, ...] = json_field()
    goals_met_untreated: bool = json_field()
    waves: tuple[WaveResult, ...] = json_field()
    #: (route, waves it appears in)
    routes: tuple[tuple[Route, tuple[str, ...]], ...] = json_field(value=_routes_with_waves)
    complete: bool = True  # every attractor set the report rests on is complete
    truncated: tuple[str, ...] = ()  # why some routes may be missing (empty: none were cut)
    #: alterations after which the (late) response misses the goals by more, when searched
    genetic_escapes: tuple[GeneticEscape, ...] = ()
    genetic_depth: int = 0

    __json_extra__: ClassVar[dict[str, str]] = {"escaped": "escaped"}
    __records__: ClassVar[str | None] = "route_rows"

    @property
    def route_rows(self) -> list[dict[str, Any]]:
        """One row per route (for tables)."""
        return [{"phenotype": r.phenotype, "literal": str(r.literal), "waves": ", ".join(w), "route": r.describe()}
                for r, w in self.routes]

    @property
    def escaped(self) -> bool:
        """Whether the (last) phase has escapes."""
        return bool(self.waves and self.waves[-1].escapes)


def _violating_states(attractor: Attractor, goal: Goal,
                      by_target: Explainer | None) -> Iterator[tuple[dict[str, int], int]]:
    """States of the attractor where the goal fails, with the failing level (the
    phenotype's level, or its target when ``by_target`` is given), first the
    first such state in the attractor's order. Only the nodes the judged level
    depends on are enumerated (a trap space may hold 2^100 states): the others
    keep their first level, and one more state differing there is yielded to
    say that the failing state is not alone."""
    position = {n: i for i, n in enumerate(attractor.nodes)}
    rule = None if by_target is None else by_target.network.nodes[goal.node].update_rule()
    judged = [position[goal.node]] if rule is None else sorted(position[n] for n in rule.regulators)
    others = sorted(set(range(len(attractor.nodes))) - set(judged))
    for space in attractor.cover:
        state = [levels[0] for levels in space]
        varying = next((i for i in others if len(space[i]) > 1), None)
        for choice in product(*(space[i] for i in judged)):
            for i, level in zip(judged, choice):
                state[i] = level
            values = dict(zip(attractor.nodes, state))
            level = values[goal.node] if rule is None else rule.evaluate(values)
            if not goal.holds(level):
                yield values, level
                if varying is not None:
                    yield {**values, attractor.nodes[varying]: space[varying][1]}, level


def explain_escape(explainer: Explainer, attractor: Attractor, goals: Sequence[Goal], *, early: bool = False,
                   limit: int = 12) -> tuple[tuple[Goal, ...], tuple[Route, ...]]:
    """The goals an attractor violates and the routes that explain it.

    In the early phase slow phenotypes are judged on their target level.
    """
    violated: list[Goal] = []
    routes: dict[tuple[str, ...], Route] = {}
    for goal in goals:
        frozen = early and goal.node in explainer.frozen
        violating = _violating_states(attractor, goal, explainer if frozen else None)
        found = next(violating, None)
        if found is None:
            continue
        if attractor.size > 1 and next(violating, None) is not None:
            explainer.truncated["routes explain the first state of an attractor that misses a goal;"
                                " its other such states may escape by other routes"] = None
        violated.append(goal)
        state, level = found
        literal = goal_literal(goal, level)
        for route in explainer.routes(goal.node, literal, state, limit=limit, by_rule=frozen):
            routes.setdefault((goal.node,) + route.nodes, route)
    return tuple(violated), tuple(routes.values())


def _wave(network: Network, response: Response, goals: Sequence[Goal], phase: str,
          shared: dict[Any, Any] | None = None) -> tuple[WaveResult, list[str]]:
    """The escapes of one wave, and why some routes may be missing (``shared``:
    supports found for other treatments of the network, see :class:`Explainer`)."""
    frozen = frozenset(network.slow_nodes) if phase == "early" else frozenset()
    treatment = response.treatment
    explainer = Explainer(treatment.apply(network), treatment.reasons(network), frozen, shared)
    escapes = []
    for index, attractor in enumerate(response.treated.attractors, start=1):
        violated, routes = explain_escape(explainer, attractor, goals, early=phase == "early")
        if violated:
            escapes.append(Escape(index, attractor, violated, routes))
    return WaveResult(phase, response.treated.attractors, tuple(escapes)), list(explainer.truncated)


def _merge_waves(waves: Sequence[WaveResult]) -> dict[tuple[str, ...], tuple[Route, list[str]]]:
    """Routes keyed by phenotype and nodes, with the waves they appear in. A late
    route that contains every moving node of an early route (the early one's
    slow nodes were only frozen) continues it: it is listed once, in both waves."""
    seen: dict[tuple[str, ...], tuple[Route, list[str]]] = {}
    for wave in waves:
        for escape in wave.escapes:
            for route in escape.routes:
                entry = seen.setdefault((route.phenotype,) + route.nodes, (route, []))
                if wave.phase not in entry[1]:
                    entry[1].append(wave.phase)
    early = [(k, r) for k, (r, w) in seen.items() if w == ["early"]]
    for key, route in early:
        moving = {lit.node for lit, support in route.supports
                  if not (isinstance(support, Source) and support.kind == "frozen")}
        continued = [entry for k, entry in seen.items() if "late" in entry[1] and k[0] == key[0]
                     and moving <= set(entry[0].nodes)]
        for _, phases in continued:
            if "early" not in phases:
                phases.insert(0, "early")
        if continued:
            del seen[key]
    return seen


def escape_routes(
    network: Network,
    treatment: Perturbation,
    *,
    goals: Sequence[Goal] | None = None,
    semantics: str | None = None,
    start: str | Start = "untreated",
    phase: str | None = None,
    genetic_depth: int = 0,
    responder: Responder | None = None,
) -> EscapeReport:
    """Escapes of ``treatment`` (drugs given to cells in a context, see
    :meth:`Perturbation.build`): the response in each wave (both when the
    network has slow nodes and ``phase`` is not given), the attractors that
    miss the goals and the routes that explain them. ``genetic_depth`` 1 or 2
    also finds the treatment's genetic escapes (single changes, or pairs),
    pre-existing and acquired."""
    responder = responder or Responder(network, semantics=semantics)
    start = resolve_start(network, start)
    resolved = tuple(goals) if goals else resolve_goals(network)
    phases = [phase] if phase else (["early", "late"] if network.has_slow_nodes else ["late"])
    waves = []
    truncated: dict[str, None] = {}
    untreated = responder.untreated(treatment)
    complete = untreated.complete
    shared = responder.memo.setdefault((Explainer, "supports"), {})
    assert isinstance(shared, dict)
    for p in phases:
        response = responder.respond(treatment, start=start, phase=p)
        wave, cuts = _wave(network, response, resolved, p, shared)
        waves.append(wave)
        truncated.update(dict.fromkeys(cuts))
        complete = complete and response.complete
    escapes: tuple[GeneticEscape, ...] = ()
    if genetic_depth:
        escapes, searched = genetic_escapes(responder, treatment, resolved, start=start,
                                            responded=response.treated.attractors, depth=genetic_depth)
        complete = complete and searched
    seen = _merge_waves(waves)
    order = {"early": 0, "late": 1}
    ranked = sorted(seen.values(), key=lambda entry: (
        entry[0].phenotype, min(order[w] for w in entry[1]), len(entry[0].nodes), entry[0].describe()))
    return EscapeReport(
        network=network.name,
        context=treatment.context,
        alterations=treatment.alterations,
        drugs=treatment.drugs,
        semantics=responder.semantics,
        start=str(start),
        goals=tuple(resolved),
        untreated=untreated.attractors,
        goals_met_untreated=all(a.meets(g) for a in untreated.attractors for g in resolved),
        waves=tuple(waves),
        routes=tuple((route, tuple(waves_)) for route, waves_ in ranked),
        complete=complete,
        truncated=tuple(truncated),
        genetic_escapes=escapes,
        genetic_depth=genetic_depth,
    )
