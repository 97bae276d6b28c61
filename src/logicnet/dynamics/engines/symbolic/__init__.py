"""The symbolic engine: exact attractors with binary decision diagrams (dd/CUDD).

=============== ===============================================================
asynchronous    terminal SCCs by transition guided reduction and Xie-Beerel
priority        the same, on the transitions that priority classes allow
synchronous     cycles of the synchronous map, from its recurrent states
fixed points    the states where no node can move (any semantics), as a BDD
                over a feedback vertex set: counted without listing
most permissive the minimal trap spaces (no start states), as a BDD over
                two bits per Boolean variable (``_spaces``):
                counted without listing; clingo (the asp engine) lists
                them faster while they are few
=============== ===============================================================

Networks of at most 12 Boolean variables take their asynchronous attractors
from ``_tiny`` (sets of states as integers), where setting up BDDs would cost
more than the search. Sets of states are otherwise never enumerated: an attractor comes back as the disjoint
path cubes of its BDD, decoded to level sets (a cover); one with very many
cubes is counted on its BDD and its cover decoded when first used. Multivalued nodes are
solved on their booleanization, restricted to admissible bit patterns.
``solve_variants`` answers many perturbations of one network (each with its
own start states) on one BDD system (``_variants``).
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Iterator, Sequence

from logicnet.dynamics.attractor import Attractor, DeferredCover
from logicnet.dynamics.engines.symbolic._async import terminal_components
from logicnet.dynamics.engines.symbolic._fixed import ProjectedFixedPoints
from logicnet.dynamics.engines.symbolic._reach import forward
from logicnet.dynamics.engines.symbolic._readouts import Readouts, readout_order
from logicnet.dynamics.engines.symbolic._spaces import MinimalTrapSpaces
from logicnet.dynamics.engines.symbolic._succession import succession_attractors
from logicnet.dynamics.engines.symbolic._sync import synchronous_cycles
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem, cudd
from logicnet.dynamics.engines.symbolic._tiny import TINY_BITS, tiny_attractors
from logicnet.dynamics.engines.symbolic._variants import solve_variants
from logicnet.dynamics.engines.base import Answer, Task, Variant
from logicnet.errors import EngineUnavailable

__all__ = ["SymbolicEngine"]

SEMANTICS = ("asynchronous", "priority", "synchronous")
#: why most permissive attractors from start states go elsewhere
FROM_STARTS = ("the symbolic engine does not compute most permissive attractors from start states: use"
               " --engine asp (or --engine explicit for small networks)")
#: check the deadline once every this many attractors listed
CHECK_EVERY = 256
#: an attractor whose BDD has more path cubes than this has its cover deferred
EAGER_CUBES = 4096
#: asynchronous attractors over the whole state space by the succession of
#: trap spaces (``_succession``); off, one terminal-SCC search on the network
SUCCESSION = True
#: asynchronous attractors of networks of at most TINY_BITS Boolean variables
#: searched on bit sets (``_tiny``); off, they go the BDD way too
TINY = True


class SymbolicEngine:
    """Exact asynchronous, priority and synchronous attractors and fixed
    points, on BDDs; no limit on the size of the state space."""

    name = "symbolic"

    def check(self, task: Task) -> None:
        """Refuse most permissive attractors from start states (use asp),
        unknown semantics, and work without CUDD."""
        if cudd is None:
            raise EngineUnavailable(
                "the symbolic engine needs dd with its CUDD extension (dd.cudd), which is not"
                " installed: reinstall dd with CUDD (see dd's documentation), or use"
                " --engine explicit for small networks"
            )
        if task.question == "attractors" and task.semantics == "mostpermissive" and task.starts is not None:
            raise EngineUnavailable(FROM_STARTS)
        if task.question == "attractors" and task.semantics not in (*SEMANTICS, "mostpermissive"):
            raise EngineUnavailable(
                f"the symbolic engine does not know the semantics '{task.semantics}';"
                f" it answers {', '.join(SEMANTICS)} and mostpermissive"
            )

    def solve(self, task: Task) -> Answer:
        self.check(task)
        if task.question == "fixed_points":
            return _fixed_points(task)
        if task.semantics == "mostpermissive":
            return _minimal_trap_spaces(task)
        if task.semantics == "synchronous":
            return _synchronous(task)
        return _one_at_a_time(task)

    def solve_variants(self, task: Task, variants: Sequence[Variant]) -> list[list[Attractor]]:
        """The attractors reachable from each variant's starts, each variant a
        perturbation of ``task.network`` (``task.starts`` is not used), as the
        reachable engine's ``solve_variants`` gives them. The network's BDDs
        are built once; each variant replaces only the update functions and
        transitions it changes (``_variants``), so that many small questions
        do not each pay for a system."""
        self.check(task)
        if task.question != "attractors":
            raise EngineUnavailable("variants are asked for attractors, not fixed points")
        if task.semantics not in SEMANTICS:  # (each variant has start states)
            raise EngineUnavailable(FROM_STARTS)
        return solve_variants(task, variants)


def _synchronous(task: Task) -> Answer:
    system = SymbolicSystem(task.network, "synchronous")
    task.report(f"symbolic: {len(system.variables)} BDD variables")
    starts = system.union(task.starts) if task.starts is not None else None
    return _collect(system, task, synchronous_cycles(system, starts, task))


def _one_at_a_time(task: Task) -> Answer:
    """Asynchronous or priority attractors (read-outs apart, asynchronous only)."""
    if task.semantics == "asynchronous" and task.starts is None and TINY and \
            sum(node.levels for node in task.network.nodes.values()) <= TINY_BITS:
        task.report("symbolic: a tiny network, its states as bit sets")
        return _counted(task, tiny_attractors(task))
    passive = readout_order(task.network) if task.semantics == "asynchronous" else []
    system = SymbolicSystem(task.network, task.semantics, passive=passive)
    readouts = Readouts(system, passive)
    task.report(f"symbolic: {len(system.variables)} BDD variables, {len(passive)} read-outs")
    universe = system.admissible & readouts.resting
    if task.starts is not None:
        task.report("symbolic: states reachable from the start states")
        starts = readouts.project(system.union(task.starts))
        universe = forward(system, starts, universe, system.movable, task)
    elif task.semantics == "asynchronous" and SUCCESSION:
        return _collect(system, task, succession_attractors(system, task, readouts))
    return _collect(system, task, terminal_components(system, universe, task, readouts))


def _minimal_trap_spaces(task: Task) -> Answer:
    """Most permissive attractors: the minimal trap spaces, on a BDD of
    subspaces (see ``_spaces``), counted without listing them."""
    task.report(f"symbolic: minimal trap spaces of {len(task.names)} nodes, two BDD variables per bit")
    found = MinimalTrapSpaces(task.network, task)
    count = found.count() if task.count else None
    attractors = (Attractor.from_space(task.names, space, task.max_states) for space in found.spaces())
    return _take(task, attractors, count)


def _collect(system: SymbolicSystem, task: Task, found: Iterator[Any]) -> Answer:
    """Attractors from BDDs, up to ``task.limit`` (complete unless more exist);
    with ``task.count``, the others are counted without being decoded."""
    if not task.count:
        return _take(task, (_attractor(system, task, u) for u in found))
    taken: list[Attractor] = []
    count = 0
    for u in found:
        count += 1
        if task.limit is None or len(taken) < task.limit:
            taken.append(_attractor(system, task, u))
        if count % CHECK_EVERY == 0:
            task.check_time("counting the attractors")
    return Answer(taken, complete=len(taken) == count, count=count)


def _counted(task: Task, found: Iterator[Attractor]) -> Answer:
    """Like :func:`_collect`, for attractors already built."""
    if not task.count:
        return _take(task, found)
    taken: list[Attractor] = []
    count = 0
    for attractor in found:
        count += 1
        if task.limit is None or len(taken) < task.limit:
            taken.append(attractor)
    return Answer(taken, complete=len(taken) == count, count=count)


def _attractor(system: SymbolicSystem, task: Task, u: Any) -> Attractor:
    """The attractor of the states ``u``: from the cubes of its BDD when there
    are at most ``EAGER_CUBES``, else summarised on the BDD, its cover decoded
    only when asked for (one attractor of BBM id-204 has 400,000 cubes)."""
    cubes = list(islice(system.cubes(u), EAGER_CUBES + 1))
    if len(cubes) <= EAGER_CUBES:
        return Attractor.from_cover(task.names, map(system.decode, cubes), "cyclic", task.max_states)
    size, values, mean = system.summary(u)
    return Attractor.summarised(task.names, DeferredCover(lambda: system.cover(u)), size, values, mean,
                                task.max_states)


def _take(task: Task, found: Iterator[Attractor], count: int | None = None) -> Answer:
    """The attractors up to ``task.limit``, checking the deadline as they come."""
    taken: list[Attractor] = []
    for attractor in found:
        if task.limit is not None and len(taken) == task.limit:
            return Answer(taken, complete=False, count=count)
        taken.append(attractor)
        if len(taken) % CHECK_EVERY == 0:
            task.check_time("listing the attractors")
    return Answer(taken, complete=True, count=count)


def _fixed_points(task: Task) -> Answer:
    """Fixed points: the states where no node can move, found on a feedback
    vertex set (see ``_fixed``), counted without listing them."""
    system = SymbolicSystem(task.network, "asynchronous")
    task.report(f"symbolic: fixed points on {len(system.variables)} BDD variables")
    found = ProjectedFixedPoints.build(system, task)
    count = found.count() if task.count else None
    states = (system.decode(values) for values in found.states())
    attractors = (Attractor.from_cover(task.names, (space,), "fixed_point", task.max_states) for space in states)
    return _take(task, attractors, count)
