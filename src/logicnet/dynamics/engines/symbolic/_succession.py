"""Asynchronous attractors by a succession of trap spaces.

Every attractor A lies in a smallest trap space T(A) (trap spaces are closed
under intersection). The search walks down from the whole state space, the
way biobalm's succession diagram does (Trinh, Pastva, Rozum, Park, Albert,
Paulevé and Šafránek, 2024): in a trap space N, with its constants
percolated,

* a free input (a bit whose function in N is the bit itself) splits N into
  two trap spaces, one per value, that share no state: no attractor lies in
  N outside them;
* otherwise the children of N are its maximal trap spaces (clingo, see
  :mod:`logicnet.dynamics.engines.asp._maximal`), percolated. An attractor
  of N in none of them has T(A) = N; it is searched for here only.

Each trap space is visited once, so every attractor is found once, at T(A).
The search for attractors of N outside its children is pruned first, as
biobalm prunes it, by a feedback vertex set U of N's dependency graph: with U
held, the other bits settle (their graph is acyclic), so every attractor
holds a state where every bit outside U equals its function. Such states
outside the children are the candidates, narrowed further by a retained set
(each bit of U at a chosen value or at its function's value, see
``retained``); when none is left there is nothing to search (the common
case). Otherwise the states of N that can reach a child are removed, and the
terminal SCCs of what the remaining candidates reach are the attractors
(:mod:`._async`). A minimal trap space has no children: its candidates are
moved forward together first (``coalesced``); one left is in its only
attractor, the states it reaches; else its attractors are the terminal SCCs
of what its candidates reach.
"""

from __future__ import annotations

from dataclasses import replace
from random import Random
from typing import Any, Iterator

from logicnet.dynamics.engines import get_engine
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._async import small_components, terminal_components
from logicnet.dynamics.engines.symbolic._fixed import _conjoin, _value
from logicnet.dynamics.engines.symbolic._reach import CHECK_EVERY, Saturation, backward, forward, post, pre
from logicnet.dynamics.engines.symbolic._readouts import Readouts
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem
from logicnet.graph import strongly_connected_components
from logicnet.model.frozen import FrozenMap
from logicnet.model.functions import support

__all__ = ["succession_attractors"]

Function = Any
Fixed = dict[str, bool]


