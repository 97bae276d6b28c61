"""Rules as Boolean functions (BDDs, via dd with its CUDD backend).

Syntax can mislead (``A & !A | B`` mentions A, but A has no effect), so the
questions "does R influence T, and with which sign?" are answered on the
function itself: R has a positive effect at threshold k when raising R from
k-1 to k can raise T's target level in some state of the other regulators.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Mapping

from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import And, Atom, Const, Expr, Not, Or, atoms
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

from logicnet.model._dd import CUDD as _CUDD, bdd_module as _bdd_module  # CUDD when the wheel has it

__all__ = ["new_bdd", "compile_expression", "compile_expressions", "Influence", "influences", "polarities", "support",
           "TooManyTerms", "irredundant_cover", "branches", "remember_levels"]


def new_bdd() -> Any:
    """A fresh BDD manager (CUDD if available), without dynamic reordering:
    the rules are small, and sifting thousands of variables costs seconds."""
    # CUDD sizes some tables from the memory estimate and clears them at once:
    # its default (1 GiB) costs ~25 ms, 2**28 still ~2 ms, more than reading a
    # small model; 2**24 costs ~0.1 ms, and the tables grow as needed
    bdd = _bdd_module.BDD(memory_estimate=2**24, initial_cache_size=2**12) if _CUDD else _bdd_module.BDD()
    bdd.configure(reordering=False)
    return bdd


def compile_expression(bdd: Any, expr: Expr, var: Callable[[Atom], Any]) -> Any:
    """The BDD of ``expr``, with ``var(atom)`` giving each atom's BDD. Iterative,
    because published rules can nest thousands deep. The literals under one
    operator become one cube (a single CUDD call; a disjunction of literals is
    the complement of the cube of their negations): rules of megabytes are
    mostly long sums of such products."""
    return compile_expressions(bdd, [expr], var)[0]


#: Operators with this many operands or more join their literals as one cube;
#: below it, joining them one by one costs less than finding their names.
_CUBE_FROM = 6
_UNKNOWN = object()


def compile_expressions(bdd: Any, exprs: list[Expr], var: Callable[[Atom], Any]) -> list[Any]:
    """The BDDs of ``exprs`` (see :func:`compile_expression`), sub-terms they
    share compiled once (a rule's conditions for its levels repeat its cases)."""
    names: dict[int, tuple[Any, Any]] = {}  # id(atom) -> its BDD and, once asked, its name if a plain variable

    def atom_of(a: Atom) -> tuple[Any, Any]:
        found = names.get(id(a))
        if found is None:
            found = names[id(a)] = (var(a), _UNKNOWN)
        return found

    def named(a: Atom) -> tuple[Any, str | None]:
        u, name = names.get(id(a)) or atom_of(a)
        if name is _UNKNOWN:
            name = u.var if u.var is not None and u.low == bdd.false and u.high == bdd.true and not u.negated \
                else None
            names[id(a)] = (u, name)
        return u, name

    # id(literal) -> (variable name, un-negated?) for literals that are plain
    # variables: parsed rules share their literal objects, so a product of
    # such literals, seen before one by one, becomes a cube in one step
    literals: dict[int, tuple[str, bool]] = {}
    literal = literals.get
    results: dict[int, Any] = {}
    stack: list[tuple[Expr, bool]] = [(expr, False) for expr in reversed(exprs)]
    while stack:
        e, expanded = stack.pop()
        key = id(e)
        if key in results:
            continue
        kind = type(e)
        if kind is Atom:
            results[key] = (names.get(key) or atom_of(e))[0]  # type: ignore[arg-type]
            continue
        if kind is Const:
            results[key] = bdd.true if e.value else bdd.false  # type: ignore[union-attr]
            continue
        if kind is Not:
            if expanded:
                results[key] = ~results[id(e.arg)]  # type: ignore[union-attr]
            else:
                stack.append((e, True))
                stack.append((e.arg, False))  # type: ignore[union-attr]
            continue
        is_and = kind is And
        if not expanded:
            depth = len(stack)
            for c in e.args:  # type: ignore[union-attr]
                ck = type(c)
                if ck is Atom or ck is Const or ck is Not and type(c.arg) is Atom or id(c) in results:  # type: ignore[union-attr]
                    continue
                stack.append((c, False))
            if len(stack) > depth:  # compiled once they are
                stack.insert(depth, (e, True))
                continue
            # only literals (or compiled terms) below: compiled now
        if len(e.args) < _CUBE_FROM:  # type: ignore[union-attr]
            parts = []
            for c in e.args:  # type: ignore[union-attr]
                ck = type(c)
                if ck is Atom:
                    parts.append((names.get(id(c)) or atom_of(c))[0])  # type: ignore[arg-type]
                elif ck is Const:
                    parts.append(bdd.true if c.value else bdd.false)  # type: ignore[union-attr]
                elif ck is Not and type(c.arg) is Atom:  # type: ignore[union-attr]
                    parts.append(~(names.get(id(c.arg)) or atom_of(c.arg))[0])  # type: ignore[union-attr,arg-type]
                else:
                    parts.append(results[id(c)])
            results[key] = _balanced(parts, is_and)
            continue
        known = [literal(id(c)) for c in e.args]  # type: ignore[union-attr]
        if None not in known:
            cube = dict(known) if is_and else {n: not p for n, p in known}  # type: ignore[misc]
            if len(cube) < len(known) and len(set(known)) > len(cube):  # a literal and its negation
                results[key] = bdd.false if is_and else bdd.true
            else:
                u = bdd.cube(cube)
                results[key] = u if is_and else ~u
            continue
        cube = {}
        decided = False  # a literal and its negation: false in a conjunction, true in a disjunction
        parts = []
        for c in e.args:  # type: ignore[union-attr]
            ck = type(c)
            if ck is Atom:
                atom, polarity = c, True
            elif ck is Not and type(c.arg) is Atom:  # type: ignore[union-attr]
                atom, polarity = c.arg, False  # type: ignore[union-attr]
            else:
                parts.append(results[id(c)] if ck is not Const else bdd.true if c.value else bdd.false)  # type: ignore[union-attr]
                continue
            u, name = names.get(id(atom)) or atom_of(atom)  # type: ignore[arg-type]
            if name is _UNKNOWN:
                u, name = named(atom)  # type: ignore[arg-type]
            if name is None:
                parts.append(u if polarity else ~u)
                continue
            literals[id(c)] = (name, polarity)
            if not is_and:
                polarity = not polarity
            if cube.setdefault(name, polarity) != polarity:
                decided = True
                break
        if decided:
            results[key] = bdd.false if is_and else bdd.true
            continue
        if cube:
            u = bdd.cube(cube)
            parts.append(u if is_and else ~u)
        results[key] = _balanced(parts, is_and)
    return [results[id(expr)] for expr in exprs]


def _balanced(parts: list[Any], conjunction: bool) -> Any:
    """The conjunction (or disjunction) of ``parts``, joined pairwise: a chain
    of n operands joined left to right rebuilds the growing BDD n times."""
    if len(parts) <= 4:  # short: pairing saves nothing
        u = parts[0]
        if conjunction:
            for v in parts[1:]:
                u = u & v
        else:
            for v in parts[1:]:
                u = u | v
        return u
    while len(parts) > 1:
        if conjunction:
            joined = [a & b for a, b in zip(parts[::2], parts[1::2])]
        else:
            joined = [a | b for a, b in zip(parts[::2], parts[1::2])]
        if len(parts) % 2:
            joined.append(parts[-1])
        parts = joined
    return parts[0]


def support(u: Any) -> set[str]:
    """The variables ``u`` depends on, by one walk over its nodes (dd's
    ``support`` costs time in the number of variables of the manager)."""
    if _bdd_module.__name__ != "dd.cudd":  # pragma: no cover - dd without CUDD
        return set(u.bdd.support(u))
    found: set[str] = set()
    seen: set[int] = set()  # node pointers, the complement bit cleared
    stack = [u]
    while stack:
        node = stack.pop()
        if node.var is None:
            continue
        key = int(node) & ~1
        if key in seen:
            continue
        seen.add(key)
        found.add(node.var)
        stack.append(node.low)
        stack.append(node.high)
    return found


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


def polarities(expr: Expr) -> dict[Atom, int]:
    """For each atom of ``expr``: 1 where it occurs only un-negated, -1 only
    negated, 0 both ways (one pass over the tree)."""
    by_id: dict[int, tuple[Atom, int]] = {}  # by identity first: parsed rules share their atoms
    stack: list[tuple[Expr, int]] = [(expr, 1)]
    while stack:
        e, sign = stack.pop()
        kind = type(e)
        if kind is Atom:
            seen = by_id.get(id(e))
            by_id[id(e)] = (e, sign if seen is None or seen[1] == sign else 0)  # type: ignore[assignment]
        elif kind is Not:
            stack.append((e.arg, -sign))  # type: ignore[union-attr]
        elif kind is And or kind is Or:
            stack.extend((a, sign) for a in e.args)  # type: ignore[union-attr]
    out: dict[Atom, int] = {}
    for atom, sign in by_id.values():  # equal atoms that are different objects
        seen = out.get(atom)
        out[atom] = sign if seen is None or seen == sign else 0
    return out


#: Level functions of rules already compiled by whoever built them (the
#: reader folding bit sets compiles every bit rule to check the folding):
#: id(rule) -> (a weak reference to the rule, its BDD manager, the BDDs of
#: "the rule targets level k or more" for k = 1, 2, ..., and the BDD variable
#: standing for "regulator R is at level j or more", by (R, j)).
_KNOWN_LEVELS: dict[int, tuple[Any, Any, list[Any], Mapping[tuple[str, int], str]]] = {}


def remember_levels(rule: Rule, bdd: Any, level_fns: list[Any], variables: Mapping[tuple[str, int], str]) -> None:
    """Record the BDDs of ``rule``'s levels (``level_fns[k-1]``: the rule
    targets level k or more) in ``bdd``, whose variable ``variables[R, j]``
    means "R >= j", so that :func:`influences` need not compile the rule
    again. Forgotten when the rule object is."""
    key = id(rule)
    _KNOWN_LEVELS[key] = (weakref.ref(rule), bdd, level_fns, variables)
    weakref.finalize(rule, _KNOWN_LEVELS.pop, key, None)


def _known_levels(network: Network, rule: Rule, regulators: list[str]) -> tuple[Any, dict[str, list[str]], list[Any]] | None:
    """The manager, the variables of each regulator's thresholds and the level
    functions recorded for ``rule`` (:func:`remember_levels`), if they cover
    the levels the regulators have in ``network``."""
    entry = _KNOWN_LEVELS.get(id(rule))
    if entry is None or entry[0]() is not rule:
        return None
    _, bdd, level_fns, variables = entry
    bits: dict[str, list[str]] = {}
    for r in regulators:
        names = [variables.get((r, k)) for k in range(1, network.nodes[r].levels + 1)]
        if None in names or (r, len(names) + 1) in variables:
            return None
        bits[r] = names  # type: ignore[assignment]
    return bdd, bits, level_fns


def influences(network: Network, target: str, bdd: Any = None) -> tuple[list[Influence], list[str]]:
    """The functional influences on ``target`` and the regulators its rule
    mentions without any effect (non-functional). Pass one ``bdd`` manager
    (:func:`new_bdd`) when asking about many targets."""
    node = network.nodes[target]
    regulators = sorted(_rule_regulators(node))
    if not regulators:
        return [], []
    rule = node.update_rule()
    known = _known_levels(network, rule, regulators) if len(rule.cases) > 0 else None
    if known is not None and len(known[2]) == node.levels:
        bdd, bits, level_fns = known
        conditions = None
    else:
        bdd = new_bdd() if bdd is None else bdd
        bits = {}
        for r in regulators:
            bits[r] = [f"{r}__{k}" for k in range(1, network.nodes[r].levels + 1)]
        bdd.declare(*(b for names in bits.values() for b in names))

        def var(atom: Atom) -> Any:
            return bdd.var(bits[atom.node][atom.threshold - 1])

        conditions = [target_at_least(rule, level) for level in range(1, node.levels + 1)]
        level_fns = compile_expressions(bdd, conditions, var)
    if all(len(names) == 1 for names in bits.values()):
        if conditions is None:
            conditions = [target_at_least(rule, level) for level in range(1, node.levels + 1)]
        return _boolean_influences(bdd, target, regulators, bits, conditions, level_fns)
    care = bdd.true  # the admissible levels of the multivalued regulators
    for names in bits.values():
        for lower, higher in zip(names, names[1:]):
            care &= ~bdd.var(higher) | bdd.var(lower)
    out: list[Influence] = []
    dead: list[str] = []
    for r in regulators:
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


def _boolean_influences(bdd: Any, target: str, regulators: list[str], bits: dict[str, list[str]],
                        conditions: list[Expr], level_fns: list[Any]) -> tuple[list[Influence], list[str]]:
    """Influences when every regulator is Boolean, in time linear in the rule:
    a regulator acts exactly when its variable is in the support of a reduced
    BDD, and where it occurs with one polarity only the function is monotone
    in it, so that polarity is its sign; only regulators written both ways
    are tested on cofactors."""
    up: set[str] = set()
    down: set[str] = set()
    for condition, fn in zip(conditions, level_fns):
        depends = support(fn)
        for atom, polarity in polarities(condition).items():
            r = atom.node
            if bits[r][0] not in depends:
                continue
            if polarity == 1:
                up.add(r)
            elif polarity == -1:
                down.add(r)
            else:
                hi, lo = bdd.let({bits[r][0]: True}, fn), bdd.let({bits[r][0]: False}, fn)
                if hi & ~lo != bdd.false:
                    up.add(r)
                if lo & ~hi != bdd.false:
                    down.add(r)
    out: list[Influence] = []
    dead: list[str] = []
    for r in regulators:
        if r not in up and r not in down:
            dead.append(r)
            continue
        sign = "±" if r in up and r in down else "+" if r in up else "-"
        out.append(Influence(r, target, sign, (1,)))
    return out, dead


class TooManyTerms(Exception):
    """An irredundant cover would need more terms (or work) than its budget."""


def irredundant_cover(bdd: Any, g: Any, budget: int, label: Callable[[int], Hashable],
                      work_per_term: int = 16) -> list[tuple[tuple[Hashable, int], ...]]:
    """An irredundant sum of products of ``g`` (Minato-Morreale ISOP): terms
    of ``(label(level), value)`` literals. Raises :class:`TooManyTerms` beyond
    ``budget`` terms or ``work_per_term * budget`` recursive steps (the
    negation of a rule with dozens of terms has an exponential cover, and most
    of the work happens before the terms are counted)."""
    return _Isop(bdd, budget, label, work_per_term).cover(g, g)[1]


class _Isop:
    """One ISOP computation. (A class rather than a recursive closure: a
    closure that refers to itself is a cycle holding BDD nodes and their
    manager, and the garbage collector may free CUDD before its nodes.)"""

    def __init__(self, bdd: Any, budget: int, label: Callable[[int], Hashable], work_per_term: int):
        self.bdd = bdd
        self.label = label
        self.budget = budget
        self.steps = work_per_term * budget
        # The entries keep ``lower`` and ``upper`` alive: a freed BDD node's
        # address (the key) could be reused by a new node.
        self.memo: dict[tuple[int, int], tuple[Any, list[Any], Any, Any]] = {}

    def cover(self, lower: Any, upper: Any) -> tuple[Any, list[Any]]:
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
            raise TooManyTerms
        level = min(lower.level, upper.level)
        x = self.label(level)
        l0, l1 = _cofactors(lower, level)
        u0, u1 = _cofactors(upper, level)
        c0, t0 = self.cover(l0 & ~u1, u0)
        c1, t1 = self.cover(l1 & ~u0, u1)
        if len(t0) + len(t1) > self.budget:
            raise TooManyTerms
        cd, td = self.cover((l0 & ~c0) | (l1 & ~c1), u0 & u1)
        if len(t0) + len(t1) + len(td) > self.budget:
            raise TooManyTerms
        literal = bdd.var(bdd.var_at_level(level))
        cover = (~literal & c0) | (literal & c1) | cd
        terms = [t + ((x, 0),) for t in t0] + [t + ((x, 1),) for t in t1] + td
        self.memo[key] = (cover, terms, lower, upper)
        return cover, terms


def branches(u: Any) -> tuple[Any, Any]:
    """The two cofactors of ``u`` on its top variable (CUDD complement edges resolved)."""
    low, high = u.low, u.high
    return (~low, ~high) if u.negated else (low, high)


def _cofactors(u: Any, level: int) -> tuple[Any, Any]:
    return branches(u) if u.level == level else (u, u)
