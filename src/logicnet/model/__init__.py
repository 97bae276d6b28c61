"""What a network is: expressions, rules, nodes, drugs and perturbations.

Immutable values only; reading and writing files is :mod:`logicnet.io`'s job.
"""

from logicnet.model.expression import Atom, Expr, format_expression, parse_expression
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import (
    FAST,
    SEMANTICS,
    SLOW,
    Alteration,
    Context,
    Drug,
    Effect,
    Expectation,
    Goal,
    Network,
    Node,
    Scenario,
)
from logicnet.model.perturbation import Perturbation
from logicnet.model.rules import Case, Rule

__all__ = [
    "Atom",
    "Expr",
    "format_expression",
    "parse_expression",
    "FrozenMap",
    "FAST",
    "SLOW",
    "SEMANTICS",
    "Alteration",
    "Context",
    "Drug",
    "Effect",
    "Expectation",
    "Goal",
    "Network",
    "Node",
    "Scenario",
    "Perturbation",
    "Case",
    "Rule",
]
