"""The verdict: the answer of an analysis, read before any table.

For each context, built from what :func:`~logicnet.analysis.analyze.analyze`
computed (nothing is recomputed, no drug is judged by its name):

* each treatment *meets the goals* (every late response attractor does), is
  *escaped* (a goal phenotype moves from its untreated levels towards its
  goal in some wave, yet misses it at the end: the network holds it away),
  *partly effective* (the phenotypes it moves reach their goals, the goals it
  misses never move), or *ineffective* (no goal phenotype moves towards its
  goal in any wave);
  in the early wave a slow phenotype cannot move yet, so it is judged on the
  level it is heading for, as escape routes are;
* the routes of an escaped treatment, by wave (a route of the late wave that
  continues an early one is listed once, in wave 1), each read as biology
  (:class:`RouteReading`): every step with the level it holds and the sign of
  its influence on the next one, alternative supports merged, the goal it
  violates named;
* the minimal combinations with the routes each of their members closes (a
  route is closed when a member fixes or caps one of its nodes at a level the
  route cannot use), and their genetic escapes grouped by the route they
  re-open: a change re-opens a closed route when it sets one of the route's
  nodes to the level the route needs; otherwise it opens a new route to the
  phenotypes it restores.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar, Iterable, Mapping, Sequence


from logicnet.analysis.combinations import CombinationReport, MinimalSet
from logicnet.analysis.escape import EscapeReport
from logicnet.analysis.explain import Literal, Route, Source, cycles
from logicnet.analysis.genetic import TIMINGS, GeneticEscape
from logicnet.analysis.scores import goal_distance
from logicnet.dynamics import Attractor
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Goal, Network
from logicnet.serialize import Result, json_field

__all__ = ["Step", "RouteReading", "read_routes", "report_readings", "PhenotypeCourse", "TreatmentVerdict", "Closure", "GeneticGroup",
           "SetVerdict", "Verdict", "build_verdict", "route_closed_by", "STATUSES"]

STATUSES = ("meets the goals", "escaped", "partly effective", "ineffective")
#: states of an attractor looked at to find where a slow phenotype is heading (early wave)
STATE_LIMIT = 4096
SIGNS = {"+": "→", "-": "⊣"}
#: partial chains looked at to find the longest chain of a route
CHAIN_LIMIT = 20000


# ------------------------------------------------------------------ routes


@dataclass(frozen=True)
class Step:
    """One step of a route: ``node`` holds ``level``; ``off`` when it acts by
    being below a threshold (held off) rather than by driving; ``sign`` is the
    influence on the next step (``+`` activates, ``-`` inhibits, empty for the
    last); ``notes`` are the fixed or input levels that hold it there, each
    alternative one entry."""

    node: str
    level: int
    sign: str
    off: bool
    notes: str = ""
    alternatives: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.node}={self.level}" + (f" ({self.notes})" if self.notes else "")


def _alternatives(options: Sequence[frozenset[tuple[str, str]]]) -> tuple[str, tuple[str, ...]]:
    """The notes of one step over its alternative supports, what they share
    said once: ``PI3Ka inhibited by BEZ235; PI3Kb inhibited by BEZ235, or
    INPP4B, PTEN present``; and each alternative in full."""
    options = sorted(set(options), key=lambda o: _notes_text(o))
    full = tuple(_notes_text(o) for o in options)
    if len(options) <= 1:
        return (full[0] if full else ""), full
    common = frozenset.intersection(*options)
    rest = [_notes_text(o - common) or "nothing more" for o in options]
    text = ", or ".join(dict.fromkeys(rest))
    return (f"{_notes_text(common)}; {text}" if common else text), full


def _chain_text(steps: Sequence[Step]) -> str:
    out = ""
    for step in steps:
        out += str(step)
        if step.sign:
            out += f" {SIGNS[step.sign]} "
    return out


@dataclass(frozen=True)
class RouteReading:
    """A route as a biologist reads it: ``S6K=0 ⊣ IRS1=2 → JAK2=1 → STAT5=1 →
    CCND1=1 → Proliferation=1``, the goal it violates, the wave it belongs to
    (1 early, 2 late; 1 when the network has no slow nodes) and the loops that
    sustain it."""

    phenotype: str
    goal: str
    wave: int
    steps: tuple[Step, ...]
    loops: tuple[tuple[Step, ...], ...] = ()
    #: the computed routes this reading stands for (alternative supports merged)
    routes: tuple[Route, ...] = json_field(skip=True, compare=False, default=())

    __json_extra__: ClassVar[dict[str, str]] = {"text": "text"}

    @property
    def text(self) -> str:
        """The route on one line (without the goal)."""
        text = _chain_text(self.steps)
        if self.loops:
            text += ", sustained by " + "; ".join(_chain_text(loop) for loop in self.loops)
        return text

    @property
    def chain(self) -> str:
        """The route on one line without the notes: ``S6K=0 ⊣ IRS1=2 → JAK2=1``."""
        bare = [Step(s.node, s.level, s.sign, s.off) for s in self.steps]
        text = _chain_text(bare)
        if self.loops:
            text += ", sustained by " + "; ".join(_chain_text(loop) for loop in self.loops)
        return text

    @property
    def nodes(self) -> tuple[str, ...]:
        """Every node of the routes it stands for."""
        return tuple(sorted({n for r in self.routes for n in r.nodes}))

    def __str__(self) -> str:
        return f"goal {self.goal}: {self.text}"


def _source_note(literal: Literal, level: int, source: Source) -> tuple[str, str]:
    """(what, why) for a literal held by a source: ``("PI3Ka", "inhibited by BEZ235")``."""
    kind, reason = source.kind, source.reason
    what = literal.node
    if kind == "fixed" and reason.startswith("drug "):
        drug = reason.split(" ", 1)[1]
        if not literal.holds and level == 0:
            return what, f"inhibited by {drug}"
        return f"{what}={level}", f"by {drug}"
    if kind == "fixed" and reason.startswith("context "):
        return f"{what}={level}", f"in {reason.split(' ', 1)[1]}"
    if kind == "fixed" and reason.startswith("alteration "):
        return f"{what}={level}", f"by {reason.split(' ', 1)[1]}"
    if kind in ("input", "fixed") and (reason.startswith("input") or reason == "free input"):
        return (what, "present") if level >= 1 and literal.holds else (what, "absent") if level == 0 \
            else (f"{what}={level}", "input")
    if kind == "frozen":
        return f"{what}={level}", "not yet changed"
    if kind == "transient":
        return f"{what}={level}", "transient"
    return f"{what}={level}", reason


def _notes_text(items: Iterable[tuple[str, str]]) -> str:
    """Notes grouped by their reason: ``PI3Ka, PI3Kb inhibited by BEZ235; PTEN present``."""
    by_reason: dict[str, list[str]] = {}
    for what, why in sorted(set(items), key=lambda x: (x[1], x[0])):
        by_reason.setdefault(why, []).append(what)
    return "; ".join(f"{', '.join(whats)} {why}" for why, whats in sorted(by_reason.items()))


def _longest_chain(route: Route) -> list[Literal]:
    """The longest chain of supporting literals ending at the route's literal, each node once."""
    graph = route.graph()
    best: list[Literal] = [route.literal]
    stack: list[list[Literal]] = [best]
    looked = 0
    while stack and looked < CHAIN_LIMIT:  # routes are small; the bound keeps a pathological one cheap
        looked += 1
        chain = stack.pop()
        extended = False
        for pred in sorted(graph.predecessors(chain[0])):
            if pred.node not in {lit.node for lit in chain}:
                stack.append([pred] + chain)
                extended = True
        if not extended and (len(chain), [str(x) for x in chain]) > (len(best), [str(x) for x in best]):
            best = chain
    return best


