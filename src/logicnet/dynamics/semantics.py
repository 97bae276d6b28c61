"""Update semantics: their names, and the one definition of a transition.

``synchronous``
    every node takes one step toward its target level at the same time
    (Boolean nodes jump to their target; a multivalued node moves one level,
    as in GINsim).
``asynchronous``
    one node changes at a time (general asynchronous); a multivalued node
    moves one level toward its target.
``priority``
    asynchronous, but a node of a slower class (``speed``: fast = 0, slow = 1,
    or any integer rank, lower first) may change only when no node of a faster
    class can.
``mostpermissive``
    most permissive semantics (Paulevé et al. 2020): its attractors are the
    minimal trap spaces.

Fixed points are the same under every semantics.

The transition is defined here once, in NumPy over batches of states (columns
of levels, see :mod:`logicnet.dynamics.tables`), and every explicit
computation calls it: the explicit engine builds whole state transition graphs
with :func:`transitions`, the reachable-state explorer builds the part it
visits with the same function, and simulation draws one of the
:func:`moves` of each run. The symbolic engine encodes the same rule as BDD
relations; the tests check it against :func:`successors` on random networks.
The most permissive semantics is not a relation on states (its attractors are
the minimal trap spaces): the asp and explicit engines define it on subspaces.

Rate-based (stochastic) semantics belong here too: they move one node at a
time like ``asynchronous``, choosing among :func:`moves` with probabilities
given by the nodes' rates (``rate_up`` when the node's step is +1,
``rate_down`` when it is -1; see :func:`propensities`):

``stochastic``
    a continuous-time Markov chain as MaBoSS defines it: in state ``x`` each
    node with a pending step moves after an exponential time of its rate, the
    first one wins (Gillespie: the state is held for an exponential time of
    the total rate, then one move is drawn in proportion to its rate);
``random-async``
    discrete steps: each step one node is chosen with probability
    ``r_i / R`` (``r_i`` the larger of its two rates, ``R`` their sum over all
    nodes: uniform when rates are equal) and takes its step, if it has one
    and the rate of that direction allows it. It is the uniformized chain of
    ``stochastic``: a move ``x -> x ± e_i`` has probability ``q_i(x) / R`` per step.

Both are simulated the same way, a run jumping from move to move: the number
of steps before the next move of ``random-async`` is geometric with success
probability ``sum q(x) / R`` (:func:`holding_times`), which skips the steps
that change nothing. With positive rates their moves are those of
``asynchronous``, so runs end in its attractors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator, Literal

from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import SEMANTICS, Network

if TYPE_CHECKING:  # NumPy is imported by the functions that use it: the names
    # and the symbolic and asp engines never need it (a third of a fresh start)
    import numpy as np

    from logicnet.dynamics.tables import Clamp, RuleTables

    Batch = tuple[np.ndarray, np.ndarray]

__all__ = [
    "SEMANTICS",
    "STATE_SEMANTICS",
    "SemanticsName",
    "resolve_semantics",
    "ALIASES",
    "unit_steps",
    "moves",
    "transitions",
    "successors",
    "STOCHASTIC_SEMANTICS",
    "SIMULATED_ALIASES",
    "resolve_simulated_semantics",
    "node_rates",
    "propensities",
    "holding_times",
    "choose_moves",
]

SemanticsName = Literal["synchronous", "asynchronous", "priority", "mostpermissive"]
#: The semantics that are relations between states (defined by :func:`transitions`).
STATE_SEMANTICS = ("synchronous", "asynchronous", "priority")

ALIASES = {
    "sync": "synchronous",
    "parallel": "synchronous",
    "async": "asynchronous",
    "general": "asynchronous",
    "fully-asynchronous": "asynchronous",
    "priority-classes": "priority",
    "most-permissive": "mostpermissive",
    "mp": "mostpermissive",
}


def resolve_semantics(name: str | None, network: Network) -> str:
    """The canonical semantics name (``None`` means the network's default:
    ``priority`` with slow nodes, else ``asynchronous``)."""
    if name is None:
        return network.default_semantics
    canonical = ALIASES.get(name.lower(), name.lower())
    if canonical not in SEMANTICS:
        raise AnalysisError(
            f"unknown semantics '{name}'{did_you_mean(name, SEMANTICS)}; expected one of"
            f" {', '.join(SEMANTICS)}"
        )
    return canonical


# --------------------------------------------------------------------------- the step


def unit_steps(tables: RuleTables, levels: np.ndarray, clamp: Clamp | None = None,
               frozen: np.ndarray | None = None, each: Callable[[int], None] | None = None) -> np.ndarray:
    """The step every node would take toward its target in each state column:
    -1, 0 or +1 (int8, shape ``(n, k)``); ``frozen`` nodes (a mask) never move;
    ``clamp`` (none: no perturbation) acts on the targets. ``each(i)`` is
    called before node ``i`` (progress, time limits)."""
    import numpy as np

    from logicnet.dynamics.tables import NO_CLAMP

    clamp = NO_CLAMP if clamp is None else clamp
    if levels.shape[1] <= _WHOLE and each is None:
        step = np.sign(tables.targets(levels, clamp).astype(np.int16) - levels).astype(np.int8)
    else:  # a large batch (a whole state space): node by node, to keep memory low
        step = np.empty(levels.shape, dtype=np.int8)
        for i in range(levels.shape[0]):
            if each is not None:
                each(i)
            step[i] = np.sign(tables.targets_of(i, levels, clamp).astype(np.int16) - levels[i])
    if frozen is not None:
        step[frozen] = 0
    return step


#: batches up to this many states are stepped in one go (more memory, fewer calls)
_WHOLE = 1 << 16


def moves(step: np.ndarray, semantics: str, ranks: np.ndarray) -> np.ndarray:
    """Which nodes may move in each state (a bool mask shaped like ``step``).

    Under ``synchronous`` and ``asynchronous`` every node with a step may;
    under ``priority`` only those of the fastest (lowest) rank among them.
    Synchronous dynamics moves all of them at once, the others one of them.
    """
    import numpy as np

    movable = step != 0
    if semantics != "priority" or not movable.size:
        return movable
    groups = _rank_groups(ranks)
    if len(groups) == 1:
        return movable
    blocked = np.zeros(step.shape[1], dtype=bool)  # a faster node can move here
    for members in groups:
        movable[members] &= ~blocked
        blocked |= movable[members].any(axis=0)
    return movable


#: the nodes of each speed rank, fastest first, per ranks vector seen
_GROUPS: dict[bytes, list[np.ndarray]] = {}


def _rank_groups(ranks: np.ndarray) -> list[np.ndarray]:
    import numpy as np

    key = np.asarray(ranks, dtype=np.int64).tobytes()
    groups = _GROUPS.get(key)
    if groups is None:
        if len(_GROUPS) >= 256:
            _GROUPS.clear()
        groups = _GROUPS[key] = [np.flatnonzero(ranks == rank) for rank in np.unique(ranks).tolist()]
    return groups


def transitions(codes: np.ndarray, step: np.ndarray, weights: np.ndarray | tuple[int, ...], semantics: str,
                ranks: np.ndarray, *, by_node: bool = False) -> Iterator[Batch]:
    """The transitions out of the states ``codes`` (their unit steps in the
    columns of ``step``), in batches ``(positions, successors)``: the position
    in ``codes`` of each transition's source and the code it leads to; a state
    with no move has no transition. ``by_node`` gives one batch per moving node
    (no source repeats within a batch, and less memory on whole state spaces).
    """
    import numpy as np

    if semantics not in STATE_SEMANTICS:
        raise AnalysisError(f"the {semantics} semantics is not a relation between states")
    allowed = moves(step, semantics, ranks)
    if semantics == "synchronous":
        positions = np.flatnonzero(allowed.any(axis=0))
        targets = codes[positions].astype(np.int64, copy=True)
        for i, w in enumerate(weights):
            targets += step[i][positions].astype(np.int64) * int(w)
        yield positions, targets
        return
    if not by_node:  # one node per transition
        node, positions = np.nonzero(allowed)
        shift = step[node, positions].astype(np.int64) * np.asarray(weights, dtype=np.int64)[node]
        yield positions, codes[positions] + shift
        return
    for i, w in enumerate(weights):
        positions = np.flatnonzero(allowed[i])
        if len(positions):
            yield positions, codes[positions] + step[i][positions].astype(np.int64) * int(w)


def successors(tables: RuleTables, codes: np.ndarray, semantics: str, clamp: Clamp | None = None,
               frozen: np.ndarray | None = None) -> list[np.ndarray]:
    """The successor codes of each state of ``codes`` (a list, one sorted array
    per state; empty for a state with no move): the relation in one call."""
    import numpy as np

    levels = tables.space.levels(codes)
    step = unit_steps(tables, levels, clamp, frozen)
    out: list[list[int]] = [[] for _ in range(len(codes))]
    for positions, targets in transitions(codes, step, tables.space.weights, semantics, tables.ranks):
        for p, t in zip(positions.tolist(), targets.tolist()):
            out[p].append(t)
    return [np.array(sorted(s), dtype=np.int64) for s in out]


# ------------------------------------------------------------ rate-based semantics

#: Semantics defined by the nodes' rates (stochastic simulation only).
STOCHASTIC_SEMANTICS = ("stochastic", "random-async")

SIMULATED_ALIASES = {
    **ALIASES,
    "gillespie": "stochastic",
    "ctmc": "stochastic",
    "maboss": "stochastic",
    "continuous": "stochastic",
    "random-asynchronous": "random-async",
    "random_async": "random-async",
    "rasync": "random-async",
}


def resolve_simulated_semantics(name: str | None, network: Network) -> str:
    """The canonical name of a semantics that can be simulated: a state
    semantics (:data:`STATE_SEMANTICS`) or a rate-based one."""
    if name is None:
        return network.default_semantics
    canonical = SIMULATED_ALIASES.get(name.lower(), name.lower())
    known = STATE_SEMANTICS + STOCHASTIC_SEMANTICS
    if canonical == "mostpermissive":
        raise AnalysisError("cannot simulate the mostpermissive semantics (its attractors are trap spaces, not"
                            f" runs); use one of {', '.join(known)}")
    if canonical not in known:
        raise AnalysisError(f"unknown semantics '{name}'{did_you_mean(name, known)}; expected one of {', '.join(known)}")
    return canonical


def node_rates(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """Every node's ``(rate_up, rate_down)`` as two float arrays in node order
    (:meth:`Network.node_rates`)."""
    import numpy as np

    pairs = [network.node_rates(name) for name in network.names]
    return (np.array([p[0] for p in pairs], dtype=np.float64).reshape(-1),
            np.array([p[1] for p in pairs], dtype=np.float64).reshape(-1))


def propensities(step: np.ndarray, up: np.ndarray, down: np.ndarray) -> np.ndarray:
    """The rate of every pending move (shape of ``step``, float): ``up[i]``
    where node ``i`` steps up, ``down[i]`` where it steps down, else 0."""
    import numpy as np

    n = len(up)
    table = np.stack([down, np.zeros(n), up], axis=1).ravel()  # node i, step s -> table[3 i + s + 1]
    return table.take(step.astype(np.int64) + (np.arange(1, 3 * n, 3, dtype=np.int64)[:, None]))


def holding_times(semantics: str, total: np.ndarray, rng: np.random.Generator, *,
                  uniform_rate: float = 0.0) -> np.ndarray:
    """How long each run stays before its next move, given the total rate of
    its pending moves (all positive): an exponential time under
    ``stochastic``; under ``random-async`` the number of steps up to and
    including the move, geometric with success ``total / uniform_rate``."""
    import numpy as np

    if semantics == "stochastic":
        return rng.standard_exponential(len(total)) / total
    if semantics == "random-async":
        return rng.geometric(np.minimum(total / uniform_rate, 1.0)).astype(np.float64)
    raise AnalysisError(f"the {semantics} semantics has no rates")


def choose_moves(rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The node that moves in each column (every column with a pending move):
    node ``i`` with probability ``rates[i] / rates.sum(axis=0)``."""
    import numpy as np

    cumulative = np.cumsum(rates, axis=0)
    threshold = rng.random(rates.shape[1]) * cumulative[-1]
    chosen = (cumulative <= threshold).sum(axis=0)
    return np.minimum(chosen, rates.shape[0] - 1)  # (rounding at the very top)