class _Succession:
    """The walk over the trap spaces of one system (read-outs passive)."""

    def __init__(self, system: SymbolicSystem, task: Task, readouts: Readouts):
        self.system, self.task, self.readouts = system, task, readouts
        encoded = system.encoded.network
        self.core = [b for b in encoded.names if b not in readouts.bits]  # bit-network order
        core_network = replace(
            encoded, nodes=FrozenMap({b: encoded.nodes[b] for b in self.core}), drugs=FrozenMap(),
            alterations=FrozenMap(), contexts=FrozenMap(), scenarios=(), states=FrozenMap(), start=None,
            check=False,
        )
        self.index = {b: i for i, b in enumerate(self.core)}
        self.core_network = core_network
        self._maximal: Any = None  # the asp engine's MaximalTrapSpaces, made when first needed
        position = system.position
        self.function = {b: system.functions[position[b]] for b in self.core}
        self.literal = {b: system.literals[position[b]] for b in self.core}
        self.support = {b: support(f) for b, f in self.function.items()}
        self.readers: dict[str, list[str]] = {b: [] for b in self.core}
        for b, regulators in self.support.items():
            for r in regulators:
                if r in self.readers:
                    self.readers[r].append(b)
        self.base = system.admissible & readouts.resting
        self.resting = {b: False for b in readouts.bits}
        self.nodes = 0
        self._tables: tuple[frozenset[tuple[str, bool]], dict[str, Any]] = (frozenset(), {})

    # ------------------------------------------------------------ trap spaces
    def restricted(self, fixed: Fixed, bit: str) -> Function:
        """The function of ``bit`` inside the subspace ``fixed``."""
        values = {r: fixed[r] for r in self.support[bit] if r in fixed}
        f = self.function[bit]
        return self.system.bdd.let(values, f) if values else f

    def percolate(self, fixed: Fixed, closed: Fixed | None = None) -> Fixed:
        """``fixed`` with every bit whose function becomes constant fixed too.
        ``closed``, a part of ``fixed`` already percolated, leaves only the
        readers of the other fixed bits to look at first."""
        fixed = dict(fixed)
        true, false = self.system.true, self.system.false
        if closed is None:
            queue = [b for b in self.core if b not in fixed]
        else:
            queue = [r for b in fixed if b not in closed for r in self.readers[b] if r not in fixed]
        while queue:
            bit = queue.pop()
            if bit in fixed:
                continue
            g = self.restricted(fixed, bit)
            if g == true or g == false:
                fixed[bit] = g == true
                queue.extend(r for r in self.readers[bit] if r not in fixed)
        return fixed

    def tables(self, fixed: Fixed, restricted: dict[str, Function]) -> dict[str, Any]:
        """The ``restricted`` functions of the trap space ``fixed`` compiled for
        evaluation on states (``_Table``), once per trap space: the walks and
        the candidates moved forward together both use them."""
        key = frozenset(fixed.items())
        if key != self._tables[0] or not self._tables[1]:
            self._tables = (key, {b: _Table.of(f) for b, f in restricted.items()})
        return self._tables[1]

    def space(self, fixed: Fixed) -> Function:
        return self.system.bdd.cube(fixed) & self.base if fixed else self.base

    @property
    def maximal(self) -> Any:
        if self._maximal is None:
            self._maximal = get_engine("asp").maximal_trap_spaces(self.core_network)  # type: ignore[attr-defined]
        return self._maximal

    # ------------------------------------------------------------------ walk
    def run(self) -> Iterator[Function]:
        """Every attractor once: a trap space solved whole (see ``direct``)
        may hold attractors that another path reaches again, so each one's
        BDD (canonical in the one manager) is remembered."""
        root = self.percolate({})
        stack = [root]
        seen = {frozenset(root.items())}
        reported: set[int] = set()
        kept: list[Function] = []  # (the BDDs stay alive, so their numbers stay theirs)
        while stack:
            self.task.check_time(SEARCH)
            fixed = stack.pop()
            self.nodes += 1
            for attractor in self.attractors_in(fixed, seen, stack):
                if int(attractor) not in reported:
                    reported.add(int(attractor))
                    kept.append(attractor)
                    yield attractor

    def attractors_in(self, fixed: Fixed, seen: set[frozenset[tuple[str, bool]]],
                      stack: list[Fixed]) -> Iterator[Function]:
        """The attractors of the trap space ``fixed`` that are in none of its
        children (pushed on ``stack``), or all of them when it is solved whole."""
        free = [b for b in self.core if b not in fixed]
        if not free:  # a fixed point
            yield self.readouts.expand(self.space(fixed))
            return
        restricted = {b: self.restricted(fixed, b) for b in free}
        inputs = [b for b in free if restricted[b] == self.literal[b]]
        if len(free) <= DIRECT_BITS or len(inputs) > SPLIT_INPUTS:
            # small, or many free inputs: one terminal-SCC search handles
            # every input value at once (splitting would multiply the spaces)
            space = self.space(fixed)
            if len(free) <= PIVOT_BITS:
                bits = sorted(self.system.position[b] for b in free)
                yield from small_components(self.system, space, bits, self.task, self.readouts)
            else:
                yield from terminal_components(self.system, space, self.task, self.readouts)
            return
        if inputs:  # two trap spaces that share no state: nothing else to search here
            spaces = [{**fixed, inputs[0]: False}, {**fixed, inputs[0]: True}]
        else:
            found = self.maximal.within({self.index[b]: int(v) for b, v in fixed.items()}, self.task.deadline)
            spaces = [{**fixed, **{self.core[i]: bool(v) for i, v in new.items()}} for new in found]
        children = []
        for space in spaces:
            child = self.percolate(space, closed=fixed)
            children.append(child)
            key = frozenset(child.items())
            if key not in seen:
                seen.add(key)
                stack.append(child)
        if not inputs:
            yield from self.motif_avoidant(fixed, free, restricted, children)

    def motif_avoidant(self, fixed: Fixed, free: list[str], restricted: dict[str, Function],
                       children: list[Fixed]) -> Iterator[Function]:
        """The attractors of the trap space ``fixed`` in none of its ``children``."""
        system, false = self.system, self.system.false
        space = self.space(fixed)
        held = negative_feedback(system, free, restricted)
        settled = [system.bdd.apply("equiv", self.literal[b], restricted[b]) for b in free if b not in held]
        candidates = _conjoin([space, *settled], self.task, SEARCH) if settled else space
        shelters = system.false
        for child in children:
            shelters |= self.space(child)
        candidates &= ~shelters
        if candidates == false:
            return
        candidates = self.retained(candidates, held, restricted, children)
        if candidates == false:
            return
        before = system.count(candidates)
        candidates = self.pruned(candidates, free, restricted, fixed, children, held)
        if candidates == false:
            return
        self.task.report(f"symbolic: trap space {self.nodes} ({len(free)} free bits, {len(children)} children,"
                         f" {len(held)} held): {before} candidates, {system.count(candidates)} after walks")
        bits = sorted(system.position[b] for b in free)
        if not children:
            candidates = self.coalesced(candidates, free, restricted, fixed)
            if system.count(candidates) == 1:
                # a minimal trap space holds an attractor, and it holds a candidate
                yield self.readouts.expand(forward(system, candidates, space, bits, self.task))
            else:
                single = self.one_attractor(candidates, space, bits)
                if single is not None:
                    yield self.readouts.expand(single)
                else:  # the whole space is forward closed: its terminal SCCs are the attractors
                    yield from terminal_components(system, space, self.task, self.readouts)
            return
        universe = self.outside_children(candidates, space, shelters & space, bits)
        if universe != false:
            yield from terminal_components(system, universe, self.task, self.readouts)

    def retained(self, candidates: Function, held: set[str], restricted: dict[str, Function],
                 children: list[Fixed]) -> Function:
        """``candidates`` (settled outside the negative feedback set ``held``)
        narrowed by a retained set (Trinh, Hiraishi and Benhamou, 2022): give
        each held bit u a value r(u) and let it move only towards r(u). That
        dynamics only loses transitions, so from any state of an attractor it
        stays in the attractor, and it has fixed points as its only attractors:
        a held bit changes at most once, and then the rest, without a negative
        cycle, settles (Richard, 2010). So every attractor holds a state where
        the bits outside ``held`` are settled and each held bit is at r(u) or
        at its function's value. r(u) starts from the child trap space that
        fixes fewest held bits, else from the value its function takes more
        often in the space, and each is flipped while that leaves fewer
        candidates (as biobalm chooses it)."""
        if not held:
            return candidates
        system, count = self.system, self.system.count
        order = sorted(held)
        value: dict[str, bool] = {}
        if children:
            child = min(children, key=lambda c: sum(b in c for b in order))
            value.update({b: child[b] for b in order if b in child})
        everything = count(system.true)
        for b in order:  # (the function of a core bit in the space reads free bits only)
            if b not in value:
                value[b] = 2 * count(restricted[b]) > everything

        def keep(b: str, r: bool) -> Function:  # b at r, or at its function's value
            return (self.literal[b] | ~restricted[b]) if r else (~self.literal[b] | restricted[b])

        kept = {b: keep(b, value[b]) for b in order}
        best = _conjoin([candidates, *kept.values()], self.task, SEARCH)
        if best == system.false:
            return best
        least = count(best)
        for _ in range(RETAINED_ROUNDS if len(order) <= RETAINED_OPTIMISED else 0):
            improved = False
            for b in order:
                if least == 0 or (least == 1 and not children):
                    return best  # (one candidate in a minimal trap space: its attractor's)
                self.task.check_time(SEARCH)
                trial = _conjoin([candidates, keep(b, not value[b]), *(kept[c] for c in order if c != b)],
                                 self.task, SEARCH)
                size = count(trial)
                if size < least:
                    value[b], kept[b], best, least, improved = not value[b], keep(b, not value[b]), trial, size, True
            if not improved:
                break
        return best

    def coalesced(self, candidates: Function, free: list[str], restricted: dict[str, Function],
                  fixed: Fixed) -> Function:
        """The candidates of a minimal trap space moved forward together, as
        biobalm does: each sweep updates every free bit once, in an order
        drawn for the sweep and shared by all the candidates, so two that meet
        stay together and count as one. A sweep is an asynchronous path, so a
        candidate in an attractor stays in it: the candidates still meet every
        attractor. Sweeps go on while they merge candidates (up to
        ``COALESCE_UPDATES`` bit updates in all); one candidate left is in the
        trap space's only attractor."""
        system = self.system
        total = system.count(candidates)
        if total <= 1 or total > SIMULATED_CANDIDATES:
            return candidates
        tables = self.tables(fixed, restricted)
        live = [{**self.resting, **fixed, **{b: values[b] for b in free}} for values in _states(system, candidates)]
        order = list(free)
        rng = Random(len(free))
        budget, rounds = COALESCE_UPDATES, COALESCE_SWEEPS
        while len(live) > 1:
            before = len(live)
            for _ in range(rounds):
                if len(live) == 1 or budget <= 0:
                    break
                rng.shuffle(order)
                met: set[tuple[bool, ...]] = set()
                moved = []
                for state in live:
                    for b in order:
                        state[b] = bool(tables[b](state))
                    key = tuple(state[b] for b in free)
                    if key not in met:
                        met.add(key)
                        moved.append(state)
                budget -= len(order) * len(live)
                live = moved
            if len(live) == before or budget <= 0:
                break
            rounds *= 2
        if len(live) == total:
            return candidates
        space = self.space(fixed)
        out = system.false
        for state in live:
            out |= system.bdd.cube({b: state[b] for b in free})
        return out & space

    def one_attractor(self, candidates: Function, space: Function, bits: list[int]) -> Function | None:
        """The one attractor of a minimal trap space when the states one
        candidate reaches hold every candidate and all reach it back (each
        attractor holds a candidate, so no other exists); None otherwise."""
        system = self.system
        pivot = system.pick(candidates)
        reached = forward(system, pivot, space, bits, self.task)
        if candidates & ~reached != system.false:
            return None
        if backward(system, pivot, reached, bits, self.task) != reached:
            return None
        return reached

    def outside_children(self, candidates: Function, space: Function, shelters: Function,
                         bits: list[int]) -> Function:
        """A forward-closed set that holds every attractor of ``space`` reached
        from ``candidates`` without a way into ``shelters`` (the children), and
        nothing that reaches them; empty when there is none. Two searches race,
        one saturation step at a time, the smaller BDD first: forward from the
        candidates, and backward from the shelters (their basin). The one that
        closes first decides: a closed forward set has its basin part removed;
        a closed basin removes candidates, and when some are left, the forward
        search continues outside it (the complement of a basin is forward
        closed, so reachability there is reachability in the space)."""
        system, task, false = self.system, self.task, self.system.false
        ahead = Saturation(system, candidates, space, post)
        basin = Saturation(system, shelters, space, pre)
        done = 0
        while True:
            done += 1
            if done % CHECK_EVERY == 0:
                task.check_time(SEARCH)
            if RACE == "forward" or (RACE == "smaller" and ahead.states.dag_size <= basin.states.dag_size):
                if ahead.step(bits):
                    reached = ahead.states
                    if reached & shelters != false:
                        reached &= ~backward(system, reached & shelters, reached, bits, task)
                    return reached
            elif basin.step(bits):
                left = candidates & ~basin.states
                if left == false:
                    return false
                ahead.discard(basin.states)
                return ahead.run(bits, task)

    def pruned(self, candidates: Function, free: list[str], restricted: dict[str, Function],
               fixed: Fixed, children: list[Fixed], held: set[str]) -> Function:
        """``candidates`` without those that a random walk takes into a child,
        or to another candidate still kept (its attractor, if any, holds that
        one too). Only when there are few candidates; a walk that gets nowhere
        proves nothing, the candidate stays. Candidates are settled outside
        ``held``: only those bits can move at a walk's start."""
        system = self.system
        if system.count(candidates) > SIMULATED_CANDIDATES:
            return candidates
        inside = set(free)
        readers = {b: [r for r in self.readers[b] if r in inside] for b in free}
        shelters = system.false
        for child in children:
            shelters |= system.bdd.cube(child)
        walker = _Walker(free, self.tables(fixed, restricted), readers, shelters, len(free))
        movers = [b for b in free if b in held]
        weight = walker.weight
        kept: set[int] = set()  # the candidates still kept, numbered by their free bits
        order: list[tuple[int, dict[str, bool]]] = []
        for values in _states(system, candidates):
            code = sum(weight[b] for b in free if values[b])
            kept.add(code)
            order.append((code, values))
        distinct = len(kept) == len(order)  # candidates differ in their free bits (read-outs rest)
        left = []  # candidates walked away from (they reach a child or a kept candidate)
        budget = WALK_BUDGET
        for code, values in order:
            if budget <= 0:
                break
            if len(kept) == 1 and shelters == system.false:
                break
            state = {**self.resting, **fixed, **{b: values[b] for b in free}}
            arrived, steps = walker.walk(state, code, kept, movers)
            budget -= steps
            if arrived:
                kept.discard(code)
                left.append(values)
        if not left:
            return candidates
        if not kept and distinct:
            return system.false
        gone = system.false
        for values in left:
            gone |= system.bdd.cube(values)
        return candidates & ~gone


