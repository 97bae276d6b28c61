"""Minimal intervention sets from one clingo program, refined by counterexamples.

The program guesses a set of at most k *options* (``pick`` atoms: a node
fixed at a level, a drug with its fixings and caps) and derives, for every
node an option acts on, the *mode* the set leaves it in (fixed at a level,
capped, or as the background has it). Modes force the bits of the network's
Boolean encoding exactly as a perturbation does (:mod:`._scan`). Candidate
sets are its answers, subset-minimal on the picks (clasp's domain heuristic:
picks are decided first, false first, so the first answer of a solve has no
answer below it).

What a set must satisfy is universal ("every attractor of the perturbed
network meets the goals"), so it is added lazily, as the counterexamples of
failed candidates teach it (the CEGAR scheme BoNesis uses for trap-space
reprogramming), each one a condition every working set satisfies:

* a state x in a minimal trap space violating the goals (most permissive
  semantics): for every working set, the smallest trap space holding x
  contains a minimal trap space, which meets the goals, so it *contains a
  trap space meeting the goals*. Conversely, a set for which the smallest
  trap space of each state contains such a trap space works (a minimal trap
  space is the smallest trap space of any of its states). The program
  derives that smallest trap space under the guessed modes (a least fixpoint)
  and guesses a trap space inside it meeting the goals;
* a state x of an attractor whose every state violates the goals (any
  semantics but most permissive): the smallest trap space holding x *holds a
  state meeting the goals* (a trap space holds an attractor of every update);
* a fixed point x violating the goals (fixed points, and under any
  semantics from any start, since a fixed point is an attractor of every
  update): *x is not a fixed point* of the perturbed network, a clause over
  the modes;
* an attractor violating the goals (asynchronous, priority, synchronous
  semantics), with the treatment it was found under: a working set changes
  how some node moves on it, since a set that leaves every state's moves
  as they were leaves it an attractor;
* a failed candidate itself: that exact set is excluded.

Static conditions every working set satisfies are added at once: under most
permissive semantics, some trap space meets the goals; for fixed points, some
fixed point meets them (a set that leaves no fixed point at all does not
work: every fixed point meeting the goals and at least one existing is the
question, as BoNesis's fixed-point reprogramming asks it). For fixed points,
and under the semantics whose attractors include the fixed points
(asynchronous, priority, synchronous), *every* fixed point meets the goals:
a universal condition written by saturation (a disjunctive part of the
program), which makes the fixed-point question exact without counterexamples.

A working candidate's supersets are excluded and the search goes on; when the
program has no answer left, no other minimal set of at most k options exists
(clingo's unsatisfiability is the proof). Every answer is a set the caller
checked on the exact dynamics (for fixed points the program states the whole
question, and the caller accepts its answers as they come), and every
condition is necessary, so a set
below a reported one that works cannot exist: it would have been answered
first.
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, Sequence

import clingo
from clingo.backend import Backend, HeuristicType

from logicnet.dynamics.engines.asp._functions import TRUE_KEY, Condition, LocalFunctions, local_functions
from logicnet.dynamics.engines.asp._program import Forcing, Program, _condition, _diagram
from logicnet.dynamics.engines.asp._solve import MINIMAL_OPTIONS, POLL_SECONDS, Bits, quiet
from logicnet.errors import LimitReached
from logicnet.model.network import Goal, Network

__all__ = ["ControlProgram", "ModeTable", "SATURATION_OPTIONS"]

#: clasp's settings for the programs holding the saturation (the universal
#: fixed-point condition): the "trendy" portfolio (dynamic restarts, larger
#: learnt-clause database, SAT preprocessing) spends a third to a quarter of
#: the default's CPU time on the Moon22 fixed-point questions for about as
#: many conflicts (benchmarks/results/control.md); the domain heuristic and
#: the enumeration mode it leaves alone, so the answers are the same sets.
SATURATION_OPTIONS = ("--configuration=trendy",)

#: For one node: the mode each subset of the options acting on it leaves the
#: node in: ``("fix", level)``, ``("cap", level)``, or ``None`` (its own rule).
ModeTable = Mapping[frozenset[int], "tuple[str, int] | None"]


class _Builder(Program):
    """A :class:`._program.Program` whose rules go straight to clingo's
    backend (so that the encoders serve both): a multi-shot program grows as
    counterexamples arrive."""

    def __init__(self, backend: Backend):  # no text to hold
        self.backend = backend

    def atoms(self, count: int) -> list[int]:
        return [self.backend.add_atom() for _ in range(count)]

    def rule(self, head: Sequence[int], body: Sequence[int], choice: bool = False) -> None:
        self.backend.add_rule(list(head), list(body), choice)


class ControlProgram:
    """The candidate generator of one question (see module notes).

    ``options`` counts the options; ``exclusive`` lists groups of options of
    which a set holds at most one (levels of one node); ``tables`` gives, per
    background, the mode table of every node an option acts on or the
    background fixes; ``semantics`` selects the static conditions.
    """

    def __init__(self, network: Network, options: int, exclusive: Sequence[Sequence[int]],
                 tables: Sequence[Mapping[str, ModeTable]], goals: Sequence[Goal], max_size: int,
                 semantics: str, deadline: float | None = None):
        self.network = network
        self.bits = Bits(network)
        self.functions: LocalFunctions = local_functions(self.bits.network)
        self.goals = tuple(goals)
        self.deadline = deadline
        self._node_index = {name: i for i, name in enumerate(network.names)}
        self.control = clingo.Control(
            [*MINIMAL_OPTIONS, *(SATURATION_OPTIONS if semantics != "mostpermissive" else ())], logger=quiet)
        self.control.configuration.solve.models = 0  # type: ignore[union-attr]
        self.control.ground([("base", [])])
        self.learnt = 0
        self._pending: list[Callable[[_Builder], None]] = []
        with self.control.backend() as backend:
            build = _Builder(backend)
            # named atoms, so that a model's picks are read in one call (model.symbols)
            self.picks = [backend.add_atom(clingo.Function("pick", [clingo.Number(k)])) for k in range(options)]
            for atom in self.picks:
                build.rule([atom], [], choice=True)
                backend.add_heuristic(atom, HeuristicType.False_, 1, 0, [])
            if options > max_size:
                backend.add_weight_rule([], max_size + 1, [(p, 1) for p in self.picks])
            # size bounds below max_size, switched on one at a time (see search)
            self.bounds: list[int] = []
            for size in range(1, min(max_size, options)):
                over, bound = build.atoms(2)
                build.rule([bound], [], choice=True)
                backend.add_weight_rule([over], size + 1, [(p, 1) for p in self.picks])
                build.rule([], [over, bound])
                self.bounds.append(bound)
            for group in exclusive:
                for k, a in enumerate(group):
                    for b in group[k + 1:]:
                        build.rule([], [self.picks[a], self.picks[b]])
            self.forcings = [self._forcing(build, table) for table in tables]
            for forcing in self.forcings:
                if semantics == "mostpermissive":
                    self._subspace(build, forcing, None)
                elif semantics == "fixedpoints":
                    self._fixed_point(build, forcing)
                if semantics != "mostpermissive":
                    self._every_fixed_point(build, forcing)

    # ------------------------------------------------------------- the guess

    def _forcing(self, build: _Builder, table: Mapping[str, ModeTable]) -> Forcing:
        """Mode atoms of one background and the forcing of the bits they hold."""
        off: dict[int, list[int]] = {}
        on: dict[int, list[int]] = {}
        for name, modes in table.items():
            acting = sorted(set().union(*modes)) if modes else []
            node_bits = self.bits.indices[self._node_index[name]]
            for subset, mode in modes.items():
                if mode is None:
                    continue
                (atom,) = build.atoms(1)
                build.rule([atom], [*(self.picks[o] for o in subset),
                                    *(-self.picks[o] for o in acting if o not in subset)])
                kind, level = mode
                for k, bit in enumerate(node_bits, start=1):
                    if k > level:
                        off.setdefault(bit, []).append(atom)
                    elif kind == "fix":
                        on.setdefault(bit, []).append(atom)
        forcing = Forcing(off=dict(zip(off, build.atoms(len(off)))), on=dict(zip(on, build.atoms(len(on)))))
        for sources, atoms in ((off, forcing.off), (on, forcing.on)):
            for bit, modes in sources.items():
                for mode in modes:
                    build.rule([atoms[bit]], [mode])
        return forcing

    # ------------------------------------------------------- the conditions

    def _goal_constraints(self, build: _Builder, zero: Sequence[int], one: Sequence[int]) -> None:
        """No state of the subspace (``zero[i]``/``one[i]``: bit i may be 0/1)
        has a level a goal rejects (levels read as the engine decodes them)."""
        for goal in self.goals:
            bits = self.bits.indices[self._node_index[goal.node]]
            for level in range(len(bits) + 1):
                if goal.holds(level):
                    continue
                body = [one[b] for b in bits[:level]]
                if level < len(bits):
                    body.append(zero[bits[level]])
                build.rule([], body)

    def _subspace(self, build: _Builder, forcing: Forcing,
                  within: tuple[list[int], list[int]] | None) -> None:
        """Some trap space of the perturbed network (inside ``within``) meets the goals."""
        n = len(self.functions.up)
        zero, one = build.atoms(n), build.atoms(n)
        both = (zero, one)
        for i in range(n):
            for value in (0, 1):
                build.rule([both[value][i]], [within[value][i]] if within else [], choice=True)
                # try the largest subspace first: often the closure itself meets the goals
                build.backend.add_heuristic(both[value][i], HeuristicType.Sign, 1, 0, [])
            build.rule([], [-zero[i], -one[i]])
        diagram = _diagram(build, self.functions, lambda j, v: both[v][j])
        self._closed(build, forcing, zero, one, diagram)
        self._goal_constraints(build, zero, one)

    def _closed(self, build: _Builder, forcing: Forcing, zero: list[int], one: list[int],
                diagram: dict[int, int]) -> None:
        """No node can leave the subspace: a value it can move to is in it."""
        both = (zero, one)

        def literal(j: int, v: int) -> int:
            return both[v][j]

        for i in range(len(zero)):
            _condition(build, [one[i]], self.functions.up[i], [zero[i], *forcing.unless_off(i)],
                       literal, diagram)
            _condition(build, [zero[i]], self.functions.down[i], [one[i], *forcing.unless_on(i)],
                       literal, diagram)
            if i in forcing.on:
                build.rule([one[i]], [zero[i], forcing.on[i]])
            if i in forcing.off:
                build.rule([zero[i]], [one[i], forcing.off[i]])

    def _fixed_point(self, build: _Builder, forcing: Forcing) -> None:
        """Some fixed point of the perturbed network meets the goals."""
        n = len(self.functions.up)
        y = build.atoms(n)

        def state(j: int, v: int) -> int:
            return y[j] if v else -y[j]

        diagram = _diagram(build, self.functions, state)
        for i in range(n):
            build.rule([y[i]], [], choice=True)
            _condition(build, [], self.functions.up[i], [-y[i], *forcing.unless_off(i)], state, diagram)
            _condition(build, [], self.functions.down[i], [y[i], *forcing.unless_on(i)], state, diagram)
            if i in forcing.on:
                build.rule([], [-y[i], forcing.on[i]])
            if i in forcing.off:
                build.rule([], [y[i], forcing.off[i]])
        for (higher, _), (lower, _) in self.bits.inadmissible():
            build.rule([], [y[higher], -y[lower]])
        self._goal_constraints(build, [-a for a in y], y)

    def _every_fixed_point(self, build: _Builder, forcing: Forcing) -> None:
        """Every fixed point of the perturbed network meets the goals (a fixed
        point is an attractor under every semantics). A universal condition,
        written by saturation: a state y is guessed by disjunction, and ``sat``
        holds when y is no fixed point, encodes no state, or meets the goals;
        then every y atom holds too, so an answer exists only when ``sat``
        follows from every guess (the checks use no default negation on y)."""
        n = len(self.functions.up)
        y, ny = build.atoms(n), build.atoms(n)
        (sat,) = build.atoms(1)
        both = (ny, y)

        def literal(j: int, v: int) -> int:
            return both[v][j]

        for i in range(n):
            build.rule([y[i], ny[i]], [])
        diagram = _diagram(build, self.functions, literal)
        for i in range(n):
            _condition(build, [sat], self.functions.up[i], [ny[i], *forcing.unless_off(i)],
                       literal, diagram)
            _condition(build, [sat], self.functions.down[i], [y[i], *forcing.unless_on(i)],
                       literal, diagram)
            if i in forcing.on:
                build.rule([sat], [ny[i], forcing.on[i]])
            if i in forcing.off:
                build.rule([sat], [y[i], forcing.off[i]])
        for (higher, _), (lower, _) in self.bits.inadmissible():
            build.rule([sat], [y[higher], ny[lower]])
        nodes = list(dict.fromkeys(g.node for g in self.goals))
        meets = build.atoms(len(nodes))
        for name, atom in zip(nodes, meets):
            bits = self.bits.indices[self._node_index[name]]
            for level in range(len(bits) + 1):
                if all(g.holds(level) for g in self.goals if g.node == name):
                    pattern = [y[b] for b in bits[:level]]
                    if level < len(bits):
                        pattern.append(ny[bits[level]])
                    build.rule([atom], pattern)
        build.rule([sat], meets)
        for i in range(n):
            build.rule([y[i]], [sat])
            build.rule([ny[i]], [sat])
        build.rule([], [-sat])

    def _state_bits(self, state: Mapping[str, int]) -> list[int]:
        """A state's bits (level l of a node: its first l bits set)."""
        out = [0] * len(self.functions.up)
        for name, level in state.items():
            for k, bit in enumerate(self.bits.indices[self._node_index[name]]):
                out[bit] = int(level > k)
        return out

    def learn_trap(self, background: int, state: Mapping[str, int]) -> None:
        """``state`` lies in a minimal trap space violating the goals: from now
        on, the smallest trap space holding it must contain one meeting them
        (added when the current solve ends)."""
        self._pending.append(lambda build: self._trap_condition(build, background, state))

    def learn_reach(self, background: int, state: Mapping[str, int]) -> None:
        """``state`` lies in an attractor whose every state misses the goals
        (any semantics whose trap spaces hold an attractor): from now on, the
        smallest trap space holding it must hold a state meeting them, or an
        attractor in it misses them (added when the current solve ends)."""
        self._pending.append(lambda build: self._reach_condition(build, background, state))

    def learn_fixed_point(self, background: int, state: Mapping[str, int]) -> None:
        """``state`` is a fixed point violating the goals: from now on it must
        not be one (added when the current solve ends)."""
        self._pending.append(lambda build: self._fixed_point_condition(build, background, state))

    def learn_attractor(self, background: int, levels: Mapping[str, Sequence[int]],
                        fixed: Mapping[str, int], caps: Mapping[str, int]) -> None:
        """An attractor missing the goals (each node's levels in it), found
        under a treatment fixing ``fixed`` and capping ``caps`` (background
        included): from now on, a set must change how some node moves on it
        (asynchronous, priority and synchronous semantics). Otherwise every
        state of the attractor has the same moves as before, so it is still
        an attractor: a bit constant in it may be forced to its value (its
        function already holds it there), any other change of a bit's forcing
        counts as a change (added when the current solve ends)."""
        self._pending.append(lambda build: self._attractor_condition(build, background, levels, fixed, caps))

    def _attractor_condition(self, build: _Builder, background: int, levels: Mapping[str, Sequence[int]],
                             fixed: Mapping[str, int], caps: Mapping[str, int]) -> None:
        forcing = self.forcings[background]
        unchanged: list[int] = []  # every literal holds: the attractor stays
        for name, node_levels in levels.items():
            for k, bit in enumerate(self.bits.indices[self._node_index[name]], start=1):
                values = {int(level >= k) for level in node_levels}
                if name in fixed:
                    forced: int | None = int(fixed[name] >= k)
                elif name in caps and k > caps[name]:
                    forced = 0
                else:
                    forced = None
                atoms = (forcing.off.get(bit), forcing.on.get(bit))
                if forced is not None:  # forced to its only value here: it must stay so
                    if atoms[forced] is None:
                        return  # pragma: no cover - a treatment's forcing has its atom
                    unchanged.append(atoms[forced])
                elif len(values) == 1:  # free, constant: it must not be forced the other way
                    (value,) = values
                    if atoms[1 - value] is not None:
                        unchanged.append(-atoms[1 - value])
                else:  # free, moving: it must stay free
                    unchanged.extend(-a for a in atoms if a is not None)
        build.rule([], unchanged)

    def _trap_condition(self, build: _Builder, background: int, state: Mapping[str, int]) -> None:
        forcing = self.forcings[background]
        self._subspace(build, forcing, self._closure(build, forcing, state))

    def _closure(self, build: _Builder, forcing: Forcing,
                 state: Mapping[str, int]) -> tuple[list[int], list[int]]:
        """The smallest trap space holding ``state`` under the guessed modes
        (the least closed subspace: stable models are least)."""
        x = self._state_bits(state)
        n = len(x)
        zero, one = build.atoms(n), build.atoms(n)
        both = (zero, one)
        for i, value in enumerate(x):
            build.rule([both[value][i]], [])
        diagram = _diagram(build, self.functions, lambda j, v: both[v][j])
        self._closed(build, forcing, zero, one, diagram)
        return zero, one

    def _reach_condition(self, build: _Builder, background: int, state: Mapping[str, int]) -> None:
        zero, one = self._closure(build, self.forcings[background], state)
        for name in dict.fromkeys(g.node for g in self.goals):
            bits = self.bits.indices[self._node_index[name]]
            (meets,) = build.atoms(1)
            for level in range(len(bits) + 1):
                if all(g.holds(level) for g in self.goals if g.node == name):
                    body = [one[b] for b in bits[:level]]
                    if level < len(bits):
                        body.append(zero[bits[level]])
                    build.rule([meets], body)
            build.rule([], [-meets])

    def _fixed_point_condition(self, build: _Builder, background: int, state: Mapping[str, int]) -> None:
        forcing = self.forcings[background]
        x = self._state_bits(state)
        (moves,) = build.atoms(1)
        for i, value in enumerate(x):
            # bit i leaves x when forced away, or when free and its function moves it
            if value:
                if i in forcing.off:
                    build.rule([moves], [forcing.off[i]])
                if _holds(self.functions, self.functions.down[i], x):
                    build.rule([moves], forcing.unless_on(i))
            else:
                if i in forcing.on:
                    build.rule([moves], [forcing.on[i]])
                if _holds(self.functions, self.functions.up[i], x):
                    build.rule([moves], forcing.unless_off(i))
        build.rule([], [-moves])

    def _exclude(self, build: _Builder, chosen: Sequence[int], *, supersets: bool) -> None:
        """Exclude the set ``chosen`` (with ``supersets``: every set holding it)."""
        others = [] if supersets else [-p for k, p in enumerate(self.picks) if k not in set(chosen)]
        build.rule([], [*(self.picks[k] for k in chosen), *others])

    # ----------------------------------------------------------------- solving

    def search(self, works: Callable[[tuple[int, ...]], bool]) -> list[tuple[int, ...]]:
        """Every minimal set: candidates (option indices) are enumerated,
        subset-minimal, and checked by ``works``, which may teach the program
        (:meth:`learn_trap`, :meth:`learn_fixed_point`) why one fails; the
        solve then restarts with what it taught. Ends when no candidate is
        left (the program is unsatisfiable).

        The sets are searched size by size (a bound on the picks switched on,
        then off): every answer under a bound is minimal among all sets, since
        the sets under it are closed under subsets, and the smaller search
        spaces come first."""
        accepted: list[tuple[int, ...]] = []
        for bound in [*self.bounds, None]:
            self._search(works, accepted, [b if b == bound else -b for b in self.bounds])
        return accepted

    def _search(self, works: Callable[[tuple[int, ...]], bool], accepted: list[tuple[int, ...]],
                assumptions: list[int]) -> None:
        """Solve until no candidate is left under the current bound."""
        while True:
            failed: tuple[int, ...] | None = None
            fresh: list[tuple[int, ...]] = []
            with self.control.solve(assumptions=assumptions, yield_=True,  # type: ignore[call-overload]
                                    async_=True) as handle:
                while True:
                    handle.resume()
                    while not handle.wait(POLL_SECONDS):
                        if self.deadline is not None and time.monotonic() > self.deadline:
                            handle.cancel()
                            raise LimitReached("the search for minimal sets hit the time limit")
                    model = handle.model()
                    if model is None:
                        break
                    chosen = tuple(sorted(s.arguments[0].number for s in model.symbols(atoms=True)
                                          if s.name == "pick"))
                    if works(chosen):
                        fresh.append(chosen)
                    else:
                        failed = chosen
                        break
            accepted.extend(fresh)
            with self.control.backend() as backend:
                build = _Builder(backend)
                for chosen in fresh:
                    self._exclude(build, chosen, supersets=True)
                if failed is not None:
                    self._exclude(build, failed, supersets=False)
                for add in self._pending:
                    add(build)
                self.learnt += len(self._pending)
                self._pending.clear()
            if failed is None:
                return


def _holds(functions: LocalFunctions, condition: Condition, x: Sequence[int]) -> bool:
    """Whether ``condition`` holds at the state ``x`` (bits)."""
    if condition.diagram_key is not None:
        key: int | None = condition.diagram_key
        while key is not None and key != TRUE_KEY:
            node = functions.diagram[key]
            key = node.high if x[node.var] else node.low
        return key == TRUE_KEY
    if condition.blockers is not None:
        return all(any(x[j] != v for j, v in term) for term in condition.blockers)
    return any(all(x[j] == v for j, v in term) for term in condition.terms)
