"""The symbolic engine's ``solve_variants`` (one BDD system, many
perturbations) answers each variant exactly as the reachable engine does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.dynamics.attractor import Attractor
from logicnet.dynamics.engines import Task, Variant, get_engine
from logicnet.dynamics.engines.reachable import ReachableEngine
from logicnet.errors import AnalysisError, EngineUnavailable
from logicnet.model.expression import Atom, Not
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule
from tests.dynamics.test_explicit import networks
from tests.dynamics.test_variants import variants

SEMANTICS = ["asynchronous", "synchronous", "priority"]


def task_of(network: Network, semantics: str, max_states: int = 1000) -> Task:
    return Task(network, "attractors", semantics, None, None, False, max_states, None, None)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), semantics=st.sampled_from(SEMANTICS), max_states=st.sampled_from([1, 3, 1000]))
def test_each_variant_as_the_reachable_engine_answers_it(data: st.DataObject, semantics: str,
                                                         max_states: int) -> None:
    """Random multivalued networks with speed classes, free inputs and
    constant rules; fixings, caps, frozen nodes and several starts per
    variant; small ``max_states`` so that large attractors come as covers."""
    network = data.draw(networks(max_nodes=4, max_levels=3, max_bits=7))
    asked = data.draw(st.lists(variants(network), min_size=1, max_size=4))
    task = task_of(network, semantics, max_states)
    ours = get_engine("symbolic").solve_variants(task, asked)  # type: ignore[attr-defined]
    assert ours == ReachableEngine().solve_variants(task, asked)
    for found in ours:
        assert [a.max_states for a in found] == [max_states] * len(found)


# S (input) drives A (0..2) drives B drives C; X = !Y, Y = X cycle through
# four states whatever the rest does. C, B, A and S are read-outs under
# asynchronous semantics, so fixed, capped and frozen read-outs are covered.
NAMES = ("S", "A", "B", "C", "X", "Y")
XY = [(0, 0), (1, 0), (1, 1), (0, 1)]


def chain_and_cycle() -> Network:
    nodes = {
        "S": Node("S", None, speed=1),
        "A": Node("A", Rule((Case(2, Atom("S")),), 0), levels=2, speed=1),
        "B": Node("B", Rule.boolean(Atom("A", 1)), speed=1),
        "C": Node("C", Rule.boolean(Atom("B")), speed=1),
        "X": Node("X", Rule.boolean(Not(Atom("Y"))), speed=0),
        "Y": Node("Y", Rule.boolean(Atom("X")), speed=1),
    }
    return Network("chain and cycle", nodes)


def with_cycle(rest: tuple[int, ...]) -> Attractor:
    return Attractor.from_states(NAMES, [rest + xy for xy in XY])


START = ((1,), (0,), (0,), (0,), (0,), (0,))
CASES = [
    (Variant((START,), caps={"A": 7}), [with_cycle((1, 2, 1, 1))]),  # a cap above the top level does nothing
    (Variant((START,)), [with_cycle((1, 2, 1, 1))]),
    (Variant((START,), fixed={"A": 1}), [with_cycle((1, 1, 1, 1))]),
    (Variant((START,), caps={"A": 0}), [with_cycle((1, 0, 0, 0))]),
    (Variant((START,), frozen=frozenset({"C"})), [with_cycle((1, 2, 1, 0))]),
    (Variant((((0,), (2,), (1,), (1,), (0,), (0,)),), fixed={"X": 1}),
     [Attractor.from_states(NAMES, [(0, 0, 0, 0, 1, 1)])]),
    (Variant((((1,), (0, 1), (0,), (0,), (0,), (0,)),), frozen=frozenset({"Y"})),
     [Attractor.from_states(NAMES, [(1, 2, 1, 1, 1, 0)])]),
    (Variant((START,), caps={"S": 0}), [with_cycle((0, 0, 0, 0))]),
    (Variant((START, ((0,),) * 6)), [with_cycle((0, 0, 0, 0)), with_cycle((1, 2, 1, 1))]),
]


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_a_hand_checked_network(semantics: str) -> None:
    """Worked out by hand: the chain settles where the variant sends it, the
    X/Y loop keeps cycling unless a variant fixes or freezes one of them."""
    task = task_of(chain_and_cycle(), semantics)
    asked = [variant for variant, _ in CASES]
    ours = get_engine("symbolic").solve_variants(task, asked)  # type: ignore[attr-defined]
    assert ours == [sorted(expected, key=Attractor.sort_key) for _, expected in CASES]
    assert ours == ReachableEngine().solve_variants(task, asked)


def test_an_attractor_past_max_states_comes_as_the_reachable_engine_covers_it() -> None:
    task = task_of(chain_and_cycle(), "asynchronous", max_states=2)
    (found,) = get_engine("symbolic").solve_variants(task, [Variant((START,))])  # type: ignore[attr-defined]
    assert found == [Attractor.from_cover(NAMES, [((1,), (2,), (1,), (1,), (0, 1), (0, 1))], "cyclic", 2)]
    assert found[0].states is None and found[0].size == 4


def test_a_variant_without_start_states_reaches_nothing() -> None:
    task = task_of(chain_and_cycle(), "priority")
    found = get_engine("symbolic").solve_variants(task, [Variant(()), Variant((START,))])  # type: ignore[attr-defined]
    assert found[0] == []


def test_unknown_nodes_and_most_permissive_are_refused() -> None:
    symbolic = get_engine("symbolic")
    with pytest.raises(AnalysisError, match="a variant fixes 'Z', which is not a node of the network"):
        symbolic.solve_variants(task_of(chain_and_cycle(), "asynchronous"),  # type: ignore[attr-defined]
                                [Variant((START,), fixed={"Z": 1})])
    with pytest.raises(AnalysisError, match="a variant fixes 'A' at 3, outside 0..2"):
        symbolic.solve_variants(task_of(chain_and_cycle(), "asynchronous"),  # type: ignore[attr-defined]
                                [Variant((START,), fixed={"A": 3})])
    with pytest.raises(EngineUnavailable, match="most permissive"):
        symbolic.solve_variants(task_of(chain_and_cycle(), "mostpermissive"),  # type: ignore[attr-defined]
                                [Variant((START,))])


@settings(max_examples=30, deadline=None)
@given(data=st.data(), semantics=st.sampled_from(SEMANTICS))
def test_batches_of_one_network_share_its_system_and_stay_exact(data: st.DataObject, semantics: str) -> None:
    """The system of the last network is kept for its next batch (the
    answers stay those of the reachable engine, batch after batch)."""
    network = data.draw(networks(max_nodes=4, max_levels=2))
    batches = data.draw(st.lists(st.lists(variants(network), min_size=1, max_size=3), min_size=2, max_size=3))
    task = task_of(network, semantics)
    symbolic = get_engine("symbolic")
    for batch in batches:
        ours = symbolic.solve_variants(task, batch)  # type: ignore[attr-defined]
        assert ours == ReachableEngine().solve_variants(task, batch)
