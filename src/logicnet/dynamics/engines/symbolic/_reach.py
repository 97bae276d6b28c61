"""Symbolic reachability under one-bit transitions, by saturation.

A transition flips one bit ``i`` in a state of ``system.enabled[i]``. The
successors of a set S along bit i are ``(S & enabled[i])`` with bit i negated,
its predecessors are the states of ``enabled[i]`` whose bit-i neighbour is in S.

Reachable sets grow by saturation: one step applies the bits from the bottom
of the BDD order upwards and stops at the first bit that adds states; the next
step starts again from the bottom. Exhausting the bits near the leaves first
keeps the intermediate BDDs small (the scheme of biodivine-aeon's reachability).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from logicnet.dynamics.engines.symbolic._system import DYNAMIC_ORDER_BITS, SymbolicSystem
from logicnet.dynamics.engines.base import Task

__all__ = ["post", "pre", "Saturation", "forward", "backward", "Image"]

Function = Any
Image = Callable[[SymbolicSystem, int, Function], Function]

#: check the deadline once every this many saturation steps
CHECK_EVERY = 64
#: a saturation may reorder the variables after this many steps (see Saturation)
REORDER_AFTER = 256


def post(system: SymbolicSystem, i: int, states: Function) -> Function:
    """The successors of ``states`` along bit ``i``."""
    return system.bdd.let(system.flipped[i], states & system.enabled[i])


def pre(system: SymbolicSystem, i: int, states: Function) -> Function:
    """The predecessors of ``states`` along bit ``i``."""
    return system.bdd.let(system.flipped[i], states & system.entered[i])


class Saturation:
    """A reachable set grown one saturation step at a time.

    For each bit it remembers the set as it was when that bit was last
    applied, so that a step applies a bit only to the states added since
    (the frontier), which is usually far smaller than the whole set. The
    bits are taken in :meth:`SymbolicSystem.saturation_order`, worked out
    once per set of bits. A long saturation (past ``REORDER_AFTER`` steps)
    over more than ``DYNAMIC_ORDER_BITS`` bits lets CUDD reorder the
    variables (sifting) while it steps: reachability in a large trap space
    runs several times faster on the order sifting finds than on the static
    one (BBM id-204, 67 free bits: 76 s -> 24 s), while short searches lose
    more to reordering than they gain, and so do the operations after them
    that build BDDs variable by variable in the static order (cubes of
    states: 5x slower on BBM id-016 once its order had moved).
    """

    def __init__(self, system: SymbolicSystem, states: Function, universe: Function, image: Image):
        self.system = system
        self.states = states
        self.universe = universe
        self.image = image
        self.seen: dict[int, Function] = {}
        self.order: tuple[tuple[int, ...], list[int]] = ((), [])
        self.steps = 0

    def step(self, bits: Sequence[int]) -> bool:
        """Grow along the first bit of ``bits`` (taken from the end) that adds
        states of the universe; true when no bit adds any (the set is closed)."""
        system = self.system
        key = tuple(bits)
        if key != self.order[0]:
            self.order = (key, system.saturation_order(bits))
        self.steps += 1
        if self.steps <= REORDER_AFTER or len(key) <= DYNAMIC_ORDER_BITS:
            return self._step(self.order[1])
        system.bdd.configure(reordering=True)
        try:
            return self._step(self.order[1])
        finally:
            system.bdd.configure(reordering=False)

    def _step(self, order: list[int]) -> bool:
        system, states, seen = self.system, self.states, self.seen
        false = system.false
        for i in reversed(order):
            old = seen.get(i)
            if old is states:
                continue
            seen[i] = states
            frontier = states if old is None else states & ~old
            if frontier == false:
                continue
            new = self.image(system, i, frontier) & ~states
            if new != false:
                new &= self.universe
            if new != false:
                self.states = states | new
                return False
        return True

    def discard(self, states: Function) -> None:
        """Forget ``states`` (removed from the universe)."""
        self.universe &= ~states
        self.states &= ~states

    def run(self, bits: Sequence[int], task: Task | None) -> Function:
        """The closed set."""
        done = 0
        while not self.step(bits):
            done += 1
            if task is not None and done % CHECK_EVERY == 0:
                task.check_time()
        return self.states


def forward(system: SymbolicSystem, states: Function, universe: Function,
            bits: Sequence[int], task: Task | None = None) -> Function:
    """The states of ``universe`` reachable from ``states`` (included)."""
    return Saturation(system, states, universe, post).run(bits, task)


def backward(system: SymbolicSystem, states: Function, universe: Function,
             bits: Sequence[int], task: Task | None = None) -> Function:
    """The states of ``universe`` that can reach ``states`` (included)."""
    return Saturation(system, states, universe, pre).run(bits, task)
