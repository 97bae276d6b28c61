"""Folding booleanized bits back into multivalued nodes (``--fold-levels``).

bioLQM, the BBM collection and logicnet itself write a node ``X`` with levels
0..m as Boolean nodes ``X_b1 .. X_bm`` (``X_bk`` meaning ``X >= k``) whose rules
form a ladder: ``X_bk = (X reaches k) & X_b(k-1) | X_b(k+1)``. When a file has
the complete set ``X_b1 .. X_bm`` (m >= 2) and no node ``X``, the target
conditions are read off the bit rules (``X_bk``'s rule with ``X`` at level k-1)
and the folded network is accepted only if booleanizing it gives back the
file's rules on every admissible state (where ``X_bk`` implies ``X_b(k-1)``).
Groups that fail this check stay Boolean nodes, with a warning.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from typing import Any, Callable

from logicnet.errors import ModelError, SourceLocation
from logicnet.io._logic import Functions
from logicnet.model.expression import FALSE, TRUE, Atom, Expr, map_atoms, substitute
from logicnet.model.frozen import FrozenMap
from logicnet.model.functions import remember_levels
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule

__all__ = ["LADDER", "bit_groups", "fold_groups", "fold_levels"]

_BIT = re.compile(r"(?P<base>[A-Za-z_][A-Za-z0-9_]*)_b(?P<k>[1-9][0-9]*)\Z")


def bit_groups(network: Network) -> dict[str, tuple[str, ...]]:
    """Complete bit sets ``X -> (X_b1 .. X_bm)`` (m >= 2, no node ``X``)."""
    found: dict[str, dict[int, str]] = {}
    for name in network.nodes:
        match = _BIT.match(name)
        if match:
            found.setdefault(match.group("base"), {})[int(match.group("k"))] = name
    groups = {}
    for base, bits in found.items():
        m = max(bits)
        if m >= 2 and sorted(bits) == list(range(1, m + 1)) and base not in network.nodes:
            groups[base] = tuple(bits[k] for k in range(1, m + 1))
    return groups


def _unbit(expr: Expr, level: dict[str, tuple[str, int]]) -> Expr:
    def fold(atom: Atom) -> Atom:
        if atom.node in level:
            node, k = level[atom.node]
            return Atom(node, k)
        return atom

    return map_atoms(expr, fold)


def _target(network: Network, bits: tuple[str, ...], k: int) -> Expr:
    """``X reaches k`` read off the rule of ``X_bk`` with ``X`` at level k-1."""
    node = network.nodes[bits[k - 1]]
    at = {b: int(i < k - 1) for i, b in enumerate(bits)}
    rule = node.update_rule()
    plain = rule.boolean_expression(1)
    if plain is None:  # pragma: no cover - Boolean files give Boolean rules
        return FALSE
    return substitute(plain, at)


def _fold(network: Network, groups: dict[str, tuple[str, ...]], only: set[str] | None = None, *,
          check: bool = True) -> Network:
    """``network`` with the bits of each group folded into one node. With
    ``only``, the rules of the other nodes (and groups none of whose bits is
    in it) are left out (free inputs): enough to compare those rules.
    ``check=False`` skips checking the result (see :func:`fold_groups`)."""
    level = {b: (x, k) for x, bits in groups.items() for k, b in enumerate(bits, start=1)}
    nodes: dict[str, Node] = {}
    for name, node in network.nodes.items():
        if name in level:
            x = level[name][0]
            if x in nodes:
                continue
            bits = groups[x]
            members = [network.nodes[b] for b in bits]
            if all(n.is_free_input for n in members) or (only is not None and only.isdisjoint(bits)):
                nodes[x] = Node(name=x, rule=None, levels=len(bits))
                continue
            cases = tuple(Case(k, _unbit(_target(network, bits, k), level)) for k in range(len(bits), 0, -1))
            nodes[x] = Node(name=x, rule=Rule(cases, 0), levels=len(bits), speed=members[0].speed)
            continue
        if only is not None and name not in only:
            node = replace(node, rule=None)
        elif node.rule is not None:
            node = replace(node, rule=Rule(tuple(replace(c, when=_unbit(c.when, level)) for c in node.rule.cases),
                                           node.rule.default))
        nodes[name] = node
    return replace(network, nodes=FrozenMap(nodes), check=check)


class _BitCheck:
    """Whether folding changes the rules of the bits, computed on BDDs alone
    and kept across the rounds of :func:`fold_levels` (the same answer as
    folding, booleanizing and comparing the bits' rules, without rewriting
    any rule). Each bit rule ``F_k`` is
    compiled once; the folded target ``T_k`` is its cofactor at level k-1,
    and booleanizing the folded node gives
    ``X_bk = (T_k | .. | T_m) & X_b(k-1) | X_b(k+1)`` (all bits 1 when ``T_m``
    is written as true). Reading ``Y >= j`` for another group's bit ``Y_bj``
    changes nothing on admissible states, so no rule is rewritten."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.functions = Functions()
        self.pairs: dict[str, list[tuple[Any, Any]] | None] = {}  # group -> (booleanized, file's) per bit
        self.levels: dict[str, list[Any]] = {}  # group -> its folded rule's "X >= k", k = 1..m

    def remember(self, folded: Network, groups: dict[str, tuple[str, ...]]) -> None:
        """Hand the folded rules' level functions, compiled here, to the
        signed graph (:func:`~logicnet.model.functions.remember_levels`): the
        BDD variable of each bit ``X_bk`` means ``X >= k``."""
        variables: dict[tuple[str, int], str] = {}
        for name, node in folded.nodes.items():
            if name in groups and node.levels == len(groups[name]):
                variables.update(((name, k), bit) for k, bit in enumerate(groups[name], start=1))
            elif node.levels == 1:
                variables[name, 1] = name
        for x in groups:
            node = folded.nodes.get(x)
            if node is not None and node.rule is not None and x in self.levels and (x, 1) in variables:
                remember_levels(node.rule, self.functions.bdd, self.levels[x], variables)

    def _pairs(self, x: str, bits: tuple[str, ...]) -> list[tuple[Any, Any]] | None:
        if x in self.pairs:
            return self.pairs[x]
        functions, bdd = self.functions, self.functions.bdd
        members = [self.network.nodes[b] for b in bits]
        plain = [n.update_rule().boolean_expression(1) for n in members]
        pairs: list[tuple[Any, Any]] | None
        if all(n.is_free_input for n in members):
            pairs = []  # a free input X: its bits keep their levels, as the file's do
        elif any(e is None for e in plain):  # pragma: no cover - Boolean files give Boolean rules
            pairs = None
        else:
            theirs = [functions.compile(e) for e in plain]  # type: ignore[arg-type]
            m = len(bits)
            targets = [bdd.let({b: i < k - 1 for i, b in enumerate(bits)}, theirs[k - 1]) for k in range(1, m + 1)]
            reaches = []  # the folded rule's levels: X reaches k (or more), k = m..1
            reach = bdd.false
            for k in range(m, 0, -1):
                reach = reach | targets[k - 1]
                reaches.append(reach)
            reaches.reverse()
            self.levels[x] = reaches
            constant = self._constant(plain, targets, bits)  # type: ignore[arg-type]
            if constant is not None:  # a constant rule: booleanize gives constant bits
                mine = [bdd.true if constant >= k else bdd.false for k in range(1, m + 1)]
            else:
                mine = []
                for k in range(m, 0, -1):
                    lower = bdd.var(bits[k - 2]) if k > 1 else bdd.true
                    higher = bdd.var(bits[k]) if k < m else bdd.false
                    mine.append((reaches[k - 1] & lower) | higher)
                mine.reverse()
            pairs = [(a, b) for a, b in zip(mine, theirs) if a != b]
        self.pairs[x] = pairs
        return pairs

    def _constant(self, plain: list[Expr], targets: list[Any], bits: tuple[str, ...]) -> int | None:
        """The level of the folded rule if it is written as a constant: its
        cases ``(k, T_k)``, k = m..1, are dropped while ``T_k`` folds to false
        and end at the first that folds to true (as :class:`Rule` does). Only
        rules whose cofactor is constant are folded syntactically."""
        bdd = self.functions.bdd
        for k in range(len(bits), 0, -1):
            u = targets[k - 1]
            if u != bdd.true and u != bdd.false:
                return None
            written = substitute(plain[k - 1], {b: int(i < k - 1) for i, b in enumerate(bits)})
            if written == TRUE:
                return k
            if written != FALSE:
                return None
        return 0

    def disagreeing(self, groups: dict[str, tuple[str, ...]]) -> set[str]:
        """The groups whose folding changes the rule of one of their bits on a
        state admissible for all ``groups``."""
        functions, bdd = self.functions, self.functions.bdd
        care = bdd.true
        for bits in groups.values():
            for lower, higher in zip(bits, bits[1:]):
                care &= ~functions.var(Atom(higher)) | functions.var(Atom(lower))
        bad: set[str] = set()
        for x, bits in groups.items():
            pairs = self._pairs(x, bits)
            if pairs is None or any((bdd.apply("xor", a, b) & care) != bdd.false for a, b in pairs):
                bad.add(x)
        return bad