def _sign(source: Literal, target: Literal) -> str:
    """The influence a supporting literal has on the literal it supports."""
    return "+" if source.holds == target.holds else "-"


def _reading_parts(route: Route) -> tuple[tuple[tuple[Literal, frozenset[tuple[str, str]]], ...], tuple[Any, ...]]:
    """The chain (literals with the notes that hold them) and the loops of one route."""
    supports: dict[Literal, Any] = dict(route.supports)
    levels = route.levels

    def level(lit: Literal) -> int:
        return levels.get(lit.node, lit.threshold if lit.holds else lit.threshold - 1)

    chain = _longest_chain(route)
    while len(chain) > 1 and isinstance(supports.get(chain[0]), Source):
        chain = chain[1:]  # a fixed or input level starts the route: a note of the next step
    on_chain = set(chain)
    parts = []
    for lit in chain:
        support = supports.get(lit)
        notes: set[tuple[str, str]] = set()
        if isinstance(support, Source):
            if len(chain) == 1 or support.kind in ("frozen", "transient"):
                notes.add(_source_note(lit, level(lit), support))
        elif support:
            for s in support:
                held = supports.get(s)
                if s not in on_chain and isinstance(held, Source) and held.reason != "constant rule":
                    notes.add(_source_note(s, level(s), held))
        parts.append((lit, frozenset(notes)))
    loops = []
    for cycle in sorted(cycles(route.supports), key=lambda c: (len(c), sorted(map(str, c)))):
        start = cycle.index(min(cycle, key=lambda lit: lit.node))
        cycle = cycle[start:] + cycle[:start]
        loops.append(tuple((lit, level(lit)) for lit in cycle))
    return tuple(parts), tuple(dict.fromkeys(loops))


