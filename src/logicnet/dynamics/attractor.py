"""Attractor values: what every engine returns, in one shape.

An attractor is described exactly by a *cover*: a tuple of disjoint subspaces
whose union is its set of states. A subspace gives, for each node (in the
order of ``nodes``), the tuple of levels it may take. A fixed point is one
subspace of singletons; a small cyclic attractor is the list of its states;
a large one (more than ``max_states`` states) is a few disjoint subspaces; a
trap space (most permissive attractor) is one subspace; a symbolic attractor
is the disjoint cubes of its BDD. Two engines may cover the same attractor
differently: compare attractors as sets of states (``iter_states``).
``states`` lists the states themselves when there are at most ``max_states``
(worked out on first use: a screen builds thousands of trap spaces and never
lists them). An engine that knows an attractor's size and levels without its
cover (a symbolic engine counts them on the BDD) may hand over a
:class:`DeferredCover`, decoded on first use: a BDD of a few hundred nodes can
have hundreds of thousands of path cubes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import product
from math import prod
from typing import Any, Callable, ClassVar, Iterable, Iterator, Literal, Mapping, Sequence

from logicnet.model.network import Goal
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import Result, json_field

__all__ = [
    "State",
    "Subspace",
    "Attractor",
    "AttractorResult",
    "DeferredCover",
    "MAX_LISTED_STATES",
    "MAX_LISTED_ATTRACTORS",
    "subspace_states",
    "subspace_size",
]

State = tuple[int, ...]
Subspace = tuple[tuple[int, ...], ...]
Kind = Literal["fixed_point", "cyclic", "trap_space"]

MAX_LISTED_STATES = 1000
#: asked for every attractor (no limit), the engines list at most this many,
#: the first ones (the result says it is incomplete): 10,000 attractors of a
#: 200-node model are about 150 MB and a few seconds; more is for a count or
#: an explicit limit
MAX_LISTED_ATTRACTORS = 10_000


def subspace_size(space: Subspace) -> int:
    return prod(len(levels) for levels in space)


def capped_levels(levels: Sequence[int], cap: int) -> tuple[int, ...]:
    """A node's start levels under a cap: those above it lowered to it."""
    return tuple(sorted({min(v, cap) for v in levels}))


def clamped(space: Subspace, fixed: Mapping[int, int], caps: Mapping[int, int]) -> Subspace:
    """A start subspace as a treatment finds it (fixings and caps by node
    position): a fixed node at its level at once, a capped one lowered to its
    cap (a node both fixed and capped is fixed). The one definition the API
    and the engines that take variants share."""
    if not fixed and not caps:
        return tuple(space)
    out = list(space)
    for k, cap in caps.items():
        out[k] = capped_levels(out[k], cap)
    for k, level in fixed.items():
        out[k] = (level,)
    return tuple(out)


@lru_cache(maxsize=256)
def _mean_of_levels(levels: tuple[int, ...]) -> float:
    return sum(levels) / len(levels)


def subspace_states(space: Subspace) -> Iterator[State]:
    """Every state of a subspace."""
    return iter(product(*space))


class DeferredCover(Sequence[Subspace]):
    """A cover decoded on first use (then sorted, as :meth:`Attractor.from_cover`
    sorts one). It compares, hashes and pickles as the tuple it decodes to;
    until then it keeps what ``decode`` needs (a BDD and its manager) alive."""

    def __init__(self, decode: Callable[[], Iterable[Subspace]]):
        self._decode: Callable[[], Iterable[Subspace]] | None = decode
        self._spaces: tuple[Subspace, ...] = ()

    @property
    def spaces(self) -> tuple[Subspace, ...]:
        if self._decode is not None:
            self._spaces = tuple(sorted(self._decode()))
            self._decode = None  # (lets the BDD go)
        return self._spaces

    @property
    def decoded(self) -> bool:
        return self._decode is None

    def __getitem__(self, index: Any) -> Any:
        return self.spaces[index]

    def __len__(self) -> int:
        return len(self.spaces)

    def __iter__(self) -> Iterator[Subspace]:
        return iter(self.spaces)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredCover):
            other = other.spaces
        return self.spaces == other

    def __hash__(self) -> int:
        return hash(self.spaces)

    def __lt__(self, other: Any) -> bool:
        return self.spaces < (other.spaces if isinstance(other, DeferredCover) else other)

    def __gt__(self, other: Any) -> bool:
        return self.spaces > (other.spaces if isinstance(other, DeferredCover) else other)

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self.spaces,)

    def __repr__(self) -> str:
        return f"DeferredCover({len(self.spaces)} subspaces)" if self.decoded else "DeferredCover(not decoded)"


