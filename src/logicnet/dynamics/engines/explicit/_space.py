"""The explicit state space: states as integers, rules as NumPy array code.

A state of nodes ``0..n-1`` (node ``i`` has ``radix[i] = levels + 1`` values)
is the integer ``sum(level_i * weight_i)`` in mixed radix, with node 0 the most
significant digit, so that integer order is the order of state tuples. Every
rule is compiled once into a postfix program of NumPy boolean operations and
then evaluated on many states at once (one array column per state).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Iterable, Sequence, Union

import numpy as np

from logicnet.dynamics.attractor import State, Subspace
from logicnet.model.expression import And, Atom, Const, Expr, Not
from logicnet.model.network import Network

__all__ = ["StateSpace", "CompiledRules"]


class StateSpace:
    """The mixed-radix encoding of the states of ``names``."""

    def __init__(self, names: Sequence[str], radix: Sequence[int]):
        self.names = tuple(names)
        self.radix = tuple(radix)
        #: the number of states (a Python int: it may exceed 64 bits)
        self.size = prod(self.radix)
        weights = [1] * len(self.radix)
        for i in range(len(self.radix) - 2, -1, -1):
            weights[i] = weights[i + 1] * self.radix[i + 1]
        #: ``weights[i]``: how much the code grows when node ``i`` rises one level
        self.weights = tuple(weights)

    @staticmethod
    def of(network: Network) -> "StateSpace":
        return StateSpace(network.names, [node.levels + 1 for node in network.nodes.values()])

    def levels(self, codes: np.ndarray) -> np.ndarray:
        """The level of every node in every state: shape ``(n, len(codes))``, uint8."""
        out = np.empty((len(self.radix), len(codes)), dtype=np.uint8)
        for i, (w, r) in enumerate(zip(self.weights, self.radix)):
            out[i] = (codes // w) % r
        return out

    def levels_range(self, start: int, stop: int) -> np.ndarray:
        """``levels`` of the codes ``start..stop-1``, built from runs of equal
        digits (much faster than dividing every code)."""
        out = np.empty((len(self.radix), stop - start), dtype=np.uint8)
        for i, (w, r) in enumerate(zip(self.weights, self.radix)):
            first, last = start // w, (stop - 1) // w
            runs = np.full(last - first + 1, w, dtype=np.int64)
            runs[0] -= start - first * w
            runs[-1] -= (last + 1) * w - stop
            out[i] = np.repeat(np.arange(first, last + 1, dtype=np.int64) % r, runs)
        return out

    def states(self, codes: np.ndarray) -> list[State]:
        """The states with these codes, as tuples of levels."""
        return [tuple(column) for column in self.levels(codes).T.tolist()]

    def codes(self, space: Subspace) -> np.ndarray:
        """The sorted codes of every state of a subspace (levels allowed per node)."""
        codes = np.zeros(1, dtype=np.int64)
        for allowed, w in zip(space, self.weights):
            steps = np.array(sorted(set(allowed)), dtype=np.int64) * w
            codes = (codes[:, None] + steps[None, :]).ravel()
        return codes

    def union_codes(self, spaces: Iterable[Subspace]) -> np.ndarray:
        """The sorted codes of the states in any of ``spaces``."""
        return np.unique(np.concatenate([self.codes(s) for s in spaces]))

    def cover(self, codes: np.ndarray) -> list[Subspace]:
        """Disjoint subspaces whose union is exactly the states ``codes`` (sorted).

        A decision tree on the nodes in order: the states of a block (the first
        nodes fixed) are one subspace when the block is full; otherwise they are
        split by the level of the next node, keeping together the levels whose
        sub-blocks hold the same states (as a reduced decision diagram would).
        """
        cover: list[Subspace] = []
        pending: list[tuple[int, int, int, tuple[tuple[int, ...], ...]]] = [(0, len(codes), 0, ())]
        while pending:
            lo, hi, node, chosen = pending.pop()
            block = self.weights[node - 1] if node else self.size
            if hi - lo == block:
                cover.append(chosen + tuple(tuple(range(r)) for r in self.radix[node:]))
                continue
            for levels, start, stop in self._split(codes, lo, hi, node, block):
                pending.append((start, stop, node + 1, chosen + (levels,)))
        return cover

    def _split(self, codes: np.ndarray, lo: int, hi: int, node: int,
               block: int) -> list[tuple[tuple[int, ...], int, int]]:
        """``codes[lo:hi]`` (within one block) split by the level of ``node``:
        groups of levels with the same sub-block, each with its first sub-block."""
        w = self.weights[node]
        first = int(codes[lo]) - int(codes[lo]) % block
        bounds = lo + np.searchsorted(codes[lo:hi], first + w * np.arange(self.radix[node] + 1))
        groups: list[tuple[list[int], int, int]] = []
        for level in range(self.radix[node]):
            start, stop = int(bounds[level]), int(bounds[level + 1])
            if start == stop:
                continue
            shifted = codes[start:stop] - level * w
            for levels, g_start, g_stop in groups:
                if g_stop - g_start == stop - start and np.array_equal(
                    codes[g_start:g_stop] - levels[0] * w, shifted
                ):
                    levels.append(level)
                    break
            else:
                groups.append(([level], start, stop))
        return [(tuple(levels), start, stop) for levels, start, stop in groups]


# --------------------------------------------------------------------------- rules

# A compiled expression is a postfix program; an instruction is one of
# ("atom", node index, threshold), ("const", value), ("not", 1), ("and", k), ("or", k).
Instruction = tuple[str, Union[int, bool], int]


def _compile(expr: Expr, index: dict[str, int]) -> list[Instruction]:
    """The postfix program of ``expr`` (iterative: published rules nest deeply)."""
    program: list[Instruction] = []
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        if isinstance(e, Atom):
            program.append(("atom", index[e.node], e.threshold))
        elif isinstance(e, Const):
            program.append(("const", e.value, 0))
        elif expanded:
            if isinstance(e, Not):
                program.append(("not", 1, 0))
            else:
                program.append(("and" if isinstance(e, And) else "or", len(e.args), 0))
        else:
            stack.append((e, True))
            children = (e.arg,) if isinstance(e, Not) else e.args
            stack.extend((c, False) for c in reversed(children))
    return program


def _run(program: Sequence[Instruction], levels: np.ndarray, atoms: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
    """Evaluate a postfix program on the state columns ``levels``."""
    width = levels.shape[1]
    stack: list[np.ndarray] = []
    for op, a, b in program:
        if op == "atom":
            key = (int(a), b)
            value = atoms.get(key)
            if value is None:
                value = atoms[key] = levels[key[0]] >= key[1]
            stack.append(value)
        elif op == "const":
            stack.append(np.full(width, bool(a)))
        elif op == "not":
            stack.append(~stack.pop())
        else:
            count = int(a)
            args = stack[len(stack) - count:]
            del stack[len(stack) - count:]
            combine = np.logical_and if op == "and" else np.logical_or
            acc = np.full(width, op == "and")  # a new array: cached atoms stay intact
            for arg in args:
                combine(acc, arg, out=acc)
            stack.append(acc)
    return stack[0]


@dataclass(frozen=True)
class _CompiledRule:
    cases: tuple[tuple[int, tuple[Instruction, ...]], ...]
    default: int


class CompiledRules:
    """Every node's update rule (``node.update_rule()``) as NumPy array code."""

    def __init__(self, network: Network):
        index = {name: i for i, name in enumerate(network.names)}
        self._rules = [
            _CompiledRule(
                tuple((c.level, tuple(_compile(c.when, index))) for c in rule.cases), rule.default
            )
            for rule in (node.update_rule() for node in network.nodes.values())
        ]

    def target(self, i: int, levels: np.ndarray, atoms: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
        """The target level of node ``i`` in each state column (uint8); ``atoms``
        caches threshold tests between calls on the same ``levels``."""
        rule = self._rules[i]
        out = np.full(levels.shape[1], rule.default, dtype=np.uint8)
        for level, program in reversed(rule.cases):  # the first case that holds wins
            out[_run(program, levels, atoms)] = level
        return out