def read_routes(routes: Sequence[Route], goals: Sequence[Goal], wave: int) -> tuple[RouteReading, ...]:
    """The readings of ``routes`` of one wave: routes that print the same
    chain are merged, their different notes kept as alternatives of a step."""
    goal_of = {}
    for goal in goals:
        goal_of.setdefault(goal.node, str(goal))
    merged: dict[Any, tuple[list[frozenset[tuple[str, str]]], list[Route], Any]] = {}
    for route in routes:
        parts, loops = _reading_parts(route)
        key = (route.phenotype, tuple((lit, route.levels.get(lit.node)) for lit, _ in parts), loops)
        entry = merged.setdefault(key, ([set() for _ in parts], [], (parts, route)))  # type: ignore[misc]
        for i, (_, notes) in enumerate(parts):
            entry[0][i].add(notes)  # type: ignore[attr-defined]
        entry[1].append(route)
    out = []
    for (phenotype, chain, loops), (alternatives, members, (parts, first)) in merged.items():
        steps = []
        for i, ((lit, level), options) in enumerate(zip(chain, alternatives)):
            nxt = chain[i + 1][0] if i + 1 < len(chain) else None
            notes, full = _alternatives(list(options)) if any(options) else ("", ())
            steps.append(Step(lit.node, level if level is not None else 0,
                              _sign(lit, nxt) if nxt is not None else "", not lit.holds, notes, full))
        loop_steps = []
        for loop in loops:
            cycle = list(loop) + [loop[0]]
            loop_steps.append(tuple(
                Step(lit.node, level, _sign(lit, cycle[i + 1][0]) if i + 1 < len(cycle) else "", not lit.holds)
                for i, (lit, level) in enumerate(cycle)))
        out.append(RouteReading(phenotype, goal_of.get(phenotype, phenotype), wave, tuple(steps),
                                tuple(loop_steps), tuple(members)))
    unique: dict[str, RouteReading] = {}
    order = {g.node: i for i, g in enumerate(goals)}
    for reading in sorted(out, key=lambda r: (order.get(r.phenotype, len(order)), len(r.steps), r.text)):
        unique.setdefault(f"{reading.goal}|{reading.text}", reading)
    return tuple(unique.values())


def report_readings(report: EscapeReport) -> tuple[RouteReading, ...]:
    """Every route of an escape report read as biology, by the first wave it
    appears in (a late route that continues an early one is read in wave 1)."""
    return tuple(reading for wave, routes in _wave_routes(report) for reading in read_routes(routes, report.goals, wave))


def _wave_routes(report: EscapeReport) -> list[tuple[int, list[Route]]]:
    """The routes each wave adds, as found in that wave (with its levels): a
    route of a later wave that continues an earlier one is not repeated."""
    late_only = {(r.phenotype,) + r.nodes for r, waves in report.routes if waves == ("late",)}
    out = []
    for number, wave in enumerate(report.waves, start=1):
        found = [route for escape in wave.escapes for route in escape.routes]
        if number > 1:
            found = [r for r in found if (r.phenotype,) + r.nodes in late_only]
        if found:
            out.append((number, found))
    return out


# -------------------------------------------------------------- treatments


@dataclass(frozen=True)
class PhenotypeCourse:
    """The levels of a goal phenotype untreated and in each wave (in the
    early wave, where a slow phenotype is heading), and whether it moves
    towards its goal."""

    goal: str
    phenotype: str
    untreated: tuple[int, ...]
    waves: tuple[tuple[int, ...], ...]
    moved: bool
    met: bool

    @property
    def goal_value(self) -> str:
        """``0`` for ``Proliferation=0``, ``<=1`` for ``Proliferation<=1``."""
        rest = self.goal[len(self.phenotype):]
        return rest[1:] if rest.startswith("=") else rest

    def __str__(self) -> str:
        levels = ["/".join(map(str, self.untreated))] + ["/".join(map(str, w)) for w in self.waves]
        if len(set(levels)) == 1:
            return f"{self.phenotype} stays {levels[0]} (goal {self.goal_value})"
        shown = [levels[0]]
        for level in levels[1:]:
            if level != shown[-1]:
                shown.append(level)
        changes = [str(i + 1) for i in range(len(self.waves)) if levels[i + 1] != levels[i]]
        wave = "" if len(self.waves) == 1 else f" in wave{'s' if len(changes) > 1 else ''} {' then '.join(changes)}"
        return f"{self.phenotype} {' → '.join(shown)}{wave} (goal {self.goal_value})"


