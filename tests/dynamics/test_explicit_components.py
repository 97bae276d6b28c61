"""The explicit engine's two searches of the transition graph (scipy's
csgraph for large graphs, the project's Tarjan for small ones) give the same
components and the same reached set, on graphs shaped as the engine builds
them (csgraph mislabels rows holding an edge twice)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.dynamics.engines.explicit._graph import _components, _small_components


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[np.ndarray, np.ndarray]], np.ndarray | None]:
    size = draw(st.integers(1, 40))
    vertex = st.integers(0, size - 1)
    # as the engine's transitions: no loops, no edge twice, no source twice in a batch
    pairs = draw(st.sets(st.tuples(vertex, vertex).filter(lambda e: e[0] != e[1]), max_size=3 * size))
    rounds: list[list[tuple[int, int]]] = []
    for source, target in sorted(pairs):
        k = next((k for k, batch in enumerate(rounds) if all(s != source for s, _ in batch)), len(rounds))
        if k == len(rounds):
            rounds.append([])
        rounds[k].append((source, target))
    batches = [(np.array([s for s, _ in b], dtype=np.int64), np.array([t for _, t in b], dtype=np.int64))
               for b in rounds]
    starts = draw(st.none() | st.lists(vertex, min_size=1, max_size=4, unique=True))
    return size, batches, None if starts is None else np.array(starts, dtype=np.int64)


def partition(count: int, labels: np.ndarray, reached: np.ndarray | None) -> tuple[set[frozenset[int]], set[int] | None]:
    groups: dict[int, set[int]] = {}
    for vertex, label in enumerate(labels.tolist()):
        groups.setdefault(label, set()).add(vertex)
    assert len(groups) == count
    seen = None if reached is None else {v for v, label in enumerate(labels.tolist()) if reached[label]}
    return {frozenset(g) for g in groups.values()}, seen


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_small_graph_search_equals_csgraph(case) -> None:  # type: ignore[no-untyped-def]
    size, batches, starts = case
    big = partition(*_components(size, lambda: iter(batches), starts))
    small = partition(*_small_components(size, lambda: iter(batches), starts))
    assert small == big