#: the search a timeout's message names
SEARCH = "the trap-space succession"
#: which of the two searches of ``outside_children`` steps next: the one with
#: the smaller BDD, or always ``"forward"`` or ``"backward"`` (tests take both)
RACE = "smaller"
#: a trap space with at most this many free bits is searched whole
DIRECT_BITS = 16
#: the retained values of at most this many held bits are flipped one at a
#: time, in at most this many rounds, while that leaves fewer candidates
RETAINED_OPTIMISED = 24
RETAINED_ROUNDS = 2
#: a trap space searched whole with at most this many free bits is searched
#: by pivots alone (``small_components``)
PIVOT_BITS = 16
#: a trap space with more free inputs than this is searched whole too
SPLIT_INPUTS = 3
#: candidates of a trap space are walked at random when there are at most this many
SIMULATED_CANDIDATES = 8192
#: sweeps of the candidates of a minimal trap space before their count is
#: looked at (doubled while sweeps merge some), and bit updates in all
COALESCE_SWEEPS = 1024
COALESCE_UPDATES = 2_000_000
#: steps of one random walk, per free bit, and of all the walks of one trap space
WALK_STEPS = 20
WALK_BUDGET = 60_000


def _states(system: SymbolicSystem, u: Function) -> Iterator[dict[str, bool]]:
    """The states of ``u``, as values of every bit."""
    for cube in system.cubes(u):
        free = [v for v in system.variables if v not in cube]
        for n in range(2 ** len(free)):
            yield {**cube, **{v: bool((n >> j) & 1) for j, v in enumerate(free)}}