@dataclass(frozen=True)
class TreatmentVerdict:
    """What one treatment does: ``status`` (one of :data:`STATUSES`), how each
    goal phenotype moves, whether the drugs change their targets at all, the
    waves it is escaped in (those where new routes appear: a route that
    lasts from wave 1 into wave 2 counts for wave 1) and its routes by wave."""

    drugs: tuple[str, ...]
    status: str
    phenotypes: tuple[PhenotypeCourse, ...]
    hits_targets: bool
    escape_waves: tuple[int, ...]
    routes: tuple[RouteReading, ...]
    complete: bool

    @property
    def label(self) -> str:
        return " + ".join(self.drugs)

    def routes_of_wave(self, wave: int) -> tuple[RouteReading, ...]:
        return tuple(r for r in self.routes if r.wave == wave)


def _levels_of(attractors: Sequence[Attractor], node: str, rule: Any = None) -> tuple[int, ...]:
    """Levels of ``node`` in the attractors, or of its target under ``rule``."""
    found: set[int] = set()
    for attractor in attractors:
        if rule is None:
            found.update(attractor.levels(node))
            continue
        for state in islice(attractor.iter_states(), STATE_LIMIT):
            found.add(rule.evaluate(dict(zip(attractor.nodes, state))))
    return tuple(sorted(found))


def _closer(goal: Goal, before: Sequence[int], after: Sequence[int], top: int) -> bool:
    """Whether ``after`` is nearer the goal than ``before`` (its worst or its best level)."""
    if not after or tuple(before) == tuple(after):
        return False
    worst = lambda levels: max(goal_distance(goal, v, top) for v in levels)  # noqa: E731
    best = lambda levels: min(goal_distance(goal, v, top) for v in levels)  # noqa: E731
    return worst(after) < worst(before) - 1e-9 or best(after) < best(before) - 1e-9


def judge_treatment(network: Network, report: EscapeReport) -> TreatmentVerdict:
    """The verdict on one treatment from its escape report."""
    slow = set(network.slow_nodes)
    courses = []
    for goal in report.goals:
        node = network.nodes[goal.node]
        untreated = _levels_of(report.untreated, goal.node)
        waves = tuple(
            _levels_of(w.attractors, goal.node,
                       node.update_rule() if w.phase == "early" and goal.node in slow and node.rule is not None
                       else None)
            for w in report.waves)
        moved = any(_closer(goal, untreated, levels, node.levels) for levels in waves)
        met = bool(waves) and all(goal.holds(v) for v in waves[-1])
        courses.append(PhenotypeCourse(str(goal), goal.node, untreated, waves, moved, met))
    targets = {t for d in report.drugs for t in network.drugs[d].targets}
    hits = any(_levels_of(report.untreated, t) != _levels_of(w.attractors, t) for t in targets for w in report.waves)
    late_met = bool(report.waves) and not report.waves[-1].escapes
    if late_met:
        status = "meets the goals"
    elif any(c.moved and not c.met for c in courses):
        status = "escaped"
    elif any(c.moved for c in courses):
        status = "partly effective"
    else:
        status = "ineffective"
    routes: list[RouteReading] = []
    waves_escaped: list[int] = []
    if status == "escaped":
        for number, found in _wave_routes(report):
            waves_escaped.append(number)
            routes.extend(read_routes(found, report.goals, number))
        if not waves_escaped:  # no route explained (cut short): the waves whose attractors escape
            waves_escaped = [n for n, w in enumerate(report.waves, start=1) if w.escapes]
    return TreatmentVerdict(report.drugs, status, tuple(courses), hits, tuple(waves_escaped), tuple(routes),
                            report.complete)


# -------------------------------------------------------------------- sets


