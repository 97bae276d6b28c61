"""The fast paths of reading (issue 14) against the slow, obvious routes they
replace, on random input: the parser on nested rules, BDD compilation with
cubes, ``map_atoms`` and ``polarities``, and the ladder check of
``--fold-levels`` done on BDDs alone instead of folding, booleanizing and
comparing the rewritten rules."""

from __future__ import annotations

import itertools
import random
import warnings
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.io._fold import _fold, bit_groups, fold_groups, fold_levels
from logicnet.io._logic import Functions
from logicnet.model.booleanize import booleanize
from logicnet.model.expression import (
    FALSE,
    TRUE,
    And,
    Atom,
    Const,
    Expr,
    Not,
    Or,
    _parse_fast,
    _parse_full,
    atoms,
    conj,
    disj,
    evaluate,
    map_atoms,
    substitute,
)
from logicnet.model.frozen import FrozenMap
from logicnet.model.functions import compile_expression, compile_expressions, new_bdd, polarities
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule

NAMES = ["A", "B", "C", "D"]


def _nary(kind: type, children: st.SearchStrategy) -> st.SearchStrategy:
    def build(args: list) -> Expr:
        flat: list = []
        for a in args:
            flat.extend(a.args if isinstance(a, kind) else (a,))
        return kind(tuple(flat))

    return st.lists(children, min_size=2, max_size=5).map(build)


def expressions(names: list[str], thresholds: int = 1, constants: bool = True) -> st.SearchStrategy:
    leaves = st.builds(Atom, st.sampled_from(names), st.integers(1, thresholds))
    if constants:
        leaves = st.one_of(leaves, st.sampled_from([TRUE, FALSE]))
    return st.recursive(leaves, lambda children: st.one_of(children.map(Not), _nary(And, children),
                                                           _nary(Or, children)), max_leaves=30)


def _written(expr: Expr, rng: random.Random) -> str:
    """``expr`` as text with redundant parentheses: n-ary operators written
    as binary chains nested left or right at random, some operands wrapped."""
    if isinstance(expr, Const):
        return "1" if expr.value else "0"
    if isinstance(expr, Atom):
        text = expr.node if expr.threshold == 1 else f"{expr.node} >= {expr.threshold}"
        return f"({text})" if rng.random() < 0.2 else text
    if isinstance(expr, Not):
        if isinstance(expr.arg, Atom) and rng.random() < 0.5:  # '!X' (one token for the fast parser)
            return "!" + _written(expr.arg, rng)
        return "!" + ("(" + _written(expr.arg, rng) + ")")
    op = rng.choice([" & ", "&", " &\t"]) if isinstance(expr, And) else rng.choice([" | ", "|"])
    parts = [_written(a, rng) for a in expr.args]
    while len(parts) > 1:  # join a random neighbouring pair in parentheses
        k = rng.randrange(len(parts) - 1)
        parts[k:k + 2] = [f"({parts[k]}{op}{parts[k + 1]})"]
    return parts[0]


@settings(max_examples=300, deadline=None)
@given(expressions(NAMES, thresholds=3), st.integers(0, 2**32))
def test_fast_parser_equals_the_full_parser_on_nested_rules(expr: Expr, seed: int) -> None:
    text = _written(expr, random.Random(seed))
    fast = _parse_fast(text, True)
    assert fast is not None, text
    full = _parse_full(text, True)
    assert fast[0] == full[0]
    assert list(fast[1].items()) == list(full[1].items())


def _truth_table(expr: Expr, names: list[str]) -> list[bool]:
    return [evaluate(expr, dict(zip(names, values))) for values in itertools.product((0, 1), repeat=len(names))]


def _bdd_table(bdd: Any, u: Any, value: Any, names: list[str]) -> list[bool]:
    out = []
    for values in itertools.product((False, True), repeat=len(names)):
        assignment = {name: value(v) for name, v in zip(names, values)}
        out.append(bdd.let(assignment, u) == bdd.true)
    return out


@settings(max_examples=300, deadline=None)
@given(expressions(NAMES), st.booleans())
def test_compiled_rules_have_the_truth_table_of_the_rule(expr: Expr, plain: bool) -> None:
    """Literals joined into cubes (``A & !A``, ``A | !A`` and repeats
    included), and the operator-by-operator route when ``var`` does not give
    plain variables (here each atom is the negation of its variable)."""
    bdd = new_bdd()
    bdd.declare(*NAMES)
    var = (lambda a: bdd.var(a.node)) if plain else (lambda a: ~bdd.var(a.node))
    u = compile_expression(bdd, expr, var)
    assert _bdd_table(bdd, u, (lambda v: v) if plain else (lambda v: not v), NAMES) == _truth_table(expr, NAMES)


