"""Update rules: the target level of a node as a function of the others.

A rule is an ordered list of cases ``(level, condition)`` and a default level:
the first case whose condition holds gives the target level. A Boolean rule
``E`` is the single case ``(1, E)`` with default 0; a plain expression on a
multivalued node with ``levels: m`` is ``(m, E)`` with default 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

from logicnet.model.expression import (
    FALSE,
    Atom,
    Const,
    Expr,
    evaluate,
    format_expression,
    regulators as expr_regulators,
    substitute,
)

__all__ = ["Case", "Rule"]


@dataclass(frozen=True)
class Case:
    """Target ``level`` when ``when`` holds."""

    level: int
    when: Expr


@dataclass(frozen=True)
class Rule:
    """An ordered list of cases and the level when none holds."""

    cases: tuple[Case, ...]
    default: int = 0

    def __post_init__(self) -> None:
        # one form per meaning of a constant condition: a case that never holds
        # is dropped, and one that always holds ends the rule as its default
        cases: list[Case] = []
        for case in self.cases:
            if isinstance(case.when, Const):
                if case.when.value:
                    object.__setattr__(self, "default", case.level)
                    break
                continue
            cases.append(case)
        if len(cases) != len(self.cases):
            object.__setattr__(self, "cases", tuple(cases))

    # ----------------------------------------------------------- constructors
    @staticmethod
    def boolean(expr: Expr, high: int = 1) -> "Rule":
        """``high`` when ``expr`` holds, else 0 (a constant expression gives a constant rule)."""
        if isinstance(expr, Const):
            return Rule.constant(high if expr.value else 0)
        return Rule((Case(high, expr),), 0)

    @staticmethod
    def constant(level: int) -> "Rule":
        """Always ``level``."""
        return Rule((), level)

    @staticmethod
    def identity(node: str, levels: int) -> "Rule":
        """Keep the current level of ``node`` (a free input)."""
        return Rule(tuple(Case(k, Atom(node, k)) for k in range(levels, 0, -1)), 0)

    # ----------------------------------------------------------------- queries
    def evaluate(self, state: Mapping[str, int]) -> int:
        """The target level in ``state`` (node → level)."""
        for case in self.cases:
            if evaluate(case.when, state):
                return case.level
        return self.default

    @cached_property
    def regulators(self) -> frozenset[str]:
        """Nodes mentioned in the conditions (syntactic; see graph for functional ones).
        Kept once computed: a rule is immutable, and large rules are asked often."""
        found: set[str] = set()
        for case in self.cases:
            found |= expr_regulators(case.when)
        return frozenset(found)

    @property
    def constant_level(self) -> int | None:
        """The level if the rule is syntactically constant, else ``None``."""
        for case in self.cases:
            if isinstance(case.when, Const):
                return case.level if case.when.value else None
            return None
        return self.default

    @property
    def levels_used(self) -> frozenset[int]:
        """Target levels the rule can produce (syntactically)."""
        out = {c.level for c in self.cases}
        if not any(isinstance(c.when, Const) and c.when.value for c in self.cases):
            out.add(self.default)
        return frozenset(out)

    def boolean_expression(self, high: int) -> Expr | None:
        """``E`` when the rule is the plain form ``(high, E)`` / default 0, else ``None``."""
        if len(self.cases) == 1 and self.cases[0].level == high and self.default == 0:
            return self.cases[0].when
        if not self.cases and self.default in (0, high):
            return Const(self.default == high)
        return None

    # ------------------------------------------------------------ transformers
    def substitute(self, levels: Mapping[str, int]) -> "Rule":
        """Fold known node levels into the conditions and drop dead cases."""
        cases: list[Case] = []
        for case in self.cases:
            when = substitute(case.when, levels)
            if when == FALSE:
                continue
            cases.append(Case(case.level, when))
            if isinstance(when, Const):  # always true: later cases never apply
                return Rule(tuple(cases[:-1]), case.level)
        return Rule(tuple(cases), self.default)

    def capped(self, cap: int) -> "Rule":
        """The same rule with every target level limited to ``cap``."""
        return Rule(tuple(Case(min(c.level, cap), c.when) for c in self.cases), min(self.default, cap))

    def describe(self) -> str:
        """A one-line text form, for messages and tables."""
        if not self.cases:
            return str(self.default)
        parts = [f"{c.level} if {format_expression(c.when)}" for c in self.cases]
        return "; ".join(parts + [f"else {self.default}"])
