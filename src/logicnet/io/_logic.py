"""Boolean-function helpers the readers and writers share (BDDs via dd/CUDD):
truth-table equality of rules, and the simplification of the rules logicnet
generates when it booleanizes a multivalued node for a Boolean format.

Written rules of Boolean nodes are never rewritten (the modeller's form is
kept); only generated bit rules go through :func:`simplify`, which removes
constant sub-terms (``A | !A``) and then keeps the shorter of the folded rule and
an irredundant sum of products (Minato-Morreale ISOP) of its function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from logicnet.model.expression import FALSE, TRUE, And, Atom, Const, Expr, Not, Or, conj, disj, neg
from logicnet.model.functions import TooManyTerms, compile_expression, irredundant_cover, new_bdd

if TYPE_CHECKING:
    from logicnet.model.network import Network

__all__ = ["Functions", "simplify", "literal_count", "rule_differences"]

#: ISOP gives up (and the folded rule is kept) beyond this many terms.
MAX_TERMS = 64


class Functions:
    """One BDD manager in which expressions over named atoms are compiled and compared.

    ``variable(atom)`` names the BDD variable of an atom; by default ``X`` for
    ``X >= 1`` and ``X__k`` for ``X >= k``, optionally with the admissibility
    of multivalued levels (``X >= 2`` implies ``X >= 1``) as a care set.
    """

    def __init__(self) -> None:
        self.bdd = new_bdd()
        self._declared: set[str] = set()
        self._care = self.bdd.true

    def name(self, atom: Atom) -> str:
        return atom.node if atom.threshold == 1 else f"{atom.node}__{atom.threshold}"

    def var(self, atom: Atom) -> Any:
        name = self.name(atom)
        if name not in self._declared:
            self.bdd.declare(name)
            self._declared.add(name)
        return self.bdd.var(name)

    def admissible(self, levels: Mapping[str, int]) -> None:
        """Only states where ``X >= k+1`` implies ``X >= k`` count (levels of multivalued nodes)."""
        for node, top in levels.items():
            for k in range(1, top):
                self._care &= ~self.var(Atom(node, k + 1)) | self.var(Atom(node, k))

    def ladders(self, bit_sets: Iterable[Sequence[str]]) -> None:
        """Only states where each bit ``X_bk`` implies ``X_b(k-1)`` count (bits of booleanized nodes)."""
        for bits in bit_sets:
            for lower, higher in zip(bits, bits[1:]):
                self._care &= ~self.var(Atom(higher)) | self.var(Atom(lower))

    def compile(self, expr: Expr, rename: Callable[[Atom], Expr] | None = None) -> Any:
        """The BDD of ``expr`` (each atom first replaced by ``rename(atom)`` if given)."""
        if rename is None:
            return compile_expression(self.bdd, expr, self.var)
        return compile_expression(self.bdd, expr, lambda a: compile_expression(self.bdd, rename(a), self.var))

    def equal(self, a: Any, b: Any) -> bool:
        """``a`` and ``b`` agree on every admissible state."""
        return (self.bdd.apply("xor", a, b) & self._care) == self.bdd.false

    def expression(self, u: Any, atoms: Mapping[str, Atom], budget: int = MAX_TERMS) -> Expr | None:
        """An irredundant sum of products of ``u`` (``None`` if it needs more than ``budget`` terms)."""
        bdd = self.bdd
        if u == bdd.true:
            return TRUE
        if u == bdd.false:
            return FALSE
        try:
            terms = irredundant_cover(bdd, u, budget, bdd.var_at_level, work_per_term=200)
        except TooManyTerms:
            return None
        order = {name: i for i, name in enumerate(atoms)}
        products = []
        for term in sorted(terms, key=lambda t: sorted((order.get(n, 0), v) for n, v in t)):
            literals = [atoms[n] if v else neg(atoms[n]) for n, v in sorted(term, key=lambda nv: order.get(nv[0], 0))]
            products.append(conj(*literals))
        return disj(*products)


def literal_count(expr: Expr) -> int:
    """How many atoms an expression writes (its size for choosing the shorter form)."""
    count, stack = 0, [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Atom):
            count += 1
        elif isinstance(e, Not):
            stack.append(e.arg)
        elif isinstance(e, (And, Or)):
            stack.extend(e.args)
    return count


def _fold_constants(functions: Functions, expr: Expr) -> Expr:
    """``expr`` with every sub-term whose function is constant replaced by that constant."""
    bdd = functions.bdd
    done: dict[int, tuple[Expr, Any]] = {}
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        if id(e) in done:
            continue
        if isinstance(e, Atom):
            done[id(e)] = (e, functions.var(e))
        elif isinstance(e, Const):
            done[id(e)] = (e, bdd.true if e.value else bdd.false)
        elif not expanded:
            stack.append((e, True))
            stack.extend((c, False) for c in ((e.arg,) if isinstance(e, Not) else e.args))
        elif isinstance(e, Not):
            inner, u = done[id(e.arg)]
            done[id(e)] = (Const(not inner.value) if isinstance(inner, Const) else Not(inner), ~u)
        else:
            is_and = isinstance(e, And)
            u = bdd.true if is_and else bdd.false
            kept: list[Expr] = []
            for child in e.args:
                sub, v = done[id(child)]
                u = u & v if is_and else u | v
                if not isinstance(sub, Const):
                    kept.append(sub)
                elif sub.value != is_and:  # false in a conjunction, true in a disjunction
                    kept = [sub]
                    break
            if u == bdd.true or u == bdd.false:
                done[id(e)] = (Const(u == bdd.true), u)
            elif len(kept) == 1 and isinstance(kept[0], Const):
                done[id(e)] = (kept[0], u)
            else:
                done[id(e)] = (conj(*kept) if is_and else disj(*kept), u)
    return done[id(expr)][0]


def simplify(expr: Expr) -> Expr:
    """An equivalent, tidier form of a generated rule: constant sub-terms folded,
    then the irredundant sum of products if that is no longer."""
    functions = Functions()
    folded = _fold_constants(functions, expr)
    if isinstance(folded, (Const, Atom)):
        return folded
    atoms: dict[str, Atom] = {}
    stack = [folded]
    while stack:
        e = stack.pop()
        if isinstance(e, Atom):
            atoms.setdefault(functions.name(e), e)
        elif isinstance(e, Not):
            stack.append(e.arg)
        elif isinstance(e, (And, Or)):
            stack.extend(e.args)
    ordered = dict(sorted(atoms.items(), key=lambda kv: (kv[1].node, kv[1].threshold)))
    sop = functions.expression(functions.compile(folded), ordered)
    if sop is not None and literal_count(sop) <= literal_count(folded):
        return sop
    return folded


def rule_differences(first: Network, second: Network) -> list[str]:
    """How two networks differ as functions: nodes only in one, different
    levels, and nodes whose rules differ on some admissible state (compared by
    BDD, so large rules are cheap). Empty when they are the same dynamical system."""
    from logicnet.model.booleanize import target_at_least

    out: list[str] = []
    only_first = [n for n in first.nodes if n not in second.nodes]
    only_second = [n for n in second.nodes if n not in first.nodes]
    if only_first:
        out.append(f"only in the first: {', '.join(only_first)}")
    if only_second:
        out.append(f"only in the second: {', '.join(only_second)}")
    functions = Functions()
    functions.admissible({n: node.levels for n, node in first.nodes.items() if node.levels > 1})
    for name, node in first.nodes.items():
        other = second.nodes.get(name)
        if other is None:
            continue
        if node.levels != other.levels:
            out.append(f"{name}: levels 0..{node.levels} and 0..{other.levels}")
            continue
        a, b = node.update_rule(), other.update_rule()
        for k in range(1, node.levels + 1):
            if not functions.equal(functions.compile(target_at_least(a, k)), functions.compile(target_at_least(b, k))):
                out.append(f"{name}: the rules differ" + (f" (level {k})" if node.levels > 1 else ""))
                break
    return out
