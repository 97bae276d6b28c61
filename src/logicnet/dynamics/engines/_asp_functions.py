"""The local functions of a Boolean network as the asp engine needs them.

For node i with function f_i, the engine asks two questions about a subspace:
can i rise (``up``: f_i with i read as 0 is satisfiable there) and can i fall
(``down``: not f_i with i read as 1 is satisfiable there). Both conditions are
kept as BDDs (dd/CUDD) and handed to the encoder either as a DNF, an
irredundant sum of products computed from the BDD (Minato-Morreale), or, when
that DNF would be much larger than the BDD (negations of rules with thousands
of terms), as the BDD itself, whose nodes become auxiliary atoms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import Atom
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

# A small first allocation: CUDD's defaults cost 10 ms per manager, more than
# solving a small network; the tables still grow as needed.
_MEMORY = 2**26
_CACHE = 2**12


class _TooManyTerms(Exception):
    """The irredundant DNF exceeds its budget; the BDD is used instead."""


@dataclass(frozen=True)
class Condition:
    """When a node can change: a DNF (``terms``) or the BDD node ``diagram_key``.

    An empty ``terms`` tuple (and no diagram) is the condition that never holds;
    a term without literals always holds.
    """

    terms: tuple[Term, ...] = ()
    diagram_key: int | None = None


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
    """The rise and fall conditions of every node of a Boolean ``network``."""
    index = {name: i for i, name in enumerate(network.names)}
    bdd = _bdd_module.BDD(_MEMORY, _CACHE)
    bdd.configure(reordering=False)
    variables = [f"x{i}" for i in range(len(index))]
    if variables:
        bdd.declare(*variables)
    var_of_level = {bdd.level_of_var(v): i for i, v in enumerate(variables)}
    literals = [bdd.var(v) for v in variables]

    def var(atom: Atom) -> Any:
        return literals[index[atom.node]]

    builder = _Builder(bdd, var_of_level)
    up: list[Condition] = []
    down: list[Condition] = []
    for i, (name, node) in enumerate(network.nodes.items()):
        f = compile_expression(bdd, target_at_least(node.update_rule(), 1), var)
        up.append(builder.condition(bdd.let({variables[i]: False}, f)))
        down.append(builder.condition(~bdd.let({variables[i]: True}, f)))
    return LocalFunctions(tuple(up), tuple(down), builder.diagram)


class _Builder:
    """Turns BDDs into conditions, sharing the BDD nodes of every diagram."""

    def __init__(self, bdd: Any, var_of_level: dict[int, int]):
        self.bdd = bdd
        self.var_of_level = var_of_level
        self.diagram: dict[int, DiagramNode] = {}
        self._kept: list[Any] = []  # keeps exported BDD nodes (and so their keys) alive

    def condition(self, g: Any) -> Condition:
        if g == self.bdd.false:
            return Condition()
        if g == self.bdd.true:
            return Condition(terms=((),))
        budget = _TERMS_PER_NODE * g.dag_size + _TERMS_SLACK
        try:
            terms = _irredundant_cover(self.bdd, g, self.var_of_level, budget)
        except _TooManyTerms:
            return Condition(diagram_key=self._export(g))
        return Condition(terms=tuple(terms))

    def _export(self, root: Any) -> int:
        """Record the BDD nodes under ``root``; return its key."""
        stack = [root]
        while stack:
            u = stack.pop()
            key = int(u)
            if key in self.diagram:
                continue
            low, high = _branches(u)
            children = [c for c in (low, high) if c != self.bdd.false and c != self.bdd.true]
            self.diagram[key] = DiagramNode(
                self.var_of_level[u.level], self._key(low), self._key(high)
            )
            self._kept.append(u)
            stack.extend(c for c in children if int(c) not in self.diagram)
        return int(root)

    def _key(self, u: Any) -> int | None:
        if u == self.bdd.false:
            return None
        if u == self.bdd.true:
            return TRUE_KEY
        return int(u)


def _branches(u: Any) -> tuple[Any, Any]:
    """The two cofactors of ``u`` on its top variable (CUDD complement edges resolved)."""
    low, high = u.low, u.high
    return (~low, ~high) if u.negated else (low, high)


def _irredundant_cover(bdd: Any, g: Any, var_of_level: dict[int, int], budget: int) -> list[Term]:
    """An irredundant sum of products of ``g`` (Minato-Morreale ISOP), or
    :class:`_TooManyTerms` beyond ``budget`` terms."""
    # The entries keep ``lower`` and ``upper`` alive: a freed BDD node's
    # address (the key) could be reused by a new node.
    memo: dict[tuple[int, int], tuple[Any, list[Term], Any, Any]] = {}
    false, true = bdd.false, bdd.true

    def cofactors(u: Any, level: int) -> tuple[Any, Any]:
        return _branches(u) if u.level == level else (u, u)

    def isop(lower: Any, upper: Any) -> tuple[Any, list[Term]]:
        if lower == false:
            return false, []
        if upper == true:
            return true, [()]
        key = (int(lower), int(upper))
        if key in memo:
            return memo[key][:2]
        level = min(lower.level, upper.level)
        x = var_of_level[level]
        l0, l1 = cofactors(lower, level)
        u0, u1 = cofactors(upper, level)
        c0, t0 = isop(l0 & ~u1, u0)
        c1, t1 = isop(l1 & ~u0, u1)
        cd, td = isop((l0 & ~c0) | (l1 & ~c1), u0 & u1)
        if len(t0) + len(t1) + len(td) > budget:
            raise _TooManyTerms
        literal = bdd.var(bdd.var_at_level(level))
        cover = (~literal & c0) | (literal & c1) | cd
        terms = [t + ((x, 0),) for t in t0] + [t + ((x, 1),) for t in t1] + td
        memo[key] = (cover, terms, lower, upper)
        return cover, terms

    return isop(g, g)[1]
