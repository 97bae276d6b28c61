"""Genetic escapes take shortcuts (the goals' upstream cone, changes that
cannot reach a goal, trap boxes that settle a change without solving) and
``analyze`` can run its contexts in worker processes: neither changes an
answer. Random networks with speed classes are checked against the plain
definition (every candidate change solved on the whole network), and the
parallel analysis against the sequential one."""

from __future__ import annotations

from typing import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.analysis.analyze import analyze
from logicnet.analysis.genetic import TIMINGS, _candidates, genetic_escapes, worst_distances
from logicnet.analysis.response import Responder, resolve_start
from logicnet.dynamics.tables import Clamp, RuleTables, trap_box
from logicnet.execution import LocalPoolExecutor
from logicnet.model import Case, Context, Drug, Effect, FrozenMap, Network, Node, Perturbation, Rule
from logicnet.model.expression import And, Atom, Not, Or
from logicnet.model.network import Goal
from logicnet.model.states import StartState
from logicnet.serialize import to_json

NAMES = ["A", "B", "C", "D", "E", "F"]


@st.composite
def expressions(draw: st.DrawFn, levels: dict[str, int], depth: int = 2):  # type: ignore[no-untyped-def]
    names = list(levels)
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        node = draw(st.sampled_from(names))
        return Atom(node, draw(st.integers(1, levels[node])))
    kind = draw(st.sampled_from(["not", "and", "or"]))
    if kind == "not":
        return Not(draw(expressions(levels, depth - 1)))
    args = tuple(draw(expressions(levels, depth - 1)) for _ in range(2))
    return And(args) if kind == "and" else Or(args)


@st.composite
def questions(draw: st.DrawFn) -> tuple[Network, str, tuple[Goal, ...], Perturbation, str]:
    """A network with an input, speed classes, a declared start state, a
    context and a drug; the goals; a treatment; a start."""
    n = draw(st.integers(3, 6))
    names = NAMES[:n]
    levels = {name: draw(st.integers(1, 2)) if i else 1 for i, name in enumerate(names)}
    nodes = {"A": Node("A", None, levels=1)}  # an input the context sets
    for name in names[1:]:
        top = levels[name]
        cases = tuple(Case(draw(st.integers(1, top)), draw(expressions(levels))) for _ in range(draw(st.integers(1, 2))))
        nodes[name] = Node(name, Rule(cases, 0), levels=top, speed=draw(st.integers(0, 1)))
    goal_nodes = draw(st.lists(st.sampled_from(names[1:]), min_size=1, max_size=min(2, n - 2), unique=True))
    goals = tuple(Goal(g, draw(st.sampled_from(["==", "<=", ">="])), draw(st.integers(0, levels[g])))
                  for g in goal_nodes)
    targets = [x for x in names[1:] if x not in goal_nodes]
    drug_targets = {}
    for target in draw(st.lists(st.sampled_from(targets), min_size=1, max_size=2, unique=True)):
        cap = levels[target] == 2 and draw(st.booleans())
        drug_targets[target] = Effect(1 if cap else draw(st.integers(0, levels[target])), cap)
    start = draw(st.sampled_from(["untreated", "untreated", "any", "rest"]))
    network = Network(
        "random", FrozenMap(nodes),
        drugs=FrozenMap({"d": Drug("d", FrozenMap(drug_targets))}),
        contexts=FrozenMap({"on": Context("on", FrozenMap({"A": 1}))}),
        states=FrozenMap({"rest": StartState("rest", FrozenMap({}), 0)}),
        start="rest" if draw(st.booleans()) else None,
    )
    treatment = Perturbation.build(network, context="on", drugs=["d"])
    semantics = draw(st.sampled_from(["priority", "priority", "asynchronous", "synchronous"]))
    return network, semantics, goals, treatment, start


