"""Asynchronous attractors of tiny networks on bit sets (symbolic/_tiny.py):
the same attractors as the explicit engine and as the BDD search on random
networks (multivalued nodes, fixings and caps), limits and counts, and which
networks take the path."""

from __future__ import annotations

import pytest
from hypothesis import given

import logicnet.dynamics.engines.symbolic as symbolic
from logicnet.dynamics import attractors
from logicnet.dynamics.engines.symbolic._tiny import TINY_BITS
from logicnet.io import parse_bnet
from logicnet.model import Network, Perturbation
from tests.dynamics.test_engines_agree import SETTINGS, networks, state_sets

TINY_NOTE = "symbolic: a tiny network, its states as bit sets"


def symbolic_attractors(network: Network, perturbation: Perturbation | None = None, tiny: bool = True, **options):  # type: ignore[no-untyped-def]
    """The symbolic engine's asynchronous attractors and its progress messages."""
    messages: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(symbolic, "TINY", tiny)
        result = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="symbolic",
                            progress=lambda message, *_: messages.append(message), **options)
    return result, messages


@SETTINGS
@given(networks())
def test_tiny_path_agrees_with_the_explicit_engine_and_the_bdd_search(case) -> None:  # type: ignore[no-untyped-def]
    network, perturbation = case
    explicit = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="explicit")
    tiny, messages = symbolic_attractors(network, perturbation)
    bdd, bdd_messages = symbolic_attractors(network, perturbation, tiny=False)
    assert TINY_NOTE not in bdd_messages
    assert (TINY_NOTE in messages) == bool(bdd_messages)  # whenever the engine is asked (not all percolated)
    assert tiny.complete
    assert state_sets(tiny) == state_sets(explicit) == state_sets(bdd)
    assert len(tiny.attractors) == len(state_sets(tiny))  # each attractor once
    for ours, theirs in zip(tiny.attractors, bdd.attractors):  # the same order, sizes, levels and means
        assert (ours.kind, ours.size, ours.values) == (theirs.kind, theirs.size, theirs.values)
        assert ours.mean == pytest.approx(theirs.mean)


@SETTINGS
@given(networks(multivalued=False))
def test_tiny_path_counts_past_its_limit(case) -> None:  # type: ignore[no-untyped-def]
    network, perturbation = case
    every, _ = symbolic_attractors(network, perturbation, tiny=False)
    limited, _ = symbolic_attractors(network, perturbation, limit=1, count=True)
    assert limited.count == len(every.attractors)
    assert len(limited.attractors) == 1
    assert limited.complete == (len(every.attractors) == 1)


def oscillators(n: int) -> Network:
    return parse_bnet("".join(f"x{k}, !x{k}\n" for k in range(n)))


def test_a_whole_space_attractor_is_one_subspace() -> None:
    result, messages = symbolic_attractors(oscillators(TINY_BITS))
    assert TINY_NOTE in messages
    (attractor,) = result.attractors
    assert attractor.size == 2**TINY_BITS
    assert attractor.cover == (((0, 1),) * TINY_BITS,)
    assert attractor.kind == "cyclic"


def test_larger_networks_take_the_bdd_search() -> None:
    result, messages = symbolic_attractors(oscillators(TINY_BITS + 1))
    assert TINY_NOTE not in messages
    assert [a.size for a in result.attractors] == [2 ** (TINY_BITS + 1)]


def test_fixed_points_and_a_cycle_with_a_multivalued_node() -> None:
    # X (0..2) climbs to 2 while A is on; A and B form a negative loop when X is 2
    network = parse_bnet("A, A | B & X_b2\nB, !A & X_b2\nX_b1, A | X_b2\nX_b2, A & X_b1\n")
    explicit = attractors(network, semantics="asynchronous", engine="explicit")
    tiny, messages = symbolic_attractors(network)
    assert TINY_NOTE in messages
    assert state_sets(tiny) == state_sets(explicit)
