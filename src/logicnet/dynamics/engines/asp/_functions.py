"""The local functions of a Boolean network as the asp engine needs them.

For node i with function f_i, the engine asks two questions about a subspace:
can i rise (``up``: f_i with i read as 0 is satisfiable there) and can i fall
(``down``: not f_i with i read as 1 is satisfiable there). Both conditions are
kept as BDDs (dd/CUDD) and handed to the encoder in one of three forms:

* a DNF of the condition, an irredundant sum of products computed from the
  BDD (Minato-Morreale), when it stays small;
* *blockers*: a DNF of the condition's negation h, when h is unate (each
  variable acts in one direction, as in most signalling rules). In a
  subspace, h is 1 everywhere exactly when one of its terms has every literal
  fixed, so the condition is satisfiable there when each term has a literal
  that can be false. This is how a rise or fall condition is written without
  the negation of a rule with dozens of terms, whose DNF is exponential;
* otherwise the BDD itself, whose nodes become auxiliary atoms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import And, Atom, Expr, Not, Or
from logicnet.model.functions import compile_expression
from logicnet.model.network import Network

try:
    from dd import cudd as _bdd_module
except ImportError:  # pragma: no cover - dd without its CUDD extension
    from dd import autoref as _bdd_module  # type: ignore[no-redef]

__all__ = ["Term", "Condition", "LocalFunctions", "DiagramNode", "TRUE_KEY", "local_functions"]

#: A conjunction of literals (node index, value).
Term = tuple[tuple[int, int], ...]

#: Key of the true terminal in :attr:`LocalFunctions.diagram` (node keys are positive).
TRUE_KEY = -1

#: A DNF is used when it has at most this many terms per BDD node (plus a few).
_TERMS_PER_NODE = 2
_TERMS_SLACK = 8
#: ISOP gives up after this many recursive steps per term of its budget.
_WORK_PER_TERM = 16

# A small first allocation: CUDD's defaults cost 10 ms per manager, more than
# solving a small network; the tables still grow as needed.
_MEMORY = 2**26
_CACHE = 2**12


class _TooManyTerms(Exception):
    """The irredundant DNF exceeds its budget; the BDD is used instead."""


@dataclass(frozen=True)
class Condition:
    """When a node can change: a DNF (``terms``), the ``blockers``, or the BDD node ``diagram_key``.

    An empty ``terms`` tuple (and no diagram) is the condition that never holds;
    a term without literals always holds.
    """

    terms: tuple[Term, ...] = ()
    diagram_key: int | None = None
    #: the terms of the (unate) negation: the condition holds where each of
    #: them has a literal that can be false
    blockers: tuple[Term, ...] | None = None


@dataclass(frozen=True)
class DiagramNode:
    """A BDD node: the function is ``high`` where node ``var`` is 1, else ``low``
    (keys into the diagram; ``None`` is the false terminal)."""

    var: int
    low: int | None
    high: int | None


@dataclass(frozen=True)
class LocalFunctions:
    """``up[i]`` and ``down[i]`` for every node, and the BDD nodes they use."""

    up: tuple[Condition, ...]
    down: tuple[Condition, ...]
    diagram: dict[int, DiagramNode]


def local_functions(network: Network) -> LocalFunctions:
    """The rise and fall conditions of every node of a Boolean ``network``.

    Each rule gets its own small BDD manager with its variables in the order
    they appear in the rule: published rules are mostly sums of products, whose
    BDDs stay small in that order (one shared order for a 170-node metabolic
    model made a 57-variable rule 280,000 nodes instead of 340).
    """
    index = {name: i for i, name in enumerate(network.names)}
    diagram: dict[int, DiagramNode] = {}
    up: list[Condition] = []
    down: list[Condition] = []
    for i, (name, node) in enumerate(network.nodes.items()):
        expression = target_at_least(node.update_rule(), 1)
        order = [index[n] for n in dict.fromkeys([*_appearance(expression), name])]
        bdd = _bdd_module.BDD(_MEMORY, _CACHE)
        bdd.configure(reordering=False)
        bdd.declare(*(f"x{j}" for j in order))
        builder = _Builder(bdd, {bdd.level_of_var(f"x{j}"): j for j in order}, diagram)
        f = compile_expression(bdd, expression, lambda atom: bdd.var(f"x{index[atom.node]}"))
        up.append(builder.condition(bdd.let({f"x{i}": False}, f)))
        # the rule itself (not its negation) is what a modeller wrote as a DNF
        down.append(builder.condition(~bdd.let({f"x{i}": True}, f), blockers_first=True))
        builder.close()
        del f, builder  # every node before its manager
    return LocalFunctions(tuple(up), tuple(down), diagram)


def _appearance(expression: Expr) -> list[str]:
    """The nodes an expression reads, in the order they are written."""
    out: dict[str, None] = {}
    stack = [expression]
    while stack:
        e = stack.pop()
        if isinstance(e, Atom):
            out[e.node] = None
        elif isinstance(e, Not):
            stack.append(e.arg)
        elif isinstance(e, (And, Or)):
            stack.extend(reversed(e.args))
    return list(out)


class _Builder:
    """Turns the BDDs of one manager into conditions; diagrams are recorded in
    ``diagram`` (shared by every rule) under keys numbered from its size."""

    def __init__(self, bdd: Any, var_of_level: dict[int, int], diagram: dict[int, DiagramNode]):
        self.bdd = bdd
        self.var_of_level = var_of_level
        self.diagram = diagram
        self._keys: dict[int, int] = {}  # this manager's node address -> diagram key
        self._kept: list[Any] = []  # keeps exported BDD nodes (and so their addresses) alive

    def close(self) -> None:
        """Let go of this manager's nodes."""
        self._keys.clear()
        self._kept.clear()

    def condition(self, g: Any, blockers_first: bool = False) -> Condition:
        """``g`` as a DNF, as blockers (tried first with ``blockers_first``:
        the negation is usually the smaller side), or as a BDD."""
        if g == self.bdd.false:
            return Condition()
        if g == self.bdd.true:
            return Condition(terms=((),))
        if blockers_first:
            blockers = self._blockers(g)
            if blockers is not None:
                return blockers
        terms = self._cover(g)
        if terms is not None:
            return Condition(terms=terms)
        if not blockers_first:
            blockers = self._blockers(g)
            if blockers is not None:
                return blockers
        return Condition(diagram_key=self._export(g))

    def _cover(self, g: Any) -> tuple[Term, ...] | None:
        budget = _TERMS_PER_NODE * g.dag_size + _TERMS_SLACK
        try:
            return tuple(_irredundant_cover(self.bdd, g, self.var_of_level, budget))
        except _TooManyTerms:
            return None

    def _blockers(self, g: Any) -> Condition | None:
        h = ~g
        if not _unate(self.bdd, h):
            return None
        terms = self._cover(h)
        return None if terms is None else Condition(blockers=terms)

    def _export(self, root: Any) -> int:
        """Record the BDD nodes under ``root``; return its key."""
        stack = [root]
        while stack:
            u = stack.pop()
            if int(u) in self._keys:
                continue
            low, high = _branches(u)
            children = [c for c in (low, high) if c != self.bdd.false and c != self.bdd.true]
            unexported = [c for c in children if int(c) not in self._keys]
            if unexported:
                stack.append(u)
                stack.extend(unexported)
                continue
            key = len(self.diagram) + 1
            self.diagram[key] = DiagramNode(self.var_of_level[u.level], self._key(low), self._key(high))
            self._keys[int(u)] = key
            self._kept.append(u)
        return self._keys[int(root)]

    def _key(self, u: Any) -> int | None:
        if u == self.bdd.false:
            return None
        if u == self.bdd.true:
            return TRUE_KEY
        return self._keys[int(u)]


