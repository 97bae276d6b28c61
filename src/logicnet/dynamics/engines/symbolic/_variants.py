"""Many perturbations of one network on one BDD system (``solve_variants``).

A variant fixes some nodes, caps others and freezes some (see
:class:`~logicnet.dynamics.engines.base.Variant`). Building a
:class:`SymbolicSystem` costs far more than most of the questions asked of
it (booleanizing, ordering the variables, compiling every rule), so the
network's system is built once and each variant only replaces what it
changes:

* a fixed node's bits get the encoding's ladder toward the fixed level (bit k
  rises while bit k-1 is set, falls once bit k+1 is clear), so that the node
  moves one level per step as under its own rule;
* a capped node's bits above the cap can only fall (their "target >= k" is
  false), the others keep their functions;
* a frozen node's bits never flip (and never block a slower class).

Then, as percolation does for a network, the bits that can never flip from
the variant's starts are found (a bit at the same value in every start whose
function keeps that value once the bits found before it keep theirs: they
span a trap space holding the starts). The search runs inside that trap
space with those bits cofactored out of every set, so that it costs what it
would on the percolated network, and the priority classes' ``enabled`` sets
and the images along each bit are computed there. Forward reachability from
the starts and the terminal-SCC search of ``_async`` follow (synchronous
semantics: the cycles of ``_sync`` from the starts). The nodes are ordered
for the network as the first variant leaves it (percolated), which suits
the others when, as in a screen of one cell's alterations, they are alike.

Under asynchronous semantics the network's read-outs stay passive; a frozen
one is kept at its start level instead of being put back over its target's
range. Attractors are decoded as the reachable engine writes them (its
states when it has at most ``max_states``, else the cover that a decision
tree on the nodes in network order gives), so the answers are the same
values whichever engine gives them.
"""

from __future__ import annotations

import copy
import threading
from typing import Any, Mapping, Sequence

from logicnet.dynamics.attractor import Attractor, State, Subspace, clamped, subspace_size, subspace_states
from logicnet.dynamics.engines.base import Task, Variant
from logicnet.dynamics.engines.symbolic._async import terminal_components
from logicnet.dynamics.engines.symbolic._reach import forward
from logicnet.dynamics.engines.symbolic._readouts import Readouts, readout_order
from logicnet.dynamics.engines.symbolic._sync import synchronous_cycles
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem, variable_order
from logicnet.dynamics.percolation import freeze, percolate
from logicnet.errors import AnalysisError
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

__all__ = ["VariantSolver", "solve_variants"]

Function = Any