def fold_levels(network: Network, *, explicit: bool = False) -> Network:
    """``network`` with every consistent complete bit set folded into one
    multivalued node (see the module notes); ``explicit`` warns even when there
    is nothing to fold."""
    groups = bit_groups(network)
    if not groups:
        if explicit:
            warnings.warn(f"{SourceLocation(network.source)}: --fold-levels: no complete bit sets X_b1 .. X_bm"
                          " to fold", stacklevel=3)
        return network
    check = _BitCheck(network)
    folded = fold_groups(network, groups, check.disagreeing)
    if folded is not network:
        check.remember(folded, groups)
    return folded


#: why a bit set that does not fold is kept Boolean
LADDER = "its bits do not follow the ladder X_bk = (X reaches k) & X_b(k-1) | X_b(k+1)"


def fold_groups(network: Network, groups: dict[str, tuple[str, ...]],
                disagreeing: Callable[[dict[str, tuple[str, ...]]], set[str]]) -> Network:
    """``network`` with the bit ``groups`` folded, round after round leaving
    out the groups ``disagreeing`` names (the folding would change one of
    their bits' rules), with one warning naming those kept Boolean."""
    rejected: dict[str, str] = {}
    while groups:
        # only the bits' rules can change: a rule reading X_bk reads X >= k,
        # whose booleanization (X_b1 & .. & X_bk) is X_bk on admissible states
        try:  # the folded nodes themselves must be valid (names, levels, drugs naming bits)
            _fold(network, groups, set())
        except ModelError as exc:
            rejected.update({x: exc.message for x in groups})
            groups = {}
            break
        bad = disagreeing(groups)
        if not bad:
            break
        for x in bad:
            rejected[x] = LADDER
            del groups[x]
    if rejected:
        names = sorted(rejected)
        warnings.warn(
            f"{SourceLocation(network.source)}: kept as Boolean nodes: the bits of {', '.join(names[:5])}"
            f"{', ...' if len(names) > 5 else ''} ({next(iter(rejected.values()))})", stacklevel=4)
    if not groups:
        return network
    try:
        # not checked again: the same fold without rules was (nodes, levels, drugs,
        # names), and folded rules are valid by construction (a bit X_bk read as
        # X >= k, k <= m; the file's other atoms unchanged; no deeper nesting)
        folded = _fold(network, groups, check=False)
    except ModelError as exc:  # pragma: no cover - defensive: names clash
        names = sorted(groups)
        warnings.warn(f"{SourceLocation(network.source)}: kept as Boolean nodes: the bits of {', '.join(names[:5])}"
                      f"{', ...' if len(names) > 5 else ''} ({exc.message})", stacklevel=4)
        return network
    locations = dict(network.locations)
    for x, bits in groups.items():
        for key in ("node", "rule"):
            where = network.locations.get(f"{key}:{bits[0]}")
            if where is not None:
                locations[f"{key}:{x}"] = where
    return replace(folded, locations=FrozenMap(locations), check=False)  # checked when folded

