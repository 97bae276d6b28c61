"""Minimal trap spaces as a BDD, for counting them without listing them.

A subspace of a Boolean network (a multivalued one: of its booleanization,
as the asp engine takes it) is written with two bits per node: ``p_v``
(v may be 1 in it) and ``n_v`` (v may be 0). Whether ``f_v`` can be 1 (or 0)
somewhere in the subspace is a monotone function ``CT_v`` (``CF_v``) of the
regulators' bits, read off the BDD of ``f_v``: a path through ``x_j = 1``
needs ``p_j``, one through ``x_j = 0`` needs ``n_j``.

A trap space that percolation cannot narrow (biodivine-aeon calls it
*essential*; every minimal trap space is one, and every trap space holds
one) satisfies ``p_v = CT_v`` and ``n_v = CF_v`` for every node: a fixed
point of the subspace update, found like the fixed points of ``_fixed``. On
a feedback vertex set of the regulatory graph the other nodes' bits follow
in topological order, monotonically, so the projection on it is one to one
and keeps the order of subspaces; the minimal ones are taken there: those
without a strictly smaller one, the upward closure of the set built node by
node. Their number is the count of assignments, however many there are
(BBM id-048: 345,152 minimal trap spaces, which clingo lists one by one).
"""

from __future__ import annotations

from typing import Any, Iterator

from logicnet.dynamics.attractor import Subspace
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._fixed import _conjoin, _topological, _value, eliminate, feedback_bits
from logicnet.dynamics.engines.symbolic._system import (
    MEMORY_ESTIMATE,
    assignments,
    count_models,
    cudd,
    path_cubes,
    variable_order,
)
from logicnet.model.booleanize import booleanize, target_at_least
from logicnet.model.functions import compile_expressions, support
from logicnet.model.network import Network

__all__ = ["MinimalTrapSpaces"]

Function = Any  # dd.cudd.Function

WHAT = "the minimal trap spaces"


