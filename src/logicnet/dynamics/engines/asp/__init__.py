"""The ``asp`` engine: fixed points and most permissive attractors with clingo.

Fixed points are the states where no node can rise or fall. Most permissive
attractors are the subset-minimal trap spaces, enumerated with clingo's domain
heuristic (every trap-space atom decided first, false first, and each answer
blocking its supersets); from start states, only those holding a state that
is most-permissive reachable from one of them (see
:mod:`._program` for the reachability encoding). Multivalued networks are
solved on their booleanization (:mod:`logicnet.model.booleanize`): fixed
points of the booleanization are admissible states, and its trap spaces are
decoded into level sets.
"""

from __future__ import annotations

from logicnet.dynamics.engines.asp._control import ControlProgram, ModeTable
from logicnet.dynamics.engines.asp._functions import local_functions
from logicnet.dynamics.engines.asp._program import (
    fixed_point_program,
    reachable_trap_space_program,
    trap_space_program,
)
from typing import Mapping, Sequence

from logicnet.dynamics.attractor import Subspace
from logicnet.dynamics.engines.asp._maximal import MaximalTrapSpaces
from logicnet.dynamics.engines.asp._scan import ForcedTrapSpaces
from logicnet.dynamics.engines.asp._solve import Bits, enumerate_answers
from logicnet.dynamics.engines.base import Answer, Task
from logicnet.errors import EngineUnavailable
from logicnet.model.network import Goal, Network

__all__ = ["AspEngine", "REFUSAL"]

#: What the engine says when asked for attractors it does not compute.
REFUSAL = (
    "the asp engine computes fixed points and most permissive attractors only, not {semantics}"
    " attractors: use --engine symbolic or --engine explicit"
)


class AspEngine:
    """Fixed points and most permissive attractors (minimal trap spaces,
    optionally only those reachable from ``task.starts``) with clingo."""

    name = "asp"

    def check(self, task: Task) -> None:
        """Refuse synchronous, asynchronous and priority attractors."""
        if task.question != "fixed_points" and task.semantics != "mostpermissive":
            raise EngineUnavailable(REFUSAL.format(semantics=task.semantics))

    def solve(self, task: Task) -> Answer:
        self.check(task)
        bits = Bits(task.network)
        functions = local_functions(bits.network)
        if task.question == "fixed_points":
            found, complete, number = enumerate_answers(
                task, fixed_point_program(functions), minimal=False, what="fixed points",
                count=task.count,
            )
            attractors = [bits.fixed_point(task, symbols) for symbols in found]
            return Answer(attractors, complete, number if task.count else None)
        if task.starts is None:
            program = trap_space_program(functions)
            what = "minimal trap spaces"
        else:
            program = reachable_trap_space_program(
                functions,
                [[(term, ()) for term in bits.excluded(space)] for space in task.starts],
                bits.inadmissible(),
            )
            what = "reachable minimal trap spaces"
        found, complete, number = enumerate_answers(task, program, minimal=True, what=what, count=task.count)
        return Answer([bits.trap_space(task, symbols) for symbols in found], complete,
                      number if task.count else None)

    def can_scan(self, task: Task) -> bool:
        """Whether :meth:`scanner` answers perturbations of ``task``: most
        permissive attractors."""
        return task.question == "attractors" and task.semantics == "mostpermissive"

    def scanner(self, network: Network, switchable: Sequence[str], starts: tuple[Subspace, ...] | None,
                names: Sequence[str], constants: Mapping[str, int]) -> ForcedTrapSpaces:
        """One ground program answering the minimal trap spaces (reachable from
        ``starts``) of ``network`` under any fixings and caps of the
        ``switchable`` nodes (see :mod:`._scan`): answers are subspaces over
        ``names``, the nodes percolated away at their level in ``constants``."""
        return ForcedTrapSpaces(network, switchable, starts, names, constants)

    def controller(self, network: Network, options: int, exclusive: Sequence[Sequence[int]],
                   tables: Sequence[Mapping[str, ModeTable]], goals: Sequence[Goal], max_size: int,
                   semantics: str, deadline: float | None = None) -> ControlProgram:
        """One program proposing the subset-minimal sets of at most ``max_size``
        of ``options`` that no counterexample learnt so far rules out (see
        :mod:`._control`): ``tables`` says, per background, how subsets of
        the options hold each node they act on."""
        return ControlProgram(network, options, exclusive, tables, goals, max_size, semantics, deadline)

    def maximal_trap_spaces(self, network: Network) -> MaximalTrapSpaces:
        """One ground program answering the maximal trap spaces of a Boolean
        ``network`` inside any of its subspaces (see :mod:`._maximal`)."""
        return MaximalTrapSpaces(network)
