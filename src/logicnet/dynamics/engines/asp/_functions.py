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
from logicnet.model.functions import TooManyTerms, branches, compile_expression, irredundant_cover
from logicnet.model.network import Network
from logicnet.model._dd import bdd_module as _bdd_module

__all__ = ["Term", "Condition", "LocalFunctions", "DiagramNode", "TRUE_KEY", "local_functions"]

#: A conjunction of literals (node index, value).
Term = tuple[tuple[int, int], ...]

#: Key of the true terminal in :attr:`LocalFunctions.diagram` (node keys are positive).
TRUE_KEY = -1

#: A DNF is used when it has at most this many terms per BDD node (plus a few).
_TERMS_PER_NODE = 2
_TERMS_SLACK = 8

# A small first allocation: CUDD clears tables in proportion to the memory
# estimate (its defaults cost 10 ms per manager, 2**26 still 0.5 ms, and there
# is one manager per node); one rule's BDDs are small, the tables still grow.
_MEMORY = 2**22
_CACHE = 2**12


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
            return tuple(irredundant_cover(self.bdd, g, budget, self.var_of_level.__getitem__))  # type: ignore[misc]
        except TooManyTerms:  # the BDD is used instead
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
            low, high = branches(u)
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
