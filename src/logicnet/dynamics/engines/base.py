"""The interface every engine implements, and the task it is given."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal, Mapping, Protocol

from logicnet.dynamics.attractor import MAX_LISTED_STATES, Attractor, Subspace
from logicnet.errors import LimitReached, StateSpaceTooLarge
from logicnet.model.network import Network

__all__ = ["Task", "Answer", "Engine", "Progress", "Question", "Declined", "Variant"]

Question = Literal["attractors", "fixed_points"]


class Progress(Protocol):
    """Receives progress messages from long computations (the CLI shows them)."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None: ...


@dataclass(frozen=True)
class Task:
    """One question for an engine.

    ``network`` is already perturbed and reduced (constants percolated); every
    node's dynamics is ``node.update_rule()`` (free inputs keep their level).
    ``starts`` are subspaces over ``network.names`` (``None``: every state).
    ``semantics`` is ignored for fixed points.
    """

    network: Network
    question: Question
    semantics: str = "asynchronous"
    starts: tuple[Subspace, ...] | None = None
    limit: int | None = None
    count: bool = False
    max_states: int = MAX_LISTED_STATES
    deadline: float | None = None
    progress: Progress | None = field(default=None, compare=False)
    #: with ``count``, an engine that counts by listing lists at most this
    #: many answers, then declines (another engine counts without listing)
    count_by_listing: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return self.network.names

    def check_time(self, what: str = "the computation") -> None:
        """Raise :class:`LimitReached` once the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise LimitReached(f"{what} hit the time limit (--timeout)")

    def report(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if self.progress is not None:
            self.progress(message, done, total)


@dataclass(frozen=True)
class Variant:
    """One of several perturbations of a task's network asked together: node
    fixings and caps (by name) on top of the network's rules, nodes that never
    move (``frozen``: left out of the question, e.g. outside a goal cone), and
    the variant's own start subspaces over the network's nodes (the fixings
    and caps act on them at once, as a drug does)."""

    starts: tuple[Subspace, ...]
    fixed: Mapping[str, int] = field(default_factory=dict)
    caps: Mapping[str, int] = field(default_factory=dict)
    frozen: frozenset[str] = frozenset()


@dataclass
class Answer:
    """What an engine found: attractors over ``task.names``, whether the
    enumeration is complete, and the exact count when asked."""

    attractors: list[Attractor]
    complete: bool = True
    count: int | None = None
    notes: list[str] = field(default_factory=list)


class Declined(StateSpaceTooLarge):
    """The engine gave up on a task too large for it; when the engine was
    chosen automatically, another one answers."""


class Engine(Protocol):
    """An attractor engine. ``check`` raises (with advice) when the engine cannot
    or should not answer the task; ``solve`` answers it."""

    name: str

    def check(self, task: Task) -> None: ...

    def solve(self, task: Task) -> Answer: ...
