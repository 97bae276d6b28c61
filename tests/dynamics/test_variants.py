"""Several perturbations of one network asked together
(:func:`logicnet.dynamics.attractors_of_variants`) give, variant by variant,
what :func:`logicnet.dynamics.attractors` gives for each alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.dynamics import Variant, attractors, attractors_of_variants
from logicnet.dynamics import api
from logicnet.dynamics.engines.reachable import ReachableEngine
from logicnet.dynamics.percolation import freeze
from logicnet.errors import AnalysisError
from logicnet.io import parse_bnet
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from tests.dynamics.test_explicit import networks, subspaces


@st.composite
def variants(draw: st.DrawFn, network: Network) -> Variant:
    """Random fixings, caps and frozen nodes, with one or two start subspaces."""
    nodes = network.nodes
    fixed = draw(st.dictionaries(st.sampled_from(network.names), st.integers(0, 2), max_size=2))
    fixed = {n: min(v, nodes[n].levels) for n, v in fixed.items()}
    caps = draw(st.dictionaries(st.sampled_from(network.names), st.integers(0, 1), max_size=1))
    frozen = draw(st.sets(st.sampled_from(network.names), max_size=1))
    starts = tuple(draw(st.lists(subspaces(network), min_size=1, max_size=2)))
    return Variant(starts, fixed, caps, frozenset(frozen))


def one_by_one(network: Network, variant: Variant, semantics: str) -> list[frozenset]:
    alone = freeze(network, variant.frozen) if variant.frozen else network
    return states_of(attractors(alone, semantics=semantics, perturbation=Perturbation(variant.fixed, variant.caps),
                                starts=variant.starts).attractors)


def states_of(found) -> list[frozenset]:  # type: ignore[no-untyped-def]
    """Attractors as sets of states, in their order (engines may cover one differently)."""
    return [frozenset(a.iter_states()) for a in found]


@settings(max_examples=120, deadline=None)
@given(data=st.data(), semantics=st.sampled_from(["asynchronous", "synchronous", "priority"]))
def test_variants_asked_together_equal_each_alone(data: st.DataObject, semantics: str) -> None:
    network = data.draw(networks(max_nodes=4, max_levels=2))
    asked = data.draw(st.lists(variants(network), min_size=1, max_size=5))
    together = attractors_of_variants(network, asked, semantics=semantics)
    assert [states_of(r.attractors) for r in together] == [one_by_one(network, v, semantics) for v in asked]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_variant_past_its_share_is_answered_alone_and_the_others_together(data: st.DataObject) -> None:
    """A variant reaching more states than a joint search allows one variant is
    dropped from it and answered on its own; the others stay in the one search."""
    net = data.draw(networks(max_nodes=4, max_levels=1))
    everything = tuple(tuple(range(node.levels + 1)) for node in net.nodes.values())
    state = tuple((0,) for _ in net.names)
    pinned = Variant((state,), {n: 0 for n in net.names})  # one state, nothing moves
    asked = [pinned, Variant((everything,)), Variant((everything,), {}, {}, frozenset(net.names[-1:])), pinned]
    batches: list[int] = []
    original = api.get_engine

    class Small(ReachableEngine):
        def solve_variants(self, task, variants, cap=1):  # type: ignore[no-untyped-def]
            batches.append(len(variants))
            return super().solve_variants(task, variants, cap=1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "get_engine", lambda name: Small() if name == "reachable" else original(name))
        together = attractors_of_variants(net, asked, semantics="asynchronous")
    assert batches == [4]
    assert together[0].engine == together[3].engine == "reachable"
    assert together[0].notes == ("engine: reachable (the variants' reachable states are visited in one search)",)
    assert [states_of(r.attractors) for r in together] == [one_by_one(net, v, "asynchronous") for v in asked]


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_variants_past_the_budget_together_are_still_exact(data: st.DataObject) -> None:
    """When the variants together pass the engine's budget, the largest are
    dropped until the rest fit (and answered alone)."""
    net = data.draw(networks(max_nodes=4, max_levels=1))
    everything = tuple(tuple(range(node.levels + 1)) for node in net.nodes.values())
    asked = [Variant((everything,)), Variant((everything,), {net.names[0]: 0}), Variant((everything,), {}, {},
                                                                                       frozenset(net.names[-1:]))]
    original = api.get_engine
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "get_engine",
                      lambda name: ReachableEngine(budget=2) if name == "reachable" else original(name))
        together = attractors_of_variants(net, asked, semantics="asynchronous")
    assert [states_of(r.attractors) for r in together] == [one_by_one(net, v, "asynchronous") for v in asked]


@given(data=st.data())
@settings(max_examples=5, deadline=None)
def test_most_permissive_variants_are_refused(data: st.DataObject) -> None:
    net = data.draw(networks(max_nodes=2, max_levels=1))
    with pytest.raises(AnalysisError, match="the mostpermissive semantics has no reachable states to visit"):
        attractors_of_variants(net, [Variant(((0,),) * len(net.names))], semantics="mostpermissive")


def test_start_states_past_the_budget_are_declined_before_any_step() -> None:
    """Start subspaces that each fit the reachable engine's budget but together
    pass it (a large attractor's cover, say) go to another engine at once (on
    11 nodes, the explicit one)."""
    net = parse_bnet("".join(f"x_{k}, x_{k} & !y\n" for k in range(10)) + "y, y\n", source="m.bnet")
    free = tuple((0, 1) for _ in range(9))
    starts = [((a,),) + free + ((b,),) for a in (0, 1) for b in (0, 1)]  # 4 x 512 states
    original = api.get_engine
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "get_engine",
                      lambda name: ReachableEngine(budget=1000) if name == "reachable" else original(name))
        found = attractors(net, semantics="asynchronous", starts=starts)
        # asked together, a variant whose starts pass its share is answered alone, without a step
        together = attractors_of_variants(net, [Variant(tuple(starts)), Variant((((0,),) * 11,))],
                                          semantics="asynchronous")
    assert found.engine == "explicit" and len(found.attractors) == 2 ** 10 + 1
    assert found.notes[0] == ("engine: reachable gave up (the start states number 2,048, more than the reachable"
                              " engine visits (1,000): use --engine symbolic); another engine answers")
    assert [r.engine for r in together] == ["symbolic", "reachable"]  # a dropped variant: the symbolic engine
    assert states_of(together[0].attractors) == states_of(found.attractors)
    assert [a.size for a in together[1].attractors] == [1]
