"""Ground logic programs for fixed points, trap spaces and most permissive
reachability of a Boolean network, in clingo's aspif format.

The programs are ground from the start (one rule per term of a rise or fall
condition, see :mod:`._functions`), so they are written in aspif, which
clingo reads without grounding: gringo's fixpoint over thousands of recursive
ground rules takes seconds where reading them takes milliseconds.

Nodes are numbered 0..n-1. The atoms, by meaning:

``s[i]``
    node i is 1 in the fixed point (shown as number i).
``t0[i]``, ``t1[i]``
    the trap space lets node i be 0, be 1 (shown as numbers 2i and 2i+1).
``x[i]``, ``y[i]``
    node i is 1 in the start state x, in the reached state y.
``o[i]``
    node i leaves its start value on the way from x to y.
``h0[i]``, ``h1[i]``
    the hypercube the trajectory spans lets node i be 0, be 1.
``u[i]``, ``w[i]``
    node i can rise, can fall, somewhere in that hypercube.
BDD atoms
    BDD node k is true in the state / satisfiable in the trap space / in the hypercube.

Most permissive reachability. Every trajectory from x to y can be reordered
into one that first puts nodes into transition one by one, each allowed by the
hypercube spanned so far (a node in transition counts as both 0 and 1 and may
stay in transition as long as needed), and then lets them settle. So y is
reachable from x exactly when some set O of nodes can be opened in a
well-founded order (node i needs its rise condition, or its fall condition
when x_i = 1, satisfiable in the hypercube spanned by x and the nodes opened
before it), O holds every node with x_i != y_i, and every node of O that ends
where it started can turn back from the value it went to with all of O open
(x_i = y_i = 0 needs the fall condition there, x_i = y_i = 1 the rise
condition). Stable-model semantics gives the well-founded order: ``o[i]`` is
only derived from atoms derived before it. (Reading f_i on the whole hypercube
for the way back, as mpbn's encoding does, over-approximates reachability when
f_i depends on i itself.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from logicnet.dynamics.engines.asp._functions import TRUE_KEY, Condition, LocalFunctions, Term

__all__ = [
    "Program",
    "Forcing",
    "GuardedTerm",
    "fixed_point_program",
    "trap_space_program",
    "reachable_trap_space_program",
]

#: The solver literal of "node j has value v" in some context.
Literal = Callable[[int, int], int]

#: A value combination a start state must not have, and the literals under
#: which the exclusion holds (none: always).
GuardedTerm = tuple[Term, tuple[int, ...]]


@dataclass(frozen=True)
class Forcing:
    """Atoms that override nodes' functions: while ``off[i]`` holds node i's
    function is 0, while ``on[i]`` holds it is 1 (a knockout, an
    overexpression). Only nodes that can be forced have atoms. With forcing,
    one ground program answers many perturbations (see :mod:`._scan`)."""

    off: Mapping[int, int] = field(default_factory=dict)
    on: Mapping[int, int] = field(default_factory=dict)

    def unless_off(self, i: int) -> list[int]:
        return [-self.off[i]] if i in self.off else []

    def unless_on(self, i: int) -> list[int]:
        return [-self.on[i]] if i in self.on else []


class Program:
    """A ground program in aspif (atoms are numbered from 1, a negative number
    is a negated atom); shown atoms are shown as a number."""

    def __init__(self) -> None:
        self._lines = ["asp 1 0 0"]
        self._atoms = 0

    def atoms(self, count: int) -> list[int]:
        """``count`` fresh atoms."""
        first = self._atoms + 1
        self._atoms += count
        return list(range(first, first + count))

    def rule(self, head: Sequence[int], body: Sequence[int], choice: bool = False) -> None:
        """``head :- body`` (a constraint when ``head`` is empty; ``choice``: ``{head} :- body``)."""
        self._lines.append(
            " ".join(map(str, (1, int(choice), len(head), *head, 0, len(body), *body)))
        )

    def show(self, number: int, atom: int) -> None:
        text = str(number)
        self._lines.append(f"4 {len(text)} {text} 1 {atom}")

    def minimize(self, atom: int) -> None:
        """Prefer ``atom`` false: with clasp's domain heuristic and
        ``--enum-mode=domRec``, answers are subset-minimal on such atoms."""
        self._lines.append(f"7 5 {atom} 1 0 0")

    def prefer_true(self, atom: int) -> None:
        """Prefer ``atom`` true: with ``--enum-mode=domRec``, answers are
        subset-maximal on such atoms."""
        self._lines.append(f"7 4 {atom} 1 0 0")

    def external(self, atom: int) -> None:
        """Declare ``atom`` external (false until the solver is told otherwise)."""
        self._lines.append(f"5 {atom} 2")

    def text(self) -> str:
        return "\n".join(self._lines) + "\n0\n"


def _condition(
    program: Program, head: Sequence[int], condition: Condition, extra: Sequence[int],
    literal: Literal, diagram: dict[int, int], choice: bool = False,
) -> None:
    """``head :- extra, <condition>`` as one rule per DNF term, one rule on an
    atom per blocker (true when a literal of the blocker can be false), or
    one rule on the condition's BDD atom."""
    if condition.diagram_key is not None:
        program.rule(head, [*extra, diagram[condition.diagram_key]], choice)
        return
    if condition.blockers is not None:
        broken = program.atoms(len(condition.blockers))
        for atom, term in zip(broken, condition.blockers):
            for j, v in term:
                program.rule([atom], [literal(j, 1 - v)])
        program.rule(head, [*extra, *broken], choice)
        return
    for term in condition.terms:
        program.rule(head, [*extra, *(literal(j, v) for j, v in term)], choice)


