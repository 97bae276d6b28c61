"""Terminal SCCs of a one-bit-flip transition graph (asynchronous, priority).

The search keeps a *universe*: a forward-closed set of states that still holds
every terminal SCC not yet reported. Forward reachability inside it is
reachability in the whole graph. Jobs shrink it, interleaved one saturation
step at a time, the job with the smallest BDD first (the scheduling of
biodivine-aeon's interleaved transition guided reduction):

* one-way bits (that flip only up, or only down) go first: a state that can
  still flip such a bit never comes back, so it and its basin are transient;
* transition guided reduction (Beneš, Brim, Pastva, Šafránek, CAV 2021), per
  bit v: F, the states reachable from the states where v can flip, holds every
  terminal SCC that flips v, and the others cannot reach F, so the states
  outside F that reach F are transient. Inside F, the "bottom" states that can
  no longer reach a v-flip hold the terminal SCCs of F without v-flips, so the
  states that reach the bottom from outside it are transient too;
* fixed points, all at once: they are terminal SCCs, their basin is removed;
* Xie-Beerel pivots: the backward set B of one state of the universe, then its
  forward set, which is a terminal SCC exactly when it stays inside B. B is
  removed either way. A pivot job runs alongside the reduction, so that a
  universe that is already one big attractor is recognised early.

Every removed set is the basin of a forward-closed set minus that set, so the
universe stays forward closed, and a state outside it never lies on a path
between two states inside it.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Iterable, Iterator

from logicnet.dynamics.engines.symbolic._reach import Saturation, backward, forward, post, pre
from logicnet.dynamics.engines.symbolic._readouts import Readouts
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem
from logicnet.dynamics.engines.base import Task

__all__ = ["terminal_components", "small_components"]

Function = Any


class _Job:
    """A computation the search advances one saturation step at a time."""

    search: Saturation

    def weight(self) -> int:
        return int(self.search.states.dag_size)

    def discard(self, states: Function) -> None:
        self.search.discard(states)

    def step(self, run: "_Search") -> bool:
        """One step; true when the job is over (its results are applied)."""
        if not self.search.step(run.bits):
            return False
        self.finish(run)
        return True

    def finish(self, run: "_Search") -> None:
        raise NotImplementedError


class _Forward(_Job):
    """Reduction by the states reachable from the flips of one bit."""

    def __init__(self, run: "_Search", bit: int):
        self.bit = bit
        start = run.system.enabled[bit] & run.universe
        self.search = Saturation(run.system, start, run.universe, post)

    def finish(self, run: "_Search") -> None:
        reached = self.search.states
        if reached != run.universe:
            run.remove_basin(reached)
        run.jobs.append(_Extended(run, self.bit, reached & run.universe))


class _Extended(_Job):
    """Reduction by the states of F that can no longer flip the bit."""

    def __init__(self, run: "_Search", bit: int, reached: Function):
        self.bit = bit
        self.reached = reached
        start = run.system.enabled[bit] & reached
        self.search = Saturation(run.system, start, reached, pre)

    def discard(self, states: Function) -> None:
        self.search.discard(states)
        self.reached &= ~states

    def finish(self, run: "_Search") -> None:
        bottom = self.reached & ~self.search.states
        if bottom != run.system.false:
            run.remove_basin(bottom)
        run.drop_stuck_bits()


class _Fixed(_Job):
    """The fixed points of the universe and their basin."""

    def __init__(self, run: "_Search", fixed: Function):
        self.search = Saturation(run.system, fixed, run.universe, pre)
        self.fixed = fixed

    def discard(self, states: Function) -> None:
        self.search.discard(states)
        self.fixed &= ~states

    def finish(self, run: "_Search") -> None:
        system, fixed = run.system, run.readouts.expand_fixed(self.fixed)
        run.found.append(chain.from_iterable(system.minterms(c) for c in system.cubes(fixed)))
        run.remove(self.search.states)


class _Pivot(_Job):
    """Xie-Beerel: the basin B of one state, then its forward set inside B."""

    def __init__(self, run: "_Search"):
        self.pivot = run.system.pick(run.universe)
        self.search = Saturation(run.system, self.pivot, run.universe, pre)
        self.basin: Function | None = None

    def discard(self, states: Function) -> None:
        self.search.discard(states)
        if self.basin is not None:
            self.basin &= ~states

    def step(self, run: "_Search") -> bool:
        false = run.system.false
        if self.pivot & run.universe == false:  # found transient by another job
            return True
        closed = self.search.step(run.bits)
        if self.basin is None:
            if closed:
                self.basin = self.search.states
                self.search = Saturation(run.system, self.pivot, run.universe, post)
            return False
        if self.search.states & ~self.basin != false:  # escapes: the pivot is transient
            run.remove(self.basin)
            return True
        if closed:
            run.found.append((run.readouts.expand(self.search.states),))
            run.remove(self.basin)
        return closed


class _Search:
    """The scheduler: the universe, the bits that can flip in it, the jobs."""

    def __init__(self, system: SymbolicSystem, universe: Function, task: Task, readouts: Readouts):
        self.system = system
        self.readouts = readouts
        self.universe = universe
        self.task = task
        self.bits = list(system.movable)
        self.drop_stuck_bits()
        self.jobs: list[_Job] = []
        self.found: list[Iterable[Function]] = []  # attractors not yet handed out
        self.pending = system.false
        self.pivot_steps = self.reduction_steps = 0

    def remove(self, states: Function) -> None:
        """Take transient (or reported) states out of the universe."""
        if states == self.system.false:
            return
        self.universe &= ~states
        self.pending |= states

    def remove_basin(self, core: Function) -> None:
        """Remove the states outside ``core`` (forward closed) that reach it."""
        basin = backward(self.system, core, self.universe, self.bits, self.task)
        self.remove(basin & ~core)

    def drop_stuck_bits(self) -> None:
        """Forget the bits that can no longer flip inside the universe."""
        enabled, universe, false = self.system.enabled, self.universe, self.system.false
        self.bits = [i for i in self.bits if enabled[i] & universe != false]

    def one_way(self) -> None:
        """Remove the states that can still flip a bit flipping one way only."""
        system = self.system
        for i in list(self.bits):
            flips = system.enabled[i] & self.universe
            if flips == system.false:
                continue
            literal = system.literals[i]
            if flips & literal != system.false and flips & ~literal != system.false:
                continue
            self.universe &= ~backward(system, flips, self.universe, self.bits, self.task)
            self.drop_stuck_bits()

    def run(self) -> Iterator[Function]:
        """Every terminal SCC of the universe, as it is found."""
        self.one_way()
        fixed = self.system.stable(self.universe)
        if fixed != self.system.false:
            self.jobs.append(_Fixed(self, fixed))
        self.jobs.extend(_Forward(self, i) for i in self.bits)
        weights = {job: job.weight() for job in self.jobs}
        while self.universe != self.system.false:
            self.task.check_time("the symbolic attractor search")
            if not any(isinstance(job, _Pivot) for job in self.jobs):
                self.jobs.append(_Pivot(self))
            if self.pending != self.system.false:
                for job in self.jobs:
                    job.discard(self.pending)
                weights = {job: job.weight() for job in self.jobs}
                self.pending = self.system.false
            for job in self.jobs:
                if job not in weights:
                    weights[job] = job.weight()
            job = self._next(weights)
            if job.step(self):
                self.jobs.remove(job)
                del weights[job]
                running = sum(not isinstance(j, _Pivot) for j in self.jobs)
                self.task.report(f"symbolic: {running} reductions running")
            else:
                weights[job] = job.weight()
            for group in self.found:
                yield from group
            self.found.clear()

    def _next(self, weights: dict[_Job, int]) -> _Job:
        """The pivot job when it has had fewer steps than the reductions
        (a fair share: pivots must not starve them), else the smallest job."""
        reductions = [job for job in self.jobs if not isinstance(job, _Pivot)]
        if reductions and self.pivot_steps > self.reduction_steps:
            self.reduction_steps += 1
            return min(reductions, key=weights.__getitem__)
        job = min(self.jobs, key=weights.__getitem__)
        if isinstance(job, _Pivot):
            self.pivot_steps += 1
        else:
            self.reduction_steps += 1
        return job


def terminal_components(system: SymbolicSystem, universe: Function, task: Task,
                        readouts: Readouts) -> Iterator[Function]:
    """Every terminal SCC inside ``universe`` (forward closed, read-outs
    resting), one BDD each, with the read-outs put back."""
    return _Search(system, universe, task, readouts).run()


def small_components(system: SymbolicSystem, universe: Function, bits: list[int], task: Task,
                     readouts: Readouts) -> Iterator[Function]:
    """Every terminal SCC inside ``universe`` (forward closed, read-outs
    resting) by pivots alone, for small spaces where the reductions of
    :func:`terminal_components` cost more than they save: the fixed points
    at once, then the forward set F of a state, a terminal SCC when every
    state of F reaches the state back. The basin of a reported SCC, or of a
    state that is not in one, holds no other attractor and is removed (what
    is left stays forward closed); the next pivot is taken from F when it
    still has states, as F holds an attractor."""
    false = system.false
    fixed = system.stable(universe)
    if fixed != false:
        universe &= ~backward(system, fixed, universe, bits, task)
        yield from chain.from_iterable(system.minterms(c) for c in system.cubes(readouts.expand_fixed(fixed)))
    inside = universe
    while universe != false:
        task.check_time("the symbolic attractor search")
        pivot = system.pick(inside if inside != false else universe)
        reached = forward(system, pivot, universe, bits, task)
        basin = backward(system, pivot, reached, bits, task)
        if basin == reached:
            yield readouts.expand(reached)
            universe &= ~backward(system, reached, universe, bits, task)
            inside = false
        else:
            universe &= ~backward(system, pivot, universe, bits, task)
            inside = reached & universe
