"""The explicit engine: the whole state space in NumPy arrays.

States are integers in mixed radix and every rule is evaluated on all of them
at once (:mod:`logicnet.dynamics.tables`). Synchronous, asynchronous and priority
attractors are the terminal strongly connected components of the transition
graph (:mod:`._graph`); most permissive attractors are the minimal
trap spaces of the booleanized network, and the ones reachable from start
states follow the most permissive definition (:mod:`._traps`).

This engine is logicnet's reference: the others are tested against it.
"""

from __future__ import annotations

import math

import numpy as np

from logicnet.dynamics.attractor import Attractor
from logicnet.dynamics.engines.explicit._graph import edges, steps, terminal_components
from logicnet.dynamics.engines.explicit._traps import (
    encode_starts,
    minimal_trap_spaces,
    reachable_trap_spaces,
)
from logicnet.dynamics.engines.base import Answer, Task
from logicnet.dynamics.tables import RuleTables, StateSpace
from logicnet.errors import EngineUnavailable, StateSpaceTooLarge
from logicnet.model.booleanize import Booleanized, booleanize

__all__ = [
    "ExplicitEngine",
    "MAX_STATES",
    "MAX_FIXED_POINT_STATES",
    "MAX_MOSTPERMISSIVE_STATES",
    "MAX_ATTRACTORS",
]

#: Largest state space for synchronous, asynchronous and priority attractors.
MAX_STATES = 2**22
#: Largest state space for fixed points (evaluated in blocks, so it can be larger).
MAX_FIXED_POINT_STATES = 2**25
#: Largest state space of the booleanized network for most permissive attractors.
MAX_MOSTPERMISSIVE_STATES = 2**20

#: At most this many attractors are built (each costs a few kilobytes); the
#: answer is then incomplete, with a note.
MAX_ATTRACTORS = 2**16

_BLOCK = 2**20  # states per block when looking for fixed points
_DYNAMICS = ("synchronous", "asynchronous", "priority")


class ExplicitEngine:
    """Exact answers by enumerating every state (networks of about 20 nodes).

    Limits (refused beyond them, with advice): ``MAX_STATES`` = 2^22 states for
    synchronous, asynchronous and priority attractors; ``MAX_FIXED_POINT_STATES``
    = 2^25 states for fixed points; ``MAX_MOSTPERMISSIVE_STATES`` = 2^20 states
    of the booleanized network for most permissive attractors. At the limits a
    question takes seconds and well under 1 GB. At most ``MAX_ATTRACTORS`` =
    2^16 attractors are returned (the answer is then marked incomplete).
    """

    name = "explicit"

    def check(self, task: Task) -> None:
        """Refuse unknown questions and state spaces above the limits, before any work."""
        network = task.network
        booleanized = ""
        if task.question == "fixed_points":
            size, limit, question = StateSpace.of(network).size, MAX_FIXED_POINT_STATES, "fixed points"
            advice = "use --engine asp for fixed points"
        elif task.question == "attractors" and task.semantics == "mostpermissive":
            size = 2 ** sum(node.levels for node in network.nodes.values())
            limit, question = MAX_MOSTPERMISSIVE_STATES, "most permissive attractors"
            advice = "use --engine asp for fixed points and most permissive attractors"
            booleanized = "" if network.is_boolean else " once booleanized"
        elif task.question == "attractors" and task.semantics in _DYNAMICS:
            size, limit, question = StateSpace.of(network).size, MAX_STATES, f"{task.semantics} attractors"
            advice = "use --engine symbolic for synchronous, asynchronous and priority attractors"
        else:
            raise EngineUnavailable(
                f"the explicit engine cannot answer '{task.question}' under '{task.semantics}'"
            )
        if size > limit:
            raise StateSpaceTooLarge(
                f"the network ({len(network.nodes)} nodes after percolating constants) has"
                f" {_count(size)} states{booleanized}, more than the explicit engine's limit of"
                f" {_count(limit)} for {question}: {advice}, or fix inputs with --context/--set"
                " to shrink the state space"
            )

    def solve(self, task: Task) -> Answer:
        """Answer ``task`` exactly (``check`` must have accepted it)."""
        if task.question == "fixed_points":
            return _fixed_points(task)
        if task.semantics == "mostpermissive":
            return _mostpermissive(task)
        return _attractors(task)


def _count(size: int) -> str:
    """``2^22`` for powers of two, else ``about 2^21.6``."""
    if size & (size - 1) == 0:
        return f"2^{size.bit_length() - 1}"
    return f"about 2^{math.log2(size):.1f}"


