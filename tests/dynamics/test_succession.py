"""Asynchronous attractors by the succession of trap spaces: the maximal trap
spaces clingo finds against brute force, the negative feedback set against the
cycles it must break, and the attractors the succession finds (no trap
space solved whole, however small; with and without seeds) against the explicit engine on random networks
and against the terminal-SCC search alone on the shipped BBM models."""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Iterator

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import logicnet.dynamics.engines.symbolic as symbolic
from logicnet.dynamics import attractors
from logicnet.dynamics.engines.asp._maximal import MaximalTrapSpaces
from logicnet.dynamics.engines.symbolic import _succession
from logicnet.dynamics.engines.symbolic._succession import negative_feedback, regulator_signs
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem
from logicnet.io import parse_bnet
from logicnet.model import Network, Perturbation
from tests.conftest import load_quietly, shipped_bnet_models
from tests.dynamics.test_engines_agree import networks

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def state_sets(result) -> set[frozenset]:  # type: ignore[no-untyped-def]
    return {frozenset(a.iter_states()) for a in result.attractors}


def expanded(network: Network, perturbation: Perturbation | None = None, split_inputs: int = 99,  # type: ignore[no-untyped-def]
             race: str = "smaller", walks: bool = True, seeds: bool = True, listed: bool = False):
    """Asynchronous attractors by the succession with no trap space solved
    whole, however small (``walks`` off: every candidate goes on to the symbolic searches; ``seeds``
    off: the minimal trap spaces are not listed, every child is searched; ``listed``: clingo lists
    every settled candidate set, as it does where the BDD outgrows its budget)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession, "DIRECT_BITS", 0)
        if listed:
            patch.setattr(_succession, "CONJOIN_BUDGET", 0)
        if not seeds:
            patch.setattr(_succession, "MINIMAL_LIMIT", 0)
        patch.setattr(_succession, "RACE", race)
        if not walks:
            patch.setattr(_succession, "SIMULATED_CANDIDATES", 0)
        patch.setattr(_succession, "SPLIT_INPUTS", split_inputs)
        patch.setattr(symbolic, "SUCCESSION", True)
        patch.setattr(symbolic, "TINY", False)  # tiny networks take the succession too
        return attractors(network, semantics="asynchronous", perturbation=perturbation, engine="symbolic")


# --------------------------------------------------------------------------- maximal trap spaces


def boolean_functions(network: Network) -> list:  # type: ignore[type-arg]
    names = network.names
    return [lambda s, n=n: network.nodes[n].update_rule().evaluate(dict(zip(names, s))) for n in names]


def subspace_states(space: tuple) -> Iterator[tuple[int, ...]]:  # type: ignore[type-arg]
    return product(*(((v,) if v is not None else (0, 1)) for v in space))


def brute_maximal(network: Network, inside: dict[int, int]) -> list[dict[int, int]]:
    """Maximal trap spaces strictly inside ``inside``, by listing every subspace."""
    n = len(network.names)
    functions = boolean_functions(network)
    traps = []
    for space in product((0, 1, None), repeat=n):
        if any(space[i] != v for i, v in inside.items()):
            continue
        closed = all(
            space[i] is None or functions[i](s) == space[i] for s in subspace_states(space) for i in range(n)
        )
        if closed and sum(v is not None for v in space) > len(inside):
            traps.append(space)

    def within(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
        return all(y is None or x == y for x, y in zip(a, b))

    maximal = [t for t in traps if not any(u != t and within(t, u) for u in traps)]
    return [{i: v for i, v in enumerate(t) if v is not None and i not in inside} for t in maximal]


@SETTINGS
@given(networks(multivalued=False))
def test_maximal_trap_spaces_match_brute_force(case) -> None:  # type: ignore[no-untyped-def]
    network, _ = case
    solver = MaximalTrapSpaces(network)
    found = solver.within({})
    expected = brute_maximal(network, {})
    assert sorted(map(sorted, (d.items() for d in found))) == sorted(map(sorted, (d.items() for d in expected)))
    for child in found:  # and one level down, inside each of them (percolated or not, a trap space)
        inner = solver.within(child)
        assert sorted(sorted(d.items()) for d in inner) == sorted(sorted(d.items()) for d in brute_maximal(network, child))


def test_maximal_trap_spaces_of_a_switch_and_an_input() -> None:
    network = parse_bnet("x, !y\ny, !x\nz, z\nw, !w & x\n")
    solver = MaximalTrapSpaces(network)
    assert sorted(sorted(d.items()) for d in solver.within({})) == [
        [(0, 0), (1, 1)], [(0, 1), (1, 0)], [(2, 0)], [(2, 1)]]
    assert sorted(sorted(d.items()) for d in solver.within({0: 1, 1: 0})) == [[(2, 0)], [(2, 1)]]


def test_maximal_trap_spaces_refuse_a_multivalued_network() -> None:
    network = load_quietly(Path(__file__).parent.parent.parent / "networks" / "tnbc_pi3k.yaml")
    if network.is_boolean:  # pragma: no cover - the shipped model is multivalued
        pytest.skip("needs a multivalued network")
    with pytest.raises(ValueError, match="Boolean networks"):
        MaximalTrapSpaces(network)


# --------------------------------------------------------------------------- negative feedback


def signed_graph(network: Network) -> nx.MultiDiGraph:
    """Edges u -> v with sign +1/-1 from the truth tables (both when non-monotone)."""
    names = network.names
    functions = boolean_functions(network)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(names)
    for j, v in enumerate(names):
        for i, u in enumerate(names):
            signs = set()
            for s in product((0, 1), repeat=len(names)):
                if s[i] == 0:
                    high = s[:i] + (1,) + s[i + 1:]
                    delta = functions[j](high) - functions[j](s)
                    if delta:
                        signs.add(delta)
            for sign in signs:
                graph.add_edge(u, v, sign=sign)
    return graph


def has_negative_cycle(graph: nx.MultiDiGraph, removed: set[str]) -> bool:
    doubled = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if u in removed or v in removed:
            continue
        flip = int(data["sign"] < 0)
        for parity in (0, 1):
            doubled.add_edge((u, parity), (v, parity ^ flip))
    return any(nx.has_path(doubled, (v, 0), (v, 1)) and nx.has_path(doubled, (v, 1), (v, 0))
               for v in graph.nodes if (v, 0) in doubled and (v, 1) in doubled)


@SETTINGS
@given(networks(multivalued=False))
def test_negative_feedback_set_breaks_every_negative_cycle(case) -> None:  # type: ignore[no-untyped-def]
    network, _ = case
    system = SymbolicSystem(network)
    names = list(system.variables)
    signs = {b: regulator_signs(system, system.functions[system.position[b]]) for b in names}
    held = negative_feedback(names, signs)
    graph = signed_graph(network)
    assert not has_negative_cycle(graph, held)


# --------------------------------------------------------------------------- attractors


@SETTINGS
@given(networks(), st.sampled_from([0, 99]), st.sampled_from(["smaller", "forward", "backward"]), st.booleans(),
       st.booleans())
def test_succession_agrees_with_the_explicit_engine(case, split_inputs: int, race: str, walks: bool,  # type: ignore[no-untyped-def]
                                                    seeds: bool) -> None:
    """Whichever search closes first (forward from the candidates, or the
    children's basin), a minimal trap space's single-pivot check or its
    fallback, and with or without the seeds that skip children, the
    attractors are the explicit engine's."""
    network, perturbation = case
    explicit = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="explicit")
    ours = expanded(network, perturbation, split_inputs, race, walks, seeds)
    assert ours.complete
    assert state_sets(ours) == state_sets(explicit)
    assert len(ours.attractors) == len(state_sets(ours))  # each attractor once


