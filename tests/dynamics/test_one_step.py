"""The symbolic engine's encoding of a step agrees with the one definition of a
transition (:mod:`logicnet.dynamics.semantics`), state by state, on random
Boolean and multivalued networks, for every state semantics."""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from logicnet.dynamics.engines.symbolic._reach import post
from logicnet.dynamics.engines.symbolic._sync import _SyncMap
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem
from logicnet.dynamics.semantics import successors
from logicnet.dynamics.tables import RuleTables
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule
from tests.dynamics.test_symbolic import networks

State = tuple[int, ...]


def symbolic_successors(system: SymbolicSystem, state: State) -> set[State]:
    """The successors of one state, read off the BDD encoding."""
    cube = {}
    for bits, level in zip(system.bits, state):
        cube.update({bit: j < level for j, bit in enumerate(bits)})
    u = system.bdd.cube(cube)
    if system.semantics == "synchronous":
        image = _SyncMap(system).image(u)
        found = set()
        for space in system.cover(image):
            found.update(product(*space))
        found.discard(state)  # the one definition has no self-loop at a fixed point
        return found
    found = set()
    for i in range(len(system.variables)):
        for space in system.cover(post(system, i, u)):
            found.update(product(*space))
    return found


def defined_successors(network: Network, semantics: str) -> dict[State, set[State]]:
    """Every state's successors by :func:`logicnet.dynamics.semantics.successors`."""
    tables = RuleTables(network)
    space = tables.space
    codes = np.arange(space.size, dtype=np.int64)
    states = space.states(codes)
    out = successors(tables, codes, semantics)
    return {tuple(s): {tuple(t) for t in space.states(targets)} for s, targets in zip(states, out)}


def check(network: Network, semantics: str) -> None:
    system = SymbolicSystem(network, semantics)
    for state, expected in defined_successors(network, semantics).items():
        assert symbolic_successors(system, state) == expected, (semantics, state)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans().flatmap(networks), st.sampled_from(["asynchronous", "priority", "synchronous"]))
@example(  # a constant target three levels away: one level per synchronous step, not a jump
    Network("constant", {"A": Node("A", Rule((), 0), levels=2), "B": Node("B", None)}), "synchronous")
def test_symbolic_step_is_the_defined_step(network: Network, semantics: str) -> None:
    check(network, semantics)