@settings(max_examples=100, deadline=None)
@given(st.lists(expressions(NAMES), min_size=1, max_size=4))
def test_compiling_several_rules_at_once_gives_each_rule(exprs: list[Expr]) -> None:
    shared = conj(*exprs)  # sub-terms shared between the expressions compiled together
    bdd = new_bdd()
    bdd.declare(*NAMES)
    together = compile_expressions(bdd, [*exprs, shared, Not(shared)], lambda a: bdd.var(a.node))
    alone = [compile_expression(bdd, e, lambda a: bdd.var(a.node)) for e in [*exprs, shared, Not(shared)]]
    assert together == alone


def _map_atoms_reference(expr: Expr, fn: Any) -> Expr:
    if isinstance(expr, Atom):
        return fn(expr)
    if isinstance(expr, Const):
        return expr
    if isinstance(expr, Not):
        return Not(_map_atoms_reference(expr.arg, fn))
    if isinstance(expr, And):
        return conj(*(_map_atoms_reference(a, fn) for a in expr.args))
    return disj(*(_map_atoms_reference(a, fn) for a in expr.args))


@settings(max_examples=300, deadline=None)
@given(expressions(NAMES, thresholds=2), st.dictionaries(st.sampled_from(NAMES), expressions(["X", "Y"], constants=False),
                                                          max_size=3))
def test_map_atoms_equals_the_recursive_definition(expr: Expr, replacement: dict[str, Expr]) -> None:
    def fn(atom: Atom) -> Expr:
        return replacement.get(atom.node, atom)

    assert map_atoms(expr, fn) == _map_atoms_reference(expr, fn)


@settings(max_examples=300, deadline=None)
@given(expressions(NAMES, thresholds=2), st.integers(0, 2**32),
       st.dictionaries(st.sampled_from(NAMES), expressions(["X", "Y"], constants=False), max_size=3))
def test_map_atoms_on_parsed_rules_sharing_their_negated_atoms(expr: Expr, seed: int,
                                                                replacement: dict[str, Expr]) -> None:
    """The parser gives each written ``!X`` one shared object; mapping it
    once must still map every place it stands."""
    rng = random.Random(seed)
    text = " | ".join(f"({_written(expr, rng)}) & !{rng.choice(NAMES)}" for _ in range(3))
    parsed = _parse_fast(text, True)
    assert parsed is not None
    negations = [e for e in _walk(parsed[0]) if type(e) is Not and type(e.arg) is Atom]
    assert len({id(e) for e in negations}) == len(set(negations))  # one object per negated atom

    def fn(atom: Atom) -> Expr:
        return replacement.get(atom.node, atom)

    assert map_atoms(parsed[0], fn) == _map_atoms_reference(parsed[0], fn)


def _walk(expr: Expr) -> list[Expr]:
    out, stack = [], [expr]
    while stack:
        e = stack.pop()
        out.append(e)
        stack.extend((e.arg,) if isinstance(e, Not) else e.args if isinstance(e, (And, Or)) else ())
    return out


@settings(max_examples=200, deadline=None)
@given(expressions(NAMES, thresholds=2))
def test_polarities_of_equal_atoms_that_are_different_objects(expr: Expr) -> None:
    copied = map_atoms(expr, lambda a: Atom(a.node, a.threshold))  # a fresh object per occurrence
    expected: dict[Atom, int] = {}

    def walk(e: Expr, sign: int) -> None:
        if isinstance(e, Atom):
            expected[e] = sign if expected.get(e, sign) == sign else 0
        elif isinstance(e, Not):
            walk(e.arg, -sign)
        elif isinstance(e, (And, Or)):
            for a in e.args:
                walk(a, sign)

    walk(expr, 1)
    assert polarities(copied) == expected
    assert set(polarities(copied)) == atoms(expr)


# ------------------------------------------------------------------ --fold-levels


def _fold_levels_reference(network: Network) -> Network:
    """Folding as it was done before the BDD check: a group disagrees when
    booleanizing the folded network changes one of its bits' rules (the
    definition the fast check must agree with), in the same rounds."""

    def disagreeing(groups: dict[str, tuple[str, ...]]) -> set[str]:
        bits = {b for group in groups.values() for b in group}
        folded = _fold(network, groups, bits)
        functions = Functions()
        functions.ladders(groups.values())
        encoded = booleanize(folded)
        owner = {b: x for x, group in groups.items() for b in group}
        bad = set()
        for name, node in encoded.network.nodes.items():
            if name in bits:
                mine = node.update_rule().boolean_expression(1)
                other = network.nodes[name].update_rule().boolean_expression(1)
                if mine is None or other is None or not functions.equal(functions.compile(mine),
                                                                         functions.compile(other)):
                    bad.add(owner[name])
        return bad

    groups = bit_groups(network)
    return fold_groups(network, groups, disagreeing) if groups else network