@SETTINGS
@given(networks(), st.booleans(), st.booleans())
def test_candidates_listed_by_clingo_give_the_explicit_engines_attractors(case, walks: bool,  # type: ignore[no-untyped-def]
                                                                           seeds: bool) -> None:
    """The settled candidates narrowed by a retained set and listed by clingo
    (the route taken where their BDD outgrows its budget) lose no attractor."""
    network, perturbation = case
    explicit = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="explicit")
    ours = expanded(network, perturbation, walks=walks, seeds=seeds, listed=True)
    assert ours.complete
    assert state_sets(ours) == state_sets(explicit)


@SETTINGS
@given(networks())
def test_listing_stops_past_its_limit_and_the_bdd_answers(case) -> None:  # type: ignore[no-untyped-def]
    network, perturbation = case
    explicit = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="explicit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession, "SETTLED_LISTED", 0)  # one candidate is already too many
        ours = expanded(network, perturbation, seeds=False, listed=True)
    assert state_sets(ours) == state_sets(explicit)


LARGER_MODELS = [p for p in shipped_bnet_models() if 16 < len(load_quietly(p).nodes) <= 45]


@pytest.mark.parametrize("path", LARGER_MODELS, ids=lambda p: p.name[:7])
def test_succession_agrees_with_the_terminal_scc_search_on_bbm_models(path: Path) -> None:
    network = load_quietly(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(symbolic, "SUCCESSION", False)
        patch.setattr(symbolic, "TINY", False)  # tiny networks take the succession too
        plain = attractors(network, semantics="asynchronous", engine="symbolic", timeout=60)
    ours = expanded(network, split_inputs=3)
    assert covers(ours) == covers(plain)


def covers(result) -> set[tuple]:  # type: ignore[no-untyped-def,type-arg]
    """Attractors by size and cover (both searches decode BDDs of one variable order)."""
    return {(a.size, tuple(sorted(a.cover))) for a in result.attractors}


@st.composite
def boolean_bnets(draw: st.DrawFn) -> str:
    """A random Boolean network of 4 to 8 nodes as BNet text: each rule an OR
    of one to three ANDs of one to three literals, so that cycles of both
    signs, several trap spaces and complex attractors are common."""
    names = [f"x{i}" for i in range(draw(st.integers(4, 8)))]
    lines = []
    for name in names:
        terms = []
        for _ in range(draw(st.integers(1, 3))):
            picked = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
            terms.append(" & ".join(("!" if draw(st.booleans()) else "") + p for p in picked))
        lines.append(f"{name}, {' | '.join(f'({t})' for t in terms)}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(boolean_bnets(), st.sampled_from(["smaller", "forward", "backward"]))
def test_succession_without_walks_agrees_with_the_explicit_engine(text: str, race: str) -> None:
    """Every candidate left to the symbolic searches (children's basin against
    forward reachability, a minimal trap space's one-pivot check): the
    attractors are the explicit engine's."""
    network = parse_bnet(text)
    explicit = attractors(network, semantics="asynchronous", engine="explicit")
    ours = expanded(network, race=race, walks=False)
    assert ours.complete
    assert state_sets(ours) == state_sets(explicit)
    assert len(ours.attractors) == len(state_sets(ours))


@SETTINGS
@given(networks())
def test_pivot_search_of_a_whole_space_agrees_with_the_explicit_engine(case) -> None:  # type: ignore[no-untyped-def]
    """Small spaces searched whole by pivots alone (fixed points at once, then
    forward sets checked for strong connection): the explicit engine's."""
    network, perturbation = case
    explicit = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="explicit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession, "DIRECT_BITS", 99)
        patch.setattr(_succession, "PIVOT_BITS", 99)
        patch.setattr(symbolic, "SUCCESSION", True)
        patch.setattr(symbolic, "TINY", False)  # tiny networks take the succession too
        ours = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="symbolic")
    assert ours.complete
    assert state_sets(ours) == state_sets(explicit)
    assert len(ours.attractors) == len(state_sets(ours))


@SETTINGS
@given(boolean_bnets())
def test_pivot_search_agrees_on_boolean_networks(text: str) -> None:
    network = parse_bnet(text)
    explicit = attractors(network, semantics="asynchronous", engine="explicit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession, "DIRECT_BITS", 99)
        patch.setattr(_succession, "PIVOT_BITS", 99)
        ours = attractors(network, semantics="asynchronous", engine="symbolic")
    assert state_sets(ours) == state_sets(explicit)
    assert len(ours.attractors) == len(state_sets(ours))