class MinimalTrapSpaces:
    """The minimal trap spaces of ``network`` (of its booleanization when it
    has multivalued nodes), projected on a feedback vertex set (``minimal``),
    with the way back to whole subspaces."""

    def __init__(self, network: Network, task: Task | None = None):
        self.encoded = booleanize(network)  # multivalued nodes: their bits, as the asp engine has them
        network = self.encoded.network
        self.names = network.names
        order = variable_order(network)
        index = {name: k for k, name in enumerate(self.names)}
        bdd = cudd.BDD(memory_estimate=MEMORY_ESTIMATE)
        bdd.configure(reordering=False)
        # per node: its state bit, then the subspace's two bits, adjacent
        bdd.declare(*(f"{c}{index[name]}" for name in order for c in "xpn"))
        self.bdd = bdd
        states = compile_expressions(bdd, [target_at_least(network.nodes[name].update_rule(), 1)
                                           for name in self.names], lambda a: bdd.var(f"x{index[a.node]}"))
        #: free inputs (``x_k = x_k``): fixed in every minimal trap space
        self.inputs = {k for k, f in enumerate(states) if f == bdd.var(f"x{k}")}
        self.p = [bdd.var(f"p{k}") for k in range(len(self.names))]
        self.n = [bdd.var(f"n{k}") for k in range(len(self.names))]
        can = _Possible(bdd, self.p, self.n)
        self.can = [can(f) for f in states]  # (CT_v, CF_v)
        depends = {k: {int(x[1:]) for x in support(f)} for k, f in enumerate(states)}
        nodes = [index[name] for name in order]
        kept = feedback_bits(depends, nodes)  # type: ignore[arg-type]
        self.kept = [k for k in nodes if k in kept]
        self.completion = _topological([k for k in nodes if k not in kept], depends)  # type: ignore[arg-type]
        parts = []
        for k, (ct, cf) in enumerate(self.can):
            p, n = self.p[k], self.n[k]
            if k in self.inputs:  # fixed: a space freeing an input is not minimal (fixing it leaves a trap space)
                parts.append((bdd.apply("xor", p, n), {k}))
                continue
            parts.append((bdd.apply("equiv", p, ct) & bdd.apply("equiv", n, cf) & (p | n), depends[k] | {k}))
        left = eliminate(parts, [k for k in nodes if k not in kept], lambda k: [f"p{k}", f"n{k}"],
                         task, WHAT)
        essential = _conjoin(left, task, WHAT) if left else bdd.true
        self.minimal = self._minimal(essential, task)

    def _minimal(self, spaces: Function, task: Task | None) -> Function:
        """The elements of ``spaces`` (over the kept nodes) with no strictly
        smaller element (the inputs are fixed in all of them, and left out,
        as is every node fixed in every space: a smaller space fixes it too).
        ``above``, the upward closure (each node freed in turn, from the
        bottom of the variable order, where it costs least), holds a strictly
        smaller element of a space where the space frees a node that is fixed
        in some element of ``above`` otherwise equal."""
        bdd = self.bdd
        above = spaces
        # only a node free in some space can be freed in a smaller one's closure and matter
        kept = sorted((k for k in self.kept if k not in self.inputs and spaces & self.p[k] & self.n[k] != bdd.false),
                      key=lambda k: -self.p[k].level)
        for k in kept:
            if task is not None:
                task.check_time(WHAT)
            both = self.p[k] & self.n[k]
            above |= both & bdd.exist([f"p{k}", f"n{k}"], above)
        minimal = spaces
        for k in kept:
            if task is not None:
                task.check_time(WHAT)
            both = self.p[k] & self.n[k]
            minimal &= ~(both & bdd.exist([f"p{k}", f"n{k}"], above & ~both))
        return minimal

    def count(self) -> int:
        """The number of minimal trap spaces."""
        return count_models(self.minimal, 2 * len(self.kept))

    def spaces(self) -> Iterator[Subspace]:
        """The minimal trap spaces, as level sets over the network's nodes
        (a multivalued node's from its bits' values)."""
        kept = [name for k in self.kept for name in (f"p{k}", f"n{k}")]
        for cube in path_cubes(self.minimal):
            for values in assignments(cube, kept):  # (none empty: every space holds a state)
                for k in self.completion:
                    ct, cf = self.can[k]
                    values[f"p{k}"], values[f"n{k}"] = _value(ct, values), _value(cf, values)
                space = {name: _levels(values[f"p{k}"], values[f"n{k}"]) for k, name in enumerate(self.names)}
                if self.encoded.original is not self.encoded.network:
                    space = self.encoded.decode_space(space)
                yield tuple(space[name] for name in self.encoded.original.names)


def _levels(one: bool, zero: bool) -> tuple[int, ...]:
    return (0, 1) if one and zero else (1,) if one else (0,)


class _Possible:
    """``CT`` and ``CF`` of a state function: whether it can be 1, and 0, in a
    subspace given by its ``p`` and ``n`` bits; memoised on BDD nodes, so that
    functions sharing sub-BDDs share the work."""

    def __init__(self, bdd: Any, p: list[Function], n: list[Function]):
        self.p, self.n = p, n
        self.memo: dict[int, tuple[Function, Function]] = {int(bdd.true): (bdd.true, bdd.false)}

    def __call__(self, f: Function) -> tuple[Function, Function]:
        memo = self.memo
        stack = [f if not f.negated else ~f]
        while stack:  # the regular nodes below f, children first
            u = stack[-1]
            if int(u) in memo:
                stack.pop()
                continue
            children = [c if not c.negated else ~c for c in (u.high, u.low)]
            todo = [c for c in children if int(c) not in memo]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            k = int(u.var[1:])
            h1, h0 = self._of(u.high)
            l1, l0 = self._of(u.low)
            memo[int(u)] = ((self.p[k] & h1) | (self.n[k] & l1), (self.p[k] & h0) | (self.n[k] & l0))
        return self._of(f)

    def _of(self, u: Function) -> tuple[Function, Function]:
        if u.negated:
            one, zero = self.memo[int(~u)]
            return zero, one
        return self.memo[int(u)]

