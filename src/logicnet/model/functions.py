"""Rules as Boolean functions (BDDs, via dd with its CUDD backend).

Syntax can mislead (``A & !A | B`` mentions A, but A has no effect), so the
questions "does R influence T, and with which sign?" are answered on the
function itself: R has a positive effect at threshold k when raising R from
k-1 to k can raise T's target level in some state of the other regulators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from logicnet.model.expression import And, Atom, Const, Expr, Not, atoms
from logicnet.model.booleanize import target_at_least
from logicnet.model.network import Network, Node

try:  # CUDD when the wheel has it, else dd's pure-Python BDDs
    from dd import cudd as _bdd_module
except ImportError:  # pragma: no cover
    from dd import autoref as _bdd_module  # type: ignore[no-redef]

__all__ = ["new_bdd", "compile_expression", "Influence", "influences"]


def new_bdd() -> Any:
    """A fresh BDD manager (CUDD if available)."""
    return _bdd_module.BDD()


def compile_expression(bdd: Any, expr: Expr, var: Callable[[Atom], Any]) -> Any:
    """The BDD of ``expr``, with ``var(atom)`` giving each atom's BDD. Iterative,
    because published rules can nest thousands deep."""
    results: dict[int, Any] = {}
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        key = id(e)
        if key in results:
            continue
        if isinstance(e, Atom):
            results[key] = var(e)
        elif isinstance(e, Const):
            results[key] = bdd.true if e.value else bdd.false
        elif not expanded:
            stack.append((e, True))
            children = (e.arg,) if isinstance(e, Not) else e.args
            stack.extend((c, False) for c in children if id(c) not in results)
        elif isinstance(e, Not):
            results[key] = ~results[id(e.arg)]
        elif isinstance(e, And):
            u = bdd.true
            for c in e.args:
                u &= results[id(c)]
            results[key] = u
        else:
            u = bdd.false
            for c in e.args:
                u |= results[id(c)]
            results[key] = u
    return results[id(expr)]


@dataclass(frozen=True)
class Influence:
    """How regulator ``source`` acts on ``target``: ``sign`` is ``+``, ``-`` or
    ``±``; ``thresholds`` are the levels of ``source`` at which it matters."""

    source: str
    target: str
    sign: str
    thresholds: tuple[int, ...]


def _rule_regulators(node: Node) -> set[str]:
    found: set[str] = set()
    if node.rule is not None:
        for case in node.rule.cases:
            found |= {a.node for a in atoms(case.when)}
    return found


def influences(network: Network, target: str, bdd: Any = None) -> tuple[list[Influence], list[str]]:
    """The functional influences on ``target`` and the regulators its rule
    mentions without any effect (non-functional). Pass one ``bdd`` manager
    (:func:`new_bdd`) when asking about many targets."""
    node = network.nodes[target]
    regulators = sorted(_rule_regulators(node))
    if not regulators:
        return [], []
    bdd = new_bdd() if bdd is None else bdd
    bits: dict[str, list[str]] = {}
    for r in regulators:
        bits[r] = [f"{r}__{k}" for k in range(1, network.nodes[r].levels + 1)]
        bdd.declare(*bits[r])

    def var(atom: Atom) -> Any:
        return bdd.var(bits[atom.node][atom.threshold - 1])

    rule = node.update_rule()
    level_fns = [compile_expression(bdd, target_at_least(rule, l), var) for l in range(1, node.levels + 1)]
    admissible = {}
    for r, names in bits.items():
        u = bdd.true
        for lower, higher in zip(names, names[1:]):
            u &= ~bdd.var(higher) | bdd.var(lower)
        admissible[r] = u
    out: list[Influence] = []
    dead: list[str] = []
    for r in regulators:
        care = bdd.true
        for other, u in admissible.items():
            if other != r:
                care &= u
        names = bits[r]
        positive = negative = False
        thresholds = []
        for k in range(1, len(names) + 1):
            at_k = {n: i < k for i, n in enumerate(names)}
            below = {n: i < k - 1 for i, n in enumerate(names)}
            up = down = False
            for fn in level_fns:
                hi, lo = bdd.let(at_k, fn), bdd.let(below, fn)
                up = up or (hi & ~lo & care) != bdd.false
                down = down or (lo & ~hi & care) != bdd.false
            if up or down:
                thresholds.append(k)
            positive, negative = positive or up, negative or down
        if not thresholds:
            dead.append(r)
            continue
        sign = "±" if positive and negative else "+" if positive else "-"
        out.append(Influence(r, target, sign, tuple(thresholds)))
    return out, dead
