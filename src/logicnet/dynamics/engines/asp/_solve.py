"""What the asp engine's programs share: the Boolean network a program is
written for (:class:`Bits`) and the way back to levels, reading shown
symbols, and enumerating answer sets under a deadline."""

from __future__ import annotations

import time
from typing import Callable, Iterable, Iterator, Sequence

import clingo

from logicnet.dynamics.attractor import Attractor, Subspace
from logicnet.dynamics.engines.asp._functions import Term
from logicnet.dynamics.engines.asp._program import Program
from logicnet.dynamics.engines.base import Declined, Task
from logicnet.model.booleanize import Booleanized, booleanize
from logicnet.model.network import Network

__all__ = ["Bits", "MINIMAL_OPTIONS", "quiet", "symbol_key", "enumerate_answers", "Symbols", "POLL_SECONDS"]

_OPTIONS = ["--single-shot"]
#: Subset-minimal answers with respect to the atoms marked by Program.minimize.
MINIMAL_OPTIONS = ["--heuristic=Domain", "--enum-mode=domRec"]
POLL_SECONDS = 0.5

Symbols = Sequence[clingo.Symbol]


class Bits:
    """The Boolean network the programs are written for, and the way back to
    the levels of the original network."""

    def __init__(self, original: Network):
        self.original = original
        self.booleanized: Booleanized | None = None
        self.network = original
        #: for each original node (in order), the indices of its bits
        self.indices: list[tuple[int, ...]] = [(i,) for i in range(len(original.nodes))]
        if not original.is_boolean:
            self.booleanized = booleanize(original)
            self.network = self.booleanized.network
            position = {name: i for i, name in enumerate(self.network.names)}
            self.indices = [tuple(position[b] for b in self.booleanized.bits[n]) for n in original.names]
        # shown number 2i+1: bit i is 1; 2i: bit i is free (see _program)
        self._shown = {
            symbol_key(clingo.Number(k)): (k // 2, bool(k % 2)) for k in range(2 * len(self.network.nodes))
        }

    def excluded(self, space: Subspace) -> list[Term]:
        """The bit patterns no state of ``space`` has."""
        return [
            term
            for node, levels in enumerate(space)
            for term in self.level_terms(node, set(range(len(self.indices[node]) + 1)) - set(levels))
        ]

    def level_terms(self, node: int, levels: Iterable[int]) -> list[Term]:
        """The bit patterns of ``levels`` of original node ``node`` (level l of a
        node with bits b1..bm is b_l = 1 and b_(l+1) = 0, given admissibility)."""
        bits = self.indices[node]
        out: list[Term] = []
        for level in sorted(levels):
            term: list[tuple[int, int]] = []
            if level >= 1:
                term.append((bits[level - 1], 1))
            if level < len(bits):
                term.append((bits[level], 0))
            out.append(tuple(term))
        return out

    def inadmissible(self) -> list[Term]:
        """Bit patterns that encode no level (a bit set above an unset one)."""
        return [
            ((higher, 1), (lower, 0))
            for bits in self.indices
            for lower, higher in zip(bits, bits[1:])
        ]

    def fixed_point(self, task: Task, symbols: Symbols) -> Attractor:
        on = {s.number for s in symbols}
        if self.booleanized is None:
            state = tuple(int(i in on) for i in range(len(task.names)))
        else:
            levels = self.booleanized.decode_state(
                {b: int(i in on) for i, b in enumerate(self.network.names)}
            )
            state = tuple(levels[n] for n in task.names)
        return Attractor.from_space(task.names, tuple((v,) for v in state), task.max_states)

    def trap_space(self, task: Task, symbols: Symbols) -> Attractor:
        return Attractor.from_space(task.names, self.space(symbols), task.max_states)

    def shown(self, symbols: Symbols) -> Iterator[tuple[int, bool]]:
        """The bits a trap-space answer shows: (bit, True) where it is 1, (bit,
        False) where it is free; every other bit is 0."""
        table = self._shown
        for symbol in symbols:
            yield table[symbol_key(symbol)]

    def space(self, symbols: Symbols) -> Subspace:
        """The trap space an answer shows, over the original network's nodes."""
        allowed: list[list[int]] = [[0] for _ in range(len(self.network.nodes))]
        for bit, one in self.shown(symbols):
            allowed[bit] = [1] if one else [0, 1]
        if self.booleanized is None:
            return tuple(tuple(values) for values in allowed)
        levels = self.booleanized.decode_space(dict(zip(self.network.names, allowed)))
        return tuple(levels[name] for name in self.original.names)


if isinstance(getattr(clingo.Number(0), "_rep", None), int):
    # A Symbol wraps one integer; a screen reads tens of thousands of them, and
    # hashing the integer costs a fortieth of hashing the Symbol through the C
    # API. (Should a clingo release drop the attribute, the Symbol serves.)
    def symbol_key(symbol: clingo.Symbol) -> object:
        """What identifies a shown symbol, cheaply."""
        return symbol._rep  # type: ignore[attr-defined]
else:  # pragma: no cover - depends on the clingo release
    def symbol_key(symbol: clingo.Symbol) -> object:
        """What identifies a shown symbol, cheaply."""
        return symbol


def quiet(code: clingo.MessageCode, message: str) -> None:
    """Swallow clingo's informational messages (the programs are generated)."""


def enumerate_answers(
    task: Task, program: Program, *, minimal: bool, what: str, count: bool
) -> tuple[list[Symbols], bool, int]:
    """Answer sets of ``program`` (shown atoms): at most ``task.limit`` of them,
    whether that is all, and how many there are when ``count`` is set (past
    ``task.count_by_listing`` answers, :class:`Declined`)."""
    control = clingo.Control(_OPTIONS + (MINIMAL_OPTIONS if minimal else []), logger=quiet)
    keep = None if task.limit is None else task.limit + 1
    bound = task.count_by_listing if count else None
    if bound is not None:  # one past the bound says there are more
        control.configuration.solve.models = bound + 1
    else:  # 0: every answer
        control.configuration.solve.models = 0 if count or keep is None else keep
    control.add("base", [], program.text())  # aspif: read as it is, nothing to ground
    control.ground([("base", [])])
    found: list[Symbols] = []
    number = 0

    def on_model(model: clingo.Model) -> None:
        nonlocal number
        number += 1
        if keep is None or len(found) < keep:
            found.append(model.symbols(shown=True))

    if task.deadline is None and task.progress is None:
        # nothing to watch: solving in this thread spares starting one per call
        control.solve(on_model=on_model)
    else:
        with control.solve(on_model=on_model, async_=True) as handle:  # type: ignore[call-overload]
            while not handle.wait(POLL_SECONDS):
                _check_deadline(task, handle.cancel, what)
                task.report(f"{what}: {number} found so far")
    if bound is not None and number > bound:
        raise Declined(f"more than {bound} {what} to count one by one")
    complete = task.limit is None or len(found) <= task.limit
    return found[: task.limit], complete, number


def _check_deadline(task: Task, cancel: Callable[[], None], what: str) -> None:
    if task.deadline is not None and time.monotonic() > task.deadline:
        cancel()
        task.check_time(what)