class _Table:
    """A function of few bits as a truth table over its support, evaluated by
    one index (a BDD walk from Python costs an object per node)."""

    #: functions with a larger support are evaluated on their BDD
    MAX_SUPPORT = 12

    @staticmethod
    def of(f: Function) -> Any:
        """A callable ``state -> bool`` (or 0/1) for ``f``: one shift of its
        truth table by the index the state's bits make, compiled once (a
        loop over the bits costs several times more per call, and walks make
        tens of thousands of calls)."""
        names = sorted(support(f))
        if len(names) > _Table.MAX_SUPPORT:
            return lambda state: _value(f, state)
        table = 0
        for n in range(1 << len(names)):
            if _value(f, {v: bool((n >> j) & 1) for j, v in enumerate(names)}):
                table |= 1 << n
        if not names:
            return lambda state: table
        # the bit names go in as string literals (repr), nothing else is generated
        index = " | ".join(f"(s[{v!r}] << {j})" for j, v in enumerate(names))
        return eval(f"lambda s: (table >> ({index})) & 1", {"table": table})  # noqa: S307


class _Walker:
    """Asynchronous random walks inside one trap space. States are numbered
    by their free bits; the states of walks that ended in a child are
    remembered (they all reach it), and a later walk that meets one is over."""

    def __init__(self, free: list[str], tables: dict[str, Any], readers: dict[str, list[str]],
                 shelters: Function, seed: int):
        """``tables``: each free bit's function in the trap space, compiled
        (:meth:`_Succession.tables`)."""
        self.free, self.readers, self.shelters = free, readers, shelters
        self.restricted = tables
        self.weight = {b: 1 << k for k, b in enumerate(free)}
        self.sheltered: set[int] = set()
        self.random = Random(seed)

    def walk(self, state: dict[str, bool], start: int, kept: set[int], movers: list[str]) -> tuple[bool, int]:
        """Walk from ``state`` (the candidate ``start``; changed in place, only
        its ``movers`` unstable) until in a child, at another candidate of
        ``kept``, stuck, or out of steps (each step flips a bit that can
        flip): whether it got to a child or a candidate, and the steps taken."""
        free, restricted, readers, weight = self.free, self.restricted, self.readers, self.weight
        unstable = [b for b in movers if restricted[b](state) != state[b]]
        where = {b: k for k, b in enumerate(unstable)}
        code = start
        path = [code]
        steps = WALK_STEPS * len(free)
        for step in range(steps):
            if code in self.sheltered:
                self.sheltered.update(path)
                return True, step
            if code != start and code in kept:
                return True, step
            if not unstable or step % 4 == 0:
                if _value(self.shelters, state):
                    self.sheltered.update(path)
                    return True, step
                if not unstable:
                    return False, step
            bit = unstable[int(self.random.random() * len(unstable))]
            state[bit] = not state[bit]
            code ^= weight[bit]
            path.append(code)
            for r in (bit, *readers[bit]):
                moves = restricted[r](state) != state[r]
                if moves and r not in where:
                    where[r] = len(unstable)
                    unstable.append(r)
                elif not moves and r in where:
                    k = where.pop(r)
                    last = unstable.pop()
                    if last != r:
                        unstable[k] = last
                        where[last] = k
        arrived = (code != start and code in kept) or _value(self.shelters, state)
        return bool(arrived), steps