def _diagram(program: Program, functions: LocalFunctions, literal: Literal) -> dict[int, int]:
    """An atom per BDD node, true when the node's function can be true under ``literal``."""
    atoms = dict(zip(functions.diagram, program.atoms(len(functions.diagram))))
    for key, node in functions.diagram.items():
        for value, child in ((0, node.low), (1, node.high)):
            if child is None:
                continue
            body = [literal(node.var, value)]
            if child != TRUE_KEY:
                body.append(atoms[child])
            program.rule([atoms[key]], body)
    return atoms


def fixed_point_program(functions: LocalFunctions) -> Program:
    """Fixed points: states where no node can rise or fall."""
    n = len(functions.up)
    program = Program()
    s = program.atoms(n)

    def state(j: int, value: int) -> int:
        return s[j] if value else -s[j]

    diagram = _diagram(program, functions, state)
    for i in range(n):
        program.rule([s[i]], [], choice=True)
        _condition(program, [], functions.up[i], [-s[i]], state, diagram)
        _condition(program, [], functions.down[i], [s[i]], state, diagram)
        program.show(i, s[i])
    return program


def _trap_spaces(program: Program, functions: LocalFunctions, forcing: Forcing) -> tuple[list[int], list[int]]:
    """Subspaces (``t0``, ``t1``) that no node can leave, minimized on ``t0``
    and ``t1``. An answer shows only the nodes that are not 0 in it: number
    2i+1 when node i is 1, 2i when it is free (fewer symbols to read back)."""
    n = len(functions.up)
    t0, t1 = program.atoms(n), program.atoms(n)
    one, free = program.atoms(n), program.atoms(n)
    both = (t0, t1)

    def trap(j: int, value: int) -> int:
        return both[value][j]

    diagram = _diagram(program, functions, trap)
    for i in range(n):
        program.rule([t0[i], t1[i]], [], choice=True)
        program.rule([], [-t0[i], -t1[i]])
        _condition(program, [t1[i]], functions.up[i], [t0[i], *forcing.unless_off(i)], trap, diagram)
        _condition(program, [t0[i]], functions.down[i], [t1[i], *forcing.unless_on(i)], trap, diagram)
        if i in forcing.on:
            program.rule([t1[i]], [t0[i], forcing.on[i]])
        if i in forcing.off:
            program.rule([t0[i]], [t1[i], forcing.off[i]])
        program.minimize(t0[i])
        program.minimize(t1[i])
        program.rule([one[i]], [t1[i], -t0[i]])
        program.rule([free[i]], [t0[i], t1[i]])
        program.show(2 * i + 1, one[i])
        program.show(2 * i, free[i])
    return t0, t1


def trap_space_program(
    functions: LocalFunctions, *, program: Program | None = None, forcing: Forcing | None = None
) -> Program:
    """Trap spaces (the engine asks clingo for the subset-minimal ones).
    ``program`` may already hold the atoms of ``forcing``."""
    program = program or Program()
    _trap_spaces(program, functions, forcing or Forcing())
    return program


def reachable_trap_space_program(
    functions: LocalFunctions,
    starts: Sequence[Sequence[GuardedTerm]],
    forbidden: Sequence[Term] = (),
    *,
    program: Program | None = None,
    forcing: Forcing | None = None,
) -> Program:
    """Trap spaces holding a state that is most-permissive reachable from a
    start state. Each start subspace is given by the value combinations its
    states never have (each under its guard); no start state has a combination
    in ``forbidden`` (the bit patterns that encode no level of a multivalued
    node). A forced node starts at its forced value."""
    n = len(functions.up)
    program = program or Program()
    forcing = forcing or Forcing()
    t0, t1 = _trap_spaces(program, functions, forcing)
    x, y, o, h0, h1, u, w = (program.atoms(n) for _ in range(7))
    cube = (h0, h1)

    def hypercube(j: int, value: int) -> int:
        return cube[value][j]

    def start(j: int, value: int) -> int:
        return x[j] if value else -x[j]

    diagram = _diagram(program, functions, hypercube)
    for i in range(n):
        program.rule([y[i]], [], choice=True)
        program.rule([], [y[i], -t1[i]])
        program.rule([], [-y[i], -t0[i]])
        program.rule([x[i]], [], choice=True)
        program.rule([h1[i]], [x[i]])
        program.rule([h0[i]], [-x[i]])
        program.rule([h1[i]], [o[i]])
        program.rule([h0[i]], [o[i]])
        _condition(program, [u[i]], functions.up[i], forcing.unless_off(i), hypercube, diagram)
        _condition(program, [w[i]], functions.down[i], forcing.unless_on(i), hypercube, diagram)
        if i in forcing.on:
            program.rule([u[i]], [forcing.on[i]])
            program.rule([], [-x[i], forcing.on[i]])
        if i in forcing.off:
            program.rule([w[i]], [forcing.off[i]])
            program.rule([], [x[i], forcing.off[i]])
        program.rule([o[i]], [-x[i], u[i]], choice=True)
        program.rule([o[i]], [x[i], w[i]], choice=True)
        program.rule([], [x[i], -y[i], -o[i]])
        program.rule([], [-x[i], y[i], -o[i]])
        program.rule([], [o[i], -x[i], -y[i], -w[i]])
        program.rule([], [o[i], x[i], y[i], -u[i]])
    for term in forbidden:
        program.rule([], [start(j, v) for j, v in term])
    chosen: list[list[int]] = [[] for _ in starts]
    if len(starts) > 1:
        st = program.atoms(len(starts))
        program.rule(st, [], choice=True)
        program.rule([], [-a for a in st])  # in some start subspace (several: in each)
        chosen = [[a] for a in st]
    for condition, excluded in zip(chosen, starts):
        for term, guard in excluded:
            program.rule([], [*condition, *guard, *(start(j, v) for j, v in term)])
    return program
