"""Minimal combination intersection sets (minimal intervention sets) and the
genetic escapes that defeat them.

A *minimal set* is a set of interventions after which every response
attractor meets the goals, while no proper subset does. An intervention is a
drug of the panel (``targets="drugs"``) or a node fixed at a level
(``targets="nodes"``: a knockout at 0, with ``knock_in`` also a knock-in at
the node's maximum or at the given ``levels``; a set fixes each node once).
Goal phenotypes are never candidates. With several contexts and
``all_contexts``, a set must meet the goals in every one of them (cell lines,
patients, culture conditions).

The search is exact and complete up to ``max_size``. From any start state
(``start="any"``), one clingo program proposes the candidates: the
subset-minimal sets that no counterexample seen so far rules out (see
:meth:`AspEngine.controller`); each is checked on the dynamics, a failure
teaches the program why (under most permissive semantics, a state whose
smallest trap space must hold one meeting the goals; under any semantics, a
fixed point violating them that must not stay one; under the state
semantics, an attractor violating them on which some node must move
differently), and the search ends when
the program proves no candidate is left. From the untreated attractors (a
reachability question the program does not encode), sets are checked by
increasing size and a superset of a working set is skipped. Either way drugs
with identical effects are tried once and reported together, and treatments
that perturb the network identically share one check. Node options that no
goal can see are left out, and the options along a relay chain (a node read
by one node that copies or negates it) are searched once and reported
together (:func:`_option_classes`: exact, and what makes the fixed-point
question on the larger Moon22 models a matter of seconds). Under fixed-point
semantics a set must leave at least one fixed point (cells without a stable
state have not reached the goal), and every one must meet the goals.

Each set's genetic escapes (:mod:`logicnet.analysis.genetic`) are found at
both timings, pre-existing and acquired; a set is *robust* to a timing when
no alteration defeats it then. ``robust_to`` keeps only the sets that none of
the listed alterations defeats, at either timing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations, product
from math import comb
from typing import Any, ClassVar, Mapping, Sequence

from logicnet.analysis.escape import escape_routes
from logicnet.analysis.explain import Route
from logicnet.analysis.genetic import TIMINGS, GeneticEscape, genetic_escapes
from logicnet.analysis.goals import goals_by_node, resolve_goals
from logicnet.analysis.response import Responder, resolve_start
from logicnet.dynamics import Attractor
from logicnet.dynamics import fixed_points as all_fixed_points
from logicnet.dynamics.engines import Progress, get_engine
from logicnet.dynamics.scan import PerturbationScan
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Fixings, Perturbation
from logicnet.model.states import Start
from logicnet.serialize import Result, json_field

__all__ = ["GeneticEscape", "MinimalSet", "CombinationReport", "Intervention", "minimal_combinations",
           "with_routes_closed"]


@dataclass(frozen=True, order=True)
class Intervention:
    """One member of a set: a drug (``node is None``), or ``node`` fixed at ``level``."""

    name: str
    node: str | None = None
    level: int | None = None

    def __str__(self) -> str:
        return self.name if self.node is None else f"{self.node}={self.level}"


@dataclass(frozen=True)
class MinimalSet:
    """One minimal set with the escape routes it closes and its genetic escapes.

    ``robust`` is true when no alteration defeats the set at either timing,
    false when one does, ``None`` when that was not searched (or not on
    complete answers); ``robust_to`` names the timings it resists."""

    drugs: tuple[str, ...]
    nodes: tuple[str, ...]
    routes_closed: tuple[str, ...]
    genetic_escapes: tuple[GeneticEscape, ...]
    robust: bool | None
    interventions: FrozenMap[str, int] = json_field(default_factory=FrozenMap)
    robust_to: tuple[str, ...] = ()

    __json_extra__: ClassVar[dict[str, str]] = {"size": "size"}

    @property
    def size(self) -> int:
        return len(self.drugs) + len(self.nodes)

    @property
    def members(self) -> tuple[str, ...]:
        """The drug names, or the nodes intervened on."""
        return self.drugs or self.nodes

    @property
    def labels(self) -> tuple[str, ...]:
        """What to print: drug names, or ``node=level`` for node interventions."""
        return self.drugs or tuple(f"{n}={self.interventions[n]}" for n in self.nodes)


@dataclass(frozen=True)
class CombinationReport(Result):
    """The minimal sets of one context, or of several together (sorted by size, then names)."""

    network: str = json_field(skip=True)
    goals: tuple[Goal, ...] = json_field(value=goals_by_node)
    context: str | None = json_field()
    alterations: tuple[str, ...] = json_field()
    targets: str = json_field()
    max_size: int = json_field()
    complete: bool = json_field()
    goals_met_untreated: bool = json_field()
    checked: int = json_field(key="combinations_checked")
    minimal_sets: tuple[MinimalSet, ...] = json_field()
    #: every context a set must work in (one: ``context``)
    contexts: tuple[str | None, ...] = json_field(())
    start: str = json_field("untreated")
    robust_to: tuple[str, ...] = json_field(())
    #: the question was about the fixed points of the treated network, not its attractors
    fixed_points: bool = json_field(False)

    __records__: ClassVar[str | None] = "minimal_sets"


# --------------------------------------------------------------------------- search


class _Checker:
    """Checks sets of interventions on the dynamics of every background, once
    per distinct effect on the network (equal fixings share a check)."""

    def __init__(self, responder: Responder, goals: Sequence[Goal], backgrounds: Sequence[Perturbation],
                 start: Start, fixed_points: bool = False):
        self.responder = responder
        #: the question: the fixed points of the treated network, not its attractors
        self.fixed_points = fixed_points
        self.network = responder.network
        self.goals = tuple(goals)
        self.backgrounds = tuple(b.untreated for b in backgrounds)
        self.start = start
        self._results: dict[tuple[Fixings, tuple[Attractor, ...]], tuple[Attractor, ...]] = {}
        self._scans: dict[Perturbation, PerturbationScan] = {}
        self.checked = 0
        self.complete = True

    def scan_nodes(self, nodes: Sequence[str]) -> None:
        """Answer treatments acting on ``nodes`` through one scan per background
        (most permissive semantics: one ground program for every candidate set)."""
        if self.fixed_points:
            if self.network.is_boolean:  # fixed points: the minimal trap spaces that are single states
                for background in self.backgrounds:
                    self._scans[background] = PerturbationScan(
                        self.network, base=background, nodes=nodes, semantics="mostpermissive",
                        deadline=self.responder.deadline)
            return
        if self.responder.semantics == "mostpermissive":
            for background in self.backgrounds:
                self._scans[background] = self.responder.scan(nodes, background, start=self.start)

    def treatment(self, members: Sequence[Intervention], background: Perturbation,
                  genetic: dict[str, int] | None = None) -> Perturbation:
        """The treatment of ``background`` cells (with ``genetic`` changes) by ``members``."""
        cells = background.altered(self.network, genetic) if genetic else background
        drugs = [m.name for m in members if m.node is None]
        settings = {m.node: m.level for m in members if m.node is not None}
        return cells.treated(self.network, drugs=drugs, settings=settings or None)  # type: ignore[arg-type]

    def prepare(self, sets: Sequence[Sequence[Intervention]]) -> None:
        """Ask the responses of many sets at once where the responder answers
        them (:meth:`Responder.prepare`: one search for all)."""
        if self.fixed_points:
            return
        for background in self.backgrounds:
            if background not in self._scans:
                self.responder.prepare([self.treatment(m, background) for m in sets], start=self.start)

    def response(self, members: Sequence[Intervention], background: Perturbation) -> tuple[Attractor, ...]:
        treatment = self.treatment(members, background)
        key = (treatment.fixings, (background,))  # type: ignore[arg-type]
        if key not in self._results:
            self.checked += 1
            scan = self._scans.get(background)
            if self.fixed_points and scan is not None:
                result = scan.attractors(treatment)
                found = tuple(a for a in result.attractors if all(len(v) == 1 for v in a.values))
                complete = result.complete
            elif self.fixed_points:
                result = all_fixed_points(self.network, perturbation=treatment, engine=self.responder.engine,
                                      timeout=self.responder.remaining())
                found, complete = result.attractors, result.complete
            elif scan is not None:
                result = scan.attractors(treatment)
                found, complete = result.attractors, result.complete
            else:
                response = self.responder.respond(treatment, start=self.start)
                found, complete = response.treated.attractors, response.complete
            self.complete = self.complete and complete
            self._results[key] = found  # type: ignore[index]
        return self._results[key]  # type: ignore[index]

    def failing(self, attractors: Sequence[Attractor]) -> tuple[str, ...]:
        """The phenotypes whose goals fail in some attractor."""
        return tuple(dict.fromkeys(g.node for g in self.goals for a in attractors if not a.meets(g)))

    def bad(self, attractors: Sequence[Attractor]) -> bool:
        """Whether these response attractors defeat a set: one misses a goal,
        or, under fixed-point semantics, there is none."""
        return bool(self.failing(attractors)) or (not attractors and self.fixed_points)

    def works(self, members: Sequence[Intervention]) -> bool:
        return not any(self.bad(self.response(members, b)) for b in self.backgrounds)


def _effects(network: Network, name: str) -> tuple[Any, ...]:
    return tuple(sorted((t, e.level, e.cap) for t, e in network.drugs[name].targets.items()))


def _pool(network: Network, targets: str, goals: Sequence[Goal], candidates: Sequence[str] | None,
          exclude: Sequence[str], knock_in: bool, levels: Sequence[int] | None) -> list[Intervention]:
    """The interventions a set is made of (see module notes)."""
    if targets == "drugs":
        known = list(network.drugs)
        what = "drug"
    else:
        goal_nodes = {g.node for g in goals}
        known = [n for n in network.nodes if n not in goal_nodes]
        what = "node"
    for name in list(candidates or ()) + list(exclude):
        if name not in known:
            extra = " (goal phenotypes are never candidates)" if targets == "nodes" and name in network.nodes else ""
            raise AnalysisError(f"unknown {what} '{name}'{did_you_mean(name, known)}{extra} in"
                                f" {'--candidates' if name in (candidates or ()) else '--exclude'}")
    names = [n for n in (list(dict.fromkeys(candidates)) if candidates else known) if n not in set(exclude)]
    if targets == "drugs":
        if not names:
            raise AnalysisError("the network declares no drugs: add a 'drugs' panel, give --drug-targets"
                                " NAME=NODE[,NODE...], or search node interventions with --targets nodes")
        return [Intervention(n) for n in names]
    pool = []
    for name in names:
        top = network.nodes[name].levels
        pool.append(Intervention(name, name, 0))
        if knock_in:
            chosen = [top] if levels is None or top == 1 else [v for v in levels if 1 <= v <= top]
            pool.extend(Intervention(name, name, v) for v in sorted(set(chosen)))
    return pool


#: The questions whose minimal sets the option reductions keep (see
#: :func:`_option_classes`): under priority semantics a fast node anywhere
#: delays the slow ones, so no part of the network is independent of another.
_REDUCIBLE = ("fixedpoints", "asynchronous", "synchronous", "mostpermissive")


def _option_classes(network: Network, pool: Sequence[Intervention], goals: Sequence[Goal],
                    backgrounds: Sequence[Perturbation], question: str,
                    any_start: bool) -> dict[Any, list[Intervention]]:
    """The options a minimal set can hold, in classes of options that act
    alike (each class is searched through its first member, and every minimal
    set is reported with each member of its classes).

    Drugs with identical effects act alike. Two reductions, exact for the
    questions in :data:`_REDUCIBLE`, drop or merge node options:

    * an option acting only on nodes from which no goal phenotype can be
      reached is never in a minimal set: the part of the network above it,
      holding every goal, does not read what it changes (its attractors are
      the projections of the whole network's). For fixed points the part
      below must also be acyclic, so that it keeps exactly one fixed point
      for each one above (an option there could otherwise remove or restore
      every fixed point);
    * a relay: when a Boolean node ``a`` is read only by ``b``, whose rule is
      ``a`` or ``!a``, fixing ``a`` acts as fixing ``b`` at the level it
      passes on (``b`` takes it in every attractor, and ``a`` changes nothing
      else); chains merge. Questions from the untreated attractors are left
      alone (``b`` lags while cells move), as are nodes a background pins.
    """
    reducible = question in _REDUCIBLE
    successors: dict[str, set[str]] = {name: set() for name in network.nodes}
    for name, node in network.nodes.items():
        for regulator in node.update_rule().regulators:
            successors[regulator].add(name)
    goal_nodes = {g.node for g in goals}
    useless = _unobserved(successors, goal_nodes, acyclic=question == "fixedpoints") if reducible else set()
    pinned = {n for b in backgrounds for n in (*b.fixed, *b.caps)}
    relay: dict[str, tuple[str, tuple[int, int]]] = {}  # a -> (b, b's level for a = 0, 1)
    if reducible and any_start:
        for a, readers in successors.items():
            if len(readers) != 1 or a in goal_nodes or a in pinned or network.nodes[a].levels != 1:
                continue
            (b,) = readers
            rule = network.nodes[b].update_rule()
            if b == a or b in pinned or network.nodes[b].levels != 1 or rule.regulators != {a}:
                continue
            passed = (rule.evaluate({a: 0}), rule.evaluate({a: 1}))
            if passed[0] != passed[1]:
                relay[a] = (b, passed)
    classes: dict[Any, list[Intervention]] = {}
    for member in pool:
        if member.node is None:
            if all(t in useless for t in network.drugs[member.name].targets):
                continue
            key: Any = _effects(network, member.name)
        elif member.node in useless:
            continue
        else:
            node, level, seen = member.node, member.level, {member.node}
            while node in relay and relay[node][0] not in seen:
                node, passed = relay[node]
                level = passed[level]  # type: ignore[index]
                seen.add(node)
            key = (node, level)
        classes.setdefault(key, []).append(member)
    for key, members in classes.items():  # a relay chain is searched through its last node
        members.sort(key=lambda m: m.node != key[0])
    return classes


def _unobserved(successors: Mapping[str, set[str]], goal_nodes: set[str], acyclic: bool) -> set[str]:
    """The nodes from which no goal node is reached (with ``acyclic``, and
    whose descendants hold no cycle): intervening there never matters."""
    from logicnet.graph import is_cycle, strongly_connected_components

    ordered = {n: sorted(s) for n, s in successors.items()}
    components = list(strongly_connected_components(ordered))
    component_of = {n: k for k, members in enumerate(components) for n in members}
    cyclic = [is_cycle(members, ordered) for members in components]
    # Tarjan yields components sinks first: each one's successors are settled before it
    reaches: list[bool] = []
    for k, members in enumerate(components):
        below = {component_of[s] for n in members for s in successors[n]} - {k}
        reaches.append(bool(members & goal_nodes) or (acyclic and cyclic[k])
                       or any(reaches[j] for j in below))
    return {n for k, members in enumerate(components) if not reaches[k] for n in members}


def _closed_routes(network: Network, members: Sequence[Intervention],
                   routes: dict[str, Sequence[Route]]) -> tuple[str, ...]:
    """Routes of the members' single-agent escapes that another member cuts."""
    cuts: dict[str, tuple[int, bool]] = {}
    for member in members:
        if member.node is None:
            for node, effect in network.drugs[member.name].targets.items():
                cuts[node] = (effect.level, effect.cap)
        else:
            cuts[member.node] = (member.level or 0, False)
    closed = []
    for member in members:
        for route in routes.get(member.name, ()):
            for lit in route.literals:
                if lit.node in cuts:
                    level, cap = cuts[lit.node]
                    if (level >= lit.threshold) != lit.holds or (cap and lit.holds and level < lit.threshold):
                        closed.append(route.describe())
                        break
    return tuple(dict.fromkeys(closed))


def with_routes_closed(report: CombinationReport, network: Network,
                       routes: Mapping[str, Sequence[Route]]) -> CombinationReport:
    """``report`` with each set's closed routes read off ``routes`` (each
    drug's escape routes alone, as :func:`~logicnet.analysis.escape.escape_routes`
    finds them): for a caller that found them on its own (``analyze``)."""
    sets = tuple(replace(m, routes_closed=_closed_routes(network, [Intervention(d) for d in m.drugs], routes))
                 for m in report.minimal_sets)
    return replace(report, minimal_sets=sets)


#: Nodes acted on by more options than this are left to the loop (a mode
#: table has a row per subset of the options acting on a node).
_MAX_ACTING = 8
#: Counterexamples taken from one failed candidate (its attractors missing the goals).
_LEARN_PER_CANDIDATE = 16


def _loop_search(checker: _Checker, representatives: Sequence[Intervention], max_size: int,
                 progress: Progress | None) -> list[tuple[Intervention, ...]]:
    """The minimal working sets, checking sets by increasing size (supersets
    of working sets skipped)."""
    working: list[tuple[Intervention, ...]] = []
    total = sum(comb(len(representatives), k) for k in range(1, max_size + 1))
    done = 0
    for size in range(1, max_size + 1):
        # a set can only contain smaller working sets: this size's candidates are known before any is checked
        candidates = [combo for combo in combinations(representatives, size)
                      if len({m.node for m in combo if m.node is not None}) == sum(m.node is not None for m in combo)
                      and not any(set(w) <= set(combo) for w in working)]  # one level per node; minimal
        checker.prepare(candidates)
        done += comb(len(representatives), size) - len(candidates)  # (skipped, for the progress bar)
        for combo in candidates:
            done += 1
            if progress is not None and done % 10 == 0:
                progress(f"combinations of size {size}", done, total)
            if checker.works(combo):
                working.append(combo)
    return working


def _mode_tables(checker: _Checker, options: Sequence[Intervention],
                 groups: Sequence[Sequence[int]]) -> list[dict[str, dict[frozenset[int], tuple[str, int] | None]]] | None:
    """Per background, how each subset of the options acting on a node leaves
    it (fixed, capped, or following its rule), computed by the perturbations
    themselves; ``None`` when a node has too many options acting on it."""
    network = checker.network
    acting: dict[str, list[int]] = {}
    for k, option in enumerate(options):
        nodes = [option.node] if option.node is not None else list(network.drugs[option.name].targets)
        for node in nodes:
            acting.setdefault(node, []).append(k)  # type: ignore[arg-type]
    if any(len(ks) > _MAX_ACTING for ks in acting.values()):
        return None
    group_of = {k: g for g, members in enumerate(groups) for k in members}
    tables = []
    for background in checker.backgrounds:
        table: dict[str, dict[frozenset[int], tuple[str, int] | None]] = {}
        for node in dict.fromkeys([*acting, *background.fixed, *background.caps]):
            ks = acting.get(node, [])
            rows: dict[frozenset[int], tuple[str, int] | None] = {}
            for size in range(len(ks) + 1):
                for subset in combinations(ks, size):
                    in_groups = [group_of[k] for k in subset if k in group_of]
                    if len(set(in_groups)) < len(in_groups):
                        continue  # two levels of one node: never a candidate
                    treated = checker.treatment([options[k] for k in subset], background) if subset else background
                    rows[frozenset(subset)] = (("fix", treated.fixed[node]) if node in treated.fixed
                                               else ("cap", treated.caps[node]) if node in treated.caps else None)
            table[node] = rows
        tables.append(table)
    return tables


def _counterexample(attractor: Attractor, checker: _Checker) -> dict[str, int]:
    """A state of ``attractor`` missing a goal (from the first subspace of its
    cover that misses one; other nodes at their lowest level there)."""
    where = {node: i for i, node in enumerate(attractor.nodes)}
    for space in (*(attractor.cover or ()), attractor.values):
        for goal in checker.goals:
            wrong = [v for v in space[where[goal.node]] if not goal.holds(v)]
            if wrong:
                state = {node: levels[0] for node, levels in zip(attractor.nodes, space)}
                state[goal.node] = wrong[0]
                return state
    raise AssertionError("the attractor meets every goal")  # pragma: no cover - callers pass failing ones


def _program_search(network: Network, checker: _Checker, options: Sequence[Intervention], max_size: int,
                    progress: Progress | None) -> list[tuple[Intervention, ...]] | None:
    """The minimal working sets, the candidates proposed by one clingo program
    that learns from each failure (see module notes); ``None`` when the
    program does not apply (a node with too many options acting on it)."""
    by_node: dict[str, list[int]] = {}
    for k, option in enumerate(options):
        if option.node is not None:
            by_node.setdefault(option.node, []).append(k)
    groups = [ks for ks in by_node.values() if len(ks) > 1]
    tables = _mode_tables(checker, options, groups)
    if tables is None:
        return None
    semantics = "fixedpoints" if checker.fixed_points else checker.responder.semantics
    program = get_engine("asp").controller(  # type: ignore[attr-defined]
        network, len(options), groups, tables, checker.goals, max_size, semantics, checker.responder.deadline)
    proposed = 0

    def works(chosen: tuple[int, ...]) -> bool:
        nonlocal proposed
        proposed += 1
        if progress is not None and proposed % 10 == 0:
            progress("candidate sets checked", proposed, None)
        if checker.fixed_points:
            # the program states the whole fixed-point question (some fixed point,
            # and every one, meets the goals): its answers need no second check
            return True
        combo = tuple(options[k] for k in chosen)
        for index, background in enumerate(checker.backgrounds):
            found = checker.response(combo, background)
            if not checker.bad(found):
                continue
            for attractor in [a for a in found if checker.failing([a])][:_LEARN_PER_CANDIDATE]:
                state = _counterexample(attractor, checker)
                if semantics == "mostpermissive":
                    program.learn_trap(index, state)
                elif all(len(values) == 1 for values in attractor.values):
                    program.learn_fixed_point(index, state)
                else:
                    if any(not any(g.holds(v) for v in attractor.levels(g.node)) for g in checker.goals):
                        program.learn_reach(index, state)
                    treated = checker.treatment(combo, background)
                    program.learn_attractor(index, dict(zip(attractor.nodes, attractor.values)),
                                            treated.fixed, treated.caps)
            return False
        return True

    return [tuple(options[k] for k in chosen) for chosen in program.search(works)]


def minimal_combinations(
    network: Network,
    *,
    goals: Sequence[Goal] | None = None,
    context: str | None = None,
    contexts: Sequence[str | None] | None = None,
    alterations: Sequence[str] = (),
    semantics: str | None = None,
    start: str | Start = "untreated",
    max_size: int = 3,
    targets: str = "drugs",
    candidates: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    knock_in: bool = False,
    levels: Sequence[int] | None = None,
    genetic_depth: int = 1,
    robust_to: Sequence[str] = (),
    responder: Responder | None = None,
    progress: Progress | None = None,
    fixed_points: bool = False,
    routes: Mapping[str, Sequence[Route]] | None = None,
) -> CombinationReport:
    """The minimal sets of one context, or (``contexts``) the sets that meet
    the goals in every listed context (see module notes). With
    ``fixed_points`` the question is about the fixed points of the treated
    network instead of its attractors (from any state: ``start`` is ``any``).
    ``routes`` gives each drug's escape routes alone when the caller has them
    already (one context, drugs): a set's closed routes are read off them."""
    if targets not in ("drugs", "nodes"):
        raise AnalysisError(f"unknown targets '{targets}'; expected drugs or nodes")
    if targets == "drugs" and (knock_in or levels):
        raise AnalysisError("--knock-in and --levels choose node interventions: use them with --targets nodes")
    if max_size < 1:
        raise AnalysisError("--max-size must be at least 1")
    for name in robust_to:
        network.alteration(name)  # a clear error for an unknown name
    responder = responder or Responder(network, semantics=semantics)
    start = resolve_start(network, "any" if fixed_points else start)
    resolved = tuple(goals) if goals else resolve_goals(network)
    chosen = list(contexts) if contexts else [context]
    backgrounds = [Perturbation.build(network, context=c, alterations=alterations) for c in chosen]
    checker = _Checker(responder, resolved, backgrounds, start, fixed_points)
    pool = _pool(network, targets, resolved, candidates, exclude, knock_in, levels)
    checker.scan_nodes(sorted({m.node for m in pool if m.node is not None}) if targets == "nodes"
                       else sorted({t for m in pool for t in network.drugs[m.name].targets}))
    met = checker.works(())  # without any intervention, from the question's start

    def report(sets: Sequence[MinimalSet]) -> CombinationReport:
        return CombinationReport(network.name, resolved, chosen[0], tuple(alterations), targets, max_size,
                                 checker.complete, met, checker.checked, tuple(sets),
                                 tuple(chosen) if len(chosen) > 1 else (), str(start), tuple(robust_to),
                                 fixed_points)

    if met:
        return report([])
    question = "fixedpoints" if fixed_points else responder.semantics
    classes = _option_classes(network, pool, resolved, checker.backgrounds, question, start.kind == "any")
    representatives = [members[0] for members in classes.values()]
    equivalents = {members[0]: members for members in classes.values()}
    working: list[tuple[Intervention, ...]] | None = None
    if start.kind == "any":
        working = _program_search(network, checker, representatives, max_size, progress)
    if working is None:
        working = _loop_search(checker, representatives, max_size, progress)
    single_routes: dict[str, Sequence[Route]] = {}
    if targets == "drugs" and len(checker.backgrounds) == 1 and routes is None:
        members = sorted({m for combo in working for rep in combo for m in equivalents[rep]})
        alone = [checker.treatment([member], checker.backgrounds[0]) for member in members]
        responder.prepare(alone, start=start, phases=("early", "late") if network.has_slow_nodes else ("late",))
        for member, treatment in zip(members, alone):
            single_routes[member.name] = [r for r, _ in escape_routes(
                network, treatment, goals=resolved, start=start, responder=responder).routes]
    sets = []
    found_escapes: dict[tuple[Fixings, ...], tuple[list[GeneticEscape], bool]] = {}

    def escapes_of(members: tuple[Intervention, ...]) -> tuple[list[GeneticEscape], bool]:
        """The genetic escapes of a set (once per distinct effect: drugs acting
        alike share them, the members of a relay chain do not)."""
        key = tuple(checker.treatment(members, b).fixings for b in checker.backgrounds)
        if key not in found_escapes:
            escapes: list[GeneticEscape] = []
            searched = True
            for background in checker.backgrounds:
                named = [{"levels": network.alterations[n].levels, "name": n} for n in robust_to] \
                    if not genetic_depth else None
                found, complete = genetic_escapes(responder, checker.treatment(members, background), resolved,
                                                  start=start, responded=checker.response(members, background),
                                                  depth=max(genetic_depth, 1), alterations=named)
                escapes.extend(e for e in found if e not in escapes)
                searched = searched and complete
            found_escapes[key] = (escapes, searched)
        return found_escapes[key]

    for combo in working:
        for variant in product(*(equivalents[m] for m in combo)):
            members = tuple(sorted(variant))
            escapes, searched = escapes_of(members) if genetic_depth or robust_to else ([], True)
            checker.complete = checker.complete and searched
            if robust_to and any(e.name in robust_to for e in escapes):
                continue
            defeated = {e.timing for e in escapes}
            robust_to_timings = tuple(t for t in TIMINGS if t not in defeated) if searched else ()
            robust = None if not genetic_depth else (False if escapes else (True if searched else None))
            sets.append(MinimalSet(
                drugs=tuple(m.name for m in members if m.node is None),
                nodes=tuple(m.node for m in members if m.node is not None),  # type: ignore[misc]
                routes_closed=_closed_routes(network, members, single_routes if routes is None else routes),
                genetic_escapes=tuple(escapes) if genetic_depth else (),
                robust=robust,
                interventions=FrozenMap({m.node: m.level for m in members if m.node is not None}),
                robust_to=robust_to_timings if genetic_depth else (),
            ))
    sets.sort(key=lambda m: (m.size, m.members))
    return report(sets)