def negative_feedback(system: SymbolicSystem, free: list[str], restricted: dict[str, Function]) -> set[str]:
    """Bits meeting every negative cycle of the dependency graph of the
    ``restricted`` functions (a regulator read both ways counts as both signs):
    a cycle of sign -1 is a closed walk from (v, 0) to (v, 1) in the graph of
    (bit, parity) pairs, so bits are taken, most connected first, until no
    strongly connected component of that graph holds both parities of a bit."""
    bdd, false = system.bdd, system.false
    inside = set(free)
    edges: list[tuple[str, str, int]] = []
    for v in free:
        g = restricted[v]
        for u in support(g) & inside:
            low, high = bdd.let({u: False}, g), bdd.let({u: True}, g)
            if low & ~high == false:
                edges.append((u, v, 0))
            elif high & ~low == false:
                edges.append((u, v, 1))
            else:
                edges.extend(((u, v, 0), (u, v, 1)))
    held: set[str] = set()
    while True:
        graph: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for u, v, sign in edges:
            if u not in held and v not in held:
                for literal, successor in (((u, 0), (v, sign)), ((u, 1), (v, 1 - sign))):
                    graph.setdefault(literal, []).append(successor)
                    graph.setdefault(successor, [])
        odd: set[str] = set()
        for component in strongly_connected_components(graph):
            bits = {b for b, p in component if p == 0}
            odd.update(b for b, p in component if p == 1 and b in bits)
        if not odd:
            return held
        degree = {b: 0 for b in odd}
        for u, v, _ in edges:
            if u in odd and v in odd and u not in held and v not in held:
                degree[u] += 1
                degree[v] += 1
        held.add(max(sorted(odd), key=degree.__getitem__))


def succession_attractors(system: SymbolicSystem, task: Task, readouts: Readouts) -> Iterator[Function]:
    """Every asynchronous attractor of ``system`` (one BDD each, read-outs
    put back), found by the succession of its trap spaces."""
    return _Succession(system, task, readouts).run()
