"""The option reductions of the minimal-set search (options unobserved by the
goals dropped, relay chains merged) change no answer: on random Boolean
networks rich in relays and dead ends, the sets equal a brute-force
enumeration from any start, and equal the unreduced search from the
untreated attractors, under every semantics; genetic escapes are found for
each member of a merged chain on its own."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.analysis import combinations as combos
from logicnet.analysis import minimal_combinations
from logicnet.analysis.combinations import Intervention, _option_classes
from logicnet.io import parse_bnet
from logicnet.model import FrozenMap, Network, Perturbation
from logicnet.model.expression import And, Atom, Not, Or
from logicnet.model.network import Goal, Node
from logicnet.model.rules import Rule

from .test_control_program import brute_force as enumerate_sets

NAMES = "abcdefg"


@st.composite
def relay_networks(draw: st.DrawFn) -> tuple[Network, Goal]:
    """A Boolean network where half the rules copy or negate one node (relays)
    and some nodes feed nothing the goal reads."""
    n = draw(st.integers(3, 7))
    names = list(NAMES[:n])
    nodes = {}
    for k, name in enumerate(names):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            nodes[name] = Node(name, None)
            continue
        # often the node before: chains of relays
        first = Atom(names[k - 1] if k and draw(st.booleans()) else draw(st.sampled_from(names)), 1)
        if kind <= 3:
            expr = first if draw(st.booleans()) else Not(first)
        else:
            second = Atom(draw(st.sampled_from(names)), 1)
            second = Not(second) if draw(st.booleans()) else second
            expr = And((first, second)) if kind == 4 else Or((first, second))
        nodes[name] = Node(name, Rule.boolean(expr), speed=draw(st.integers(0, 1)))
    # often the end of the chain: relays above the goal
    goal = Goal(names[-1] if draw(st.booleans()) else draw(st.sampled_from(names)), "==", draw(st.integers(0, 1)))
    return Network("relays", FrozenMap(nodes)), goal


def brute_force(network: Network, goal: Goal, max_size: int, question: str) -> set[frozenset[tuple[str, int]]]:
    options: list[tuple[str, int | None]] = [(n, v) for n in network.nodes if n != goal.node for v in (0, 1)]
    return enumerate_sets(network, goal, [None], options, max_size, question)  # type: ignore[return-value]


def search(network: Network, goal: Goal, question: str, start: str, max_size: int, genetic_depth: int = 0):  # type: ignore[no-untyped-def]
    return minimal_combinations(
        network, goals=[goal], semantics="mostpermissive" if question == "fixedpoints" else question,
        fixed_points=question == "fixedpoints", start=start, targets="nodes", knock_in=True,
        max_size=max_size, genetic_depth=genetic_depth)


def found_sets(report) -> set[frozenset[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    return {frozenset(m.interventions.items()) for m in report.minimal_sets}


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = ["fixedpoints", "mostpermissive", "asynchronous", "synchronous", "priority"]


@SETTINGS
@given(relay_networks(), st.sampled_from(QUESTIONS), st.integers(1, 3))
def test_reduced_search_equals_brute_force(case, question: str, max_size: int) -> None:  # type: ignore[no-untyped-def]
    network, goal = case
    report = search(network, goal, question, "any", max_size)
    assert report.complete
    assert found_sets(report) == brute_force(network, goal, max_size, question)


@SETTINGS
@given(relay_networks(), st.sampled_from(QUESTIONS[1:]), st.integers(1, 2), st.integers(0, 1))
def test_reduced_search_equals_unreduced_from_the_untreated_attractors(
        case, question: str, max_size: int, genetic_depth: int) -> None:  # type: ignore[no-untyped-def]
    network, goal = case
    reduced = search(network, goal, question, "untreated", max_size, genetic_depth)
    original = combos._REDUCIBLE
    combos._REDUCIBLE = ()
    try:
        plain = search(network, goal, question, "untreated", max_size, genetic_depth)
    finally:
        combos._REDUCIBLE = original
    assert reduced.minimal_sets == plain.minimal_sets
    assert reduced.complete == plain.complete


CHAIN = """\
s, s
a, s
b, !a
c, b
goal, c & !loop
loop, c & !m
m, loop
dead, goal
tail, dead
ring, goal & !ring2
ring2, ring
"""

def classes(question: str, any_start: bool = True, fixed: dict[str, int] | None = None) -> dict:  # type: ignore[type-arg]
    network = parse_bnet(CHAIN)
    pool = [Intervention(n, n, v) for n in network.nodes if n != "goal" for v in (0, 1)]
    backgrounds = [Perturbation(fixed=FrozenMap(fixed or {}))]
    return _option_classes(network, pool, [Goal("goal", "==", 1)], backgrounds, question, any_start)


def test_a_relay_chain_is_one_class_searched_through_its_last_node() -> None:
    found = classes("asynchronous")
    # s (an input) reads itself; a is read by b only and b = !a; b by c only and c = b
    assert found[("c", 1)] == [Intervention("c", "c", 1), Intervention("a", "a", 0), Intervention("b", "b", 1)]
    assert found[("c", 0)] == [Intervention("c", "c", 0), Intervention("a", "a", 1), Intervention("b", "b", 0)]
    # m is read by loop alone, but loop's rule reads c too: no relay
    assert [Intervention("m", "m", 0)] in found.values()


def test_options_no_goal_sees_are_dropped_and_cycles_below_kept_for_fixed_points() -> None:
    dropped = {"dead", "tail", "ring", "ring2"}
    assert not {m.node for ms in classes("asynchronous").values() for m in ms} & dropped
    # the negative loop ring/ring2 below the goal can remove every fixed point
    kept = {m.node for ms in classes("fixedpoints").values() for m in ms}
    assert kept & dropped == {"ring", "ring2"}


def test_no_reduction_under_priority_and_no_relay_from_the_untreated_attractors_or_a_pinned_node() -> None:
    assert all(len(ms) == 1 for ms in classes("priority").values())
    assert len(classes("priority")) == 20
    assert all(len(ms) == 1 for ms in classes("asynchronous", any_start=False).values())
    pinned = classes("asynchronous", fixed={"b": 0})
    assert [Intervention("a", "a", 0)] in pinned.values() and [Intervention("c", "c", 1)] in pinned.values()


def test_each_member_of_a_relay_chain_gets_its_own_genetic_escapes() -> None:
    network = parse_bnet(CHAIN)
    report = search(network, Goal("goal", "==", 1), "asynchronous", "any", 2, genetic_depth=1)
    sets = {frozenset(m.interventions.items()): m for m in report.minimal_sets}
    # a knocked down reaches the goal through b and c: an alteration of either undoes it
    through_a = sets[frozenset({("a", 0), ("loop", 0)})]
    assert {(tuple(e.levels.items()), e.timing) for e in through_a.genetic_escapes} == {
        ((("b", 0),), "pre-existing"), ((("c", 0),), "pre-existing"),
        ((("b", 0),), "acquired"), ((("c", 0),), "acquired")}
    assert through_a.robust is False
    # c fixed at 1 directly: nothing above it matters
    direct = sets[frozenset({("c", 1), ("loop", 0)})]
    assert direct.genetic_escapes == () and direct.robust is True
