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
biobalm prunes it, by a negative feedback vertex set U of N's dependency
graph: with U held, the other bits (on no negative cycle) settle, so every
attractor holds a state where every bit outside U equals its function. Such
states outside the children are the candidates, narrowed further by a
retained set (each bit of U at a chosen value or at its function's value,
see ``retained``); when none is left there is nothing to search (the common
case). Their BDD is a conjunction of one equivalence per settled bit; where it
outgrows :data:`CONJOIN_BUDGET`, clingo lists the states (with the retained
set's first values) when they are few, as biobalm finds its candidates with
answer-set programming. Otherwise the states of N that can reach a child are removed, and the
terminal SCCs of what the remaining candidates reach are the attractors
(:mod:`._async`). A minimal trap space has no children: its candidates are
moved forward together first (``coalesced``); one left is in its only
attractor, the states it reaches; else its attractors are the terminal SCCs
of what its candidates reach.

Most trap spaces need not be expanded at all (attractor seeds, as biobalm's
``expand_attractor_seeds``): when the network's minimal trap spaces can be
listed (at most ``MINIMAL_LIMIT``), a trap space N first takes the same
candidates outside its minimal trap spaces (``seeds``: every attractor of N
outside them holds one) and walks them at random. An attractor holding a
candidate that reaches a trap space lies in it, so when no candidate is left
the attractors of N are those of its minimal trap spaces, pushed as they
are, and N's children are never asked for. Otherwise only the children
holding a candidate left are searched: an attractor in another child holds
none, so a minimal trap space holds it. With the minimal trap spaces listed,
up to ``SEEDED_SPLIT_INPUTS`` free inputs are split rather than searched
whole: each value of the inputs holds a minimal trap space, so there are no
more values than minimal trap spaces.
"""

from __future__ import annotations

from dataclasses import replace
from random import Random
from typing import Any, Iterator

from logicnet.dynamics.engines import get_engine
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._async import small_components, terminal_components
from logicnet.dynamics.engines.symbolic._fixed import _conjoin, _conjoin_within, _value
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
        self._compiled: dict[int, tuple[Function, Any]] = {}  # BDD → (it, kept alive; its _Table)
        self._signs: dict[int, tuple[Function, list[tuple[str, int]]]] = {}  # for negative_feedback
        self._minimal: list[Fixed] | None = None  # the network's minimal trap spaces, when few
        self.leaves: set[frozenset[tuple[str, bool]]] = set()  # those met so far (no children)

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

    def tables(self, restricted: dict[str, Function]) -> dict[str, Any]:
        """The ``restricted`` functions compiled for evaluation on states
        (``_Table``), each BDD once: the walks and the candidates moved
        forward together use them, and many trap spaces share functions."""
        compiled = self._compiled
        out = {}
        for b, f in restricted.items():
            known = compiled.get(int(f))
            if known is None:
                known = compiled[int(f)] = (f, _Table.of(f))
            out[b] = known[1]
        return out

    def signs(self, g: Function) -> list[tuple[str, int]]:
        """:func:`regulator_signs` of ``g``, each BDD once."""
        known = self._signs.get(int(g))
        if known is None:
            known = self._signs[int(g)] = (g, regulator_signs(self.system, g))
        return known[1]

    def minimal_within(self, fixed: Fixed) -> list[Fixed] | None:
        """The minimal trap spaces of the network inside the trap space
        ``fixed`` (each fixes every bit it holds constant), or None when the
        network has more than ``MINIMAL_LIMIT`` of them (they are not listed)."""
        if self._minimal is None and MINIMAL_LIMIT <= 0:  # (not listed: tests compare both ways)
            self._minimal = []
        elif self._minimal is None:
            task = Task(self.core_network, "attractors", semantics="mostpermissive", limit=MINIMAL_LIMIT,
                        deadline=self.task.deadline)
            answer = get_engine("asp").solve(task)
            self._minimal = [{b: bool(levels[0]) for b, levels in zip(self.core, a.cover[0]) if len(levels) == 1}
                             for a in answer.attractors] if answer.complete else []
            self.task.report(f"symbolic: {len(self._minimal)} minimal trap spaces"
                             if answer.complete else f"symbolic: over {MINIMAL_LIMIT} minimal trap spaces")
        if not self._minimal:
            return None
        items = fixed.items()
        return [m for m in self._minimal if all(m.get(b) == v for b, v in items)]

    def space(self, fixed: Fixed) -> Function:
        return self.system.bdd.cube(fixed) & self.base if fixed else self.base

    def union(self, spaces: list[Fixed]) -> Function:
        """The states of any of the subspaces ``spaces``."""
        out = self.system.false
        for fixed in spaces:
            out |= self.space(fixed)
        return out

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
        """The attractors of the trap space ``fixed`` that are in none of the
        trap spaces it pushes on ``stack``, or all of them when it is solved
        whole."""
        free = [b for b in self.core if b not in fixed]
        if not free:  # a fixed point
            yield self.readouts.expand(self.space(fixed))
            return
        restricted = {b: self.restricted(fixed, b) for b in free}
        inputs = [b for b in free if restricted[b] == self.literal[b]]
        key = frozenset(fixed.items())
        seeded = len(free) > DIRECT_BITS and key not in self.leaves and len(inputs) <= SEEDED_SPLIT_INPUTS
        minimal = self.minimal_within(fixed) if seeded else None
        if len(free) <= DIRECT_BITS or (len(inputs) > SPLIT_INPUTS and minimal is None):
            # small, or many free inputs: one terminal-SCC search handles every
            # input value at once. With seeds, the values of a few more inputs
            # are searched apart (each holds a minimal trap space, so there
            # are no more of them than minimal trap spaces)
            space = self.space(fixed)
            if len(free) <= PIVOT_BITS:
                bits = sorted(self.system.position[b] for b in free)
                yield from small_components(self.system, space, bits, self.task, self.readouts)
            else:
                yield from terminal_components(self.system, space, self.task, self.readouts)
            return

        def push(child: Fixed) -> None:
            key = frozenset(child.items())
            if key not in seen:
                seen.add(key)
                stack.append(child)

        left, held = None, None
        if minimal is not None and any(len(m) == len(fixed) for m in minimal):
            self.leaves.add(key)  # (a minimal trap space itself)
        elif minimal is not None and len(inputs) <= SEED_INPUTS:
            held = self.held(free, restricted)
            left = self.seeds(fixed, free, restricted, held, minimal)
            for m in minimal:
                self.leaves.add(frozenset(m.items()))
                push(m)
            if left == self.system.false:
                return
        if inputs:  # two trap spaces that share no state: nothing else to search here
            for value in (False, True):
                push(self.percolate({**fixed, inputs[0]: value}, closed=fixed))
            return
        if key in self.leaves:
            children: list[Fixed] = []
        else:
            found = self.maximal.within({self.index[b]: int(v) for b, v in fixed.items()}, self.task.deadline)
            children = [{**fixed, **{self.core[i]: bool(v) for i, v in new.items()}} for new in found]
            for k, child in enumerate(children):
                # with seeds, only the children holding some are searched: an
                # attractor in another child holds none, so it is in a minimal trap space
                if left is None or left & self.space(child) != self.system.false:
                    children[k] = self.percolate(child, closed=fixed)
                    push(children[k])
        yield from self.motif_avoidant(fixed, free, restricted, children, left, held)

    def held(self, free: list[str], restricted: dict[str, Function]) -> set[str]:
        """A negative feedback vertex set of the trap space whose free bits
        have the ``restricted`` functions (see :func:`negative_feedback`)."""
        return negative_feedback(free, {b: self.signs(restricted[b]) for b in free})

    def settled(self, fixed: Fixed, free: list[str], restricted: dict[str, Function], held: set[str],
                shelters: list[Fixed], sheltered: Function, enough: int = 0) -> Function:
        """The states of the trap space ``fixed`` outside the ``shelters``
        (whose states are ``sheltered``) where every bit outside ``held``
        equals its function, narrowed by a retained set (``retained``): every
        attractor of the trap space outside the shelters holds one."""
        system = self.system
        settled = [system.bdd.apply("equiv", self.literal[b], restricted[b]) for b in free if b not in held]
        space = self.space(fixed)
        candidates = space
        if settled:
            found = _conjoin_within([space, *settled], CONJOIN_BUDGET, self.task, SEARCH)
            if found is None:
                # a BDD past its budget: clingo lists the settled states that a
                # retained set keeps (those are enough: see ``retained``) when
                # they are few, and the BDD takes over past that
                values = self.retained_values(sorted(held), restricted, shelters)
                kept = [self.keep(b, r, restricted) for b, r in values.items()]
                listed = self.listed(space, fixed, free, [*settled, *kept], shelters, SETTLED_LISTED)
                if listed is not None:
                    return listed & ~sheltered
                found = _conjoin([space, *settled], self.task, SEARCH)
            candidates = found
        candidates &= ~sheltered
        if candidates == system.false:
            return candidates
        return self.retained(candidates, held, restricted, shelters, enough)

    def listed(self, space: Function, fixed: Fixed, free: list[str], conditions: list[Function],
               shelters: list[Fixed], limit: int) -> Function | None:
        """The states of the trap space ``fixed`` (``space``) where every one of the
        ``conditions`` holds, outside the ``shelters``, listed by clingo: each
        path of a condition's complement (and of the space's) becomes a
        constraint on the ``free`` bits. ``None`` when there are more than
        ``limit`` such states, or more than :data:`SETTLED_CONSTRAINTS`
        constraints to write."""
        import clingo

        system = self.system
        known = {**self.resting, **fixed}
        index = {b: k for k, b in enumerate(free)}
        lines = [f"{{ v(0..{len(free) - 1}) }}."] if free else []

        def forbid(cube: dict[str, bool]) -> bool:
            """Add ``:- cube.``; False when a bit is neither free nor known."""
            body = []
            for b, value in cube.items():
                if b in index:
                    body.append(f"v({index[b]})" if value else f"not v({index[b]})")
                elif b not in known:
                    return False
                elif known[b] != value:
                    return True  # the cube misses the space: nothing to forbid
            lines.append(f":- {', '.join(body)}." if body else ":- #true.")
            return True

        for bad in [~space, *(~u for u in conditions)]:
            for cube in system.cubes(bad):
                if not forbid(cube) or len(lines) > SETTLED_CONSTRAINTS:
                    return None
        for shelter in shelters:
            forbid(shelter)
        control = clingo.Control(["--models=0", "--warn=none"])
        control.add("base", [], "\n".join(lines))
        control.ground([("base", [])])
        states = system.false
        count = 0
        with control.solve(yield_=True) as handle:
            for model in handle:
                self.task.check_time(SEARCH)
                count += 1
                if count > limit:
                    return None
                on = {symbol.arguments[0].number for symbol in model.symbols(atoms=True)}
                states |= system.bdd.cube({b: k in on for b, k in index.items()})
        return states & space

    def seeds(self, fixed: Fixed, free: list[str], restricted: dict[str, Function], held: set[str],
              minimal: list[Fixed]) -> Function:
        """Candidates of the trap space ``fixed`` (not itself minimal) that
        random walks do not take into one of the ``minimal`` trap spaces
        inside it: every attractor of the space outside those holds one
        (attractor seeds, as biobalm expands its succession diagram). When
        there are none, the attractors of the space are those of the minimal
        trap spaces: an attractor holding a candidate that reaches a trap
        space lies in it."""
        candidates = self.settled(fixed, free, restricted, held, minimal, self.union(minimal), RETAINED_ENOUGH)
        if candidates == self.system.false:
            return candidates
        return self.pruned(candidates, free, restricted, minimal, held, SEED_WALK_BUDGET)

    def motif_avoidant(self, fixed: Fixed, free: list[str], restricted: dict[str, Function],
                       children: list[Fixed], seeds: Function | None = None,
                       held: set[str] | None = None) -> Iterator[Function]:
        """The attractors of the trap space ``fixed`` in none of its
        ``children``; ``seeds``, when given, holds a state of each of them
        (``held`` the negative feedback set it was found with)."""
        system, false = self.system, self.system.false
        space = self.space(fixed)
        if held is None:
            held = self.held(free, restricted)
        shelters = self.union(children)
        if seeds is None:
            candidates = self.settled(fixed, free, restricted, held, children, shelters)
        else:
            candidates = seeds & ~shelters
        if candidates == false:
            return
        before = int(system.estimate(candidates))
        candidates = self.pruned(candidates, free, restricted, children, held)
        if candidates == false:
            return
        self.task.report(f"symbolic: trap space {self.nodes} ({len(free)} free bits, {len(children)} children,"
                         f" {len(held)} held): {before} candidates, {int(system.estimate(candidates))} after walks")
        bits = sorted(system.position[b] for b in free)
        if not children:
            candidates = self.coalesced(candidates, free, restricted, fixed)
            if system.estimate(candidates) == 1:
                # a minimal trap space holds an attractor, and it holds a candidate
                yield self.readouts.expand(forward(system, candidates, space, bits, self.task))
            else:
                single = self.one_attractor(candidates, space, bits)
                if single is not None:
                    yield self.readouts.expand(single)
                else:  # the whole space is forward closed: its terminal SCCs are the attractors
                    yield from terminal_components(system, space, self.task, self.readouts)
            return
        universe = self.outside_children(candidates, space, shelters, bits)
        if universe != false:
            yield from terminal_components(system, universe, self.task, self.readouts)

    def retained_values(self, order: list[str], restricted: dict[str, Function],
                        children: list[Fixed]) -> dict[str, bool]:
        """The first value r(u) of each held bit (see :meth:`retained`)."""
        value: dict[str, bool] = {}
        if children:
            child = min(children, key=lambda c: sum(b in c for b in order))
            value.update({b: child[b] for b in order if b in child})
        everything = self.system.estimate(self.system.true)
        for b in order:  # (the function of a core bit in the space reads free bits only)
            if b not in value:
                value[b] = 2 * self.system.estimate(restricted[b]) > everything
        return value

    def keep(self, b: str, r: bool, restricted: dict[str, Function]) -> Function:
        """The held bit ``b`` at ``r``, or at its function's value."""
        return (self.literal[b] | ~restricted[b]) if r else (~self.literal[b] | restricted[b])

    def retained(self, candidates: Function, held: set[str], restricted: dict[str, Function],
                 children: list[Fixed], enough: int = 0) -> Function:
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
        candidates (as biobalm chooses it), until at most ``enough`` are left."""
        if not held:
            return candidates
        system, count = self.system, self.system.estimate
        order = sorted(held)
        value = self.retained_values(order, restricted, children)
        kept = _Products([candidates, *(self.keep(b, value[b], restricted) for b in order)], self.task)
        best = kept.all()
        if best == system.false:
            return best
        least = count(best)
        widest = RETAINED_SEEDED if enough else RETAINED_OPTIMISED
        for _ in range(RETAINED_ROUNDS if len(order) <= widest else 0):
            improved = False
            for k, b in enumerate(order):
                if least <= enough or least == 0 or (least == 1 and not children):
                    return best  # (one candidate in a minimal trap space: its attractor's)
                self.task.check_time(SEARCH)
                flipped = self.keep(b, not value[b], restricted)
                trial = _conjoin([flipped, *kept.others(k + 1)], self.task, SEARCH)
                size = count(trial)
                if size < least:
                    value[b], best, least, improved = not value[b], trial, size, True
                    kept.replace(k + 1, flipped)
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
        tables = self.tables(restricted)
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
               children: list[Fixed], held: set[str], budget: int | None = None) -> Function:
        """``candidates`` without those that a random walk takes into a child,
        or to another candidate still kept (its attractor, if any, holds that
        one too). Only when there are few candidates; a walk that gets nowhere
        proves nothing, the candidate stays. Candidates are settled outside
        ``held``: only those bits can move at a walk's start. ``budget``:
        the steps of all the walks (by default ``WALK_BUDGET``)."""
        system = self.system
        if system.estimate(candidates) > SIMULATED_CANDIDATES:
            return candidates
        inside = set(free)
        readers = {b: [r for r in self.readers[b] if r in inside] for b in free}
        walker = _Walker(free, self.tables(restricted), readers, children, len(free))
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
        budget = WALK_BUDGET if budget is None else budget
        for code, values in order:
            if budget <= 0:
                break
            if len(kept) == 1 and not children:
                break
            state = {b: values[b] for b in free}
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
#: past this many nodes in two operands, the settled states are listed by clingo instead
CONJOIN_BUDGET = 50_000
#: ... when they are at most this many (else the BDD conjunction goes on; each listing past it costs
#: about 0.1 s, paid 18 times on BBM id-277)
SETTLED_LISTED = 200
#: constraints written for that listing at most
SETTLED_CONSTRAINTS = 200_000
#: which of the two searches of ``outside_children`` steps next: the one with
#: the smaller BDD, or always ``"forward"`` or ``"backward"`` (tests take both)
RACE = "smaller"
#: a trap space with at most this many free bits is searched whole
DIRECT_BITS = 16
#: the retained values of at most this many held bits are flipped one at a
#: time, in at most this many rounds, while that leaves fewer candidates
RETAINED_OPTIMISED = 24
RETAINED_ROUNDS = 2
#: for seeds (walked at once when few): up to this many held bits, flipped
#: only while more than ``RETAINED_ENOUGH`` candidates are left
RETAINED_SEEDED = 64
RETAINED_ENOUGH = 2048
#: the network's minimal trap spaces are listed, to search trap spaces by their
#: seeds, when there are at most this many
MINIMAL_LIMIT = 10_000
#: with the minimal trap spaces listed, a trap space with at most this many
#: free inputs is split on them (not searched whole)
SEEDED_SPLIT_INPUTS = 9
#: trap spaces with at most this many free inputs are searched by their seeds
#: before they are split (BBM id-277, 7 inputs, with 1 to 4: 30, 26, 28, 18 s;
#: with 7, 53 s, seeds failing on trap spaces with many inputs)
SEED_INPUTS = 4
#: steps of all the walks from the seeds of one trap space
SEED_WALK_BUDGET = 400_000
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


class _Products:
    """Conjunctions of many BDDs, one replaced at a time, kept in a balanced
    tree of partial products: the product of all but one is the product of
    the siblings along that one's path (a logarithmic number of parts)."""

    def __init__(self, parts: list[Function], task: Task):
        self.size = len(parts)
        self.tree: dict[int, Function] = {}  # heap-numbered, node k has children 2k and 2k+1
        self.task = task
        self._build(1, 0, self.size, parts)

    def _build(self, node: int, low: int, high: int, parts: list[Function]) -> Function:
        if high - low == 1:
            product = parts[low]
        else:
            middle = (low + high) // 2
            product = self._build(2 * node, low, middle, parts) & self._build(2 * node + 1, middle, high, parts)
        self.tree[node] = product
        return product

    def _path(self, index: int) -> list[tuple[int, int]]:
        """The tree nodes from the root down to leaf ``index``, with each one's sibling."""
        node, low, high = 1, 0, self.size
        path = []
        while high - low > 1:
            middle = (low + high) // 2
            if index < middle:
                path.append((2 * node, 2 * node + 1))
                node, high = 2 * node, middle
            else:
                path.append((2 * node + 1, 2 * node))
                node, low = 2 * node + 1, middle
        return path

    def all(self) -> Function:
        return self.tree[1]

    def others(self, index: int) -> list[Function]:
        """Parts whose product is that of every part but ``index``."""
        return [self.tree[sibling] for _, sibling in self._path(index)]

    def replace(self, index: int, part: Function) -> None:
        path = self._path(index)
        leaf = path[-1][0] if path else 1
        self.tree[leaf] = part
        for node, sibling in reversed(path):
            parent = node // 2
            self.tree[parent] = self.tree[node] & self.tree[sibling]
            self.task.check_time(SEARCH)


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
                 children: list[Fixed], seed: int):
        """``tables``: each free bit's function in the trap space, compiled
        (:meth:`_Succession.tables`); ``children``: trap spaces inside it."""
        self.free, self.readers = free, readers
        self.restricted = tables
        self.weight = {b: 1 << k for k, b in enumerate(free)}
        # a state is in a child when its number, masked by the bits the child fixes, is the child's
        self.children = [(sum(self.weight[b] for b in child if b in self.weight),
                          sum(self.weight[b] for b, v in child.items() if v and b in self.weight))
                         for child in children]
        self.sheltered: set[int] = set()
        self.random = Random(seed)

    def sheltering(self, code: int) -> bool:
        """Whether the state numbered ``code`` is in a child."""
        return any(code & mask == value for mask, value in self.children)

    def walk(self, state: dict[str, bool], start: int, kept: set[int], movers: list[str]) -> tuple[bool, int]:
        """Walk from ``state`` (the free bits of the candidate ``start``;
        changed in place, only its ``movers`` unstable) until in a child, at
        another candidate of ``kept``, stuck, or out of steps (each step flips
        a bit that can flip): whether it got to a child or a candidate, and
        the steps taken."""
        free, restricted, readers, weight = self.free, self.restricted, self.readers, self.weight
        unstable = [b for b in movers if restricted[b](state) != state[b]]
        where = {b: k for k, b in enumerate(unstable)}
        code = start
        path = [code]
        steps = WALK_STEPS * len(free)
        sheltering = self.sheltering
        for step in range(steps):
            if code in self.sheltered or sheltering(code):
                self.sheltered.update(path)
                return True, step
            if code != start and code in kept:
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
        arrived = (code != start and code in kept) or sheltering(code)
        return bool(arrived), steps


