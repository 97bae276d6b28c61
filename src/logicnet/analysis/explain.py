"""Why does a node have its level? Supports and routes.

In a state, a literal such as ``STAT5 >= 1`` (or ``AKT < 1``) holds for a
node's target because some *support* holds: a minimal set of literals on its
regulators that forces the rule's outcome whatever the other regulators do
(a satisfied prime implicant). Following supports from a phenotype back to
inputs, fixed nodes (context, alterations, drugs) or to literals already on the
way (a self-sustaining loop) gives a *route*: the part of the network that
keeps the phenotype where it is. A literal with several supports gives
several routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Mapping

from logicnet.graph import simple_cycles
from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import Atom, Expr, Not, atoms, evaluate
from logicnet.model.frozen import FrozenMap
from logicnet.model.functions import compile_expression, new_bdd
from logicnet.model.network import Network
from logicnet.model.rules import Rule
from logicnet.serialize import json_field

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Literal", "Source", "Route", "Explainer", "cycles"]

#: literals of a rule beyond which supports are found greedily (one per literal)
EXHAUSTIVE_ATOMS = 12


@dataclass(frozen=True, order=True)
class Literal:
    """``node >= threshold`` (``holds``) or ``node < threshold`` (not ``holds``)."""

    node: str
    threshold: int
    holds: bool

    def __str__(self) -> str:
        if self.holds:
            return f"{self.node}≥{self.threshold}"
        return f"{self.node}=0" if self.threshold == 1 else f"{self.node}<{self.threshold}"

    def true_in(self, state: Mapping[str, int]) -> bool:
        return (state[self.node] >= self.threshold) == self.holds


@dataclass(frozen=True)
class Source:
    """Why a literal needs no further support: ``kind`` is ``input``, ``fixed``
    (by a context, alteration or drug: ``reason``), or ``frozen`` (a slow node
    kept at its untreated level in the early phase)."""

    kind: str
    reason: str


Support = tuple[Literal, ...] | Source


@dataclass(frozen=True)
class Route:
    """One explanation of ``literal`` on ``phenotype``: the literals used and
    how they support each other."""

    phenotype: str
    literal: Literal = json_field(value=str)
    supports: tuple[tuple[Literal, Support], ...] = json_field(skip=True)
    #: the level each node of the route holds in the state it explains (the
    #: phenotype's target level when it was explained by its rule)
    levels: FrozenMap[str, int] = json_field(default_factory=FrozenMap, compare=False, skip=True)

    __json_extra__: ClassVar[dict[str, str]] = {
        "route": "describe", "path": "path", "nodes": "nodes", "edges": "edges", "sources": "source_list",
        "loops": "loops",
    }

    @property
    def source_list(self) -> list[dict[str, str]]:
        """Where the route starts: each source literal, its kind and why."""
        return [{"literal": str(lit), "kind": s.kind, "reason": s.reason} for lit, s in self.sources]

    @property
    def literals(self) -> tuple[Literal, ...]:
        return tuple(lit for lit, _ in self.supports)

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(sorted({lit.node for lit in self.literals}))

    @property
    def edges(self) -> tuple[tuple[str, str], ...]:
        """Regulator → target pairs used by the route."""
        out = set()
        for lit, support in self.supports:
            if not isinstance(support, Source):
                out |= {(s.node, lit.node) for s in support}
        return tuple(sorted(out))

    @property
    def sources(self) -> tuple[tuple[Literal, Source], ...]:
        return tuple((lit, s) for lit, s in self.supports if isinstance(s, Source))

    def graph(self) -> nx.DiGraph:
        """Support → supported literal."""
        return _graph(self.supports)

    @property
    def loops(self) -> tuple[tuple[str, ...], ...]:
        """Self-sustaining loops: cycles of literals that support each other."""
        return _loops(self.supports)

    @property
    def path(self) -> tuple[str, ...]:
        """The longest chain of supporting nodes ending at the phenotype, each node
        once (for display)."""
        return _path(self.literal, self.supports)

    def describe(self) -> str:
        """``IRS1 → JAK2 → STAT5 → Proliferation, sustained by STAT5 → IL8 → JAK2 → STAT5``."""
        text = " → ".join(self.path)
        loops = [" → ".join(c + c[:1]) for c in self.loops]
        if loops:
            text += ", sustained by " + "; ".join(loops)
        return text

    def key(self) -> frozenset[tuple[Literal, Any]]:
        return frozenset(self.supports)


class Explainer:
    """Finds supports and routes in states of one (perturbed) network.

    ``fixed_reasons`` names why fixed nodes are fixed (``"drug BEZ235"``);
    ``frozen`` are slow nodes held at their untreated level (early phase).
    """

    def __init__(self, network: Network, fixed_reasons: Mapping[str, str] | None = None,
                 frozen: frozenset[str] = frozenset(), shared: dict[Any, Any] | None = None):
        self.network = network
        self.fixed_reasons = dict(fixed_reasons or {})
        self.frozen = frozen
        self._conditions: dict[tuple[str, int, bool], Expr] = {}
        self._bdd = new_bdd()
        self._compiled: dict[int, Any] = {}
        #: supports by literal and the levels they read; ``shared`` between the
        #: explainers of perturbations of one network (a node's supports depend
        #: on its rule alone, and unperturbed nodes keep the same rule object)
        self._supports: dict[tuple[Any, ...], tuple[Rule, list[Support], str | None]] = (
            {} if shared is None else shared)
        self._read: dict[int, tuple[str, ...]] = {}
        #: why some routes may be missing: every cut made so far, said once each
        self.truncated: dict[str, None] = {}

    # --------------------------------------------------------------- supports
    def source(self, node: str) -> Source | None:
        spec = self.network.nodes[node]
        if node in self.frozen:
            return Source("frozen", "slow node at its untreated level")
        if node in self.fixed_reasons:
            return Source("fixed", self.fixed_reasons[node])
        if spec.rule is None:
            if spec.value is not None:
                return Source("fixed", f"input default {spec.value}")
            return Source("input", "free input")
        if spec.rule.constant_level is not None:
            return Source("fixed", "constant rule")
        return None

    def condition(self, literal: Literal) -> Expr:
        """The condition on the regulators under which the literal holds for the node's target."""
        key = (literal.node, literal.threshold, literal.holds)
        if key not in self._conditions:
            rule: Rule = self.network.nodes[literal.node].update_rule()
            expr = target_at_least(rule, literal.threshold)
            self._conditions[key] = expr if literal.holds else Not(expr)
        return self._conditions[key]

    def supports(self, literal: Literal, state: Mapping[str, int], *, by_rule: bool = False) -> list[Support]:
        """The minimal supports of ``literal`` in ``state`` (or its source).

        ``by_rule`` explains the node's target even where the node is frozen
        (a slow phenotype in the early phase: where is it heading?)."""
        source = None if by_rule and self.network.nodes[literal.node].rule is not None else self.source(literal.node)
        if source is not None and not (by_rule and source.kind == "frozen"):
            return [source]
        condition = self.condition(literal)
        read = self._read.get(id(condition))
        if read is None:
            read = self._read[id(condition)] = tuple(sorted({a.node for a in atoms(condition)}))
        rule = self.network.nodes[literal.node].update_rule()
        key = (literal, id(rule), tuple(state[n] for n in read))  # the supports depend on these levels alone
        found = self._supports.get(key)
        if found is None or found[0] is not rule:  # (the rule is kept with its supports: its id stays its own)
            found = self._supports[key] = (rule, *self._find_supports(literal, condition, state))
        if found[2]:
            self.truncated[found[2]] = None
        return list(found[1])

    def _find_supports(self, literal: Literal, condition: Expr,
                       state: Mapping[str, int]) -> tuple[list[Support], str | None]:
        """The minimal supports, and why some may be missing (or ``None``)."""
        if not evaluate(condition, state):
            return [], None  # the target does not agree (a transient level in a cycle)
        candidates = sorted({Literal(a.node, a.threshold, state[a.node] >= a.threshold) for a in atoms(condition)})
        if len(candidates) > EXHAUSTIVE_ATOMS:
            return [self._greedy(condition, candidates)], (
                f"the rule of {literal.node} has more than {EXHAUSTIVE_ATOMS} literals: one support"
                " of it was found greedily, others may exist")
        found: list[tuple[Literal, ...]] = []
        for size in range(0, len(candidates) + 1):
            for subset in combinations(candidates, size):
                if any(set(f) <= set(subset) for f in found):
                    continue
                if self._implies(subset, condition):
                    found.append(subset)
        return list(found), None

    def _var(self, atom: Atom) -> Any:
        name = f"{atom.node}__{atom.threshold}"
        self._bdd.declare(name)
        return self._bdd.var(name)

    def _implies(self, literals: tuple[Literal, ...], condition: Expr) -> bool:
        """Whether the literals force ``condition`` (levels of one node stay consistent)."""
        bdd, var = self._bdd, self._var
        u = self._compiled.get(id(condition))
        if u is None:
            u = self._compiled[id(condition)] = compile_expression(bdd, condition, var)
        forced = bdd.true
        by_node: dict[str, list[int]] = {}
        for a in atoms(condition):
            by_node.setdefault(a.node, []).append(a.threshold)
        for lit in literals:
            by_node.setdefault(lit.node, []).append(lit.threshold)
            v = var(Atom(lit.node, lit.threshold))
            forced &= v if lit.holds else ~v
        for node, thresholds in by_node.items():  # X >= k+1 implies X >= k
            ordered = sorted(set(thresholds))
            for low, high in zip(ordered, ordered[1:]):
                forced &= ~var(Atom(node, high)) | var(Atom(node, low))
        return (forced & ~u) == bdd.false

    def _greedy(self, condition: Expr, candidates: list[Literal]) -> tuple[Literal, ...]:
        kept = list(candidates)
        for lit in candidates:
            trial = tuple(x for x in kept if x != lit)
            if self._implies(trial, condition):
                kept = list(trial)
        return tuple(kept)

    # ----------------------------------------------------------------- routes
    def routes(self, phenotype: str, literal: Literal, state: Mapping[str, int], limit: int = 12,
               by_rule: bool = False, tries: int = 400) -> list[Route]:
        """Up to ``limit`` routes explaining ``literal`` (on ``phenotype``) in ``state``.

        Only routes whose node sets are minimal are kept (a route using a superset
        of another's nodes adds nothing: whatever breaks the smaller one breaks
        it); at most ``tries`` combinations of supports are looked at. With
        ``by_rule`` the root is explained by its rule even if the node is frozen.
        """
        found: dict[frozenset[Any], Route] = {}
        cache: dict[Literal, list[Support]] = {}

        def options(lit: Literal) -> list[Support]:
            if lit not in cache:
                cache[lit] = sorted(self.supports(lit, state, by_rule=by_rule and lit == literal),
                                    key=_support_order)
            return cache[lit]

        def expand(chosen: dict[Literal, Support], pending: list[Literal]) -> Iterator[dict[Literal, Support]]:
            while pending and pending[-1] in chosen:
                pending = pending[:-1]
            if not pending:
                yield chosen
                return
            lit, rest = pending[-1], pending[:-1]
            for support in options(lit) or [Source("transient", "level not sustained in this state")]:
                new = dict(chosen)
                new[lit] = support
                more = [] if isinstance(support, Source) else [s for s in support if s not in new]
                yield from expand(new, rest + more)

        root_level = state[literal.node]
        if by_rule and self.network.nodes[literal.node].rule is not None:
            root_level = self.network.nodes[literal.node].update_rule().evaluate(state)
        for count, chosen in enumerate(expand({}, [literal]), start=1):
            key = frozenset(chosen.items())  # (Route.key)
            if key not in found:
                supports = tuple(sorted(chosen.items(), key=_by_literal))
                levels = FrozenMap({lit.node: root_level if lit.node == literal.node else state[lit.node]
                                    for lit, _ in supports})
                found[key] = Route(phenotype, literal, supports, levels)
            if count >= tries:
                self.truncated[f"only the first {tries} combinations of supports of {literal} were examined"] = None
                break
        expand = None  # type: ignore[assignment]  # break the closure's cycle: the BDD goes with the explainer
        return self._shortest(literal, list(found.values()), limit)

    def _shortest(self, literal: Literal, found: list[Route], limit: int) -> list[Route]:
        """Of the routes whose node sets are minimal, one per node set, the
        ``limit`` first by size and then description (a node set's route is
        its first description). Only the routes that can make the cut are
        described (a description walks the route's loops)."""
        groups: dict[frozenset[str], list[int]] = {}
        for index, route in enumerate(found):
            groups.setdefault(frozenset(route.nodes), []).append(index)
        by_size = sorted(groups, key=len)
        minimal = [nodes for nodes in by_size if not any(other < nodes for other in by_size if len(other) < len(nodes))]
        if len(minimal) > limit:
            self.truncated[f"only the {limit} shortest routes of {literal} were kept ({len(minimal)} found)"] = None
        cut = len(minimal[limit - 1]) if len(minimal) > limit else None  # the size of the last route kept
        chosen = []
        for nodes in minimal:
            if cut is not None and len(nodes) > cut:
                break
            first = min(groups[nodes], key=lambda i: (found[i].describe(), i))
            chosen.append((len(nodes), found[first].describe(), first))
        return [found[i] for _, _, i in sorted(chosen)[:limit]]


