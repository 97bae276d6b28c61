"""Maximal trap spaces inside a given subspace, from one ground program.

The succession of trap spaces (see
:mod:`logicnet.dynamics.engines.symbolic._succession`) asks, for many
subspaces N of one Boolean network, for the maximal trap spaces strictly
inside N. One program answers them all: every node has two externals,
"fixed at 0 in N" and "fixed at 1 in N", switched on per question. A trap
space is a pair (``t0``, ``t1``) of allowed values per node that no node can
leave (the encoding of :mod:`._program`); with clasp's domain heuristic
preferring ``t0`` and ``t1`` true and ``--enum-mode=domRec``, the answers are
the subset-maximal ones among the trap spaces that fix a node N leaves free.
"""

from __future__ import annotations

import time
from typing import Mapping

import clingo

from logicnet.dynamics.engines.asp._functions import local_functions
from logicnet.dynamics.engines.asp._program import Program, _condition, _diagram
from logicnet.dynamics.engines.asp._solve import MINIMAL_OPTIONS, POLL_SECONDS, quiet, symbol_key
from logicnet.errors import LimitReached
from logicnet.model.network import Network

__all__ = ["MaximalTrapSpaces"]


class MaximalTrapSpaces:
    """The maximal trap spaces of a Boolean ``network`` inside subspaces of
    it; nodes are numbered in ``network.names`` order."""

    def __init__(self, network: Network):
        if not network.is_boolean:
            raise ValueError("maximal trap spaces are computed on Boolean networks")
        functions = local_functions(network)
        n = len(network.names)
        self.size = n
        program = Program()
        t0, t1 = program.atoms(n), program.atoms(n)
        self._fix0, self._fix1 = program.atoms(n), program.atoms(n)
        new, (anything,) = program.atoms(n), program.atoms(1)
        both = (t0, t1)

        def trap(j: int, value: int) -> int:
            return both[value][j]

        diagram = _diagram(program, functions, trap)
        for i in range(n):
            program.rule([t0[i], t1[i]], [], choice=True)
            program.rule([], [-t0[i], -t1[i]])
            _condition(program, [t1[i]], functions.up[i], [t0[i]], trap, diagram)
            _condition(program, [t0[i]], functions.down[i], [t1[i]], trap, diagram)
            program.external(self._fix0[i])
            program.external(self._fix1[i])
            program.rule([], [self._fix0[i], t1[i]])
            program.rule([], [self._fix1[i], t0[i]])
            # node i is fixed here but free in the subspace asked about
            program.rule([new[i]], [-t0[i], -self._fix1[i]])
            program.rule([new[i]], [-t1[i], -self._fix0[i]])
            program.rule([anything], [new[i]])
            program.prefer_true(t0[i])
            program.prefer_true(t1[i])
            program.show(2 * i, new[i])  # the newly fixed nodes, and their values
            program.show(2 * i + 1, t1[i])
        program.rule([], [-anything])
        self.control = clingo.Control(MINIMAL_OPTIONS, logger=quiet)
        self.control.configuration.solve.models = 0
        self.control.add("base", [], program.text())
        self.control.ground([("base", [])])
        self._shown = {symbol_key(clingo.Number(k)): k for k in range(2 * n)}

    def within(self, fixed: Mapping[int, int], deadline: float | None = None) -> list[dict[int, int]]:
        """The maximal trap spaces strictly inside the subspace where each node
        ``i`` of ``fixed`` has value ``fixed[i]`` (a trap space itself), each
        as the values of the nodes it fixes that the subspace leaves free."""
        switched = [(self._fix1 if v else self._fix0)[i] for i, v in fixed.items()]
        for atom in switched:
            self.control.assign_external(atom, True)
        found: list[dict[int, int]] = []
        table = self._shown

        def on_model(model: clingo.Model) -> None:
            shown = {table[symbol_key(s)] for s in model.symbols(shown=True)}
            found.append({k // 2: int(k + 1 in shown) for k in shown if k % 2 == 0})

        try:
            with self.control.solve(on_model=on_model, async_=True) as handle:  # type: ignore[call-overload]
                while not handle.wait(POLL_SECONDS):
                    if deadline is not None and time.monotonic() > deadline:
                        handle.cancel()
                        raise LimitReached("the trap-space succession hit the time limit (--timeout)")
        finally:
            for atom in switched:
                self.control.assign_external(atom, False)
        return found
