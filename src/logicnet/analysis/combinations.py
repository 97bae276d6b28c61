"""Minimal combination intersection sets and the genetic escapes that defeat them.

A *minimal combination intersection set* is a set of drugs from the panel (or,
with ``targets="nodes"``, of node knockouts) after which every response
attractor meets the goals, while no proper subset does. The search is exact
and complete up to ``max_size``: sets are checked on the dynamics by
increasing size; a superset of a working set is never minimal and is skipped;
drugs with identical effects are tried once and reported together; treatments
that perturb the network identically share one check.

A *genetic escape* of a working set is a single-node alteration (a node the
treatment does not target, fixed at 0 or at its maximum) or a declared
alteration, arising in cells that respond to the treatment, after which a goal
fails (``genetic_depth=2``: pairs of them). A set with no genetic escape is
*robust*.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product
from math import comb
from typing import Any, ClassVar, Mapping, Sequence

from logicnet.analysis.escape import escape_routes
from logicnet.analysis.explain import Route
from logicnet.analysis.goals import goals_by_node, resolve_goals
from logicnet.analysis.response import Responder
from logicnet.dynamics.scan import PerturbationScan
from logicnet.dynamics import Attractor
from logicnet.dynamics.engines import Progress
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Fixings, Perturbation
from logicnet.serialize import Result, json_field

__all__ = ["GeneticEscape", "MinimalSet", "CombinationReport", "minimal_combinations", "genetic_escapes"]


@dataclass(frozen=True)
class GeneticEscape:
    """An alteration (``name`` when declared in the network) after which goals fail."""

    levels: FrozenMap[str, int] = json_field(key="alteration")
    restores: tuple[str, ...] = json_field()
    name: str | None = json_field(None, omit_none=True)

    def __str__(self) -> str:
        text = ", ".join(f"{n}={v}" for n, v in self.levels.items())
        return f"{self.name} ({text})" if self.name else text


@dataclass(frozen=True)
class MinimalSet:
    """One minimal set with the escape routes it closes and its genetic escapes."""

    drugs: tuple[str, ...]
    nodes: tuple[str, ...]
    routes_closed: tuple[str, ...]
    genetic_escapes: tuple[GeneticEscape, ...]
    robust: bool | None  # None when genetic escapes were not searched (or not on complete answers)

    __json_extra__: ClassVar[dict[str, str]] = {"size": "size"}

    @property
    def size(self) -> int:
        return len(self.drugs) + len(self.nodes)

    @property
    def members(self) -> tuple[str, ...]:
        return self.drugs or self.nodes


@dataclass(frozen=True)
class CombinationReport(Result):
    """The minimal sets of one context (sorted by size, then names)."""

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

    __records__: ClassVar[str | None] = "minimal_sets"


# --------------------------------------------------------------------------- search


class _Checker:
    """Checks treatments of one background on the dynamics, once per distinct
    effect on the network (treatments with equal fixings share a check)."""

    def __init__(self, responder: Responder, goals: Sequence[Goal], background: Perturbation, start: str,
                 targets: str):
        self.responder = responder
        self.network = responder.network
        self.goals = tuple(goals)
        self.background = background.untreated
        self.start = start
        self.targets = targets
        self._results: dict[tuple[Fixings, tuple[Attractor, ...]], tuple[Attractor, ...]] = {}
        self._scan: PerturbationScan | None = None
        self.checked = 0
        self.complete = True

    def scan_nodes(self, nodes: Sequence[str]) -> None:
        """Answer treatments acting on ``nodes`` through one scan (most
        permissive semantics: one ground program for every candidate set)."""
        if self.responder.semantics == "mostpermissive":
            self._scan = self.responder.scan(nodes, self.background, start=self.start)

    def treatment(self, members: Sequence[str], genetic: Mapping[str, int] | None = None) -> Perturbation:
        """The treatment of the background cells (with ``genetic`` changes) by ``members``."""
        cells = self.background.altered(self.network, genetic) if genetic else self.background
        if self.targets == "drugs":
            return cells.treated(self.network, drugs=members)
        return cells.treated(self.network, settings={n: 0 for n in members})

    def response(self, members: Sequence[str], genetic: Mapping[str, int] | None = None,
                 starts: Sequence[Attractor] | None = None) -> tuple[Attractor, ...]:
        treatment = self.treatment(members, genetic)
        key = (treatment.fixings, tuple(starts) if starts else ())
        if key not in self._results:
            self.checked += 1
            if self._scan is not None and starts is None:
                result = self._scan.attractors(treatment)
                found, complete = result.attractors, result.complete
            else:
                response = self.responder.respond(treatment, start=self.start, starts=starts)
                found, complete = response.treated.attractors, response.complete
            self.complete = self.complete and complete
            self._results[key] = found
        return self._results[key]

    def failing(self, attractors: Sequence[Attractor]) -> tuple[str, ...]:
        """The phenotypes whose goals fail in some attractor."""
        return tuple(dict.fromkeys(g.node for g in self.goals for a in attractors if not a.meets(g)))

    def works(self, members: Sequence[str]) -> bool:
        return not self.failing(self.response(members))


def _effects(network: Network, name: str) -> tuple[Any, ...]:
    return tuple(sorted((t, e.level, e.cap) for t, e in network.drugs[name].targets.items()))


def _pool(network: Network, targets: str, goals: Sequence[Goal], candidates: Sequence[str] | None) -> list[str]:
    if targets == "drugs":
        known = list(network.drugs)
        what = "drug"
    else:
        goal_nodes = {g.node for g in goals}
        known = [n for n in network.nodes if n not in goal_nodes]
        what = "node"
    if candidates is None:
        if targets == "drugs" and not known:
            raise AnalysisError("the network declares no drugs: use --targets nodes, or add a 'drugs' panel")
        return known
    for name in candidates:
        if name not in known:
            raise AnalysisError(f"unknown {what} '{name}'{did_you_mean(name, known)} in --candidates")
    return list(dict.fromkeys(candidates))


def genetic_escapes(checker: _Checker, members: Sequence[str], responded: Sequence[Attractor],
                    depth: int = 1) -> tuple[GeneticEscape, ...]:
    """Alterations arising in responding cells after which a goal fails."""
    network = checker.network
    goal_nodes = {g.node for g in checker.goals}
    base = checker.treatment(members)
    touched = set(base.fixed) | set(base.caps)
    singles: list[tuple[str | None, dict[str, int]]] = []
    for name, node in network.nodes.items():
        if name in touched or name in goal_nodes:
            continue
        for level in (0, node.levels):
            # a node already at this level throughout the response changes nothing
            if all(a.levels(name) == (level,) for a in responded):
                continue
            singles.append((None, {name: level}))
    for name, alteration in network.alterations.items():
        if name not in checker.background.alterations:
            singles.append((name, dict(alteration.levels)))
    trials = [((n,), levels) for n, levels in singles]
    if depth >= 2:
        for (n1, a), (n2, b) in combinations(singles, 2):
            if not set(a) & set(b):
                trials.append(((n1, n2), {**a, **b}))
    found = []
    for names, levels in trials:
        failing = checker.failing(checker.response(members, genetic=levels, starts=responded))
        if failing:
            declared = [n for n in names if n]
            found.append(GeneticEscape(FrozenMap(levels), failing, " + ".join(declared) if declared else None))
    found.sort(key=lambda g: (len(g.levels), g.name is None, str(g)))
    return tuple(found)


def _closed_routes(network: Network, members: Sequence[str], targets: str,
                   routes: dict[str, Sequence[Route]]) -> tuple[str, ...]:
    """Routes of the members' single-agent escapes that another member cuts."""
    cuts: dict[str, tuple[int, bool]] = {}
    for member in members:
        if targets == "drugs":
            for node, effect in network.drugs[member].targets.items():
                cuts[node] = (effect.level, effect.cap)
        else:
            cuts[member] = (0, False)
    closed = []
    for member in members:
        for route in routes.get(member, ()):
            for lit in route.literals:
                if lit.node in cuts:
                    level, cap = cuts[lit.node]
                    if (level >= lit.threshold) != lit.holds or (cap and lit.holds and level < lit.threshold):
                        closed.append(route.describe())
                        break
    return tuple(dict.fromkeys(closed))


