"""Most permissive attractors of many perturbations from one ground program.

A drug screen asks the same question (the minimal trap spaces reachable from
the untreated attractors, or all of them) of hundreds of perturbations that
differ only in which few nodes are fixed or capped. Instead of writing,
grounding and solving a program per perturbation, :class:`ForcedTrapSpaces`
writes one in which every node that may be perturbed has a *mode* atom per
way it can be perturbed (fixed at level l, capped at level k). Mode atoms are
externals; a perturbation is solved by switching its modes on. What a mode
does is spelt out in the program:

* on the dynamics, through :class:`._program.Forcing`: a fixed node's
  bits have constant functions; a node capped at k has its bits above k
  constant 0 (the unit-step booleanization lets bits 1..k follow the rule);
* on the start states (a drug acts at once): with the node's mode on, a
  start subspace allows the node's projected levels (the fixed level, or its
  levels lowered to the cap) instead of its own.

clingo keeps what it learnt between solves, so a perturbation costs one
search, usually well under a millisecond on published models.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping, Sequence

import clingo

from logicnet.dynamics.attractor import Subspace, capped_levels
from logicnet.dynamics.engines.asp._functions import local_functions
from logicnet.dynamics.engines.asp._program import (
    Forcing,
    GuardedTerm,
    Program,
    reachable_trap_space_program,
    trap_space_program,
)
from logicnet.dynamics.engines.asp._solve import MINIMAL_OPTIONS, POLL_SECONDS, Bits, quiet
from logicnet.errors import LimitReached
from logicnet.model.network import Network

__all__ = ["Mode", "ForcedTrapSpaces"]

_ONE, _BOTH = (1,), (0, 1)


@dataclass(frozen=True, order=True)
class Mode:
    """How a perturbation holds a node: ``fix`` at ``level``, or ``cap`` at ``level``."""

    kind: str
    level: int

    def start_levels(self, levels: Sequence[int]) -> tuple[int, ...]:
        """The levels a start subspace allows once the perturbation acts."""
        if self.kind == "fix":
            return (self.level,)
        return capped_levels(levels, self.level)


def modes_of(top: int) -> list[Mode]:
    """Every way a node with levels 0..top can be held (a cap at ``top`` is no cap)."""
    return [Mode("fix", level) for level in range(top + 1)] + [Mode("cap", k) for k in range(top)]


class ForcedTrapSpaces:
    """Minimal trap spaces of ``network`` (reachable from ``starts``, or all of
    them when ``starts`` is ``None``) under any modes of the ``switchable``
    nodes, from one ground program.

    ``network`` is a reduced network; answers are given over ``names`` (a
    superset of its nodes), the others at their level in ``constants``.
    """

    def __init__(
        self,
        network: Network,
        switchable: Sequence[str],
        starts: tuple[Subspace, ...] | None,
        names: Sequence[str],
        constants: Mapping[str, int],
    ):
        self.network = network
        self.bits = bits = Bits(network)
        index = {name: i for i, name in enumerate(network.names)}
        # an answer is read into a copy of this template (Boolean networks: node
        # by node; multivalued: through the booleanization)
        self._template = [(constants[n],) if n not in index else (0,) for n in names]
        where = {n: i for i, n in enumerate(names)}
        self._position = [where[n] for n in network.names]
        program = Program()
        # mode atoms, then the forcing atoms of every bit they act on
        self.modes: dict[tuple[str, Mode], int] = {}
        off_rules: dict[int, list[int]] = {}
        on_rules: dict[int, list[int]] = {}
        for name in switchable:
            node_bits = bits.indices[index[name]]
            for mode in modes_of(len(node_bits)):
                (atom,) = program.atoms(1)
                program.external(atom)
                self.modes[(name, mode)] = atom
                for k, bit in enumerate(node_bits, start=1):
                    if k > mode.level:
                        off_rules.setdefault(bit, []).append(atom)
                    elif mode.kind == "fix":
                        on_rules.setdefault(bit, []).append(atom)
        forcing = Forcing(
            off=dict(zip(off_rules, program.atoms(len(off_rules)))),
            on=dict(zip(on_rules, program.atoms(len(on_rules)))),
        )
        for rules, atoms in ((off_rules, forcing.off), (on_rules, forcing.on)):
            for bit, sources in rules.items():
                for source in sources:
                    program.rule([atoms[bit]], [source])
        functions = local_functions(bits.network)
        if starts is None:
            trap_space_program(functions, program=program, forcing=forcing)
        else:
            guarded = [self._start_terms(space, index, switchable) for space in starts]
            reachable_trap_space_program(
                functions, guarded, bits.inadmissible(), program=program, forcing=forcing
            )
        self.control = clingo.Control(MINIMAL_OPTIONS, logger=quiet)
        self.control.configuration.solve.models = 0
        self.control.add("base", [], program.text())
        self.control.ground([("base", [])])

    def _start_terms(
        self, space: Subspace, index: Mapping[str, int], switchable: Sequence[str]
    ) -> list[GuardedTerm]:
        """What a start subspace excludes: for a switchable node, under each of
        its modes (and, with every mode off, its own levels)."""
        out: list[GuardedTerm] = []
        switch = set(switchable)
        for name in self.network.names:
            i = index[name]
            levels = space[i]
            every = range(len(self.bits.indices[i]) + 1)
            if name not in switch:
                out.extend((t, ()) for t in self.bits.level_terms(i, set(every) - set(levels)))
                continue
            atoms = [(mode, atom) for (n, mode), atom in self.modes.items() if n == name]
            unforced = tuple(-atom for _, atom in atoms)
            out.extend((t, unforced) for t in self.bits.level_terms(i, set(every) - set(levels)))
            for mode, atom in atoms:
                allowed = set(mode.start_levels(levels))
                out.extend((t, (atom,)) for t in self.bits.level_terms(i, set(every) - allowed))
        return out

    def solve(self, fixed: Mapping[str, int], caps: Mapping[str, int], *,
              deadline: float | None = None) -> list[Subspace]:
        """The minimal trap spaces (over ``names``) with these nodes fixed or
        capped (switchable nodes only; a cap at a node's top is no cap)."""
        modes = {**{n: Mode("cap", v) for n, v in caps.items()}, **{n: Mode("fix", v) for n, v in fixed.items()}}
        switched = [self.modes[(name, mode)] for name, mode in modes.items()]
        # (solve's assumptions take solver literals; externals take program atoms)
        for atom in switched:
            self.control.assign_external(atom, True)
        found: list[Subspace] = []
        boolean = self.bits.booleanized is None

        def on_model(model: clingo.Model) -> None:
            symbols = model.symbols(shown=True)
            found.append(self._read_boolean(symbols) if boolean else self._read(symbols))

        try:
            if deadline is None:  # a screen solves thousands of small questions: no watcher thread each
                self.control.solve(on_model=on_model)
                return found
            with self.control.solve(on_model=on_model, async_=True) as handle:  # type: ignore[call-overload]
                while not handle.wait(POLL_SECONDS):
                    if time.monotonic() > deadline:
                        handle.cancel()
                        raise LimitReached("the scan hit the time limit")
        finally:
            for atom in switched:
                self.control.assign_external(atom, False)
        return found

    def _read_boolean(self, symbols: Sequence[clingo.Symbol]) -> Subspace:
        space = list(self._template)
        position = self._position
        for node, one in self.bits.shown(symbols):
            space[position[node]] = _ONE if one else _BOTH
        return tuple(space)

    def _read(self, symbols: Sequence[clingo.Symbol]) -> Subspace:
        space = list(self._template)
        for i, levels in zip(self._position, self.bits.space(symbols)):
            space[i] = levels
        return tuple(space)