@st.composite
def bit_networks(draw: Any) -> Network:
    """A random multivalued network, booleanized, with some bit rules then
    replaced by random rules or made free inputs (so that some groups follow
    the ladder and some do not)."""
    levels = {f"X{i}": draw(st.integers(2, 3)) for i in range(draw(st.integers(1, 3)))}
    levels.update({f"B{i}": 1 for i in range(draw(st.integers(1, 2)))})
    atom_names = sorted(levels)
    leaf = st.sampled_from(atom_names).flatmap(lambda n: st.builds(Atom, st.just(n), st.integers(1, levels[n])))
    exprs = st.recursive(st.one_of(leaf, st.sampled_from([TRUE, FALSE])),
                         lambda c: st.one_of(c.map(Not), _nary(And, c), _nary(Or, c)), max_leaves=8)
    nodes = {}
    for name, top in levels.items():
        if draw(st.integers(0, 6)) == 0:
            nodes[name] = Node(name=name, rule=None, levels=top)
            continue
        targets = sorted(draw(st.sets(st.integers(1, top), min_size=1)), reverse=True)
        cases = tuple(Case(k, draw(exprs)) for k in targets)
        nodes[name] = Node(name=name, rule=Rule(cases, 0), levels=top)
    encoded = booleanize(Network(name="random", nodes=FrozenMap(nodes))).network
    bit_names = [n for n in encoded.nodes if n not in levels]
    boolean_leaf = st.builds(Atom, st.sampled_from(sorted(encoded.nodes)))
    bit_exprs = st.recursive(st.one_of(boolean_leaf, st.sampled_from([TRUE, FALSE])),
                             lambda c: st.one_of(c.map(Not), _nary(And, c), _nary(Or, c)), max_leaves=8)
    changed = dict(encoded.nodes)
    for name in draw(st.lists(st.sampled_from(bit_names), max_size=3, unique=True)) if bit_names else []:
        if draw(st.booleans()):
            changed[name] = Node(name=name, rule=Rule.boolean(draw(bit_exprs)))
        else:
            changed[name] = Node(name=name, rule=None)
    return Network(name="random", nodes=FrozenMap(changed))


@settings(max_examples=150, deadline=None)
@given(bit_networks())
def test_fold_levels_on_bdds_equals_folding_and_comparing_rules(network: Network) -> None:
    with warnings.catch_warnings(record=True) as expected_warnings:
        warnings.simplefilter("always")
        expected = _fold_levels_reference(network)
    with warnings.catch_warnings(record=True) as got_warnings:
        warnings.simplefilter("always")
        got = fold_levels(network)
    assert got == expected
    assert _messages(got_warnings) == _messages(expected_warnings)