def _cuts(network: Network, drugs: Sequence[str]) -> dict[str, tuple[int, bool, str]]:
    """Node → (level, cap, drug) for the targets of ``drugs``."""
    out: dict[str, tuple[int, bool, str]] = {}
    for drug in drugs:
        for node, effect in network.drugs[drug].targets.items():
            out[node] = (effect.level, effect.cap, drug)
    return out


def route_closed_by(cuts: Mapping[str, tuple[int, bool, str]], route: Route) -> tuple[str, ...]:
    """The nodes of ``route`` whose cut (fixed or capped level) it cannot use."""
    out = []
    for lit in route.literals:
        if lit.node in cuts:
            level, cap, _ = cuts[lit.node]
            if (level >= lit.threshold) != lit.holds or (cap and lit.holds and level < lit.threshold):
                out.append(lit.node)
    return tuple(dict.fromkeys(out))


def _reopens(levels: Mapping[str, int], reading: RouteReading, cut: str) -> bool:
    """Whether a change sets a node of the route at or after the cut node (on
    its chain) to a level the route uses."""
    chain = [step.node for step in reading.steps]
    after = chain[chain.index(cut):] if cut in chain else chain
    for route in reading.routes:
        for lit in route.literals:
            if lit.node in levels and lit.node in after and lit.true_in(levels):
                return True
    return False


@dataclass(frozen=True)
class Closure:
    """Route ``route`` (its number among ``drug``'s routes) of an escaped
    member, closed by ``by`` fixing ``cut`` (``JAK2=0``, ``mTORC1≤1``); both
    ``None`` when no member cuts one of its nodes (it closes through the
    dynamics, e.g. a loop that never forms)."""

    drug: str
    route: int
    cut: str | None = json_field(None)
    by: str | None = json_field(None)

    @property
    def node(self) -> str | None:
        return None if self.cut is None else self.cut.replace("≤", "=").split("=")[0]


@dataclass(frozen=True)
class GeneticGroup:
    """Genetic escapes of a set that re-open one of its closed routes (route
    ``route`` of ``drug``), or open a new route (both ``None``) to the
    phenotypes they restore. Declared alterations first, then the
    hypothetical gains and losses of function."""

    drug: str | None
    route: int | None
    escapes: tuple[GeneticEscape, ...]

    __json_extra__: ClassVar[dict[str, str]] = {"reopens": "reopens"}

    @property
    def reopens(self) -> str | None:
        """``BEZ235 route 1`` (``None``: a new route)."""
        return None if self.drug is None else f"{self.drug} route {self.route}"

    @property
    def declared(self) -> tuple[GeneticEscape, ...]:
        return tuple(e for e in self.escapes if e.kind == "declared")

    @property
    def hypothetical(self) -> tuple[GeneticEscape, ...]:
        return tuple(e for e in self.escapes if e.kind != "declared")


@dataclass(frozen=True)
class SetVerdict:
    """A minimal combination (with the drugs that act identically and could
    replace a member: ``alternatives``), the routes of its escaped members
    and what closes each, and its genetic escapes grouped by the route they
    re-open."""

    drugs: tuple[str, ...]
    alternatives: FrozenMap[str, tuple[str, ...]]
    closes: tuple[Closure, ...]
    genetic: tuple[GeneticGroup, ...]
    robust: bool | None

    @property
    def label(self) -> str:
        parts = []
        for drug in self.drugs:
            others = self.alternatives.get(drug, ())
            parts.append(drug + (f" (or {', '.join(others)})" if others else ""))
        return " + ".join(parts)


def _sort_genetic(escapes: Iterable[GeneticEscape]) -> list[GeneticEscape]:
    """Declared alterations first (by name), then hypothetical changes; each
    change once, both timings kept."""
    return sorted(escapes, key=lambda g: (g.kind != "declared", len(g.levels), str(g), TIMINGS.index(g.timing)))


