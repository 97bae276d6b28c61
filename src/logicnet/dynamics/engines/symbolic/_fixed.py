"""The fixed-point set as one BDD, for listing and for exact counting.

A state is a fixed point when every bit equals its update function. The
constraints ``x_i <-> f_i(x)`` (and the admissible bit patterns of
multivalued nodes) are conjoined smallest first, as a Huffman tree: two
small BDDs over neighbouring variables (the order keeps each rule's
variables close, see ``_system.variable_order``) give a small product, and
the large intermediate products of a fixed conjunction order are avoided.
The count then comes from the BDD in one pass over its nodes, however many
fixed points there are (biodivine-aeon answers the same question this way).
"""

from __future__ import annotations

import heapq
from typing import Any

from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem

__all__ = ["fixed_point_set"]

Function = Any


def fixed_point_set(system: SymbolicSystem, task: Task | None = None) -> Function:
    """The admissible states where no bit can flip (``system.enabled``)."""
    bdd = system.bdd
    parts = [system.admissible] + [~flip for flip in system.enabled]
    heap = [(int(u.dag_size), k, u) for k, u in enumerate(parts)]
    heapq.heapify(heap)
    made = len(heap)
    while len(heap) > 1:
        if task is not None:
            task.check_time("the fixed-point set")
        _, _, a = heapq.heappop(heap)
        _, _, b = heapq.heappop(heap)
        u = a & b
        if u == bdd.false:
            return u
        heapq.heappush(heap, (int(u.dag_size), made, u))
        made += 1
    return heap[0][2]
