"""What the Boolean formats (BNet, BooleanNet, AEON, SIF) share: the Boolean
view of a network that they write, and printing an expression in a dialect.

A multivalued node ``X`` (levels 0..m) is written as its bits ``X_b1 .. X_bm``
(:mod:`logicnet.model.booleanize`, bioLQM's naming); the rules logicnet
generates for the bits are simplified (:func:`logicnet.io._logic.simplify`),
the modeller's own rules are written as they are.
"""

from __future__ import annotations

from dataclasses import replace

from logicnet.errors import ModelError
from logicnet.io._logic import simplify
from logicnet.model.booleanize import booleanize, target_at_least
from logicnet.model.expression import And, Atom, Const, Expr, Not, Or
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network
from logicnet.model.rules import Rule

__all__ = ["boolean_view", "format_rule", "DIALECTS"]

#: operator spellings: not, and, or, true, false
DIALECTS = {
    "bnet": ("!", " & ", " | ", "1", "0"),
    "aeon": ("!", " & ", " | ", "true", "false"),
    "booleannet": ("not ", " and ", " or ", "True", "False"),
}


def boolean_view(network: Network) -> tuple[Network, dict[str, tuple[str, ...]]]:
    """The Boolean network a Boolean format holds, and each original node's bits
    (a Boolean rule written as a list of cases becomes its plain condition)."""
    encoded = booleanize(network)
    bits = {name: tuple(b) for name, b in encoded.bits.items()}
    generated = {b for name, names in bits.items() if network.nodes[name].levels > 1 for b in names}
    nodes = {}
    for name, node in encoded.network.nodes.items():
        if node.rule is not None:
            plain = node.rule.boolean_expression(1)
            if plain is None:  # a Boolean node whose rule is a list of cases
                node = replace(node, rule=Rule.boolean(simplify(target_at_least(node.rule, 1))))
            elif name in generated or _mentions_bits(plain, generated):
                node = replace(node, rule=Rule.boolean(simplify(plain)))
        nodes[name] = node
    return replace(encoded.network, nodes=FrozenMap(nodes)), bits


def _mentions_bits(expr: Expr, bits: set[str]) -> bool:
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Atom):
            if e.node in bits:
                return True
        elif isinstance(e, Not):
            stack.append(e.arg)
        elif isinstance(e, (And, Or)):
            stack.extend(e.args)
    return False


def format_rule(expr: Expr, dialect: str) -> str:
    """``expr`` in a Boolean dialect (thresholds above 1 must have been booleanized)."""
    return _format(expr, DIALECTS[dialect], 0)


def _format(expr: Expr, tokens: tuple[str, str, str, str, str], context: int) -> str:
    not_, and_, or_, true, false = tokens
    if isinstance(expr, Const):
        return true if expr.value else false
    if isinstance(expr, Atom):
        if expr.threshold != 1:
            raise ModelError(f"'{expr.node} >= {expr.threshold}' cannot be written in a Boolean format")
        return expr.node
    if isinstance(expr, Not):
        return not_ + _format(expr.arg, tokens, 3)
    prec = 1 if isinstance(expr, Or) else 2
    text = (or_ if prec == 1 else and_).join(_format(a, tokens, prec) for a in expr.args)
    return f"({text})" if context >= prec else text
