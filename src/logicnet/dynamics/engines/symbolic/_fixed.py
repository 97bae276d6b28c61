"""Fixed points as a BDD over a feedback vertex set, for counting and listing.

A state is a fixed point when every bit equals its update function,
``x_i <-> f_i(x)``. Take a set K of bits that meets every cycle of the
dependency graph (a feedback vertex set; a bit that reads itself is in K).
At a fixed point the other bits follow from K, evaluated in topological
order, so the fixed points and their projections on K correspond one to one.
The projection is built by bucket elimination: each bit outside K is
quantified away as soon as every constraint that mentions it has been
conjoined, which keeps the BDDs over few variables (the projection technique
of biodivine-aeon's fixed-point search). The count is then the number of
assignments of K in the BDD, however many fixed points there are, and the
fixed points are listed by completing each assignment of K.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem, assignments, count_models, path_cubes
from logicnet.model.functions import support

__all__ = ["ProjectedFixedPoints", "eliminate", "feedback_bits"]

Function = Any


def feedback_bits(depends: dict[str, set[str]], order: list[str]) -> set[str]:
    """A feedback vertex set of the graph ``j -> i`` for ``j in depends[i]``:
    bits that read themselves, then, while cycles remain (after peeling the
    bits without inputs or outputs), the bit with most in x out edges."""
    preds = {v: set(depends[v]) - {v} for v in order}
    succs: dict[str, set[str]] = {v: set() for v in order}
    for v, ps in preds.items():
        for p in ps:
            succs[p].add(v)
    chosen = {v for v in order if v in depends[v]}
    alive = set(order) - chosen
    for v in chosen:
        for p in preds[v]:
            succs[p].discard(v)
        for s in succs[v]:
            preds[s].discard(v)
    rank = {v: k for k, v in enumerate(order)}

    def drop(v: str) -> None:
        alive.discard(v)
        for p in preds[v]:
            succs[p].discard(v)
            if p in alive and not succs[p]:
                queue.append(p)
        for s in succs[v]:
            preds[s].discard(v)
            if s in alive and not preds[s]:
                queue.append(s)

    queue = [v for v in alive if not preds[v] or not succs[v]]
    while True:
        while queue:
            v = queue.pop()
            if v in alive:
                drop(v)
        if not alive:
            return chosen
        pick = max(alive, key=lambda v: (len(preds[v]) * len(succs[v]), -rank[v]))
        chosen.add(pick)
        drop(pick)


@dataclass
class ProjectedFixedPoints:
    """The fixed points of ``system`` projected on the feedback bits ``kept``
    (``projection``), and the way back to whole states."""

    system: SymbolicSystem
    kept: list[str]
    projection: Function
    completion: list[str]  # the other bits, each after the bits it reads

    @classmethod
    def build(cls, system: SymbolicSystem, task: Task | None = None) -> "ProjectedFixedPoints":
        bdd = system.bdd
        variables = system.variables
        depends = {v: support(f) for v, f in zip(variables, system.functions)}
        kept = feedback_bits(depends, variables)
        # the constraints: each bit equals its function; admissible bit patterns
        parts = [(bdd.apply("equiv", system.literals[k], f), depends[v] | {v})
                 for k, (v, f) in enumerate(zip(variables, system.functions))]
        for bits in system.bits:
            for lower, higher in zip(bits, bits[1:]):
                parts.append((~bdd.var(higher) | bdd.var(lower), {lower, higher}))
        pending = [v for v in variables if v not in kept]
        left = eliminate(parts, pending, lambda v: [v], task, "the fixed points")
        kept_list = sorted(kept, key=system.position.__getitem__)
        if left == [bdd.false]:
            return cls(system, kept_list, bdd.false, [])
        projection = _conjoin(left, task) if left else bdd.true
        return cls(system, kept_list, projection, _topological([v for v in variables if v not in kept], depends))

    def count(self) -> int:
        """The number of fixed points: assignments of the kept bits."""
        return count_models(self.projection, len(self.kept))  # (the projection reads the kept bits only)

    def states(self) -> Iterator[dict[str, bool]]:
        """The fixed points, as values of every bit, one at a time."""
        system = self.system
        function = dict(zip(system.variables, system.functions))
        for cube in path_cubes(self.projection):
            for values in assignments(cube, self.kept):
                for v in self.completion:
                    values[v] = _value(function[v], values)
                yield values


def eliminate(parts: list[tuple[Function, set[str]]], pending: list[str], variables: Callable[[str], list[str]],
              task: Task | None, what: str) -> list[Function]:
    """Bucket elimination: the conjunction of ``parts`` (each a BDD and the
    names it reads) with every name of ``pending`` quantified away, as
    BDDs left to conjoin (``[false]`` as soon as one is false). Each name goes
    when every part reading it has been conjoined, the name whose bucket spans
    fewest names first (min-fill); ``variables(name)`` are its BDD variables."""
    table = dict(enumerate(parts))
    made = len(table)
    mentions: dict[str, set[int]] = {}
    for key, (_, names) in table.items():
        for name in names:
            mentions.setdefault(name, set()).add(key)
    pending = [v for v in pending if v in mentions]
    while pending:
        if task is not None:
            task.check_time(what)
        v = min(pending, key=lambda w: (len(set().union(*(table[k][1] for k in mentions[w]))), len(mentions[w])))
        pending.remove(v)
        keys = sorted(mentions[v])
        u = _conjoin([table[k][0] for k in keys])
        names = set().union(*(table[k][1] for k in keys)) - {v}
        u = u.bdd.exist(variables(v), u)
        for k in keys:
            for name in table[k][1]:
                mentions[name].discard(k)
            del table[k]
        if u == u.bdd.false:
            return [u]
        table[made] = (u, names)
        for name in names:
            mentions[name].add(made)
        made += 1
    return [u for u, _ in table.values()]


def _value(u: Function, values: dict[str, bool]) -> bool:
    """``u`` at an assignment of (at least) its support, by one walk down."""
    parity = False
    while u.var is not None:
        parity ^= u.negated
        u = u.high if values[u.var] else u.low
    return (u.negated ^ parity) is False


def _topological(bits: list[str], depends: dict[str, set[str]]) -> list[str]:
    """``bits`` (an acyclic part) ordered so that each follows the bits it reads."""
    inside = set(bits)
    order: list[str] = []
    done: set[str] = set()
    for root in bits:
        stack = [(root, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                if v not in done:
                    done.add(v)
                    order.append(v)
                continue
            if v in done:
                continue
            stack.append((v, True))
            stack.extend((w, False) for w in depends[v] if w in inside and w not in done and w != v)
    return order


def _conjoin(parts: list[Function], task: Task | None = None, what: str = "the fixed points") -> Function:
    """The conjunction, the two smallest BDDs first (a Huffman tree); ``what``
    names the search in a timeout's message."""
    found = _conjoin_within(parts, None, task, what)
    assert found is not None
    return found


def _conjoin_within(parts: list[Function], budget: int | None, task: Task | None = None,
                    what: str = "the fixed points") -> Function | None:
    """:func:`_conjoin`, or ``None`` once two operands together pass ``budget``
    nodes (the caller has another route)."""
    heap = [(int(u.dag_size), k, u) for k, u in enumerate(parts)]
    if not heap:
        raise ValueError("nothing to conjoin")
    heapq.heapify(heap)
    made = len(heap)
    while len(heap) > 1:
        if task is not None:
            task.check_time(what)
        size_a, _, a = heapq.heappop(heap)
        size_b, _, b = heapq.heappop(heap)
        if budget is not None and size_a + size_b > budget:
            return None
        u = a & b
        if u == a.bdd.false:
            return u
        heapq.heappush(heap, (int(u.dag_size), made, u))
        made += 1
    return heap[0][2]