class VariantSolver:
    """The network of ``task`` as BDDs, answering its variants one by one."""

    def __init__(self, task: Task, variants: Sequence[Variant]):
        network = task.network
        self.task = task
        self.semantics = task.semantics
        passive = readout_order(network) if task.semantics == "asynchronous" else []
        self.index = {name: k for k, name in enumerate(network.names)}
        self.levels = tuple(node.levels for node in network.nodes.values())
        settings = [self._settings(variant) for variant in variants]  # a bad setting before any work
        first = variants[0] if variants else None
        order = _order(network, task.semantics, first, settings[0] if settings else ({}, {}, frozenset()))
        system = SymbolicSystem(network, task.semantics, order=order, passive=passive)
        self.passive = {self.index[name] for name in passive}
        bdd = system.bdd
        #: the bits of each node as positions in the BDD order
        self.positions = [[system.position[b] for b in bits] for bits in system.bits]
        #: admissible states of nodes k.. (the rest free), for decoding covers
        suffix = [system.true] * (len(system.bits) + 1)
        for k in range(len(system.bits) - 1, -1, -1):
            u = suffix[k + 1]
            for lower, higher in zip(system.bits[k], system.bits[k][1:]):
                u &= ~bdd.var(higher) | bdd.var(lower)
            suffix[k] = u
        self.suffix = suffix
        #: node k at level l, as an assignment of its bits
        self.level_values = [
            [{b: j < level for j, b in enumerate(bits)} for level in range(len(bits) + 1)] for bits in system.bits
        ]
        self.system = system
        # a multivalued node with a constant rule has constant bits: give it
        # the ladder, so that it climbs one level per step (see ``_transitions``)
        constants = {}
        for name, node in network.nodes.items():
            level = node.update_rule().constant_level
            if level is not None and node.levels > 1:
                constants[self.index[name]] = level
        self.functions, self.can_flip = list(system.functions), list(system.can_flip)
        self.functions, self.can_flip = self._transitions(constants, {}, frozenset())
        self.readouts = Readouts(system, passive)
        self.passive_bits = {i for k in self.passive for i in self.positions[k]}
        #: the node of each bit, and the bits to look at again when a bit of
        #: node k settles (those whose function reads node k, and node k's own)
        self.node_of = {i: k for k, positions in enumerate(self.positions) for i in positions}
        readers: list[set[int]] = [set(positions) for positions in self.positions]
        for i, function in enumerate(self.functions):
            for bit in bdd.support(function):
                readers[self.node_of[system.position[bit]]].add(i)
        self.readers = [sorted(r) for r in readers]

    # ----------------------------------------------------------------- answer
    def solve(self, variant: Variant) -> list[Attractor]:
        """The attractors reachable from the variant's starts, sorted."""
        task, system = self.task, self.system
        fixed, caps, frozen = self._settings(variant)
        functions, can_flip = self._transitions(fixed, caps, frozen)
        spaces = [clamped(space, fixed, caps) for space in variant.starts if all(space)]
        if not spaces:  # no start state: nothing is reachable
            return []
        starts = self._starts(spaces)
        if self.semantics == "synchronous":
            moved = copy.copy(system)
            moved.functions, moved.can_flip, moved.enabled = functions, can_flip, can_flip
            found = list(synchronous_cycles(moved, starts, task))
        else:
            readouts = self._readouts(fixed, caps, frozen)
            starts = readouts.project(starts)
            settled = self._settled(functions, spaces)
            inside = self._inside(functions, can_flip, settled)
            readouts = self._inside_readouts(readouts, inside, settled)
            if settled:
                starts = system.bdd.let(settled, starts)
            universe = forward(inside, starts, inside.admissible & readouts.resting, inside.movable, task)
            cube = system.bdd.cube(settled) if settled else system.true
            found = [u & cube for u in terminal_components(inside, universe, task, readouts)]
        return sorted((self._attractor(u) for u in found), key=Attractor.sort_key)

    # ------------------------------------------------------------ the variant
    def _settings(self, variant: Variant) -> tuple[dict[int, int], dict[int, int], frozenset[int]]:
        """The variant's fixings, caps (a fixed node is not capped) and frozen
        nodes, by node number; settings outside a node's levels are refused."""
        levels = self.levels

        def number(name: str, what: str) -> int:
            k = self.index.get(name)
            if k is None:
                raise AnalysisError(f"a variant {what} '{name}', which is not a node of the network")
            return k

        fixed: dict[int, int] = {}
        for name, level in variant.fixed.items():
            k = number(name, "fixes")
            if not 0 <= level <= levels[k]:
                raise AnalysisError(f"a variant fixes '{name}' at {level}, outside 0..{levels[k]}")
            fixed[k] = level
        caps: dict[int, int] = {}
        for name, cap in variant.caps.items():
            k = number(name, "caps")
            if cap < 0:
                raise AnalysisError(f"a variant caps '{name}' at {cap}; a cap is a level from 0")
            if k not in fixed and cap < levels[k]:
                caps[k] = cap
        frozen = frozenset(number(name, "freezes") for name in variant.frozen)
        return fixed, caps, frozen

    def _starts(self, spaces: Sequence[Subspace]) -> Function:
        """The states of the start subspaces (a single state as one cube)."""
        system = self.system
        out = system.false
        for space in spaces:
            if all(len(levels) == 1 for levels in space):
                out |= system.bdd.cube({b: v for k, (level,) in enumerate(space)
                                        for b, v in self.level_values[k][level].items()})
            else:
                out |= system.subspace(space)
        return out

    def _transitions(self, fixed: Mapping[int, int], caps: Mapping[int, int],
                     frozen: frozenset[int]) -> tuple[list[Function], list[Function]]:
        """The update function of every bit under the variant, and where each
        bit can flip (admissible states; never, for frozen bits): the base's,
        replaced where the variant changes them."""
        if not (fixed or caps or frozen):
            return self.functions, self.can_flip
        system = self.system
        true, false, literals = system.true, system.false, system.literals
        functions = list(self.functions)
        changed: set[int] = set()
        for k, level in fixed.items():
            positions = self.positions[k]
            for j, i in enumerate(positions):  # bit j+1: the ladder toward ``level``
                higher = literals[positions[j + 1]] if j + 1 < len(positions) else false
                lower = literals[positions[j - 1]] if j > 0 else true
                functions[i] = (lower | higher) if j < level else higher
                changed.add(i)
        for k, cap in caps.items():
            positions = self.positions[k]
            for j in range(cap, len(positions)):  # bits above the cap can only fall
                i = positions[j]
                functions[i] = literals[positions[j + 1]] if j + 1 < len(positions) else false
                changed.add(i)
        frozen_bits = {i for k in frozen for i in self.positions[k]}
        for i in frozen_bits:
            functions[i] = literals[i]
        can_flip = list(self.can_flip)
        for i in changed - frozen_bits:
            can_flip[i] = system.bdd.apply("xor", literals[i], functions[i]) & system.admissible
        for i in frozen_bits:
            can_flip[i] = false
        return functions, can_flip

    def _settled(self, functions: list[Function], spaces: Sequence[Subspace]) -> dict[str, bool]:
        """Bits that never flip from the start subspaces, with their values, found as
        percolation finds constant nodes: a bit at the same value in every
        start whose function has that value wherever the bits found so far
        (and it) keep theirs. They span a trap space holding the starts. A
        bit is looked at again only when a bit of a node its function reads
        (or of its own node) has settled."""
        system = self.system
        false, literals = system.false, system.literals
        space = system.admissible
        candidates = {}
        for k, positions in enumerate(self.positions):
            if k in self.passive:
                continue
            low = min(min(space[k]) for space in spaces)
            high = max(max(space[k]) for space in spaces)
            for j, i in enumerate(positions):  # bit j+1 is set at levels j+1 and above
                if low > j:
                    candidates[i] = literals[i]
                elif high <= j:
                    candidates[i] = ~literals[i]
        settled: dict[str, bool] = {}
        pending = list(candidates)
        queued = set(pending)
        while pending:
            i = pending.pop()
            queued.discard(i)
            value = candidates[i]
            inside = space & value
            if functions[i] & inside == false if value != literals[i] else ~functions[i] & inside == false:
                space = inside
                settled[system.variables[i]] = value == literals[i]
                del candidates[i]
                for j in self.readers[self.node_of[i]]:
                    if j in candidates and j not in queued:
                        pending.append(j)
                        queued.add(j)
        return settled

    def _inside(self, functions: list[Function], can_flip: list[Function],
                settled: Mapping[str, bool]) -> SymbolicSystem:
        """The system of the variant inside the trap space of the ``settled``
        bits, those bits left out of every set (as if percolated): flips
        restricted to their values, the priority classes' ``enabled`` sets
        and the images along each bit computed on those."""
        system = self.system
        bdd, false = system.bdd, system.false
        inside = copy.copy(system)
        inside.functions = functions
        if settled:
            positions = {system.position[v] for v in settled}
            can_flip = [false if i in positions or f == false else bdd.let(settled, f)
                        for i, f in enumerate(can_flip)]
            inside.admissible = bdd.let(settled, system.admissible)
            inside.variables = [v for v in system.variables if v not in settled]
        inside.can_flip = can_flip
        enabled = inside._enabled() if self.semantics == "priority" else list(can_flip)
        for i in self.passive_bits:
            enabled[i] = false
        inside.enabled = enabled
        inside.entered = [false if e == false else bdd.let(flip, e) for flip, e in zip(system.flipped, enabled)]
        return inside

    def _readouts(self, fixed: Mapping[int, int], caps: Mapping[int, int], frozen: frozenset[int]) -> Readouts:
        """The read-outs for the variant: frozen ones stay where they start
        (they are no longer put back), fixed and capped ones get their targets."""
        base, system = self.readouts, self.system
        if not base.names or not (fixed or caps or frozen):
            return base
        readouts = copy.copy(base)
        kept = [(name, k, targets) for name, k, targets in zip(base.names, base.nodes, base.targets)
                if k not in frozen]
        readouts.names = [name for name, _, _ in kept]
        readouts.nodes = [k for _, k, _ in kept]
        true, false = system.true, system.false
        readouts.targets = [
            [true if j < fixed[k] else false for j in range(len(targets))] if k in fixed
            else [t if j < caps[k] else false for j, t in enumerate(targets)] if k in caps
            else targets
            for _, k, targets in kept
        ]
        if len(kept) < len(base.names):
            resting = system.true
            for k in readouts.nodes:
                for i in self.positions[k]:
                    resting &= ~system.literals[i]
            readouts.resting = resting
            readouts.bits = {bit for k in readouts.nodes for bit in system.bits[k]}
        return readouts

    def _inside_readouts(self, readouts: Readouts, inside: SymbolicSystem,
                         settled: Mapping[str, bool]) -> Readouts:
        """The read-outs' targets inside the trap space of the settled bits."""
        if not settled or not readouts.names:
            return readouts
        let = inside.bdd.let
        out = copy.copy(readouts)
        out.system = inside
        out.targets = [[let(settled, t) for t in targets] for targets in readouts.targets]
        return out

    # --------------------------------------------------------------- decoding
    def _attractor(self, u: Function) -> Attractor:
        """The attractor of the states ``u``, written as the reachable engine
        writes it: from its states, or past ``max_states`` from its cover."""
        system, task = self.system, self.task
        names, most = task.network.names, task.max_states
        spaces: list[Subspace] = []
        size = 0
        for cube in system.cubes(u):
            spaces.append(system.decode(cube))
            size += subspace_size(spaces[-1])
            if size > most:
                return Attractor.from_cover(names, self._cover(u), "cyclic", most)
        if size == 1:  # what from_states gives for one state, without NumPy
            return Attractor.from_cover(names, spaces, "fixed_point", most)
        states: list[State] = [s for space in spaces for s in subspace_states(space)]
        return Attractor.from_states(names, states, max_states=most)

    def _cover(self, u: Function) -> list[Subspace]:
        """Disjoint subspaces whose union is ``u``: a decision tree on the
        nodes in network order, a node's levels with the same remaining set
        kept together, a set closing when it holds every remaining state (the
        cover the reachable engine's state space gives)."""
        system = self.system
        bdd, false = system.bdd, system.false
        full = [tuple(range(levels + 1)) for levels in system.levels]
        cover: list[Subspace] = []
        pending: list[tuple[Function, int, tuple[tuple[int, ...], ...]]] = [(u, 0, ())]
        while pending:
            g, k, chosen = pending.pop()
            if g == self.suffix[k]:
                cover.append(chosen + tuple(full[k:]))
                continue
            groups: dict[Function, list[int]] = {}
            for level, values in enumerate(self.level_values[k]):
                rest = bdd.let(values, g)
                if rest != false:
                    groups.setdefault(rest, []).append(level)
            pending.extend((rest, k + 1, chosen + (tuple(levels),)) for rest, levels in groups.items())
        return cover