def regulator_signs(system: SymbolicSystem, g: Function) -> list[tuple[str, int]]:
    """The regulators of the function ``g`` with the sign of their effect (0:
    positive, 1: negative; both for a regulator read both ways)."""
    bdd, false = system.bdd, system.false
    found: list[tuple[str, int]] = []
    for u in sorted(support(g)):
        low, high = bdd.let({u: False}, g), bdd.let({u: True}, g)
        if low & ~high == false:
            found.append((u, 0))
        elif high & ~low == false:
            found.append((u, 1))
        else:
            found.extend(((u, 0), (u, 1)))
    return found


def negative_feedback(free: list[str], signs: dict[str, list[tuple[str, int]]]) -> set[str]:
    """Bits meeting every negative cycle of the dependency graph of the free
    bits, ``signs[v]`` the regulators of ``v`` with the signs of their effect
    (a regulator read both ways counts as both signs): a cycle of sign -1 is
    a closed walk from (v, 0) to (v, 1) in the graph of (bit, parity) pairs,
    so bits are taken, most connected first, until no strongly connected
    component of that graph holds both parities of a bit; then each taken
    bit that is not needed is given back (fewer held bits, fewer candidates)."""
    inside = set(free)
    edges = [(u, v, sign) for v in free for u, sign in signs[v] if u in inside]
    held: set[str] = set()
    while True:
        odd = _odd_bits(edges, held)
        if not odd:
            break
        degree = {b: 0 for b in odd}
        for u, v, _ in edges:
            if u in odd and v in odd and u not in held and v not in held:
                degree[u] += 1
                degree[v] += 1
        held.add(max(sorted(odd), key=degree.__getitem__))
    for b in sorted(held):
        if not _odd_bits(edges, held - {b}):
            held.discard(b)
    return held


def _odd_bits(edges: list[tuple[str, str, int]], held: set[str]) -> set[str]:
    """The bits on a negative cycle of the signed ``edges`` that avoids ``held``."""
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
    return odd


def succession_attractors(system: SymbolicSystem, task: Task, readouts: Readouts) -> Iterator[Function]:
    """Every asynchronous attractor of ``system`` (one BDD each, read-outs
    put back), found by the succession of its trap spaces."""
    return _Succession(system, task, readouts).run()