def _cap(task: Task) -> int:
    """The most attractors to build: the task's limit, at most ``MAX_ATTRACTORS``."""
    return MAX_ATTRACTORS if task.limit is None else min(task.limit, MAX_ATTRACTORS)


def _take(total: int, task: Task) -> tuple[int, list[str]]:
    """How many of ``total`` attractors (or more) to build, and a note when
    ``MAX_ATTRACTORS`` rather than the task's limit cuts the list."""
    shown = min(total, _cap(task))
    capped = shown == MAX_ATTRACTORS < total and (task.limit is None or task.limit > MAX_ATTRACTORS)
    note = (f"the explicit engine returns at most {MAX_ATTRACTORS:,} attractors (the first ones):"
            " set a limit, or fix inputs with --context/--set")
    return shown, [note] if capped else []


# --------------------------------------------------------------------------- fixed points


def _fixed_points(task: Task) -> Answer:
    """States where every node is at its target, block by block (counted
    exactly when ``task.count``, else only until more than can be shown)."""
    space = StateSpace.of(task.network)
    tables = RuleTables(task.network)
    cap = _cap(task)
    found: list[np.ndarray] = []
    count = 0
    for start in range(0, space.size, _BLOCK):
        task.check_time("the explicit engine")
        task.report("explicit: fixed points", start, space.size)
        stop = min(space.size, start + _BLOCK)
        codes = np.arange(start, stop, dtype=np.int64)
        levels = space.levels_range(start, stop)
        for i in range(len(space.names)):  # keep the states where node i is stable
            keep = tables.target(i, levels) == levels[i]
            if not keep.all():
                codes, levels = codes[keep], levels[:, keep]
        found.append(codes[: max(0, cap - count)].copy())
        count += len(codes)
        if count > cap and not task.count:
            break
    shown, notes = _take(count, task)
    points = space.states(np.concatenate(found))
    return Answer([Attractor.from_states(space.names, [p], max_states=task.max_states) for p in points],
                  complete=shown == count, count=count if task.count else None, notes=notes)


# --------------------------------------------------------------------------- attractors


def _attractors(task: Task) -> Answer:
    """Terminal SCCs of the synchronous, asynchronous or priority graph."""
    space = StateSpace.of(task.network)
    tables = RuleTables(task.network)
    step = steps(space, tables, task)
    starts = None if task.starts is None else space.union_codes(task.starts)
    groups = terminal_components(space.size, edges(space, step, task.semantics, tables.ranks), starts, task)
    shown, notes = _take(len(groups), task)
    return Answer([_attractor(space, groups[k], task.max_states) for k in range(shown)],
                  complete=shown == len(groups), count=len(groups) if task.count else None, notes=notes)


def _attractor(space: StateSpace, codes: np.ndarray, max_states: int) -> Attractor:
    """An attractor from its (sorted) state codes: the list of its states when
    they are to be listed (``max_states``), else disjoint subspaces covering it."""
    if len(codes) <= max_states:
        return Attractor.from_states(space.names, space.states(codes), max_states=max_states)
    return Attractor.from_cover(space.names, space.cover(codes), "cyclic", max_states)


# --------------------------------------------------------------------------- most permissive


def _mostpermissive(task: Task) -> Answer:
    """Minimal trap spaces of the booleanization (those most permissive
    dynamics reaches from ``task.starts`` when given)."""
    booleanized = booleanize(task.network)
    space = StateSpace.of(booleanized.network)
    tables = RuleTables(booleanized.network)
    step = steps(space, tables, task)
    unstable = step != 0
    cycles = terminal_components(space.size, edges(space, step, "asynchronous", tables.ranks), None, task)
    codes, free = minimal_trap_spaces(space, unstable, cycles, task)
    if task.starts is not None:
        starts = encode_starts(booleanized, space, task.starts)
        keep = reachable_trap_spaces(space, unstable, codes, free, starts, task)
        codes, free = codes[keep], free[keep]
    shown, notes = _take(len(codes), task)
    return Answer([_trap_attractor(booleanized, space, int(codes[k]), free[k], task.max_states)
                   for k in range(shown)], complete=shown == len(codes), count=len(codes) if task.count else None,
                  notes=notes)


def _trap_attractor(booleanized: Booleanized, space: StateSpace, code: int, free: np.ndarray,
                    max_states: int) -> Attractor:
    """A minimal trap space of the booleanization as an attractor of the original network."""
    state = space.states(np.array([code]))[0]
    bits = {name: ((0, 1) if f else (v,)) for name, v, f in zip(space.names, state, free)}
    levels = booleanized.decode_space(bits)
    names = booleanized.original.names
    return Attractor.from_space(names, tuple(levels[n] for n in names), max_states)