@dataclass(frozen=True)
class Attractor:
    """One attractor over ``nodes``. ``values[i]`` are the levels node i takes in
    it, ``mean[i]`` its mean level over the attractor's states."""

    kind: Kind = json_field(key="type")
    nodes: tuple[str, ...] = json_field(skip=True)
    cover: Sequence[Subspace] = json_field(skip=True)  # a tuple, or a DeferredCover
    size: int = json_field()
    values: tuple[tuple[int, ...], ...] = json_field(skip=True)
    mean: tuple[float, ...] = json_field(skip=True)
    max_states: int = json_field(MAX_LISTED_STATES, skip=True, compare=False, repr=False)

    __json_extra__: ClassVar[dict[str, str]] = {"space": "space", "states": "state_dicts"}

    @cached_property
    def states(self) -> tuple[State, ...] | None:
        """The states, sorted, when there are at most ``max_states``."""
        if self.size > self.max_states:
            return None
        return tuple(sorted(s for space in self.cover for s in subspace_states(space)))

    # ------------------------------------------------------------ constructors
    @staticmethod
    def from_states(nodes: Sequence[str], states: Iterable[State], kind: Kind | None = None,
                    max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """An attractor given by its states (sorted; duplicates removed)."""
        ordered = tuple(sorted(set(map(tuple, states))))
        if not ordered:
            raise ValueError("an attractor has at least one state")
        if kind is None:
            kind = "fixed_point" if len(ordered) == 1 else "cyclic"
        columns = list(zip(*ordered)) if nodes else []  # (plain Python: most attractors are a few states)
        values = tuple(tuple(sorted(set(column))) for column in columns)
        mean = tuple(sum(column) / len(ordered) for column in columns)
        cover = tuple(tuple((v,) for v in s) for s in ordered)
        attractor = Attractor(kind, tuple(nodes), cover, len(ordered), values, mean, max_states)
        attractor.__dict__["states"] = ordered if len(ordered) <= max_states else None
        return attractor

    @staticmethod
    def from_cover(nodes: Sequence[str], cover: Iterable[Subspace], kind: Kind,
                   max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """An attractor given as a union of *disjoint* subspaces."""
        cover = tuple(sorted(tuple(tuple(sorted(levels)) for levels in space) for space in cover))
        if len(cover) == 1:  # one subspace: its levels are the values, uniform over each node
            (space,) = cover
            size = subspace_size(space)
            if kind != "trap_space" and size == 1:
                kind = "fixed_point"
            return Attractor(kind, tuple(nodes), cover, size, space, tuple(map(_mean_of_levels, space)), max_states)
        sizes = [subspace_size(space) for space in cover]
        size = sum(sizes)
        n = len(nodes)
        values = tuple(tuple(sorted({v for space in cover for v in space[i]})) for i in range(n))
        mean = tuple(
            sum(sz * sum(space[i]) / len(space[i]) for sz, space in zip(sizes, cover)) / size
            for i in range(n)
        )
        if kind != "trap_space" and size == 1:
            kind = "fixed_point"
        return Attractor(kind, tuple(nodes), cover, size, values, mean, max_states)

    @staticmethod
    def summarised(nodes: Sequence[str], cover: DeferredCover, size: int, values: Sequence[Sequence[int]],
                   mean: Sequence[float], max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """A cyclic attractor whose size, levels per node (sorted) and mean levels
        were counted without its cover, which is decoded when first asked for."""
        return Attractor("cyclic", tuple(nodes), cover, size, tuple(map(tuple, values)), tuple(mean),  # type: ignore[arg-type]
                         max_states)

    @staticmethod
    def of_trap_space(nodes: tuple[str, ...], space: Subspace, max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """:meth:`from_space` for a space whose level tuples are already sorted
        and distinct (what the engines produce; a screen makes thousands)."""
        size = prod(map(len, space))
        mean = tuple(map(_mean_of_levels, space))
        return Attractor("fixed_point" if size == 1 else "trap_space", nodes, (space,), size, space, mean,
                         max_states)

    @staticmethod
    def from_space(nodes: Sequence[str], space: Subspace, max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """A trap space (a most permissive attractor); a single state is a fixed point."""
        return Attractor.of_trap_space(tuple(nodes), tuple(tuple(sorted(set(levels))) for levels in space),
                                       max_states)

    # ----------------------------------------------------------------- queries
    def index(self, node: str) -> int:
        return self.nodes.index(node)

    def levels(self, node: str) -> tuple[int, ...]:
        """The levels ``node`` takes in this attractor."""
        return self.values[self.nodes.index(node)]

    def level(self, node: str) -> int | None:
        """The level of ``node`` if it is the same in every state, else ``None``."""
        levels = self.levels(node)
        return levels[0] if len(levels) == 1 else None

    def mean_level(self, node: str) -> float:
        return self.mean[self.nodes.index(node)]

    def meets(self, goal: Goal) -> bool:
        """Whether every state of the attractor meets ``goal``."""
        return all(goal.holds(v) for v in self.levels(goal.node))

    @property
    def space(self) -> dict[str, int | str]:
        """The smallest subspace holding the attractor: a level, or ``"*"`` where it varies."""
        return {n: (v[0] if len(v) == 1 else "*") for n, v in zip(self.nodes, self.values)}

    def state_dicts(self) -> list[dict[str, int]] | None:
        if self.states is None:
            return None
        return [dict(zip(self.nodes, s)) for s in self.states]

    def iter_states(self) -> Iterator[State]:
        """Every state (may be many: check ``size`` first)."""
        for space in self.cover:
            yield from subspace_states(space)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.values, self.size, self.cover)

    def project(self, nodes: Sequence[str], fixed: Mapping[str, int],
                max_states: int = MAX_LISTED_STATES) -> "Attractor":
        """The same attractor over ``nodes``: nodes missing here take their
        level from ``fixed`` (used to put back percolated constants)."""
        where = {n: i for i, n in enumerate(self.nodes)}

        def lifted(space: Subspace) -> Subspace:
            return tuple(space[where[n]] if n in where else (fixed[n],) for n in nodes)

        if isinstance(self.cover, DeferredCover) and not self.cover.decoded:  # stays deferred
            deferred, nodes = self.cover, tuple(nodes)
            values = [self.values[where[n]] if n in where else (fixed[n],) for n in nodes]
            mean = [self.mean[where[n]] if n in where else float(fixed[n]) for n in nodes]
            return Attractor.summarised(nodes, DeferredCover(lambda: map(lifted, deferred)), self.size, values,
                                        mean, max_states)
        cover = tuple(map(lifted, self.cover))
        kind = self.kind
        att = Attractor.from_cover(nodes, cover, kind, max_states)
        if kind == "fixed_point" and att.kind != "fixed_point":  # pragma: no cover - defensive
            raise AssertionError("projection changed the kind")
        return att



@dataclass(frozen=True)
class AttractorResult(Result):
    """Attractors of one network under one semantics and perturbation.

    ``complete`` is false when the list may miss attractors: a ``limit``
    stopped it (``MAX_LISTED_ATTRACTORS`` without one), or the start states
    were an incomplete set;
    ``count`` is the exact number of attractors when it was asked for.
    """

    network: str
    semantics: str
    perturbation: Perturbation
    engine: str
    complete: bool
    attractors: tuple[Attractor, ...]
    nodes: tuple[str, ...] = json_field(skip=True)
    count: int | None = json_field(None, omit_none=True)
    notes: tuple[str, ...] = json_field((), skip=True)

    def records(self) -> list[dict[str, Any]]:
        """One row per attractor: its number, type, size and each node's level
        (``"*"`` where it varies)."""
        return [{"attractor": i, "type": a.kind, "size": a.size, **a.space}
                for i, a in enumerate(self.attractors, start=1)]

    def __iter__(self) -> Iterator[Attractor]:
        return iter(self.attractors)

    def __len__(self) -> int:
        return len(self.attractors)

