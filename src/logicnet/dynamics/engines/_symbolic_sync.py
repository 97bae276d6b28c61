"""Synchronous attractors: the cycles of the map x ↦ F(x).

The image of a set S is ``∃x. S(x) ∧ ⋀_i (x'_i ⇔ f_i(x))``, renamed from the
primed copies back to the bits, with every bit quantified as soon as the last
conjunct that reads it is in. Iterating the image from a forward-closed set
(every state, or the states reachable from the starts) shrinks it to the
recurrent states, the union of the cycles; the cycles are then separated by
following one state at a time.
"""

from __future__ import annotations

from typing import Any, Iterator

from logicnet.dynamics.engines._symbolic_system import SymbolicSystem
from logicnet.dynamics.engines.base import Task

try:
    from dd.cudd import and_exists
except ImportError:  # pragma: no cover - dd without CUDD
    from dd.autoref import and_exists  # type: ignore[no-redef]

__all__ = ["SyncImage", "synchronous_cycles"]

Function = Any


class SyncImage:
    """The image operator of the synchronous map of ``system``."""

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
        self.first = {v for v, k in last_use.items() if k < 0}
        self.schedule = [
            (relation, {v for v, k in last_use.items() if k == position})
            for position, relation in enumerate(relations)
        ]
        self.rename = dict(zip(system.primed, system.variables))

    def __call__(self, states: Function) -> Function:
        bdd = self.system.bdd
        u = bdd.exist(self.first, states) if self.first else states
        for relation, done in self.schedule:
            u = and_exists(u, relation, done) if done else u & relation
        return bdd.let(self.rename, u)


def synchronous_cycles(system: SymbolicSystem, starts: Function, task: Task) -> Iterator[Function]:
    """Every cycle of the synchronous map reachable from ``starts``, fixed
    points first."""
    image = SyncImage(system)
    false = system.false
    reached = frontier = starts
    while frontier != false:  # forward closure of the starts
        task.check_time("the synchronous attractor search")
        frontier = image(frontier) & ~reached
        reached |= frontier
    recurrent = reached
    rounds = 0
    while True:  # the image shrinks to the recurrent states
        task.check_time("the synchronous attractor search")
        smaller = image(recurrent)
        if smaller == recurrent:
            break
        recurrent = smaller
        rounds += 1
        task.report("symbolic: synchronous recurrent states", rounds, None)
    fixed = recurrent & system.stable()
    for cube in system.cubes(fixed):
        yield from system.minterms(cube)
    recurrent &= ~fixed
    while recurrent != false:
        task.check_time("the synchronous attractor search")
        state = system.pick(recurrent)
        cycle = current = state
        while True:
            current = image(current)
            if current & ~cycle == false:
                break
            cycle |= current
        yield cycle
        recurrent &= ~cycle