def plain_escapes(responder: Responder, treatment: Perturbation, goals: Sequence[Goal], start: str,
                  responded: Sequence) -> set[tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]]]:  # type: ignore[type-arg]
    """The definition: every candidate change, at each timing, solved on the whole network."""
    network = responder.network
    chosen = resolve_start(network, start)
    baseline = worst_distances(responded, goals, network)
    found = set()
    for candidate in _candidates(network, treatment, goals, 1):
        altered = treatment.altered(network, candidate.levels)
        for timing in TIMINGS:
            if timing == "acquired" and all(a.levels(n) == (v,) for a in responded for n, v in candidate.levels.items()):
                continue
            response = responder.respond(altered, start=chosen, starts=responded if timing == "acquired" else None)
            worse = worst_distances(response.treated.attractors, goals, network)
            restored = tuple(dict.fromkeys(g.node for g, now, before in zip(goals, worse, baseline) if now > before + 1e-9))
            if restored:
                found.add((timing, tuple(sorted(candidate.levels.items())), restored))
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions())
def test_genetic_escapes_equal_the_plain_definition(question) -> None:  # type: ignore[no-untyped-def]
    network, semantics, goals, treatment, start = question
    chosen = resolve_start(network, start)
    responder = Responder(network, semantics=semantics)
    responded = responder.respond(treatment, start=chosen).treated.attractors
    found, complete = genetic_escapes(responder, treatment, goals, start=chosen, responded=responded)
    assert complete
    assert {(g.timing, tuple(sorted(g.levels.items())), g.restores) for g in found} == \
        plain_escapes(Responder(network, semantics=semantics), treatment, goals, start, responded)


def test_trap_box_holds_every_target_of_its_states() -> None:
    # A -> B (levels 0..2) -> C; C = !A: from A=1, B=0, C=0 only B rises (to 2) and C stays 0
    nodes = {
        "A": Node("A", None, levels=1),
        "B": Node("B", Rule((Case(2, Atom("A", 1)),), 0), levels=2),
        "C": Node("C", Rule((Case(1, Not(Atom("A", 1))),), 0)),
    }
    tables = RuleTables(Network("box", FrozenMap(nodes)))
    assert trap_box(tables, [1, 0, 0], [1, 0, 0]) == ([1, 0, 0], [1, 2, 0])
    assert trap_box(tables, [0, 0, 0], [1, 0, 0]) == ([0, 0, 0], [1, 2, 1])
    # with a clamp: B fixed at 1 stays there; B capped at 1 rises only to 1
    assert trap_box(tables, [1, 1, 0], [1, 1, 0], Clamp({1: 1})) == ([1, 1, 0], [1, 1, 0])
    assert trap_box(tables, [1, 0, 0], [1, 0, 0], Clamp({}, {1: 1})) == ([1, 0, 0], [1, 1, 0])


def test_analyze_in_worker_processes_equals_one_process() -> None:
    from logicnet.io import read_network

    network = read_network("tnbc_pi3k")
    options = {"contexts": ["starved", "serum"], "drugs": ["olaparib", "JQ1"], "max_size": 1}
    alone = analyze(network, **options)  # type: ignore[arg-type]
    pooled = analyze(network, executor=LocalPoolExecutor(2), **options)  # type: ignore[arg-type]
    assert to_json(pooled) == to_json(alone)
    assert [c.context for c in pooled.contexts] == ["starved", "serum"]
    assert pooled.scenarios is not None and len(pooled.scenarios.results) == len(network.scenarios)


def test_a_fast_loop_outside_the_cone_keeps_the_whole_network() -> None:
    # F (fast, outside the goal's cone) never settles, so the slow goal G never
    # moves: no change of X can raise it, although G follows X on the cone alone
    nodes = {
        "A": Node("A", None),
        "F": Node("F", Rule((Case(1, Not(Atom("F", 1))),), 0)),
        "X": Node("X", Rule((Case(1, Not(Atom("A", 1))),), 0)),
        "D": Node("D", Rule((Case(1, Atom("A", 1)),), 0)),
        "G": Node("G", Rule((Case(1, Atom("X", 1)),), 0), speed=1),
    }
    network = Network("loop", FrozenMap(nodes), drugs=FrozenMap({"d": Drug("d", FrozenMap({"D": Effect(0)}))}),
                      contexts=FrozenMap({"on": Context("on", FrozenMap({"A": 1}))}),
                      states=FrozenMap({"rest": StartState("rest", FrozenMap({}), 0)}), start="rest")
    goals = (Goal("G", "==", 0),)
    treatment = Perturbation.build(network, context="on", drugs=["d"])
    for semantics, expected in (("priority", set()), ("asynchronous", {("pre-existing", "X=1"), ("acquired", "X=1")})):
        responder = Responder(network, semantics=semantics)
        chosen = resolve_start(network, "untreated")
        responded = responder.respond(treatment, start=chosen).treated.attractors
        found, _ = genetic_escapes(responder, treatment, goals, start=chosen, responded=responded)
        assert {(g.timing, str(g)) for g in found} == expected
