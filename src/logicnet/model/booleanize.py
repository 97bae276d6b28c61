"""Booleanization of multivalued networks (one documented encoding for all of logicnet).

A node ``X`` with levels 0..m (m >= 2) becomes m Boolean nodes ``X_b1 .. X_bm``;
level k is the state where ``X_b1 .. X_bk`` are 1 and the rest 0 (van Ham's
encoding, as in bioLQM). In every rule the threshold ``X >= k`` is written
``X_b1 & ... & X_bk``, so that any Boolean state reads as the level given by its
leading ones; this keeps trap spaces of the encoding in one-to-one
correspondence with interval trap spaces of the multivalued network.

The bits of ``X`` update as

    X_bk = (T >= k & X_b(k-1)) | X_b(k+1)      (X_b0 = 1, X_b(m+1) = 0)

where ``T >= k`` says that the target level of ``X`` is at least k. From an
admissible state exactly one bit can change when X is not at its target, so
asynchronous, priority and synchronous dynamics move X one level toward its
target per step, as GINsim does. A constant rule encodes as constant bits.
Boolean nodes keep their names and rules (thresholds on them are plain atoms).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from logicnet.model.expression import (
    FALSE,
    TRUE,
    Atom,
    Expr,
    conj,
    disj,
    map_atoms,
    neg,
    substitute,
)
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["Booleanized", "booleanize", "target_at_least"]


@dataclass(frozen=True)
class Booleanized:
    """A Boolean network standing for a multivalued one, and the bit names."""

    network: Network
    original: Network
    bits: FrozenMap[str, tuple[str, ...]]

    def encode_state(self, state: Mapping[str, int]) -> dict[str, int]:
        """Levels of the original nodes → values of the bits."""
        out: dict[str, int] = {}
        for node, bits in self.bits.items():
            level = state[node]
            if len(bits) == 1 and bits[0] == node:
                out[node] = level
            else:
                for k, bit in enumerate(bits, start=1):
                    out[bit] = int(level >= k)
        return out

    def decode_state(self, bits_state: Mapping[str, int]) -> dict[str, int]:
        """Bit values → levels (the number of leading ones)."""
        out: dict[str, int] = {}
        for node, bits in self.bits.items():
            level = 0
            for bit in bits:
                if not bits_state[bit]:
                    break
                level += 1
            out[node] = level
        return out

    def decode_space(self, space: Mapping[str, Iterable[int]]) -> dict[str, tuple[int, ...]]:
        """A subspace of bits (each bit's possible values) → each node's possible levels."""
        out: dict[str, tuple[int, ...]] = {}
        for node, bits in self.bits.items():
            levels: set[int] = set()
            prefix_possible = True  # bits 1..k can all be 1
            for k in range(len(bits) + 1):
                # level k: bits 1..k are 1 and bit k+1 (if any) is 0
                if not prefix_possible:
                    break
                if k == len(bits) or 0 in set(space[bits[k]]):
                    levels.add(k)
                if k < len(bits):
                    prefix_possible = 1 in set(space[bits[k]])
            out[node] = tuple(sorted(levels))
        return out


def _bit_names(network: Network) -> dict[str, tuple[str, ...]]:
    taken = set(network.nodes)
    names: dict[str, tuple[str, ...]] = {}
    for name, node in network.nodes.items():
        if node.levels == 1:
            names[name] = (name,)
            continue
        bits = []
        for k in range(1, node.levels + 1):
            bit = f"{name}_b{k}"
            while bit in taken:
                bit += "_"
            taken.add(bit)
            bits.append(bit)
        names[name] = tuple(bits)
    return names


def target_at_least(rule: Rule, k: int) -> Expr:
    """The condition under which ``rule`` targets level ``k`` or more."""
    terms: list[Expr] = []
    earlier: list[Expr] = []
    for case in rule.cases:
        if case.level >= k:
            terms.append(conj(*(neg(e) for e in earlier), case.when))
        earlier.append(case.when)
    if rule.default >= k:
        terms.append(conj(*(neg(e) for e in earlier)))
    return disj(*terms) if terms else FALSE


def booleanize(network: Network) -> Booleanized:
    """The Boolean network of ``network`` under the encoding above (Boolean
    networks are returned unchanged)."""
    bits = _bit_names(network)

    def encode(atom: Atom) -> Expr:
        names = bits[atom.node]
        if len(names) == 1:
            return Atom(names[0])
        return conj(*(Atom(b) for b in names[: atom.threshold]))

    if network.is_boolean:
        return Booleanized(network, network, FrozenMap(bits))
    nodes: dict[str, Node] = {}
    for name, node in network.nodes.items():
        names = bits[name]
        if node.levels == 1:
            rule = node.rule
            if rule is not None:
                rule = Rule(
                    tuple(replace(c, when=map_atoms(c.when, encode)) for c in rule.cases), rule.default
                )
            nodes[name] = replace(node, rule=rule)
            continue
        constant = node.rule.constant_level if node.rule is not None else node.value
        encoded_rule = node.update_rule()
        for k, bit in enumerate(names, start=1):
            if constant is not None:
                bit_rule = Rule.constant(int(constant >= k))
            else:
                reach = map_atoms(target_at_least(encoded_rule, k), encode)
                lower: Expr = Atom(names[k - 2]) if k > 1 else TRUE
                higher: Expr = Atom(names[k]) if k < len(names) else FALSE
                bit_rule = Rule.boolean(_fold(disj(_fold(conj(reach, lower)), higher)))
            nodes[bit] = Node(
                name=bit,
                rule=bit_rule,
                speed=node.speed,
                label=f"{node.display_name} >= {k}",
                group=node.group,
            )
    return Booleanized(replace(network, nodes=FrozenMap(nodes), drugs=FrozenMap(), alterations=FrozenMap(),
                               contexts=FrozenMap(), scenarios=(), states=FrozenMap(), start=None, check=False), network, FrozenMap(bits))


def _fold(expr: Expr) -> Expr:
    """Drop the constants that the construction above introduces."""
    return substitute(expr, {})