def _order(network: Network, semantics: str, first: Variant | None,
           settings: tuple[dict[int, int], dict[int, int], frozenset[int]]) -> list[str]:
    """The nodes in BDD order: the order :func:`variable_order` gives the
    network as the ``first`` variant leaves it (its ``settings``, by node
    number, applied; the nodes constant from its starts percolated), then the
    others. The searches run with the settled bits left out, and an order
    made for the nodes that move keeps their sets small; the variants of one
    question are mostly alike."""
    if first is None:
        return variable_order(network)
    fixed, caps, frozen = settings
    names = network.names
    one = freeze(network, frozenset(names[k] for k in frozen)) if frozen else network
    perturbation = Perturbation({names[k]: level for k, level in fixed.items()},
                                {names[k]: cap for k, cap in caps.items()})
    starts = tuple(dict.fromkeys(clamped(space, fixed, caps) for space in first.starts))
    moving = percolate(perturbation.apply(one), semantics=semantics, starts=starts).network
    order = variable_order(moving) if moving.nodes else []
    return order + [name for name in names if name not in moving.nodes]


#: the last network's solver (one per thread: a BDD manager is not shared
#: between threads), for a caller that asks its variants in batches
_LAST = threading.local()


def solve_variants(task: Task, variants: Sequence[Variant]) -> list[list[Attractor]]:
    """Each variant's attractors (see :meth:`SymbolicEngine.solve_variants`).
    The BDD system of the last network asked is kept: a caller that asks one
    network's variants in several batches builds it once."""
    if not variants:
        return []
    last: VariantSolver | None = getattr(_LAST, "solver", None)
    if last is not None and last.task.network is task.network and last.semantics == task.semantics:
        for variant in variants:
            last._settings(variant)
        solver = last
        solver.task = task
    else:
        _LAST.solver = None  # the old system is freed before the new one is built
        solver = _LAST.solver = VariantSolver(task, variants)
    out = []
    for done, variant in enumerate(variants):
        task.check_time("the symbolic attractor search")
        task.report(f"symbolic: variant {done + 1:,} of {len(variants):,}", done, len(variants))
        out.append(solver.solve(variant))
    return out
