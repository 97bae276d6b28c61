"""Most permissive attractors of a Boolean network: minimal trap spaces, and
the ones most permissive (MP) dynamics reaches from given states.

A subspace is kept as a state ``x`` (a code) and the mask of its free nodes.
The *principal* trap space ``T(x)`` is the smallest trap space holding ``x``:
starting from ``{x}``, free every fixed node that is not at its target in some
state of the current subspace, until none is left.

Minimal trap spaces. Every minimal trap space ``M`` holds a terminal SCC of the
asynchronous graph (trap spaces are closed under its transitions), and
``T(x) = M`` for every ``x`` in ``M``. So the minimal elements among ``T(x)``,
``x`` one state of each asynchronous attractor, are exactly the minimal trap
spaces. Taken in order of size, ``T(x)`` is minimal iff it meets no minimal
trap space accepted before it (two trap spaces that meet intersect in a trap
space, so a minimal one that meets another lies inside it).

MP reachability (Paulevé et al. 2020; MP configurations in {0, ↗, ↘, 1}, where
a node in transition is read as 0 or 1 by every rule, its own included: 0 and
↘ may turn ↗ when the node's function is 1 for some reading, 1 and ↗ may turn
↘ when it is 0 for some reading, ↗ settles to 1 and ↘ to 0). The minimal trap
spaces MP reaches from ``x`` are those inside ``T(x)``:

* MP never leaves a trap space (a node fixed in it can never start moving), so
  nothing outside ``T(x)`` is reached;
* conversely, MP can set in transition every node that ``T(x)`` frees, in the
  order the closure frees them, so that every reading of ``T(x)`` is
  available. For a minimal trap space ``M`` inside ``T(x)``, each node fixed
  in ``M`` at ``v`` has function ``v`` on ``M``, hence can turn toward ``v``;
  then every node settles, fixed nodes of ``M`` at their ``M`` level, and the
  configuration reached lies in ``M``.

For a set of start states, ``x`` can be skipped when it lies in ``T(y)`` of an
earlier start ``y``: then ``T(x)`` is inside ``T(y)``.
"""

from __future__ import annotations

import numpy as np

from logicnet.dynamics.attractor import Subspace
from logicnet.dynamics.engines.explicit._graph import Components
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.tables import StateSpace
from logicnet.model.booleanize import Booleanized

__all__ = ["principal_trap_space", "minimal_trap_spaces", "reachable_trap_spaces", "encode_starts"]


def _subspace(space: StateSpace, code: int, free: np.ndarray) -> Subspace:
    """The subspace through state ``code`` where the nodes of mask ``free`` are free."""
    state = space.states(np.array([code]))[0]
    return tuple((0, 1) if f else (v,) for v, f in zip(state, free))


def principal_trap_space(space: StateSpace, unstable: np.ndarray, code: int) -> np.ndarray:
    """The free-node mask of the smallest trap space holding state ``code``;
    ``unstable[i, y]`` says whether node i is off its target in state y."""
    free = np.zeros(unstable.shape[0], dtype=bool)
    while True:
        members = space.codes(_subspace(space, code, free))
        grow = unstable[:, members].any(axis=1) & ~free
        if not grow.any():
            return free
        free |= grow


def minimal_trap_spaces(space: StateSpace, unstable: np.ndarray, attractors: Components,
                        task: Task) -> tuple[np.ndarray, np.ndarray]:
    """The minimal trap spaces (one state each, and their free-node masks, in
    code order), given the asynchronous attractors. A fixed point is its own."""
    points = attractors.firsts()[attractors.sizes() == 1]
    covered = np.zeros(unstable.shape[1], dtype=bool)
    covered[points] = True
    cycles = attractors.firsts()[attractors.sizes() > 1].tolist()
    candidates = []
    for done, seed in enumerate(cycles):
        task.check_time("the explicit engine")
        task.report("explicit: principal trap spaces", done, len(cycles))
        candidates.append((seed, principal_trap_space(space, unstable, seed)))
    candidates.sort(key=lambda c: (int(c[1].sum()), c[0]))
    codes, masks = [points], [np.zeros((len(points), unstable.shape[0]), dtype=bool)]
    for seed, free in candidates:
        members = space.codes(_subspace(space, seed, free))
        if not covered[members].any():
            covered[members] = True
            codes.append(np.array([seed]))
            masks.append(free[None, :])
    order = np.argsort(np.concatenate(codes), kind="stable")
    return np.concatenate(codes)[order], np.concatenate(masks)[order]


def reachable_trap_spaces(space: StateSpace, unstable: np.ndarray, codes: np.ndarray, free: np.ndarray,
                          starts: np.ndarray, task: Task) -> np.ndarray:
    """Which of the minimal trap spaces ``codes``/``free`` most permissive
    dynamics reaches from the states ``starts`` (a boolean mask)."""
    owner = np.full(unstable.shape[1], -1, dtype=np.int64)
    points = ~free.any(axis=1)
    owner[codes[points]] = np.flatnonzero(points)
    for k in np.flatnonzero(~points).tolist():
        owner[space.codes(_subspace(space, int(codes[k]), free[k]))] = k
    hit = np.zeros(len(codes), dtype=bool)
    moving = unstable.any(axis=0)
    hit[owner[starts[~moving[starts]]]] = True  # a fixed point reaches only itself
    seen = np.zeros(unstable.shape[1], dtype=bool)
    pending = starts[moving[starts]].tolist()
    for done, start in enumerate(pending):
        if seen[start]:
            continue
        task.check_time("the explicit engine")
        task.report("explicit: most permissive reachability", done, len(pending))
        members = space.codes(_subspace(space, start, principal_trap_space(space, unstable, start)))
        seen[members] = True
        owners = owner[members]
        hit[owners[owners >= 0]] = True
    return hit


def encode_starts(booleanized: Booleanized, space: StateSpace, starts: tuple[Subspace, ...]) -> np.ndarray:
    """The codes (in the booleanized ``space``) of the states of ``starts``,
    subspaces over the original network's nodes."""
    index = {name: i for i, name in enumerate(space.names)}
    weights = space.weights
    codes = []
    for start in starts:
        block = np.zeros(1, dtype=np.int64)
        for name, allowed in zip(booleanized.original.names, start):
            bits = booleanized.bits[name]
            steps = np.array(
                [sum(weights[index[b]] for b in bits[:level]) for level in sorted(set(allowed))],
                dtype=np.int64,
            )
            block = (block[:, None] + steps[None, :]).ravel()
        codes.append(block)
    return np.unique(np.concatenate(codes))
