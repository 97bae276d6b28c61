"""States as integers and rules as lookup tables: the data every explicit
computation (the explicit engine, the reachable-state explorer, simulation)
works on.

A state of nodes ``0..n-1`` (node ``i`` has ``radix[i] = levels + 1`` values)
is the integer ``sum(level_i * weight_i)`` in mixed radix, node 0 the most
significant digit, so that integer order is the order of state tuples
(:class:`StateSpace`). States are handled in batches: an array of shape
``(n, k)`` holds the levels of ``k`` states, one column each.

Each node's rule becomes a lookup table of its target level for every
combination of its regulators' levels (:class:`RuleTables`), built in NumPy
from the rule compiled to a postfix program. **One size limit**: a node whose
regulators have more than :data:`MAX_TABLE` level combinations gets no table;
its rule is evaluated on the batch itself instead (same answers, no memory
beyond the batch). A perturbation acts on top of the tables as a
:class:`Clamp`: fixed nodes target their level, capped nodes have their
targets lowered, so that one network's tables serve every treatment.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace
from math import prod
from operator import itemgetter
from typing import Iterable, Mapping, Sequence, Union

import numpy as np

from logicnet.dynamics.attractor import State, Subspace
from logicnet.model.expression import And, Atom, Const, Expr, Not
from logicnet.model.network import Network
from logicnet.model.rules import Rule

__all__ = ["StateSpace", "Clamp", "RuleTables", "MAX_TABLE", "trap_box", "target_range"]

#: The largest lookup table of one node (level combinations of its regulators).
MAX_TABLE = 1 << 16


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



# --------------------------------------------------------------------------- clamps


@dataclass(frozen=True)
class Clamp:
    """Fixings and caps by node index: what a perturbation does to the targets
    (a fixed node targets its level; a capped node's target is lowered to the cap)."""

    fixed: Mapping[int, int] = field(default_factory=dict)
    caps: Mapping[int, int] = field(default_factory=dict)

    @staticmethod
    def of(names: Sequence[str], fixed: Mapping[str, int], caps: Mapping[str, int]) -> "Clamp":
        """The clamp of node fixings and caps given by name (a cap on a fixed node is moot)."""
        where = {n: i for i, n in enumerate(names)}
        return Clamp({where[n]: v for n, v in fixed.items() if n in where},
                     {where[n]: v for n, v in caps.items() if n in where and n not in fixed})

    def apply_to_states(self, levels: np.ndarray) -> None:
        """Put states (columns of ``levels``) through the clamp in place: fixed
        nodes take their level, capped nodes are lowered (a drug acts at once)."""
        for i, v in self.fixed.items():
            levels[i] = v
        for i, cap in self.caps.items():
            np.minimum(levels[i], cap, out=levels[i])


NO_CLAMP = Clamp()


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _NodeTable:
    """One node's lookup: ``targets[weights @ levels[regulators]]``, or, when
    ``targets`` is ``None``, the rule's postfix ``cases`` run on the batch."""

    regulators: np.ndarray
    weights: np.ndarray
    targets: np.ndarray | None
    cases: tuple[tuple[int, tuple[Instruction, ...]], ...]
    default: int


# A node's table depends only on its rule and on its regulators' positions and
# radices; perturbed copies of a network share the rule objects of the nodes
# they leave alone, so tables are kept per rule object (dropped with it): its
# regulators, and a table per layout (copies cut down to fewer nodes, such as
# a goal cone, place the regulators elsewhere but read the same targets).
_BY_RULE: dict[int, tuple[list[str] | None, dict[tuple[object, ...], _NodeTable]]] = {}


def _forget(key: int) -> None:
    _BY_RULE.pop(key, None)


def _node_table(rule: Rule, index: Mapping[str, int], radix: Sequence[int]) -> _NodeTable:
    cached = _BY_RULE.get(id(rule))
    if cached is None:
        weakref.finalize(rule, _forget, id(rule))
        cached = _BY_RULE[id(rule)] = (list(rule.regulators), {})
    regs = sorted(cached[0], key=index.__getitem__)  # type: ignore[arg-type]
    rows = tuple(index[r] for r in regs)
    sizes = tuple(radix[i] for i in rows)
    layouts = cached[1]
    names = tuple(regs)  # which regulator sits in which row: the same rows may hold them in another order
    table = layouts.get((names, rows, sizes, MAX_TABLE))
    if table is not None:
        return table
    same = layouts.get((names, sizes, MAX_TABLE))  # the same targets, read from other rows
    if same is None:
        local = {r: k for k, r in enumerate(regs)}
        cases = tuple((c.level, tuple(_compile(c.when, local))) for c in rule.cases)
        weights = np.ones(len(regs), dtype=np.int64)
        for k in range(len(regs) - 2, -1, -1):
            weights[k] = weights[k + 1] * sizes[k + 1]
        combos = prod(sizes)
        targets = None
        if combos <= MAX_TABLE:
            grid = StateSpace(regs, sizes).levels_range(0, combos)
            targets = _evaluate(cases, rule.default, grid, {})
        same = layouts[(names, sizes, MAX_TABLE)] = _NodeTable(np.zeros(0, dtype=np.int64), weights, targets, cases,
                                                          rule.default)
    table = layouts[(names, rows, sizes, MAX_TABLE)] = replace(same, regulators=np.array(rows, dtype=np.int64))
    return table


def _evaluate(cases: Sequence[tuple[int, Sequence[Instruction]]], default: int, levels: np.ndarray,
              atoms: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
    """Target levels of a rule (compiled over the rows of ``levels``) for each column."""
    out = np.full(levels.shape[1], default, dtype=np.uint8)
    for level, program in reversed(cases):  # the first case that holds wins
        out[_run(program, levels, atoms)] = level
    return out


class _Stacked:
    """Every node's target under one clamp in a handful of NumPy calls: each
    node's lookup position as one sparse product of the levels, then one read
    of a table holding every node's table (fixed nodes a constant one, capped
    nodes a lowered one). Nodes without a table are evaluated on the batch."""

    def __init__(self, tables: list[_NodeTable], clamp: Clamp):
        rows: list[int] = []
        weights: list[int] = []
        owners: list[int] = []
        base: list[int] = []
        flat: list[np.ndarray] = []
        size = 0
        self.evaluated: list[int] = []
        for i, table in enumerate(tables):
            if i in clamp.fixed:
                values = np.array([clamp.fixed[i]], dtype=np.uint8)
            elif table.targets is None:
                self.evaluated.append(i)
                values = np.zeros(1, dtype=np.uint8)
            else:
                values = table.targets if len(table.regulators) else table.targets[:1]
                rows.extend(table.regulators.tolist())
                weights.extend(table.weights.tolist())
                owners.extend([i] * len(table.regulators))
            if i in clamp.caps and i not in clamp.fixed:
                values = np.minimum(values, clamp.caps[i]).astype(np.uint8)
            base.append(size)
            flat.append(values)
            size += len(values)
        import scipy.sparse  # here: importing it costs more than many questions, and only tables need it

        n = len(tables)
        self.positions = scipy.sparse.csr_matrix(
            (np.array(weights, dtype=np.int64), (np.array(owners, dtype=np.int64), np.array(rows, dtype=np.int64))),
            shape=(n, n))
        self.base = np.array(base, dtype=np.int64)[:, None]
        self.flat = np.concatenate(flat).astype(np.uint8)


class RuleTables:
    """Every node's target level (``node.update_rule()``) for batches of states."""

    def __init__(self, network: Network):
        self.names = network.names
        self.space = StateSpace.of(network)
        index = {n: i for i, n in enumerate(self.names)}
        self.tables = [_node_table(node.update_rule(), index, self.space.radix) for node in network.nodes.values()]
        #: the speed rank of every node (priority classes)
        self.ranks = np.array([node.speed for node in network.nodes.values()], dtype=np.int64)
        self._stacked: dict[tuple[object, ...], _Stacked] = {}
        #: target ranges over boxes already seen (:func:`target_range`), and who reads each node
        self._ranges: dict[tuple[object, ...], tuple[int, int]] = {}
        self._readers: list[list[int]] | None = None
        #: each node's regulator rows, and a getter of their levels (the key of a range)
        self._rows = [t.regulators.tolist() for t in self.tables]
        self._read = [itemgetter(*rows) if rows else None for rows in self._rows]

    def readers(self) -> list[list[int]]:
        """The nodes whose lookup table reads each node."""
        if self._readers is None:
            self._readers = [[] for _ in self.tables]
            for i, table in enumerate(self.tables):
                if table.targets is not None:
                    for row in table.regulators.tolist():
                        self._readers[row].append(i)
        return self._readers

    def target(self, i: int, levels: np.ndarray) -> np.ndarray:
        """The target level of node ``i`` in each state column (uint8)."""
        table = self.tables[i]
        if table.targets is None:
            return _evaluate(table.cases, table.default, levels[table.regulators], {})
        if not len(table.regulators):
            return np.full(levels.shape[1], table.targets[0], dtype=np.uint8)
        return table.targets[table.weights @ levels[table.regulators]]

    def targets_of(self, i: int, levels: np.ndarray, clamp: Clamp = NO_CLAMP) -> np.ndarray:
        """:meth:`target` with the clamp's fixing or cap of node ``i``."""
        if i in clamp.fixed:
            return np.full(levels.shape[1], clamp.fixed[i], dtype=np.uint8)
        out = self.target(i, levels)
        if i in clamp.caps:
            out = np.minimum(out, clamp.caps[i])
        return out

    def targets(self, levels: np.ndarray, clamp: Clamp = NO_CLAMP) -> np.ndarray:
        """Target levels of every node in each state column, with the clamp's
        fixings and caps: shape ``(n, k)``, uint8."""
        key = (tuple(sorted(clamp.fixed.items())), tuple(sorted(clamp.caps.items())))
        stacked = self._stacked.get(key)
        if stacked is None:
            stacked = self._stacked[key] = _Stacked(self.tables, clamp)
        out = stacked.flat.take(stacked.positions @ levels.astype(np.int64, copy=False) + stacked.base)
        for i in stacked.evaluated:
            out[i] = self.targets_of(i, levels, clamp)
        return out


def target_range(tables: RuleTables, i: int, low: Sequence[int], high: Sequence[int]) -> tuple[int, int]:
    """The lowest and highest target of node ``i`` over the box ``low..high``
    (any level for a node without a lookup table)."""
    table = tables.tables[i]
    if table.targets is None:
        return 0, tables.space.radix[i] - 1
    if not len(table.regulators):
        return int(table.targets[0]), int(table.targets[0])
    read = tables._read[i]
    key = (i, read(low), read(high))  # type: ignore[misc]
    found = tables._ranges.get(key)
    if found is None:
        index = np.zeros(1, dtype=np.int64)
        for row, weight in zip(tables._rows[i], table.weights.tolist()):
            index = (index[:, None] + np.arange(low[row], high[row] + 1, dtype=np.int64) * weight).ravel()
        values = table.targets[index]
        found = tables._ranges[key] = (int(values.min()), int(values.max()))
    return found


def trap_box(tables: RuleTables, lower: Sequence[int], upper: Sequence[int],
             clamp: Clamp = NO_CLAMP) -> tuple[list[int], list[int]]:
    """The smallest box (a level interval per node) that holds the box
    ``lower..upper`` and every node's target (under ``clamp``) in each of its
    states. No move of the synchronous, asynchronous or priority semantics
    leaves it (a node steps toward a target inside its interval), so every
    state reachable from the given box, attractors included, lies in it: a
    cheap bound on what a treatment can do. Only the nodes a widened
    interval regulates are looked at again."""
    low, high = list(lower), list(upper)
    readers = tables.readers()
    pending = list(range(len(tables.tables)))
    queued = [True] * len(pending)
    while pending:
        i = pending.pop()
        queued[i] = False
        if i in clamp.fixed:
            least = most = clamp.fixed[i]
        else:
            least, most = target_range(tables, i, low, high)
        if i in clamp.caps:
            least, most = min(least, clamp.caps[i]), min(most, clamp.caps[i])
        if least < low[i] or most > high[i]:
            low[i], high[i] = min(low[i], least), max(high[i], most)
            for reader in readers[i]:
                if not queued[reader]:
                    queued[reader] = True
                    pending.append(reader)
    return low, high
