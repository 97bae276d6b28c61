"""Start states: where cells are before a treatment, and where a question starts.

A :class:`StartState` names, for some nodes, the levels a cell may start at
(one level, several, or any) and gives a ``default`` for the nodes it does
not name (0, or any level). It stands for a set of states (a subspace).
Networks declare named start states (``states:`` in the file); a context may
name the state its untreated cells start in.

A :class:`Start` says where treated cells start:

``untreated``
    the untreated attractors of the same cells (reached from the context's
    declared start state when it has one, else all of them), then treated;
``any``
    every attractor of the treated network;
a state
    the treated dynamics start directly from the state's states, the treatment
    in force from the first step (as control problems assume).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping

from logicnet.errors import ModelError, did_you_mean
from logicnet.limits import shown_name
from logicnet.model.frozen import FrozenMap

__all__ = ["StartState", "Start", "UNTREATED", "ANY", "parse_state_text"]

#: ``None`` as the levels of a node means any level (written ``"*"``)
Levels = tuple[int, ...] | None


@dataclass(frozen=True)
class StartState:
    """A set of start states: ``levels`` per named node (``None``: any level),
    ``default`` for every other node (``None``: any level)."""

    name: str
    levels: FrozenMap[str, Levels]
    default: int | None = 0

    def __post_init__(self) -> None:
        if not isinstance(self.levels, FrozenMap):
            object.__setattr__(self, "levels", FrozenMap(self.levels))

    def node_levels(self, node: str, top: int) -> tuple[int, ...]:
        """The levels ``node`` (with levels 0..``top``) may start at."""
        if node in self.levels:
            chosen = self.levels[node]
        else:
            chosen = None if self.default is None else (min(self.default, top),)
        return tuple(range(top + 1)) if chosen is None else chosen

    def space(self, names: tuple[str, ...], tops: Mapping[str, int]) -> tuple[tuple[int, ...], ...]:
        """The subspace over ``names`` (each node's maximum level in ``tops``)."""
        return tuple(self.node_levels(n, tops[n]) for n in names)

    def describe(self) -> str:
        """``EGF=*, STAT5=0, IL8=0|1 (others 0)``."""
        parts = [f"{n}={'*' if v is None else '|'.join(map(str, v))}" for n, v in self.levels.items()]
        rest = "others any level" if self.default is None else f"others {self.default}"
        return ", ".join(parts) + (f" ({rest})" if parts else rest)


@dataclass(frozen=True)
class Start:
    """Where treated cells start (see module notes)."""

    kind: Literal["untreated", "any", "state"]
    state: StartState | None = None

    def __str__(self) -> str:
        if self.kind != "state":
            return self.kind
        assert self.state is not None
        return self.state.name or self.state.describe()


UNTREATED = Start("untreated")
ANY = Start("any")


def parse_state_text(text: str, what: str = "--from") -> StartState:
    """``"EGF=1,STAT5=0,IL8=*"`` → a state without a name (unnamed nodes start
    at 0; ``N=*`` is any level; ``N=0|1`` either level). Node names and levels
    are checked against a network by :meth:`logicnet.model.Network.start_state`."""
    levels: dict[str, Levels] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not name or not value:
            raise ModelError(f"{what} expects NODE=LEVEL,... (e.g. EGF=1,STAT5=0 or EGF=*), got '{shown_name(text)}'")
        if value == "*":
            levels[name] = None
            continue
        options = [v.strip() for v in value.split("|")]
        if not all(v.isdigit() and len(v) <= 6 for v in options):
            raise ModelError(f"{what}: the level of '{shown_name(name)}' must be a whole number, several joined"
                             f" by '|', or '*' (any level), not '{shown_name(value)}'")
        levels[name] = tuple(sorted({int(v) for v in options}))
    if not levels:
        raise ModelError(f"{what} expects NODE=LEVEL,... (e.g. EGF=1,STAT5=0 or EGF=*), got '{text}'")
    return StartState("", FrozenMap(levels), 0)


def check_state(state: StartState, tops: Mapping[str, int], what: str) -> str | None:
    """Why ``state`` does not fit a network whose nodes have maximum levels
    ``tops`` (``None`` when it fits)."""
    for node, levels in state.levels.items():
        if node not in tops:
            return f"{what} names unknown node '{node}'{did_you_mean(node, tops)}"
        for level in levels or ():
            if not 0 <= level <= tops[node]:
                return f"{what} sets '{node}' to {level}, but '{node}' has levels 0..{tops[node]}"
    return None
