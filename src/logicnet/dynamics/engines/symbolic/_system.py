"""A network as BDDs: the Boolean encoding the symbolic engine computes on.

Multivalued nodes are booleanized as :mod:`logicnet.model.booleanize`
documents (level k = the first k bits set); every set of states the engine
builds lies inside the *admissible* states, those where bit k+1 is set only
if bit k is. Each bit ``i`` has an update function ``f_i`` and, under the
chosen semantics, a set ``enabled[i]`` of states where the transition that
flips bit i exists:

* asynchronous: ``x_i != f_i(x)``;
* priority: that, and no bit of a faster class can flip;
* synchronous: every bit takes ``f_i`` at once (see ``_sync``).

The bits of one node start adjacent in the variable order; a long
saturation may let CUDD move them (``_reach``). A path cube of a set of
admissible states still decodes to a product of level sets (a subspace):
every assignment in the cube is in the set, hence admissible.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Sequence

from logicnet.dynamics.attractor import Subspace
from logicnet.model.booleanize import booleanize, target_at_least
from logicnet.model.functions import compile_expression
from logicnet.model.network import Network
from logicnet.model._dd import CUDD, bdd_module

cudd = bdd_module if CUDD else None  # the engine needs CUDD

__all__ = ["SymbolicSystem", "assignments", "count_models", "path_cubes", "variable_order", "cudd"]

#: CUDD sizes its tables from these and grows them as needed. Some are
#: cleared at once in proportion to the estimate (~8 us per MiB: 2 ms at
#: 2**28, more than a whole small question), so networks of at most
#: SMALL_BITS bits get the small estimate.
MEMORY_ESTIMATE = 2**28
SMALL_MEMORY_ESTIMATE = 2**24
SMALL_BITS = 32
INITIAL_CACHE = 2**12
#: a saturation over more bits than this lets CUDD reorder the variables
#: (sifting) while its sets grow (see ``_reach``)
DYNAMIC_ORDER_BITS = SMALL_BITS

_ZERO, _ONE, _BOTH = (0,), (1,), (0, 1)

Function = Any  # dd.cudd.Function


def variable_order(network: Network, rounds: int = 50) -> list[str]:
    """Nodes in an order that keeps each rule's variables close together.

    Starts from a depth-first walk of the regulatory graph (the regulators of
    a node right before it), then applies the FORCE heuristic (Aloul, Markov
    and Sakallah, 2003): every node moves to the mean centre of the rules it
    takes part in (its own and those it regulates), and the order with the
    smallest total span of the rules is kept. Small spans mean small BDDs for
    the transitions and for the sets that reachability builds.
    """
    names = _depth_first(network)
    index = {n: i for i, n in enumerate(names)}
    rules = [[index[m] for m in {name} | node.update_rule().regulators] for name, node in network.nodes.items()]
    rules = [r for r in rules if len(r) > 1]
    # the rules each node takes part in, in rule order (its pulls are summed in that order)
    part_of: list[list[int]] = [[] for _ in names]
    for k, rule in enumerate(rules):
        for i in rule:
            part_of[i].append(k)
    order = list(range(len(names)))  # order[p]: the node at position p
    position = list(order)  # position[i]: where node i stands
    best, best_span = order, _span(position, rules)
    for _ in range(rounds):
        centres = [sum([position[i] for i in rule]) / len(rule) for rule in rules]
        target = [sum([centres[k] for k in part_of[i]]) / len(part_of[i]) if part_of[i] else position[i]
                  for i in range(len(names))]
        moved = sorted(order, key=target.__getitem__)
        if moved == order:  # a fixed point of the moves: later rounds repeat it
            break
        order = moved
        for p, i in enumerate(order):
            position[i] = p
        span = _span(position, rules)
        if span < best_span:
            best, best_span = order, span
    return [names[i] for i in best]


def _span(position: list[int], rules: list[list[int]]) -> int:
    """The total span of ``rules`` (lists of nodes) with the nodes at ``position``."""
    total = 0
    for rule in rules:
        at = [position[i] for i in rule]
        total += max(at) - min(at)
    return total


def _depth_first(network: Network) -> list[str]:
    """A depth-first walk of the regulatory graph from the network's first
    node on, visiting the regulators of a node right before the node."""
    regulators = {name: sorted(node.update_rule().regulators - {name})
                  for name, node in network.nodes.items()}
    order: list[str] = []
    seen: set[str] = set()
    for root in network.names:
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            name, expanded = stack.pop()
            if expanded:
                order.append(name)
                continue
            if name in seen:
                continue
            seen.add(name)
            stack.append((name, True))
            stack.extend((r, False) for r in reversed(regulators[name]) if r not in seen)
    return order


class SymbolicSystem:
    """The BDD encoding of ``network`` for one question.

    ``names`` are the network's nodes (in the network's order), ``bits[k]`` the
    BDD variables of node k, ``variables`` all bits in BDD order. Bits are
    numbered by their position in ``variables``.
    """

    def __init__(self, network: Network, semantics: str = "asynchronous",
                 order: Sequence[str] | None = None, passive: Iterable[str] = ()):
        self.network = network
        self.semantics = semantics
        self.names = network.names
        encoded = booleanize(network)
        self.encoded = encoded  # the Boolean network of the bits
        self.bits: tuple[tuple[str, ...], ...] = tuple(encoded.bits[n] for n in self.names)
        node_order = list(order) if order is not None else variable_order(network)
        self.variables: list[str] = [bit for name in node_order for bit in encoded.bits[name]]
        self.position = {bit: i for i, bit in enumerate(self.variables)}
        self.levels = tuple(network.nodes[n].levels for n in self.names)
        memory = SMALL_MEMORY_ESTIMATE if len(self.variables) <= SMALL_BITS else MEMORY_ESTIMATE
        bdd = cudd.BDD(memory_estimate=memory, initial_cache_size=INITIAL_CACHE)
        bdd.configure(reordering=False)
        if semantics == "synchronous":  # next-state copies, each right below its bit
            self.primed = [v + "'" for v in self.variables]
            bdd.declare(*(w for pair in zip(self.variables, self.primed) for w in pair))
        else:
            self.primed = []
            bdd.declare(*self.variables)
        self.bdd = bdd
        self.true: Function = bdd.true
        self.false: Function = bdd.false
        self.literals: list[Function] = [bdd.var(v) for v in self.variables]
        self.flipped: list[dict[str, Function]] = [
            {v: ~lit} for v, lit in zip(self.variables, self.literals)
        ]

        def atom(a: Any) -> Function:
            return bdd.var(a.node)

        bit_nodes = encoded.network.nodes
        self.functions: list[Function] = [
            compile_expression(bdd, target_at_least(bit_nodes[v].update_rule(), 1), atom)
            for v in self.variables
        ]
        if semantics == "synchronous":
            self._one_level_at_a_time()
        self.admissible = self._admissible()
        self.can_flip: list[Function] = [
            bdd.apply("xor", lit, f) & self.admissible for lit, f in zip(self.literals, self.functions)
        ]
        self.speeds = [bit_nodes[v].speed for v in self.variables]
        self.enabled = self._enabled() if semantics == "priority" else list(self.can_flip)
        for name in passive:  # nodes the search leaves alone (see _readouts)
            for bit in encoded.bits[name]:
                self.enabled[self.position[bit]] = self.false
        #: the states that a flip of bit i leads to
        self.entered = [bdd.let(flip, e) for flip, e in zip(self.flipped, self.enabled)]
        self._supports: dict[Function, frozenset[str]] = {}  # enabling -> its variables

    # ------------------------------------------------------------ construction
    def _one_level_at_a_time(self) -> None:
        """A multivalued node with a constant target gets constant bits from
        the encoding; updated together they would jump several levels in one
        synchronous step. Give them the ladder (bit k follows the constant
        while bit k-1 is set, and stays set while bit k+1 is) so that the node
        moves one level per step, as every other node does."""
        for bits in self.bits:
            if len(bits) < 2:
                continue
            positions = [self.position[b] for b in bits]
            functions = [self.functions[i] for i in positions]
            if not all(f in (self.true, self.false) for f in functions):
                continue
            for j, (i, f) in enumerate(zip(positions, functions)):
                lower = self.bdd.var(bits[j - 1]) if j > 0 else self.true
                higher = self.bdd.var(bits[j + 1]) if j + 1 < len(bits) else self.false
                self.functions[i] = (f & lower) | higher

    def _admissible(self) -> Function:
        u = self.true
        for bits in self.bits:
            for lower, higher in zip(bits, bits[1:]):
                u &= ~self.bdd.var(higher) | self.bdd.var(lower)
        return u

    def _enabled(self) -> list[Function]:
        """Flips allowed under priority: a bit of class r flips only where no
        bit of a faster class can."""
        by_class: dict[int, Function] = {}
        for speed, flip in zip(self.speeds, self.can_flip):
            by_class[speed] = by_class.get(speed, self.false) | flip
        blocked: dict[int, Function] = {}
        faster = self.false
        for speed in sorted(by_class):
            blocked[speed] = faster
            faster = faster | by_class[speed]
        return [flip & ~blocked[speed] for speed, flip in zip(self.speeds, self.can_flip)]

    # ---------------------------------------------------------------- queries
    @property
    def movable(self) -> list[int]:
        """The bits that can flip somewhere (the others never change)."""
        return [i for i, e in enumerate(self.enabled) if e != self.false]

    def saturation_order(self, bits: Sequence[int]) -> list[int]:
        """``bits`` in the order a saturation takes them from the end: by the
        footprint of each bit's transition (its own variable and those its
        enabling reads) in the current variable order, the footprint reaching
        least high taken first, then the one reaching least low. Applying the
        transitions that touch only the lower part of the BDD first keeps the
        upper part unchanged while the lower one saturates (as Ciardo's
        saturation orders events by their top level); on BBM id-204 it halves
        the steps of a forward search against the order of the bits alone."""
        level_of = self.bdd.level_of_var
        supports = self._supports  # (shared by copies of the system: keyed by the enabling itself)

        def key(i: int) -> tuple[int, int, int]:
            enabled = self.enabled[i]
            if enabled not in supports:
                supports[enabled] = frozenset(self.bdd.support(enabled))
            own = self.literals[i].level
            levels = [own, *map(level_of, supports[enabled])]
            return min(levels), max(levels), own

        return sorted(bits, key=key)

    def stable(self, within: Function | None = None) -> Function:
        """The fixed points (admissible states where no bit can flip, passive
        bits aside), of the set ``within`` when given: conjoined into it one
        bit at a time, which stays small for a small trap space where the
        network's whole fixed-point set may not (BBM id-277: 4.5 s each)."""
        u = self.admissible if within is None else within
        for flip in self.enabled:
            if u == self.false:
                break
            u &= ~flip
        return u

    def levels_set(self, k: int, levels: Sequence[int]) -> Function:
        """States where node k has one of ``levels``."""
        bits = self.bits[k]
        out = self.false
        for level in set(levels):
            cube = {b: j < level for j, b in enumerate(bits)}
            out |= self.bdd.cube(cube)
        return out

    def subspace(self, space: Subspace) -> Function:
        """The admissible states of a subspace (one level tuple per node)."""
        return self.admissible & self._unchecked(space)

    def _unchecked(self, space: Subspace) -> Function:
        """A subspace before admissibility: one cube for the nodes at one level
        (all their bits set), a conjunction only for the others it narrows."""
        fixed: dict[str, bool] = {}
        u = self.true
        for k, levels in enumerate(space):
            if len(levels) == 1:
                fixed.update((b, j < levels[0]) for j, b in enumerate(self.bits[k]))
            elif len(levels) <= self.levels[k]:
                u &= self.levels_set(k, levels)
        return self.bdd.cube(fixed) & u

    def union(self, spaces: Sequence[Subspace]) -> Function:
        """The admissible states of any of ``spaces`` (an attractor's cover, say)."""
        out = self.false
        for space in spaces:
            out |= self._unchecked(space)
        return out & self.admissible

    def pick(self, u: Function) -> Function:
        """One state of the non-empty set ``u``, as a BDD."""
        for cube in self.cubes(u):
            return self.bdd.cube({v: cube.get(v, False) for v in self.variables})
        raise ValueError("cannot pick a state of the empty set")

    def minterms(self, cube: Mapping[str, bool]) -> Iterator[Function]:
        """The single states of a cube, as BDDs (free bits take both values)."""
        free = [v for v in self.variables if v not in cube]
        for n in range(2 ** len(free)):
            values = {v: bool((n >> j) & 1) for j, v in enumerate(free)}
            yield self.bdd.cube({**cube, **values})

    # ------------------------------------------------------------- decoding
    def cubes(self, u: Function) -> Iterator[dict[str, bool]]:
        """The disjoint path cubes of ``u`` (variable → value, others free)."""
        return path_cubes(u)

    def decode(self, cube: Mapping[str, bool]) -> Subspace:
        """The subspace (level sets) of the admissible states in a cube."""
        out = []
        for bits in self.bits:
            if len(bits) == 1:
                value = cube.get(bits[0])
                out.append(_BOTH if value is None else _ONE if value else _ZERO)
                continue
            out.append(tuple(
                level for level in range(len(bits) + 1)
                if all(cube.get(b, j < level) == (j < level) for j, b in enumerate(bits))
            ))
        return tuple(out)

    def cover(self, u: Function) -> list[Subspace]:
        """``u`` (a set of admissible states) as disjoint subspaces."""
        return [self.decode(cube) for cube in self.cubes(u)]

    def summary(self, u: Function) -> tuple[int, list[tuple[int, ...]], list[float]]:
        """The size of the non-empty set ``u``, the levels each node takes in
        it and each node's mean level over it, counted on the BDD (without
        listing its cubes)."""
        size = self.count(u)
        values: list[tuple[int, ...]] = []
        mean: list[float] = []
        for k, bits in enumerate(self.bits):
            if len(bits) == 1:
                high = self.count(u & self.literals[self.position[bits[0]]])
                counts = [size - high, high]
            else:
                counts = [self.count(u & self.levels_set(k, (level,))) for level in range(len(bits) + 1)]
            values.append(tuple(level for level, n in enumerate(counts) if n))
            mean.append(sum(level * n for level, n in enumerate(counts)) / size)
        return size, values, mean

    def estimate(self, u: Function) -> float:
        """The number of states in ``u`` as a float (CUDD counts it in C):
        enough to compare sets, where :meth:`count` walks the BDD from Python."""
        extra = len(self.bdd.vars) - len(self.variables)
        return float(self.bdd.count(u, nvars=len(self.bdd.vars))) / 2.0**extra

    def count(self, u: Function) -> int:
        """The exact number of states in ``u`` (a set of admissible states:
        each satisfying assignment of the bits is one state). The primed
        copies and the bits a copy of the system leaves out are not read by
        ``u`` (sets never read them)."""
        return count_models(u, len(self.variables))


