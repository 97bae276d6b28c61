"""Synchronous attractors: the cycles of the map x ↦ F(x).

The image of a set S is ``∃x. S(x) ∧ ⋀_i (x'_i ⇔ f_i(x))``, renamed from the
primed copies back to the bits, with every bit quantified as soon as the last
conjunct that reads it is in. Iterating the image from a forward-closed set
(every state, or the states reachable from the starts) shrinks it to the
recurrent states, the union of the cycles. Inside that set every state lies
on its cycle, which is found by following the state explicitly until it comes
back.
"""

from __future__ import annotations

from typing import Any, Iterator

from logicnet.dynamics.engines.symbolic._system import SymbolicSystem, cudd
from logicnet.dynamics.engines.base import Task

__all__ = ["synchronous_cycles"]

Function = Any

#: check the deadline once every this many explicit steps
CHECK_EVERY = 1024


class _SyncMap:
    """The synchronous map of ``system``: images of sets and of single states."""

    def __init__(self, system: SymbolicSystem):
        self.system = system
        bdd = system.bdd
        relations = [
            bdd.apply("equiv", bdd.var(primed), f) for primed, f in zip(system.primed, system.functions)
        ]
        last_use: dict[str, int] = {v: -1 for v in system.variables}
        for k, f in enumerate(system.functions):
            for v in bdd.support(f):
                last_use[v] = k
        self.unused = {v for v, k in last_use.items() if k < 0}
        self.schedule = [
            (relation, {v for v, k in last_use.items() if k == position})
            for position, relation in enumerate(relations)
        ]
        self.rename = dict(zip(system.primed, system.variables))

    def image(self, states: Function) -> Function:
        bdd = self.system.bdd
        u = bdd.exist(self.unused, states) if self.unused else states
        for relation, done in self.schedule:
            u = cudd.and_exists(u, relation, done) if done else u & relation
        return bdd.let(self.rename, u)

    def successor(self, state: dict[str, bool]) -> dict[str, bool]:
        cube = self.system.bdd.cube(state)
        false = self.system.false
        return {v: (f & cube) != false for v, f in zip(self.system.variables, self.system.functions)}

    def cycle(self, state: dict[str, bool], task: Task) -> Function:
        """The cycle through ``state`` (a recurrent state), as a BDD."""
        cycle = self.system.false
        current, steps = state, 0
        while True:
            cycle |= self.system.bdd.cube(current)
            current = self.successor(current)
            steps += 1
            if current == state:
                return cycle
            if steps % CHECK_EVERY == 0:
                task.check_time("the synchronous attractor search")


def synchronous_cycles(system: SymbolicSystem, starts: Function | None, task: Task) -> Iterator[Function]:
    """Every cycle of the synchronous map reachable from ``starts`` (``None``:
    from anywhere), fixed points first."""
    sync = _SyncMap(system)
    false = system.false
    if starts is None:
        recurrent = system.admissible
    else:
        recurrent = frontier = starts
        while frontier != false:
            task.check_time("the synchronous attractor search")
            frontier = sync.image(frontier) & ~recurrent
            recurrent |= frontier
            task.report("symbolic: states reachable from the start states")
    while True:
        task.check_time("the synchronous attractor search")
        smaller = sync.image(recurrent)
        if smaller == recurrent:
            break
        recurrent = smaller
        task.report("symbolic: synchronous recurrent states")
    fixed = system.stable(recurrent)
    for cube in system.cubes(fixed):
        yield from system.minterms(cube)
    recurrent &= ~fixed
    while recurrent != false:
        state = next(system.cubes(system.pick(recurrent)))
        cycle = sync.cycle({v: state[v] for v in system.variables}, task)
        yield cycle
        recurrent &= ~cycle