def _set_verdict(network: Network, minimal: MinimalSet, treatments: Mapping[str, TreatmentVerdict],
                 alternatives: Mapping[str, tuple[str, ...]]) -> SetVerdict:
    cuts = _cuts(network, minimal.drugs)
    closes = []
    for member in minimal.drugs:
        verdict = treatments.get(member)
        if verdict is None or verdict.status != "escaped":
            continue
        others = {n: c for n, c in cuts.items() if c[2] != member}
        for number, reading in enumerate(verdict.routes, start=1):
            cut_nodes = [route_closed_by(others, route) for route in reading.routes]
            if cut_nodes and all(cut_nodes):  # every alternative of the reading is cut
                node = cut_nodes[0][0]
                level, cap, closer = others[node]
                closes.append(Closure(member, number, f"{node}{'≤' if cap else '='}{level}", closer))
            else:
                closes.append(Closure(member, number))
    groups: dict[tuple[str, int] | None, list[GeneticEscape]] = {}
    for escape in _sort_genetic(minimal.genetic_escapes):
        where = None
        for closure in closes:
            reading = treatments[closure.drug].routes[closure.route - 1]
            if closure.node is not None and reading.phenotype in escape.restores \
                    and _reopens(escape.levels, reading, closure.node):
                where = (closure.drug, closure.route)
                break
        groups.setdefault(where, []).append(escape)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ("", 0)))
    return SetVerdict(minimal.drugs, FrozenMap({d: alternatives[d] for d in minimal.drugs if alternatives.get(d)}),
                      tuple(closes),
                      tuple(GeneticGroup(k[0] if k else None, k[1] if k else None, tuple(v)) for k, v in ordered),
                      minimal.robust)


# ----------------------------------------------------------------- verdict


@dataclass(frozen=True)
class Verdict(Result):
    """The answer for one context (see module notes)."""

    context: str | None
    goals: tuple[str, ...]
    goals_met_untreated: bool
    untreated: tuple[PhenotypeCourse, ...]
    treatments: tuple[TreatmentVerdict, ...]
    sets: tuple[SetVerdict, ...]
    max_size: int
    sets_complete: bool
    complete: bool

    __json_extra__: ClassVar[dict[str, str]] = {"summary": "summary"}
    __records__: ClassVar[str | None] = "treatments"

    def with_status(self, status: str) -> tuple[TreatmentVerdict, ...]:
        return tuple(t for t in self.treatments if t.status == status)

    @property
    def summary(self) -> str:
        """One line: ``serum: 0 of 15 drugs meet the goals, 8 escaped, 7 ineffective; 13 minimal sets``."""
        where = self.context or "no context"
        if self.goals_met_untreated:
            return f"{where}: the goals are met without treatment"
        counts = [f"{len(self.with_status('meets the goals'))} of {len(self.treatments)} drugs meet the goals"]
        counts += [f"{len(self.with_status(s))} {s}" for s in STATUSES[1:] if self.with_status(s)]
        robust = sum(1 for s in self.sets if s.robust)
        sets = f"{len(self.sets)} minimal set{'s' if len(self.sets) != 1 else ''}" if self.sets else \
            f"no set of up to {self.max_size} drug{'s' if self.max_size > 1 else ''} works"
        if any(s.robust is not None for s in self.sets):
            sets += f", {robust or 'none'} robust to genetic escapes"
        return f"{where}: {', '.join(counts)}; {sets}" + ("" if self.complete else " (incomplete)")


def _equivalents(network: Network, names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """For each drug, the other drugs of ``names`` with the same effects."""
    key = {n: tuple(sorted((t, e.level, e.cap) for t, e in network.drugs[n].targets.items())) for n in names}
    return {n: tuple(m for m in names if m != n and key[m] == key[n]) for n in names}


def build_verdict(network: Network, context: str | None, untreated: Sequence[Attractor],
                  single_drugs: Sequence[EscapeReport], combinations: CombinationReport,
                  goals: Sequence[Goal]) -> Verdict:
    """The verdict of one context from its single-drug escape reports and its minimal sets."""
    treatments = tuple(judge_treatment(network, r) for r in single_drugs)
    by_drug = {t.drugs[0]: t for t in treatments if len(t.drugs) == 1}
    untreated_courses = tuple(
        PhenotypeCourse(str(g), g.node, _levels_of(untreated, g.node), (), False,
                        all(a.meets(g) for a in untreated)) for g in goals)
    names = sorted({d for m in combinations.minimal_sets for d in m.drugs})
    alternatives = _equivalents(network, names)
    sets: list[SetVerdict] = []
    seen: set[frozenset[frozenset[str]]] = set()
    for minimal in combinations.minimal_sets:
        family = frozenset(frozenset((d,) + alternatives[d]) for d in minimal.drugs)
        if family in seen:
            continue  # the same set with an equivalent drug: said once, with "or"
        seen.add(family)
        sets.append(_set_verdict(network, minimal, by_drug, alternatives))
    met = all(a.meets(g) for a in untreated for g in goals)
    complete = all(t.complete for t in treatments) and combinations.complete
    return Verdict(context, tuple(str(g) for g in goals), met, untreated_courses, treatments, tuple(sets),
                   combinations.max_size, combinations.complete, complete)