def count_models(u: Function, read: int) -> int:
    """The exact number of assignments satisfying ``u`` over ``read`` of its
    manager's variables, those it reads: counted over every variable of the
    manager, then halved once per variable outside them (dynamic reordering
    may put any of those at any level). Python integers: counts pass 2**1000."""
    n = len(u.bdd.vars)
    regular: dict[int, int] = {}  # node → models over the levels from its own down

    def models(edge: Function, level: int) -> int:
        """Models of ``edge`` over the levels from ``level`` down."""
        if edge.var is None:
            return 0 if edge.negated else 2 ** (n - level)
        key = int(edge) & ~1
        own = regular[key]
        span = n - edge.level
        value = 2**span - own if edge.negated else own
        return value << (edge.level - level)

    stack = [(u, False)]
    while stack:
        edge, expanded = stack.pop()
        if edge.var is None or (int(edge) & ~1) in regular:
            continue
        low, high = edge.low, edge.high
        if not expanded:
            stack.append((edge, True))
            stack.extend((child, False) for child in (low, high))
            continue
        below = edge.level + 1
        regular[int(edge) & ~1] = models(low, below) + models(high, below)
    return models(u, 0) >> (n - read)


def path_cubes(u: Function) -> Iterator[dict[str, bool]]:
    """The disjoint path cubes of ``u`` (variable → value, others free)."""
    if u == u.bdd.false:
        return
    path: list[tuple[str, bool]] = []
    stack: list[tuple[Function, bool, int, tuple[str, bool] | None]] = [(u, False, 0, None)]
    while stack:
        node, parity, depth, step = stack.pop()
        del path[depth:]
        if step is not None:
            path.append(step)
        parity ^= node.negated
        if node.var is None:
            if not parity:
                yield dict(path)
            continue
        var, depth = node.var, len(path)
        stack.append((node.high, parity, depth, (var, True)))
        stack.append((node.low, parity, depth, (var, False)))


def assignments(cube: Mapping[str, bool], names: Sequence[str]) -> Iterator[dict[str, bool]]:
    """Every assignment of ``names`` inside ``cube`` (a path cube: the names
    it leaves out take both values), each with the cube's own values."""
    free = [name for name in names if name not in cube]
    for n in range(2 ** len(free)):
        values = dict(cube)
        values.update({name: bool((n >> j) & 1) for j, name in enumerate(free)})
        yield values