def _by_literal(item: tuple[Literal, Any]) -> tuple[str, int, bool]:
    """Literal order (as the dataclass orders them) without its Python-level comparisons."""
    lit = item[0]
    return (lit.node, lit.threshold, lit.holds)


def _support_order(support: Support) -> tuple[int, str]:
    if isinstance(support, Source):
        return (0, support.kind)
    return (len(support), " ".join(map(str, support)))


# Routes found again (other states, waves, treatments) are described again:
# their loops and paths depend on the supports alone and are kept.
_Supports = tuple[tuple[Literal, "Support"], ...]


def _graph(supports: _Supports) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(lit for lit, _ in supports)
    for lit, support in supports:
        if not isinstance(support, Source):
            graph.add_edges_from((s, lit) for s in support)
    return graph


def cycles(supports: _Supports) -> Iterator[list[Literal]]:
    """The elementary cycles of the support graph (support → supported literal)."""
    successors: dict[Literal, list[Literal]] = {lit: [] for lit, _ in supports}
    for lit, support in supports:
        if not isinstance(support, Source):
            for s in support:
                successors.setdefault(s, []).append(lit)
    return simple_cycles(successors)


@lru_cache(maxsize=1 << 14)
def _loops(supports: _Supports) -> tuple[tuple[str, ...], ...]:
    found = []
    for cycle in cycles(supports):
        nodes = [lit.node for lit in cycle]
        start = nodes.index(min(nodes))
        found.append(tuple(nodes[start:] + nodes[:start]))
    return tuple(sorted(set(found), key=lambda c: (len(c), c)))


@lru_cache(maxsize=1 << 14)
def _path(literal: Literal, supports: _Supports) -> tuple[str, ...]:
    predecessors: dict[str, set[str]] = {}
    for lit, support in supports:
        if not isinstance(support, Source):
            for s in support:
                if s.node != lit.node:
                    predecessors.setdefault(lit.node, set()).add(s.node)
    best: tuple[str, ...] = (literal.node,)
    stack: list[tuple[str, ...]] = [best]
    while stack:
        chain = stack.pop()
        extended = False
        if chain[0] in predecessors:
            for pred in sorted(predecessors[chain[0]]):
                if pred not in chain:
                    stack.append((pred,) + chain)
                    extended = True
        if not extended and len(chain) > len(best):
            best = chain
    return best
