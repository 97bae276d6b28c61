"""Read-out nodes under asynchronous dynamics: solved after the rest.

A read-out is a node that no other node reads (itself excluded, so free
inputs and self-sustaining nodes never are); removing read-outs one after
another peels whole output cascades off a signalling network. The other nodes
(the core) move the same whatever the read-outs do, so the search runs on the
core alone, with the read-outs resting at level 0, and each core attractor A
is then extended, read-outs in reverse order of removal:

    attractor = A × [lowest target, highest target of the read-out over A].

Why: within A the core can visit every state, and a read-out moves only toward
its current target, one level at a time, whenever it is chosen. From any state
of A the core can go where the target is highest (or lowest) and let the
read-out climb (or descend) to any level in between, then go anywhere in A
without touching it; levels outside the range move back into it and never
return. The product is again strongly connected and closed, so the next
read-out (which may read this one) extends it in the same way.

This holds for the asynchronous semantics only: under priority classes a
read-out's pending move can block the slower core nodes.
"""

from __future__ import annotations

from typing import Any

from logicnet.dynamics.engines.symbolic._system import SymbolicSystem
from logicnet.model.booleanize import target_at_least
from logicnet.model.functions import compile_expression
from logicnet.model.network import Network

__all__ = ["readout_order", "Readouts"]

Function = Any


def readout_order(network: Network) -> list[str]:
    """The nodes that can be peeled off as read-outs, in order of removal."""
    readers: dict[str, set[str]] = {name: set() for name in network.names}
    for name, node in network.nodes.items():
        for regulator in node.update_rule().regulators:
            readers[regulator].add(name)
    order: list[str] = []
    left = set(network.names)
    queue = [n for n in network.names if not readers[n]]
    while queue:
        name = queue.pop()
        order.append(name)
        left.discard(name)
        for regulator in network.nodes[name].update_rule().regulators:
            readers[regulator].discard(name)
            if regulator in left and not readers[regulator] and regulator not in queue:
                queue.append(regulator)
    return order


class Readouts:
    """The read-outs of ``system`` (passive in its search) and how to put them back."""

    def __init__(self, system: SymbolicSystem, names: list[str]):
        self.system = system
        self.names = names
        bdd = system.bdd
        index = {name: k for k, name in enumerate(system.names)}
        self.nodes = [index[name] for name in names]

        def atom(a: Any) -> Function:  # on admissible states, "Y >= t" is bit t of Y
            return bdd.var(system.bits[index[a.node]][a.threshold - 1])

        #: for each read-out, the conditions "target >= k", k = 1..levels
        self.targets = [
            [compile_expression(bdd, target_at_least(system.network.nodes[name].update_rule(), k), atom)
             for k in range(1, system.levels[index[name]] + 1)]
            for name in names
        ]
        resting = system.true
        for k in self.nodes:
            for bit in system.bits[k]:
                resting &= ~bdd.var(bit)
        #: the read-outs at level 0, as the search keeps them
        self.resting = resting
        self.bits = {bit for k in self.nodes for bit in system.bits[k]}
        self._levels: dict[tuple[int, int, int], Function] = {}

    def project(self, states: Function) -> Function:
        """The core of ``states``, with the read-outs resting."""
        if not self.bits:
            return states
        return self.system.bdd.exist(self.bits, states) & self.resting

    def expand(self, core: Function) -> Function:
        """The attractor whose core part (read-outs resting) is ``core``."""
        bdd, false = self.system.bdd, self.system.false
        attractor = core
        for k, targets in reversed(list(zip(self.nodes, self.targets))):
            high = next((j for j in range(len(targets), 0, -1) if attractor & targets[j - 1] != false), 0)
            low = next((j for j in range(len(targets)) if attractor & ~targets[j] != false), len(targets))
            rest = bdd.exist(set(self.system.bits[k]), attractor)
            attractor = rest & self._between(k, low, high)
        return attractor

    def expand_fixed(self, core: Function) -> Function:
        """The fixed points whose core parts are the fixed points in ``core``:
        every read-out sits at its target."""
        bdd = self.system.bdd
        fixed = core
        for k, targets in reversed(list(zip(self.nodes, self.targets))):
            fixed = bdd.exist(set(self.system.bits[k]), fixed)
            for bit, at_least in zip(self.system.bits[k], targets):
                fixed &= bdd.apply("equiv", bdd.var(bit), at_least)
        return fixed

    def _between(self, k: int, low: int, high: int) -> Function:
        """Node k at a level from ``low`` to ``high``."""
        key = (k, low, high)
        if key not in self._levels:
            self._levels[key] = self.system.levels_set(k, range(low, high + 1))
        return self._levels[key]
