"""Asynchronous attractors of tiny networks on bit sets instead of BDDs.

With at most TINY_BITS Boolean variables the whole state space has at most
2**TINY_BITS states, and a set of states fits one Python integer (bit s set
when state s is in the set; bit j of s is variable j). Each variable's update
function becomes such a set (its truth table) by evaluating the rule with
integer ``&``, ``|`` and complement; the states where variable j can flip are
``x_j xor f_j`` (a multivalued node's bits follow the booleanization's
ladder, model/booleanize.py, written directly on the sets); one asynchronous step of a set is two shifts per variable.
The attractors are then found as on BDDs (a state is in an attractor when
everything it reaches reaches it back), with no CUDD manager, variable order
or transition BDDs to set up: for a handful of nodes that set-up costs more
than the whole search. The answer is the same set of attractors, each as
disjoint subspaces.
"""

from __future__ import annotations

from typing import Callable, Iterator

from logicnet.dynamics.attractor import Attractor, Subspace
from logicnet.dynamics.engines.base import Task
from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import And, Atom, Const, Expr, Not

__all__ = ["TINY_BITS", "tiny_attractors"]

#: networks with at most this many Boolean variables (after percolation and
#: booleanization) take this path
TINY_BITS = 12


class TinySystem:
    """The asynchronous dynamics of a Boolean(ized) network as bit sets."""

    def __init__(self, task: Task):
        network = task.network
        self.names = network.names
        #: the variables of each node: node k's bits b1..bm (level l = its first l bits set)
        self.bits: list[range] = []
        first: dict[str, int] = {}
        n = 0
        for name in self.names:
            first[name] = n
            self.bits.append(range(n, n + network.nodes[name].levels))
            n += network.nodes[name].levels
        self.n = n
        self.size = size = 1 << n
        self.full = full = (1 << size) - 1
        # x[j]: the states where variable j is 1 (blocks of 2**j zeros and ones)
        self.x = x = [((1 << (1 << j)) - 1 << (1 << j)) * (full // ((1 << (2 << j)) - 1)) for j in range(n)]
        levels = {name: network.nodes[name].levels for name in self.names}

        def atom(a: Atom) -> int:
            """``node >= threshold``: its bit at that level (on admissible states)."""
            if a.threshold <= 0:
                return full
            top = levels[a.node]
            if top == 1 and a.threshold > 1:
                return 0
            return x[first[a.node] + min(a.threshold, top) - 1]

        admissible = full
        functions: list[int] = []
        for name, bits in zip(self.names, self.bits):
            node = network.nodes[name]
            rule = node.update_rule()
            if len(bits) == 1:
                functions.append(self._table(target_at_least(rule, 1), atom))
                continue
            # the booleanization's ladder (model/booleanize.py): bit k follows
            # "target >= k" while bit k-1 is set, and stays set while bit k+1 is
            constant = node.rule.constant_level if node.rule is not None else node.value
            for k, j in enumerate(bits, start=1):
                if constant is not None:
                    functions.append(full if constant >= k else 0)
                    continue
                lower = x[j - 1] if k > 1 else full
                higher = x[j + 1] if k < len(bits) else 0
                functions.append((self._table(target_at_least(rule, k), atom) & lower) | higher)
            for j in bits[1:]:  # bit k set only where bit k-1 is
                admissible &= ~(x[j] & ~x[j - 1])
        self.admissible = admissible & full
        #: the states where variable j can flip
        self.movable = [(xj ^ fj) & self.admissible for xj, fj in zip(x, functions)]

    def _table(self, expr: Expr, atom: Callable[[Atom], int]) -> int:
        """The set of states where ``expr`` holds (iterative: rules can nest deep)."""
        full = self.full
        done: dict[int, int] = {}
        stack: list[tuple[Expr, bool]] = [(expr, False)]
        while stack:
            e, expanded = stack.pop()
            if id(e) in done:
                continue
            kind = type(e)
            if kind is Const:
                done[id(e)] = full if e.value else 0  # type: ignore[union-attr]
            elif kind is Atom:
                done[id(e)] = atom(e)  # type: ignore[arg-type]
            elif not expanded:
                stack.append((e, True))
                stack.extend((a, False) for a in (e.args if kind is not Not else (e.arg,)))  # type: ignore[union-attr]
            elif kind is Not:
                done[id(e)] = full & ~done[id(e.arg)]  # type: ignore[union-attr]
            elif kind is And:
                value = full
                for a in e.args:  # type: ignore[union-attr]
                    value &= done[id(a)]
                done[id(e)] = value
            else:
                value = 0
                for a in e.args:  # type: ignore[union-attr]
                    value |= done[id(a)]
                done[id(e)] = value
        return done[id(expr)]

    def post(self, states: int) -> int:
        """The states one asynchronous step leads to from ``states``."""
        out = 0
        for j, (xj, movable) in enumerate(zip(self.x, self.movable)):
            w = 1 << j
            moving = states & movable
            out |= ((moving & ~xj) << w) | ((moving & xj) >> w)
        return out

    def pre(self, states: int) -> int:
        """The states that reach ``states`` in one asynchronous step."""
        out = 0
        for j, (xj, movable) in enumerate(zip(self.x, self.movable)):
            w = 1 << j
            out |= (((states & xj) >> w) | ((states & ~xj & self.full) << w)) & movable
        return out

    def closure(self, states: int, step: str) -> int:
        """``states`` and every state reached from them (``post``) or reaching them (``pre``)."""
        image = self.post if step == "post" else self.pre
        reached = frontier = states
        while frontier:
            frontier = image(frontier) & ~reached
            reached |= frontier
        return reached

    def cover(self, states: int) -> list[Subspace]:
        """``states`` as disjoint subspaces: the set is split on its highest
        variable (the two halves of the integer) unless both halves are
        equal, where that variable is free."""
        out: list[Subspace] = []
        stack = [(states, self.n, {})]
        while stack:
            u, k, cube = stack.pop()
            if u == 0:
                continue
            if k == 0 or u == (1 << (1 << k)) - 1:
                out.append(self._subspace(cube))
                continue
            half = 1 << (k - 1)
            low, high = u & ((1 << half) - 1), u >> half
            if low == high:
                stack.append((low, k - 1, cube))
            else:
                stack.append((high, k - 1, {**cube, k - 1: 1}))
                stack.append((low, k - 1, {**cube, k - 1: 0}))
        return out

    def _subspace(self, cube: dict[int, int]) -> Subspace:
        """The levels of each node over the states of ``cube`` (variables
        absent from it are free; its states are admissible, so each node's
        bits read as a level, the number of bits set)."""
        out = []
        j = 0
        for bits in self.bits:
            levels = {0}
            for _ in bits:
                value = cube.get(j)
                levels = {v + 1 for v in levels} if value == 1 else levels if value == 0 else \
                    levels | {v + 1 for v in levels}
                j += 1
            out.append(tuple(sorted(levels)))
        return tuple(out)

    def attractors(self, task: Task) -> Iterator[int]:
        """Every attractor as a set of states: the fixed points first (no
        variable can flip), all at once, and the states reaching them set
        aside; then, among the others, a state whose forward set it can reach
        back entirely lies in an attractor (that set), and either way every
        state reaching it is settled. The next state is taken inside the
        forward set, nearer its attractors."""
        stable = self.admissible
        for movable in self.movable:
            stable &= ~movable
        unknown = self.admissible & ~self.closure(stable, "pre") if stable else self.admissible
        while stable:
            task.check_time("the attractor search")
            state = stable & -stable
            yield state
            stable ^= state
        pick = 0
        while unknown:
            task.check_time("the attractor search")
            if not (pick & unknown):
                pick = unknown
            state = pick & -pick
            reached = self.closure(state, "post")
            basin = self.closure(state, "pre")
            if reached & ~basin == 0:
                yield reached
                pick = 0
            else:
                pick = reached & ~basin
            unknown &= ~basin


def tiny_attractors(task: Task) -> Iterator[Attractor]:
    """The asynchronous attractors of ``task``'s network (at most TINY_BITS
    Boolean variables), state by state."""
    system = TinySystem(task)
    for found in system.attractors(task):
        yield Attractor.from_cover(system.names, system.cover(found), "cyclic", task.max_states)
