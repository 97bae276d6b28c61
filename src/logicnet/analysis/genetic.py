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
from logicnet.dynamics import Attractor, AttractorResult, Variant, attractors, attractors_of_variants
from logicnet.dynamics.api import start_through
from logicnet.dynamics.attractor import Subspace
from logicnet.graph import is_cycle, strongly_connected_components
from logicnet.dynamics.tables import NO_CLAMP, Clamp, RuleTables, trap_box
from logicnet.errors import LimitReached
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
        self._clones: dict[Perturbation, tuple[tuple[str, ...], tuple[Attractor, ...]] | None] = {}
        self._tables: dict[tuple[Fixings, tuple[str, ...]], RuleTables] = {}

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
            readers: dict[str, list[str]] = {n: [] for n in faster}
            for n in faster:
                for r in self.regulators(perturbation, n):
                    if r in faster:
                        readers[r].append(n)
            if any(is_cycle(c, readers) for c in strongly_connected_components(readers)):
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
                baseline: Sequence[float], base: Perturbation | None = None) -> bool:
        """Whether no state reachable from ``starts`` misses a goal by more
        than ``baseline``: the trap box around the starts
        (:func:`~logicnet.dynamics.tables.trap_box`) already keeps every goal
        node within its baseline distance, so no attractor can be worse.
        With ``base`` (a treatment ``perturbation`` alters), the box is taken
        on ``base``'s cone with the alteration as a clamp, its tables built once."""
        variant = None
        cone = None if base is None else self.kept(base)
        if cone is not None and all(set(cone) <= set(nodes) for nodes, _ in starts):
            variant = self._variant(base, cone, perturbation, starts)  # type: ignore[arg-type]
        if variant is not None and cone is not None:
            names, spaces = cone, list(variant.starts)
            assert base is not None
            key = (base.fixings, cone)
            tables = self._tables.get(key)
            if tables is None:
                tables = self._tables[key] = RuleTables(self.network_on(base, cone))
            clamp = Clamp.of(cone, variant.fixed, variant.caps)
        else:
            spaces = self.spaces(perturbation, names, starts)
            tables, clamp = RuleTables(self.network_on(perturbation, names)), NO_CLAMP
        lower = [min(min(space[i]) for space in spaces) for i in range(len(names))]
        upper = [max(max(space[i]) for space in spaces) for i in range(len(names))]
        low, high = trap_box(tables, lower, upper, clamp)
        where = {n: i for i, n in enumerate(names)}
        for goal, before in zip(goals, baseline):
            i, top = where[goal.node], self.network.nodes[goal.node].levels
            if max(goal_distance(goal, level, top) for level in range(low[i], high[i] + 1)) > before + 1e-9:
                return False
        return True

    def batchable(self) -> bool:
        """Whether many altered treatments can be answered in one search
        (:func:`~logicnet.dynamics.attractors_of_variants`, which passes the
        variants too large for it to the symbolic engine): not when the user
        chose an engine."""
        return self.responder.engine == "auto"

    def _variant(self, base: Perturbation, cone: tuple[str, ...], altered: Perturbation,
                 starts: Sequence[tuple[Sequence[str], Subspace]]) -> Variant | None:
        """``altered`` as a variant of ``base`` on ``base``'s cone (the nodes
        outside its own cone frozen), or ``None`` where it is not one (it
        lifts or changes a cap of ``base``, or its own cone is not exact)."""
        kept = self.kept(altered)
        if kept is None or any(altered.fixed.get(n) is None for n in base.fixed) \
                or any(altered.caps.get(n) != c for n, c in base.caps.items() if n not in altered.fixed):
            return None
        fixed = {n: v for n, v in altered.fixed.items() if base.fixed.get(n) != v and n in cone}
        caps = {n: c for n, c in altered.caps.items() if n not in base.caps and n not in altered.fixed and n in cone}
        inside = set(kept)
        return Variant(tuple(self.spaces(altered, cone, starts)), fixed, caps,
                       frozenset(n for n in cone if n not in inside))

    def solve_many(self, base: Perturbation, jobs: Sequence[tuple[Perturbation, tuple[str, ...],
                                                                    Sequence[tuple[Sequence[str], Subspace]]]],
                   ) -> list[tuple[tuple[str, ...], tuple[Attractor, ...]]]:
        """For each ``(altered, kept, starts)``: the nodes and attractors
        :meth:`solve` gives, found in one search for all the jobs that are
        variants of ``base`` (over ``base``'s cone), one by one otherwise."""
        cone = self.kept(base)
        variants = [None if cone is None or not self.batchable() else self._variant(base, cone, altered, starts)
                    for altered, _, starts in jobs]
        batch = [v for v in variants if v is not None]
        found = iter(attractors_of_variants(self.network_on(base, cone), batch, semantics=self.responder.semantics,
                                            timeout=self.responder.remaining(), progress=self.responder.progress)
                     if batch and cone is not None else [])
        out = []
        for variant, (altered, kept, starts) in zip(variants, jobs):
            if variant is not None:
                assert cone is not None
                out.append((cone, next(found).attractors))
            else:
                out.append((kept, self.solve(altered, kept, starts).attractors))
        return out

    def clones(self, backgrounds: Sequence[Perturbation], base: Perturbation) -> None:
        """Find the untreated attractors of the altered clones ``backgrounds``
        (variants of the untreated cells ``base``) that :meth:`clone` has
        not found yet, in one search."""
        state = self.network.untreated_state(base.context)
        missing = [b for b in dict.fromkeys(backgrounds) if b not in self._clones]
        if state is None:
            self._clones.update((b, None) for b in missing)
            return
        start = [(self.network.names, self.responder.space(state))]
        jobs = []
        for background in missing:
            kept = self.kept(background)
            if kept is None:
                self._clones[background] = None
            else:
                jobs.append((background, kept, start))
        for (background, _, _), (names, found) in zip(jobs, self.solve_many(base, jobs)):
            self._clones[background] = (names, found)

    def clone(self, background: Perturbation) -> tuple[tuple[str, ...], tuple[Attractor, ...]] | None:
        """The untreated attractors of an altered clone on (a cone holding) its
        own goal cone, from the context's declared start state, or ``None``."""
        if background not in self._clones:
            self.clones([background], background)
        return self._clones[background]

    def plan(self, altered: Perturbation, start: Start, responded: Sequence[Attractor] | None,
             goals: Sequence[Goal], baseline: Sequence[float], base: Perturbation | None = None,
             ) -> tuple[tuple[str, ...], list[tuple[Sequence[str], Subspace]]] | bool | None:
        """How the goal cone answers an altered treatment (as
        :meth:`Responder.respond` would for the goals): from the clone's
        untreated cells or ``start``'s state, or (acquired) from
        ``responded``. ``None`` where the cone cannot answer; ``True`` when a
        trap box shows that no goal can end further from its goal than in
        ``baseline`` (nothing to solve); else the cone and the start
        subspaces to solve from."""
        if start.kind == "any" or not altered.is_treatment:
            return None
        kept = self.kept(altered)
        if kept is None:
            return None
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
            starts = [(names, space) for a in untreated for space in a.cover]
        if self.bounded(altered, kept, starts, goals, baseline, base):
            return True
        return kept, starts

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
    the candidates the module notes describe. A time limit reached here says
    so: this search is often most of a large model's analysis."""
    try:
        return _genetic_escapes(responder, treatment, goals, start=start, responded=responded, depth=depth,
                                timings=timings, exclude=exclude, alterations=alterations)
    except LimitReached as stop:
        raise LimitReached(f"{stop} while searching genetic escapes (--genetic-depth 0 skips them)") from None


