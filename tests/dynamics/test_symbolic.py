"""The symbolic (BDD) engine: exact attractors against hand-checked cases, a
brute-force terminal-SCC search written here, and biodivine-aeon."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.dynamics import attractors, fixed_points
from logicnet.dynamics.engines import Task, get_engine
from logicnet.errors import EngineUnavailable
from logicnet.io import parse_bnet, parse_yaml
from logicnet.model.expression import FALSE, TRUE, And, Atom, Expr, Not, Or
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule
from tests.conftest import load_quietly, shipped_bnet_models

ENGINE = "symbolic"


def state_sets(result) -> set[frozenset[tuple[int, ...]]]:  # type: ignore[no-untyped-def]
    """The attractors of a result as sets of states."""
    return {frozenset(a.iter_states()) for a in result}


def yaml_network(nodes: str) -> Network:
    return parse_yaml(f"logicnet: 1\nname: test\nnodes:\n{nodes}")


# --------------------------------------------------------------------------- small exact cases

NEGATIVE_LOOP = parse_bnet("A, !C\nB, A\nC, B\n")
#: the synchronous 6-cycle 000 → 100 → 110 → 111 → 011 → 001 → 000
SIX = {(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1), (0, 0, 1)}


def test_negative_loop_has_one_asynchronous_attractor_of_six_states() -> None:
    result = attractors(NEGATIVE_LOOP, semantics="asynchronous", engine=ENGINE)
    assert state_sets(result) == {frozenset(SIX)}
    assert result.attractors[0].kind == "cyclic"
    assert result.complete


def test_negative_loop_has_two_synchronous_cycles() -> None:
    result = attractors(NEGATIVE_LOOP, semantics="synchronous", engine=ENGINE)
    assert state_sets(result) == {frozenset(SIX), frozenset({(0, 1, 0), (1, 0, 1)})}
    assert sorted(a.size for a in result) == [2, 6]


def test_negative_loop_has_no_fixed_point() -> None:
    result = fixed_points(NEGATIVE_LOOP, engine=ENGINE, count=True)
    assert result.attractors == () and result.count == 0


def test_priority_switch_reaches_only_the_fast_fixed_point() -> None:
    switch = yaml_network("  F: '!S'\n  S: {rule: '!F', speed: slow}\n")
    result = attractors(switch, semantics="priority", starts=[{"F": 0, "S": 0}], engine=ENGINE)
    assert state_sets(result) == {frozenset({(1, 0)})}
    assert result.attractors[0].kind == "fixed_point"
    everywhere = attractors(switch, semantics="priority", engine=ENGINE)
    assert state_sets(everywhere) == {frozenset({(1, 0)}), frozenset({(0, 1)})}
    asynchronous = attractors(switch, semantics="asynchronous", starts=[{"F": 0, "S": 0}], engine=ENGINE)
    assert state_sets(asynchronous) == {frozenset({(1, 0)}), frozenset({(0, 1)})}


MULTIVALUED = yaml_network(
    "  X:\n    levels: 2\n    rule:\n      - {level: 2, when: Y}\n      - {level: 0}\n"
    "  Y: '!(X >= 2)'\n"
)


def test_multivalued_node_moves_one_level_at_a_time() -> None:
    # X climbs 0 → 1 → 2 while Y = 1, Y falls at X = 2, X descends 2 → 1 → 0
    result = attractors(MULTIVALUED, semantics="asynchronous", engine=ENGINE)
    assert state_sets(result) == {frozenset(product(range(3), range(2)))}
    sync = attractors(MULTIVALUED, semantics="synchronous", engine=ENGINE)
    assert state_sets(sync) == {frozenset({(0, 1), (1, 1), (2, 1), (2, 0), (1, 0)})}


def test_multivalued_constant_target_passes_through_the_middle_level() -> None:
    ramp = yaml_network("  X: {levels: 2, rule: [{level: 2, when: G}, {level: 0}]}\n  G: {input: true}\n")
    result = attractors(ramp, semantics="asynchronous", starts=[{"X": 0, "G": 1}], engine=ENGINE)
    assert state_sets(result) == {frozenset({(2, 1)})}
    everything = attractors(ramp, semantics="asynchronous", engine=ENGINE)
    assert state_sets(everything) == {frozenset({(0, 0)}), frozenset({(2, 1)})}


def test_free_inputs_give_one_attractor_per_level() -> None:
    net = yaml_network("  I: {input: true, levels: 2}\n  A: 'I >= 1'\n  B: '!B | A'\n")
    result = attractors(net, semantics="asynchronous", engine=ENGINE)
    # B oscillates while A = 0 (I = 0) and settles at 1 otherwise
    assert state_sets(result) == {
        frozenset({(0, 0, 0), (0, 0, 1)}),
        frozenset({(1, 1, 1)}),
        frozenset({(2, 1, 1)}),
    }


def test_read_outs_of_an_oscillation_take_every_level_in_between() -> None:
    net = yaml_network(
        "  A: '!C'\n  B: A\n  C: B\n  R: A\n"
        "  M: {levels: 2, rule: [{level: 2, when: A & B}, {level: 1, when: A}, {level: 0}]}\n"
        "  Q: R & M >= 2\n  K: {levels: 2, rule: [{level: 1, when: A}, {level: 0}]}\n"
    )
    result = attractors(net, semantics="asynchronous", engine=ENGINE)
    assert state_sets(result) == brute_force(net, "asynchronous", None)
    (only,) = result.attractors
    # the 6-state oscillation × R in {0, 1} × M in {0, 1, 2} × Q in {0, 1} × K in {0, 1}
    assert only.size == 6 * 2 * 3 * 2 * 2
    assert only.levels("K") == (0, 1)
    from_high = attractors(net, semantics="asynchronous", starts=[{"A": 1, "K": 2}], engine=ENGINE)
    assert state_sets(from_high) == brute_force(net, "asynchronous", [(1, 0, 0, 0, 0, 0, 2)])


def test_reachability_from_start_states() -> None:
    toggle = parse_bnet("A, !B\nB, !A\n")
    assert state_sets(attractors(toggle, engine=ENGINE)) == {frozenset({(1, 0)}), frozenset({(0, 1)})}
    from_10 = attractors(toggle, starts=[{"A": 1, "B": 0}], engine=ENGINE)
    assert state_sets(from_10) == {frozenset({(1, 0)})}
    from_00 = attractors(toggle, starts=[{"A": 0, "B": 0}], engine=ENGINE)
    assert len(from_00) == 2
    sync_00 = attractors(toggle, semantics="synchronous", starts=[{"A": 0, "B": 0}], engine=ENGINE)
    assert state_sets(sync_00) == {frozenset({(0, 0), (1, 1)})}


def test_limit_marks_the_answer_incomplete() -> None:
    inputs = parse_bnet("\n".join(f"I{k}, I{k}" for k in range(5)) + "\nA, I0 & I1\n")
    everything = attractors(inputs, engine=ENGINE)
    assert len(everything) == 32 and everything.complete
    some = attractors(inputs, engine=ENGINE, limit=5)
    assert len(some) == 5 and not some.complete
    exact = attractors(inputs, engine=ENGINE, limit=32)
    assert len(exact) == 32 and exact.complete


def test_fixed_points_with_limit_and_exact_count() -> None:
    inputs = parse_bnet("\n".join(f"I{k}, I{k}" for k in range(70)) + "\nA, I0 | A\n")
    result = fixed_points(inputs, engine=ENGINE, limit=3, count=True)
    # A is free when I0 = 0 (both levels stable), forced to 1 when I0 = 1
    assert result.count == 2**70 + 2**69
    assert len(result) == 3 and not result.complete
    assert all(a.kind == "fixed_point" for a in result)


def test_huge_attractor_is_a_cover_not_a_list() -> None:
    flippers = parse_bnet("\n".join(f"X{k}, !X{k}" for k in range(60)) + "\n")
    result = attractors(flippers, semantics="asynchronous", engine=ENGINE)
    (only,) = result.attractors
    assert only.size == 2**60 and only.states is None
    assert len(only.cover) == 1 and only.kind == "cyclic"


def test_most_permissive_from_start_states_is_refused_with_advice() -> None:
    engine = get_engine(ENGINE)
    engine.check(Task(NEGATIVE_LOOP, "attractors", "mostpermissive"))  # (minimal trap spaces: answered)
    task = Task(NEGATIVE_LOOP, "attractors", "mostpermissive", starts=(((0,), (0,), (0,)),))
    with pytest.raises(EngineUnavailable, match="^the symbolic engine does not compute most permissive attractors"
                       " from start states: use --engine asp"):
        engine.check(task)


def test_deadline_stops_the_search() -> None:
    from logicnet.errors import LimitReached

    engine = get_engine(ENGINE)
    with pytest.raises(LimitReached):
        engine.solve(Task(NEGATIVE_LOOP, "attractors", "asynchronous", deadline=0.0))


# --------------------------------------------------------------------------- brute force


def brute_force(network: Network, semantics: str, starts: list[tuple[int, ...]] | None) -> set[frozenset]:
    """Terminal SCCs of the explicit state transition graph (Tarjan)."""
    names = network.names
    tops = [network.nodes[n].levels for n in names]
    rules = [network.nodes[n].update_rule() for n in names]
    speeds = [network.nodes[n].speed for n in names]

    def successors(state: tuple[int, ...]) -> list[tuple[int, ...]]:
        values = dict(zip(names, state))
        targets = [rule.evaluate(values) for rule in rules]
        moves = [(k, 1 if t > v else -1) for k, (t, v) in enumerate(zip(targets, state)) if t != v]
        if semantics == "synchronous":
            nxt = list(state)
            for k, d in moves:
                nxt[k] += d
            return [tuple(nxt)]
        if semantics == "priority" and moves:
            fastest = min(speeds[k] for k, _ in moves)
            moves = [(k, d) for k, d in moves if speeds[k] == fastest]
        out = []
        for k, d in moves:
            nxt = list(state)
            nxt[k] += d
            out.append(tuple(nxt))
        return out

    every = list(product(*(range(t + 1) for t in tops)))
    graph = {s: successors(s) for s in every}
    seeds = every if starts is None else starts
    reach, stack = set(seeds), list(seeds)
    while stack:
        for t in graph[stack.pop()]:
            if t not in reach:
                reach.add(t)
                stack.append(t)
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    scc_stack: list = []
    components = []
    counter = 0
    for root in reach:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        scc_stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for child in it:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    scc_stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = scc_stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(frozenset(component))
    return {c for c in components if all(t in c for s in c for t in graph[s])}


@st.composite
def expressions(draw, names: list[str], tops: dict[str, int], depth: int = 3) -> Expr:  # type: ignore[no-untyped-def]
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.integers(0, 12)) == 0:
            return draw(st.sampled_from([TRUE, FALSE]))
        node = draw(st.sampled_from(names))
        return Atom(node, draw(st.integers(1, tops[node])))
    kind = draw(st.sampled_from(["not", "and", "or"]))
    if kind == "not":
        return Not(draw(expressions(names, tops, depth - 1)))
    args = tuple(draw(st.lists(expressions(names, tops, depth - 1), min_size=2, max_size=3)))
    return And(args) if kind == "and" else Or(args)


@st.composite
def networks(draw, multivalued: bool) -> Network:  # type: ignore[no-untyped-def]
    size = draw(st.integers(2, 5 if multivalued else 8))
    names = [f"N{k}" for k in range(size)]
    tops = {n: (draw(st.integers(1, 2)) if multivalued else 1) for n in names}
    nodes = {}
    for n in names:
        speed = draw(st.sampled_from([0, 0, 1, 1, 2]))
        if draw(st.integers(0, 8)) == 0:
            nodes[n] = Node(n, None, levels=tops[n], speed=speed)  # a free input
            continue
        cases = tuple(
            Case(draw(st.integers(0, tops[n])), draw(expressions(names, tops)))
            for _ in range(draw(st.integers(1, tops[n])))
        )
        nodes[n] = Node(n, Rule(cases, draw(st.integers(0, tops[n]))), levels=tops[n], speed=speed)
    return Network("random", nodes)


@st.composite
def questions(draw, semantics: str):  # type: ignore[no-untyped-def]
    network = draw(networks(draw(st.booleans())))
    tops = [network.nodes[n].levels for n in network.names]
    starts = None
    if draw(st.booleans()):
        starts = draw(st.lists(st.tuples(*(st.integers(0, t) for t in tops)), min_size=1, max_size=3))
    return network, semantics, starts


def check_against_brute_force(question) -> None:  # type: ignore[no-untyped-def]
    network, semantics, starts = question
    result = attractors(network, semantics=semantics, starts=starts, engine=ENGINE)
    assert state_sets(result) == brute_force(network, semantics, starts)
    assert result.complete


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions("asynchronous"))
def test_asynchronous_agrees_with_brute_force(question) -> None:  # type: ignore[no-untyped-def]
    check_against_brute_force(question)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions("synchronous"))
def test_synchronous_agrees_with_brute_force(question) -> None:  # type: ignore[no-untyped-def]
    check_against_brute_force(question)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions("priority"))
def test_priority_agrees_with_brute_force(question) -> None:  # type: ignore[no-untyped-def]
    check_against_brute_force(question)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans().flatmap(networks))
def test_fixed_points_agree_with_brute_force(network: Network) -> None:
    result = fixed_points(network, engine=ENGINE, count=True)
    expected = {s for c in brute_force(network, "asynchronous", None) if len(c) == 1 for s in c}
    assert {a.states[0] for a in result} == expected
    assert result.count == len(expected)


# --------------------------------------------------------------------------- biodivine-aeon

SMALL_MODELS = [p for p in shipped_bnet_models() if len(load_quietly(p).nodes) <= 60]
HEAVY = {"bbm-070", "bbm-075"}


def with_identity_inputs(text: str) -> str:
    """BBM files leave inputs without a line; AEON needs them as ``x, x``."""
    targets, used = set(), set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.lower().startswith("targets"):
            continue
        target, rule = line.split(",", 1)
        targets.add(target.strip())
        used |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", rule))
    inputs = sorted(used - targets - {"true", "false"})
    return text + "\n" + "".join(f"{x}, {x}\n" for x in inputs)


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.slow) if p.name[:7] in HEAVY else p for p in SMALL_MODELS],
    ids=lambda p: p.name[:7],
)
def test_asynchronous_attractors_match_biodivine_aeon(path: Path) -> None:
    aeon = pytest.importorskip("biodivine_aeon")
    network = load_quietly(path)
    ours = attractors(network, semantics="asynchronous", engine=ENGINE)
    assert ours.complete
    graph = aeon.AsynchronousGraph(aeon.BooleanNetwork.from_bnet(with_identity_inputs(path.read_text()),
                                                                 repair_graph=True))
    theirs = [a.vertices() for a in aeon.Attractors.attractors(graph)]
    assert len(ours) == len(theirs)
    unmatched = list(theirs)
    for attractor in ours:
        vertices = graph.mk_empty_vertices()
        for space in attractor.cover:
            fixed = {n: bool(levels[0]) for n, levels in zip(attractor.nodes, space) if len(levels) == 1}
            vertices = vertices.union(graph.mk_subspace_vertices(fixed))
        assert vertices.cardinality() == attractor.size
        match = [t for t in unmatched if t.is_subset(vertices) and vertices.is_subset(t)]
        assert len(match) == 1, f"no AEON attractor equals one of {attractor.size} states"
        unmatched.remove(match[0])
    assert not unmatched