def minimal_combinations(
    network: Network,
    *,
    goals: Sequence[Goal] | None = None,
    context: str | None = None,
    alterations: Sequence[str] = (),
    semantics: str | None = None,
    start: str = "untreated",
    max_size: int = 3,
    targets: str = "drugs",
    candidates: Sequence[str] | None = None,
    genetic_depth: int = 1,
    responder: Responder | None = None,
    progress: Progress | None = None,
) -> CombinationReport:
    """The minimal combination intersection sets of one context (see module notes)."""
    if targets not in ("drugs", "nodes"):
        raise AnalysisError(f"unknown targets '{targets}'; expected drugs or nodes")
    if max_size < 1:
        raise AnalysisError("--max-size must be at least 1")
    responder = responder or Responder(network, semantics=semantics)
    resolved = tuple(goals) if goals else resolve_goals(network)
    background = Perturbation.build(network, context=context, alterations=alterations)
    checker = _Checker(responder, resolved, background, start, targets)
    untreated = responder.untreated(background)
    checker.complete = untreated.complete
    met = all(a.meets(g) for a in untreated.attractors for g in resolved)
    pool = _pool(network, targets, resolved, candidates)
    checker.scan_nodes(pool if targets == "nodes" else [t for name in pool for t in network.drugs[name].targets])

    def report(sets: Sequence[MinimalSet]) -> CombinationReport:
        return CombinationReport(network.name, resolved, context, tuple(alterations), targets, max_size,
                                 checker.complete, met, checker.checked, tuple(sets))

    if met:
        return report([])
    classes: dict[Any, list[str]] = {}
    for name in pool:
        key = _effects(network, name) if targets == "drugs" else name
        classes.setdefault(key, []).append(name)
    representatives = [members[0] for members in classes.values()]
    equivalents = {members[0]: members for members in classes.values()}
    working: list[tuple[str, ...]] = []
    total = sum(comb(len(representatives), k) for k in range(1, max_size + 1))
    done = 0
    for size in range(1, max_size + 1):
        for combo in combinations(representatives, size):
            done += 1
            if progress is not None and done % 10 == 0:
                progress(f"combinations of size {size}", done, total)
            if any(set(w) <= set(combo) for w in working):
                continue
            if checker.works(combo):
                working.append(combo)
    single_routes: dict[str, Sequence[Route]] = {}
    if targets == "drugs":
        for name in {m for combo in working for m in combo}:
            for member in equivalents[name]:
                single_routes[member] = [r for r, _ in escape_routes(
                    network, background.treated(network, drugs=[member]), goals=resolved,
                    start=start, responder=responder).routes]
    sets = []
    for combo in working:
        responded = checker.response(combo)
        searched = checker.complete
        checker.complete = True
        escapes = genetic_escapes(checker, combo, responded, genetic_depth) if genetic_depth else ()
        # robust only when every alteration was checked on complete answers
        robust = None if not genetic_depth else (False if escapes else (True if checker.complete else None))
        checker.complete = searched and checker.complete
        for variant in product(*(equivalents[m] for m in combo)):
            members = tuple(sorted(variant))
            sets.append(MinimalSet(
                drugs=members if targets == "drugs" else (),
                nodes=members if targets == "nodes" else (),
                routes_closed=_closed_routes(network, members, targets, single_routes),
                genetic_escapes=escapes,
                robust=robust,
            ))
    sets.sort(key=lambda m: (m.size, m.members))
    return report(sets)