def _genetic_escapes(responder: Responder, treatment: Perturbation, goals: Sequence[Goal], *,
                     start: Start, responded: Sequence[Attractor], depth: int, timings: Sequence[str],
                     exclude: Sequence[str],
                     alterations: Sequence[Mapping[str, Any]] | None) -> tuple[tuple[GeneticEscape, ...], bool]:
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
    jobs: list[tuple[_Candidate, str, Perturbation]] = []
    for candidate in candidates:
        acquired_reaches, preexisting_reaches = cone.reaches(treatment, candidate.levels)
        for timing in timings:
            if timing == "pre-existing":
                if not preexisting_reaches:
                    continue  # the change cannot reach the goals: they stay as they were
            elif all(a.levels(n) == (v,) for a in responded for n, v in candidate.levels.items()):
                continue  # responding cells already hold these levels: the change alters nothing
            elif not acquired_reaches:
                continue
            jobs.append((candidate, timing, treatment.altered(network, candidate.levels)))
    if start.kind == "untreated" and cone.batchable():  # every clone's untreated cells in one search
        cone.clones([altered.untreated for _, timing, altered in jobs if timing == "pre-existing"],
                    treatment.untreated)
    plans = [cone.plan(altered, start, responded if timing == "acquired" else None, goals, baseline, treatment)
             for _, timing, altered in jobs]
    solving = [(altered, plan[0], plan[1]) for (_, _, altered), plan in zip(jobs, plans) if isinstance(plan, tuple)]
    solved = iter(cone.solve_many(treatment, solving))
    for (candidate, timing, altered), plan in zip(jobs, plans):
        if plan is True:
            continue  # bounded: no goal can end further from its goal than before
        if plan is None:
            response = responder.respond(altered, start=start, starts=responded if timing == "acquired" else None)
            complete = complete and response.complete
            reached: Sequence[Attractor] = response.treated.attractors
        else:
            reached = next(solved)[1]
        worse = worst_distances(reached, goals, network)
        restored = tuple(g.node for g, now, before in zip(goals, worse, baseline) if now > before + 1e-9)
        if restored:
            found.append(GeneticEscape(FrozenMap(candidate.levels), tuple(dict.fromkeys(restored)),
                                       candidate.name, timing))  # type: ignore[arg-type]
    found.sort(key=lambda g: (TIMINGS.index(g.timing), len(g.levels), g.name is None, str(g)))
    return tuple(found), complete