def _messages(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_a_booleanized_network_folds_back_and_a_broken_ladder_stays_boolean() -> None:
    """Not only random cases: the plain booleanization folds back to the
    multivalued network; breaking one bit keeps that node's bits Boolean."""
    nodes = {
        "IL8": Node(name="IL8", levels=2, rule=Rule((Case(2, And((Atom("A"), Atom("B")))), Case(1, Atom("A"))), 0)),
        "A": Node(name="A", rule=Rule.boolean(Not(Atom("IL8", 2)))),
        "B": Node(name="B", rule=None),
    }
    network = Network(name="toy", nodes=FrozenMap(nodes))
    encoded = booleanize(network).network
    assert fold_levels(encoded).nodes["IL8"].levels == 2
    broken = Network(name="toy", nodes=FrozenMap({**encoded.nodes, "IL8_b2": Node(name="IL8_b2", rule=Rule.boolean(Atom("B")))}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kept = fold_levels(broken)
    assert kept == broken
    assert [str(w.message) for w in caught] == [
        "<text>: kept as Boolean nodes: the bits of IL8 (its bits do not follow the ladder"
        " X_bk = (X reaches k) & X_b(k-1) | X_b(k+1))"]



LITERALS = st.sampled_from(NAMES).flatmap(lambda n: st.sampled_from([Atom(n), Not(Atom(n))]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(LITERALS, min_size=1, max_size=12), min_size=1, max_size=10), st.booleans())
def test_long_sums_of_products_compile_as_cubes(terms: list[list[Expr]], plain: bool) -> None:
    """Long runs of literals (the cube route; repeats and ``A & !A`` included)
    in both a sum of products and a product of sums."""
    bdd = new_bdd()
    bdd.declare(*NAMES)
    var = (lambda a: bdd.var(a.node)) if plain else (lambda a: ~bdd.var(a.node))
    value = (lambda v: v) if plain else (lambda v: not v)
    shared = {}  # the same literal objects throughout, as the parser gives them (the cached-literal route)
    reused = [[shared.setdefault(literal, literal) for literal in t] for t in terms]
    for groups in (terms, reused):
        for expr in (disj(*(conj(*t) for t in groups)), conj(*(disj(*t) for t in groups))):
            u = compile_expression(bdd, expr, var)
            assert _bdd_table(bdd, u, value, NAMES) == _truth_table(expr, NAMES)


@settings(max_examples=150, deadline=None)
@given(bit_networks())
def test_the_signed_graph_from_the_fold_checks_bdds_equals_compiling_the_folded_rules(network: Network) -> None:
    """Folding hands its BDDs of the folded rules to the signed graph
    (``remember_levels``); the graph must be the one compiled afresh."""
    from logicnet.graph import regulations
    from logicnet.model import functions

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        folded = fold_levels(network)
    reused = [n for n, node in folded.nodes.items()
              if node.rule is not None and functions._known_levels(folded, node.rule, sorted(node.rule.regulators))]
    got = regulations(folded)
    rebuilt = folded.__class__(name=folded.name, nodes=FrozenMap({
        n: Node(name=n, rule=None if node.rule is None else Rule(node.rule.cases, node.rule.default),
                levels=node.levels, value=node.value) for n, node in folded.nodes.items()}))
    assert not any(functions._known_levels(rebuilt, node.rule, sorted(node.rule.regulators))
                   for node in rebuilt.nodes.values() if node.rule is not None)
    assert got == regulations(rebuilt)
    assert all(folded.nodes[n].levels > 1 for n in reused)


def _substitute_reference(expr: Expr, levels: dict[str, int]) -> Expr:
    """The recursive definition the iterative ``substitute`` replaces."""
    if isinstance(expr, Atom):
        if expr.node in levels:
            return TRUE if levels[expr.node] >= expr.threshold else FALSE
        return expr
    if isinstance(expr, Const):
        return expr
    if isinstance(expr, Not):
        inner = _substitute_reference(expr.arg, levels)
        if isinstance(inner, Const):
            return Const(not inner.value)
        return expr if inner is expr.arg else Not(inner)
    is_and = isinstance(expr, And)
    kept: list[Expr] = []
    changed = False
    for a in expr.args:
        s = _substitute_reference(a, levels)
        if isinstance(s, Const):
            if s.value != is_and:
                return s
            changed = True
            continue
        changed = changed or s is not a
        kept.append(s)
    if not changed:
        return expr
    if not kept:
        return TRUE if is_and else FALSE
    return conj(*kept) if is_and else disj(*kept)


@settings(max_examples=300, deadline=None)
@given(expressions(NAMES, thresholds=2), st.integers(0, 2**32), st.dictionaries(st.sampled_from(NAMES), st.integers(0, 2)))
def test_substitute_equals_the_recursive_definition(expr: Expr, seed: int, levels: dict[str, int]) -> None:
    """On generated trees and on parsed ones (which share subtrees); unchanged
    subtrees stay the same objects."""
    parsed = _parse_fast(" | ".join(f"({_written(expr, random.Random(seed))}) & !A" for _ in range(2)), True)
    assert parsed is not None
    for tree in (expr, parsed[0]):
        got = substitute(tree, levels)
        assert got == _substitute_reference(tree, levels)
        assert (got is tree) == (_substitute_reference(tree, levels) is tree)


def _right_nested(parts: list[str], op: str) -> str:
    """``(a op (b op (c op d)))``, as BBM's files write sums of products."""
    text = parts[-1]
    for part in reversed(parts[:-1]):
        text = f"({part} {op} {text})"
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(NAMES + ["true"]), st.booleans()), min_size=1, max_size=6),
                min_size=1, max_size=4),
       st.integers(0, 2**32))
def test_fast_parser_on_products_nested_to_the_right(terms: list[list[tuple[str, bool]]], seed: int) -> None:
    """Products of literals nested to the right are read as one token each
    (with the closing parentheses after them): the same trees as the full
    parser, also where the token closes fewer groups than it opens, more, or
    stands under '!'."""
    rng = random.Random(seed)
    products = []
    for term in terms:
        literals = [("!" if negated else "") + name for name, negated in term]
        text = _right_nested(literals, "&")
        shape = rng.randrange(4)
        if shape == 1 and len(literals) > 2:  # '(a & (b & c) & d)': the token closes one group of two
            text = f"({literals[0]} & {_right_nested(literals[1:], '&')} & {rng.choice(NAMES)})"
        elif shape == 2:
            text = f"!({text})"
        elif shape == 3:
            text = f"(({text}))"
        products.append(text)
    text = _right_nested(products, "|") if rng.random() < 0.5 else " | ".join(products)
    fast = _parse_fast(text, True)
    assert fast is not None, text
    full = _parse_full(text, True)
    assert fast[0] == full[0], text
    assert list(fast[1].items()) == list(full[1].items())