def _unate(bdd: Any, h: Any) -> bool:
    """Whether every variable of ``h`` acts in one direction only."""
    for name in h.support:
        low, high = bdd.let({name: False}, h), bdd.let({name: True}, h)
        if (low & ~high) != bdd.false and (high & ~low) != bdd.false:
            return False
    return True


def _branches(u: Any) -> tuple[Any, Any]:
    """The two cofactors of ``u`` on its top variable (CUDD complement edges resolved)."""
    low, high = u.low, u.high
    return (~low, ~high) if u.negated else (low, high)


def _irredundant_cover(bdd: Any, g: Any, var_of_level: dict[int, int], budget: int) -> list[Term]:
    """An irredundant sum of products of ``g`` (Minato-Morreale ISOP), or
    :class:`_TooManyTerms` beyond ``budget`` terms or ``_WORK_PER_TERM * budget``
    recursive steps (the negation of a rule with dozens of terms has an
    exponential cover, and most of the work happens before the terms are
    counted)."""
    return _Isop(bdd, var_of_level, budget).cover(g, g)[1]


class _Isop:
    """One ISOP computation. (A class rather than a recursive closure: a
    closure that refers to itself is a cycle holding BDD nodes and their
    manager, and the garbage collector may free CUDD before its nodes.)"""

    def __init__(self, bdd: Any, var_of_level: dict[int, int], budget: int):
        self.bdd = bdd
        self.var_of_level = var_of_level
        self.budget = budget
        self.steps = _WORK_PER_TERM * budget
        # The entries keep ``lower`` and ``upper`` alive: a freed BDD node's
        # address (the key) could be reused by a new node.
        self.memo: dict[tuple[int, int], tuple[Any, list[Term], Any, Any]] = {}

    def cover(self, lower: Any, upper: Any) -> tuple[Any, list[Term]]:
        """A cover c with lower <= c <= upper, and its terms."""
        bdd = self.bdd
        if lower == bdd.false:
            return bdd.false, []
        if upper == bdd.true:
            return bdd.true, [()]
        key = (int(lower), int(upper))
        if key in self.memo:
            return self.memo[key][:2]
        self.steps -= 1
        if self.steps < 0:
            raise _TooManyTerms
        level = min(lower.level, upper.level)
        x = self.var_of_level[level]
        l0, l1 = _cofactors(lower, level)
        u0, u1 = _cofactors(upper, level)
        c0, t0 = self.cover(l0 & ~u1, u0)
        c1, t1 = self.cover(l1 & ~u0, u1)
        if len(t0) + len(t1) > self.budget:
            raise _TooManyTerms
        cd, td = self.cover((l0 & ~c0) | (l1 & ~c1), u0 & u1)
        if len(t0) + len(t1) + len(td) > self.budget:
            raise _TooManyTerms
        literal = bdd.var(bdd.var_at_level(level))
        cover = (~literal & c0) | (literal & c1) | cd
        terms = [t + ((x, 0),) for t in t0] + [t + ((x, 1),) for t in t1] + td
        self.memo[key] = (cover, terms, lower, upper)
        return cover, terms


def _cofactors(u: Any, level: int) -> tuple[Any, Any]:
    return _branches(u) if u.level == level else (u, u)
