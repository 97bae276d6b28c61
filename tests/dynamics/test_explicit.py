"""The explicit engine, logicnet's reference oracle: small exact cases, cross-checks
against published tools, and properties of random networks checked against
brute-force definitions written here independently."""

from __future__ import annotations

import random
import re
import time
from collections import deque
from itertools import product
from typing import Iterable

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.dynamics import attractors, fixed_points
from logicnet.dynamics.attractor import Attractor, Subspace
from logicnet.dynamics.engines import explicit
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.explicit import (
    MAX_FIXED_POINT_STATES,
    MAX_MOSTPERMISSIVE_STATES,
    MAX_STATES,
    ExplicitEngine,
)
from logicnet.errors import EngineUnavailable, LimitReached, StateSpaceTooLarge
from logicnet.io import generate_bnet, parse_bnet, parse_yaml
from logicnet.model import Network, Perturbation
from logicnet.model.booleanize import booleanize
from logicnet.model.expression import FALSE, TRUE, And, Atom, Not, Or
from logicnet.model.network import Node
from logicnet.model.rules import Case, Rule

from tests.conftest import load_quietly, shipped_bnet_models, spaces

SEMANTICS = ("synchronous", "asynchronous", "priority", "mostpermissive")
NEGATIVE_LOOP = "A, !C\nB, A\nC, B\n"
SWITCH = """
logicnet: 1
name: fast/slow switch
nodes:
  F: {rule: "!S", speed: fast}
  S: {rule: "!F", speed: slow}
"""


def state_sets(result: Iterable[Attractor]) -> set[frozenset[tuple[int, ...]]]:
    """Each attractor as the set of its states."""
    return {frozenset(a.iter_states()) for a in result}


def solve(network: Network, question: str = "attractors", semantics: str = "asynchronous",
          starts: tuple[Subspace, ...] | None = None, **options: object) -> list[Attractor]:
    """The engine alone on ``network`` (no perturbation, no percolation)."""
    task = Task(network, question, semantics, starts, **options)  # type: ignore[arg-type]
    engine = ExplicitEngine()
    engine.check(task)
    return engine.solve(task).attractors


# --------------------------------------------------------------------------- the cases


def test_negative_loop_has_one_cyclic_asynchronous_attractor_of_six_states() -> None:
    result = attractors(parse_bnet(NEGATIVE_LOOP), semantics="asynchronous", engine="explicit")
    assert [a.kind for a in result] == ["cyclic"]
    assert state_sets(result) == {
        frozenset({(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1), (0, 0, 1)})
    }


def test_negative_loop_has_two_synchronous_cycles() -> None:
    result = attractors(parse_bnet(NEGATIVE_LOOP), semantics="synchronous", engine="explicit")
    assert state_sets(result) == {
        frozenset({(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1), (0, 0, 1)}),
        frozenset({(0, 1, 0), (1, 0, 1)}),
    }
    assert sorted(a.size for a in result) == [2, 6]


def test_negative_loop_has_no_fixed_point_and_the_whole_space_as_trap_space() -> None:
    net = parse_bnet(NEGATIVE_LOOP)
    found = fixed_points(net, engine="explicit", count=True)
    assert (len(found), found.count, found.complete) == (0, 0, True)
    result = attractors(net, semantics="mostpermissive", engine="explicit")
    assert [(a.kind, a.space) for a in result] == [("trap_space", {"A": "*", "B": "*", "C": "*"})]
    assert result.attractors[0].size == 8


def test_priority_switch_reaches_only_the_fast_nodes_fixed_point() -> None:
    net = parse_yaml(SWITCH)
    priority = attractors(net, semantics="priority", starts=[{"F": 0, "S": 0}], engine="explicit")
    assert [a.space for a in priority] == [{"F": 1, "S": 0}]
    general = attractors(net, semantics="asynchronous", starts=[{"F": 0, "S": 0}], engine="explicit")
    assert [a.space for a in general] == [{"F": 0, "S": 1}, {"F": 1, "S": 0}]


# --------------------------------------------------------------------------- semantics details


def test_most_permissive_lets_a_node_in_transition_turn_back() -> None:
    # From 000 only C can move. Paulevé et al. (2020) let C, while rising, turn
    # back (read as 0 by its own rule once B = 1), so A0 B1 C0 is reachable, as
    # mpbn finds; a C that had to settle at 1 first would keep itself at 1.
    net = parse_bnet("A, A & !C & !B | C\nB, B | A\nC, C | !B & !C\n")
    result = attractors(net, semantics="mostpermissive", starts=[{"A": 0, "B": 0, "C": 0}],
                        engine="explicit")
    assert [a.space for a in result] == [{"A": 0, "B": 1, "C": 0}, {"A": 1, "B": 1, "C": 1}]


UNIT_STEPS = """
logicnet: 1
name: unit steps
nodes:
  X: {levels: 2, rule: "1"}
  Y: "X >= 1 & !(X >= 2) | Y"
"""


@pytest.mark.parametrize(
    "semantics, expected",
    [("asynchronous", {(2, 0), (2, 1)}), ("synchronous", {(2, 1)}), ("mostpermissive", {(2, 0), (2, 1)})],
)
def test_multivalued_node_passes_through_every_level(semantics: str, expected: set) -> None:
    # Y latches once it sees X = 1, a level X passes through on its way from 0 to 2;
    # sync always lets Y see it, async may also raise X to 2 before Y moves.
    result = attractors(parse_yaml(UNIT_STEPS), semantics=semantics, starts=[{"X": 0, "Y": 0}],
                        engine="explicit")
    assert {s for a in result for s in a.iter_states()} == expected


def test_multivalued_oscillation_moves_one_level_per_step() -> None:
    net = parse_yaml("""
logicnet: 1
name: bounce
nodes:
  X:
    levels: 2
    rule: [{level: 0, when: "X >= 2"}, {level: 2}]
""")
    for semantics in ("synchronous", "asynchronous"):
        assert state_sets(attractors(net, semantics=semantics, engine="explicit")) == {
            frozenset({(1,), (2,)})
        }


@pytest.mark.parametrize("ranks, winner", [((0, 1, 2), "A"), ((2, 1, 0), "C"), ((1, 0, 2), "B")])
def test_three_priority_classes_let_the_lowest_rank_move_first(ranks: tuple, winner: str) -> None:
    rank_a, rank_b, rank_c = ranks
    net = parse_yaml(f"""
logicnet: 1
name: three classes
nodes:
  A: {{rule: "!B & !C", speed: {rank_a}}}
  B: {{rule: "!A & !C", speed: {rank_b}}}
  C: {{rule: "!A & !B", speed: {rank_c}}}
""")
    start = [{"A": 0, "B": 0, "C": 0}]
    result = attractors(net, semantics="priority", starts=start, engine="explicit")
    assert [a.space for a in result] == [{n: int(n == winner) for n in "ABC"}]
    assert len(attractors(net, semantics="asynchronous", starts=start, engine="explicit")) == 3


def test_priority_holds_a_slow_node_while_fast_nodes_keep_moving() -> None:
    # F oscillates (fast) while S is off; S would stop it, but never gets a turn
    net = parse_yaml("""
logicnet: 1
name: held
nodes:
  F: "!F & !S"
  S: {rule: "S | !S", speed: slow}
""")
    start = [{"F": 0, "S": 0}]
    held = attractors(net, semantics="priority", starts=start, engine="explicit")
    assert state_sets(held) == {frozenset({(0, 0), (1, 0)})}
    free = attractors(net, semantics="asynchronous", starts=start, engine="explicit")
    assert state_sets(free) == {frozenset({(0, 1)})}


INPUTS = """
logicnet: 1
name: free inputs
nodes:
  I: {input: true, levels: 2}
  J: {input: true}
  X: "I >= 2 | J"
"""


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_free_inputs_give_one_attractor_per_input_level(semantics: str) -> None:
    result = attractors(parse_yaml(INPUTS), semantics=semantics, engine="explicit")
    assert [a.kind for a in result] == ["fixed_point"] * 6
    assert {tuple(a.values) for a in result} == {
        ((i,), (j,), (int(i == 2 or j == 1),)) for i in range(3) for j in range(2)
    }


PERTURBED = """
logicnet: 1
name: cap and fix
nodes:
  S: {input: true}
  K: {levels: 2, rule: S}
  R: "K >= 2"
  D: "K >= 1 & !R"
drugs:
  capper: {targets: {K: "<=1"}}
  blocker: {targets: [R]}
"""


@pytest.mark.parametrize(
    "drugs, settings, on",
    [
        ((), None, (2, 1, 0)),
        (("capper",), None, (1, 0, 1)),
        (("blocker",), None, (2, 0, 1)),
        (("capper",), {"K": 0}, (0, 0, 0)),
    ],
)
@pytest.mark.parametrize("semantics", SEMANTICS)
def test_caps_and_fixings_from_perturbations(drugs: tuple, settings: dict | None, on: tuple,
                                             semantics: str) -> None:
    # S is a free input: one attractor with S off (all off) and one with S on
    net = parse_yaml(PERTURBED)
    perturbation = Perturbation.build(net, drugs=drugs, settings=settings)
    expected = [{"S": 0, "K": 0, "R": 0, "D": 0}, dict(zip("SKRD", (1, *on)))]
    result = attractors(net, semantics=semantics, perturbation=perturbation, engine="explicit")
    assert [a.space for a in result] == expected
    points = fixed_points(net, perturbation=perturbation, engine="explicit")
    assert [a.space for a in points] == expected


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_starts_restrict_to_reachable_attractors(semantics: str) -> None:
    net = parse_bnet("A, !B\nB, !A\n")
    assert len(attractors(net, semantics=semantics, engine="explicit")) == (
        3 if semantics == "synchronous" else 2  # sync also has the cycle 00 <-> 11
    )
    result = attractors(net, semantics=semantics, starts=[{"A": 1}], engine="explicit")
    assert [a.space for a in result] == [{"A": 1, "B": 0}]


def test_limit_and_exact_count_of_fixed_points() -> None:
    net = parse_bnet("A, A\nB, B\nC, C\nD, A & B\n")
    found = fixed_points(net, engine="explicit", limit=3, count=True)
    assert (len(found), found.complete, found.count) == (3, False, 8)
    assert [a.space["D"] for a in found] == [0, 0, 0]
    everything = fixed_points(net, engine="explicit", limit=8)
    assert (len(everything), everything.complete, everything.count) == (8, True, None)
    some = attractors(net, semantics="asynchronous", engine="explicit", limit=2)
    assert (len(some), some.complete) == (2, False)
    traps = attractors(net, semantics="mostpermissive", engine="explicit", limit=8)
    assert (len(traps), traps.complete) == (8, True)


@pytest.mark.parametrize("question, semantics", [("fixed_points", "asynchronous"),
                                                  ("attractors", "synchronous"),
                                                  ("attractors", "mostpermissive")])
def test_at_most_max_attractors_are_built(monkeypatch: pytest.MonkeyPatch, question: str,
                                          semantics: str) -> None:
    monkeypatch.setattr(explicit, "MAX_ATTRACTORS", 5)
    net = parse_bnet("A, A\nB, B\nC, C\n")
    task = Task(net, question, semantics, count=question == "fixed_points")
    answer = ExplicitEngine().solve(task)
    assert (len(answer.attractors), answer.complete) == (5, False)
    assert answer.notes == ["the explicit engine returns at most 5 attractors (the first ones): set a"
                            " limit, or fix inputs with --context/--set"]
    assert answer.count == (8 if question == "fixed_points" else None)
    limited = ExplicitEngine().solve(Task(net, question, semantics, limit=3))
    assert (len(limited.attractors), limited.complete, limited.notes) == (3, False, [])


def test_attractors_too_large_to_list_are_covered_by_disjoint_subspaces() -> None:
    toggles = parse_bnet("".join(f"x{i}, !x{i}\n" for i in range(10)))
    listed, covered = solve(toggles, max_states=2**10), solve(toggles, max_states=10)
    assert listed[0].states is not None and covered[0].states is None
    assert (len(covered[0].cover), covered[0].size) == (1, 2**10)
    assert state_sets(listed) == state_sets(covered)
    # the negative loop's 6 states times X in {1, 2}: not a subspace
    net = parse_yaml("""
logicnet: 1
name: loop and bounce
nodes:
  A: "!C"
  B: A
  C: B
  X: {levels: 2, rule: [{level: 0, when: "X >= 2"}, {level: 2}]}
""")
    listed, covered = solve(net), solve(net, max_states=1)
    assert [a.size for a in covered] == [12] and len(covered[0].cover) > 1
    assert state_sets(listed) == state_sets(covered)
    assert sum(len(list(product(*space))) for space in covered[0].cover) == 12


# --------------------------------------------------------------------------- refusal


def _ring(n: int) -> Network:
    return parse_bnet("".join(f"x{i}, {'!' if i == 0 else ''}x{(i - 1) % n}\n" for i in range(n)))


def test_refusal_messages_name_the_size_the_limit_and_what_to_do() -> None:
    with pytest.raises(StateSpaceTooLarge) as error:
        attractors(_ring(23), semantics="asynchronous", engine="explicit")
    assert str(error.value) == (
        "the network (23 nodes after percolating constants) has 2^23 states, more than the"
        " explicit engine's limit of 2^22 for asynchronous attractors: use --engine symbolic for"
        " synchronous, asynchronous and priority attractors, or fix inputs with --context/--set to"
        " shrink the state space"
    )
    with pytest.raises(StateSpaceTooLarge) as error:
        attractors(_ring(21), semantics="mostpermissive", engine="explicit")
    assert str(error.value) == (
        "the network (21 nodes after percolating constants) has 2^21 states, more than the"
        " explicit engine's limit of 2^20 for most permissive attractors: use --engine asp for"
        " fixed points and most permissive attractors, or fix inputs with --context/--set to"
        " shrink the state space"
    )
    with pytest.raises(StateSpaceTooLarge) as error:
        fixed_points(_ring(26), engine="explicit")
    assert str(error.value) == (
        "the network (26 nodes after percolating constants) has 2^26 states, more than the"
        " explicit engine's limit of 2^25 for fixed points: use --engine asp for fixed points, or"
        " fix inputs with --context/--set to shrink the state space"
    )
    multivalued = parse_yaml("logicnet: 1\nname: m\nnodes:\n"
                             + "".join(f"  X{i}: {{levels: 3, rule: X{(i + 1) % 7}}}\n" for i in range(7)))
    with pytest.raises(StateSpaceTooLarge, match=r"has 2\^21 states once booleanized, more than"):
        attractors(multivalued, semantics="mostpermissive", engine="explicit")
    assert (MAX_STATES, MAX_FIXED_POINT_STATES, MAX_MOSTPERMISSIVE_STATES) == (2**22, 2**25, 2**20)


def test_unknown_semantics_is_refused() -> None:
    with pytest.raises(EngineUnavailable, match="cannot answer 'attractors' under 'general'"):
        solve(parse_bnet(NEGATIVE_LOOP), semantics="general")


def test_progress_is_reported_and_the_deadline_honoured() -> None:
    messages: list[str] = []
    attractors(parse_bnet(NEGATIVE_LOOP), engine="explicit",
               progress=lambda message, done=None, total=None: messages.append(message))
    assert "explicit: strongly connected components" in messages
    with pytest.raises(LimitReached, match="the explicit engine hit the time limit"):
        solve(parse_bnet(NEGATIVE_LOOP), deadline=time.monotonic() - 1)


def test_at_the_limit_the_engine_answers() -> None:
    assert len(attractors(_ring(20), semantics="mostpermissive", engine="explicit")) == 1


# --------------------------------------------------------------------------- published models


def _node_count(path) -> int:  # type: ignore[no-untyped-def]
    """Targets and regulators of a BNet file (inputs have no line of their own)."""
    text = "\n".join(line.split("#")[0] for line in path.read_text().splitlines()[1:])
    return len(set(re.findall(r"[A-Za-z_]\w*", text)))


def _models(max_nodes: int, slow_above: int | None = None) -> list:  # type: ignore[type-arg]
    """The shipped models with at most ``max_nodes`` nodes (2^nodes states)."""
    return [
        pytest.param(p, id=p.stem[:7],
                     marks=[pytest.mark.slow] if slow_above and _node_count(p) > slow_above else [])
        for p in shipped_bnet_models() if _node_count(p) <= max_nodes
    ]


def _codes(result: Iterable[Attractor], names: tuple[str, ...], radix: dict[str, int]) -> set[bytes]:
    """Each attractor as the sorted codes (bytes) of its states, nodes in ``names`` order."""
    out = set()
    for a in result:
        where = [a.nodes.index(n) for n in names]
        codes = [_cube_codes([space[i] for i in where], [radix[n] for n in names]) for space in a.cover]
        out.add(np.unique(np.concatenate(codes)).tobytes())
    return out


def _cube_codes(levels: list[Iterable[int]], radix: list[int]) -> np.ndarray:
    codes = np.zeros(1, dtype=np.int64)
    for allowed, r in zip(levels, radix):
        codes = (codes[:, None] * r + np.array(sorted(allowed), dtype=np.int64)[None, :]).ravel()
    return codes


def _bnet_rules(net: Network) -> dict[str, str]:
    lines = [line for line in generate_bnet(net).splitlines() if line and not line.startswith("#")]
    return dict(line.split(", ", 1) for line in lines[1:])


def _mp_space(config: dict[str, object], names: tuple[str, ...]) -> Subspace:
    return tuple((0, 1) if config[n] == "*" else (int(config[n]),) for n in names)  # type: ignore[call-overload]


@pytest.mark.parametrize("path", _models(25))
def test_fixed_points_match_mpbn(path) -> None:  # type: ignore[no-untyped-def]
    mpbn = pytest.importorskip("mpbn")
    net = load_quietly(path)
    ours = fixed_points(net, engine="explicit", count=True)
    theirs = {_mp_space(c, net.names) for c in mpbn.MPBooleanNetwork(_bnet_rules(net)).fixedpoints()}
    assert ours.count == len(theirs)
    assert spaces(ours) == theirs


@pytest.mark.parametrize("path", _models(20))
def test_minimal_trap_spaces_match_mpbn(path) -> None:  # type: ignore[no-untyped-def]
    mpbn = pytest.importorskip("mpbn")
    net = load_quietly(path)
    ours = attractors(net, semantics="mostpermissive", engine="explicit")
    theirs = {_mp_space(c, net.names) for c in mpbn.MPBooleanNetwork(_bnet_rules(net)).attractors()}
    assert spaces(ours) == theirs


@pytest.mark.parametrize("path", _models(20))
def test_most_permissive_reachable_attractors_match_mpbn(path) -> None:  # type: ignore[no-untyped-def]
    mpbn = pytest.importorskip("mpbn")
    net = load_quietly(path)
    reference = mpbn.MPBooleanNetwork(_bnet_rules(net))
    rng = random.Random(path.stem)
    for start in ([0] * len(net.names), [1] * len(net.names), [rng.randint(0, 1) for _ in net.names]):
        config = dict(zip(net.names, start))
        ours = attractors(net, semantics="mostpermissive", starts=[config], engine="explicit")
        theirs = {_mp_space(c, net.names) for c in reference.attractors(reachable_from=config)}
        assert spaces(ours) == theirs, config


def _aeon_attractors(net: Network) -> set[bytes]:
    aeon = pytest.importorskip("biodivine_aeon")
    graph = aeon.AsynchronousGraph(aeon.BooleanNetwork.from_bnet(generate_bnet(net), repair_graph=True))
    variables = graph.symbolic_context().bdd_variable_set()
    found = set()
    for attractor in aeon.Attractors.attractors(graph):
        codes = []
        for clause in attractor.vertices().to_bdd().clause_iterator():
            fixed = {variables.get_variable_name(v): int(b) for v, b in clause.items()}
            cube = [(fixed[n],) if n in fixed else (0, 1) for n in net.names]
            codes.append(_cube_codes(cube, [2] * len(net.names)))
        found.add(np.unique(np.concatenate(codes)).tobytes())
    return found


@pytest.mark.parametrize("path", _models(22, slow_above=20))
def test_asynchronous_attractors_match_biodivine_aeon(path) -> None:  # type: ignore[no-untyped-def]
    net = load_quietly(path)
    ours = attractors(net, semantics="asynchronous", engine="explicit")
    assert _codes(ours, net.names, {n: 2 for n in net.names}) == _aeon_attractors(net)


# --------------------------------------------------------------------------- random networks


@st.composite
def networks(draw: st.DrawFn, max_nodes: int = 4, max_levels: int = 2, max_bits: int | None = None) -> Network:
    """A small random network: Boolean and multivalued nodes, ordered cases,
    free inputs, and speed ranks 0..2."""
    names = "abcd"[: draw(st.integers(1, max_nodes))]
    levels = [draw(st.integers(1, max_levels)) for _ in names]
    if max_bits is not None:
        while sum(levels) > max_bits:
            levels[levels.index(max(levels))] -= 1
    atoms = [Atom(n, k) for n, top in zip(names, levels) for k in range(1, top + 1)]
    expressions = st.recursive(
        st.sampled_from(atoms) | st.sampled_from([TRUE, FALSE]),
        lambda inner: inner.map(Not)
        | st.lists(inner, min_size=2, max_size=3).map(lambda a: And(tuple(a)))
        | st.lists(inner, min_size=2, max_size=3).map(lambda a: Or(tuple(a))),
        max_leaves=5,
    )
    nodes = {}
    for name, top in zip(names, levels):
        rule = None
        if draw(st.integers(0, 5)):  # one node in six is a free input
            cases = draw(st.lists(st.tuples(st.integers(0, top), expressions), min_size=1, max_size=top))
            rule = Rule(tuple(Case(level, when) for level, when in cases), draw(st.integers(0, top)))
        nodes[name] = Node(name, rule, levels=top, speed=draw(st.integers(0, 2)))
    return Network("random", nodes)


@st.composite
def subspaces(draw: st.DrawFn, network: Network) -> Subspace:
    return tuple(
        tuple(sorted(draw(st.sets(st.integers(0, node.levels), min_size=1))))
        for node in network.nodes.values()
    )


def reference_attractors(network: Network, semantics: str, starts: Subspace | None) -> set:
    """Terminal SCCs of the state transition graph, built state by state from
    the definitions (unit steps toward ``Rule.evaluate``, priority ranks)."""
    names = network.names
    rules = [node.update_rule() for node in network.nodes.values()]
    ranks = [node.speed for node in network.nodes.values()]
    graph = nx.DiGraph()
    for state in product(*(range(node.levels + 1) for node in network.nodes.values())):
        graph.add_node(state)
        target = [rule.evaluate(dict(zip(names, state))) for rule in rules]
        moving = [i for i, level in enumerate(state) if target[i] != level]
        if semantics == "priority" and moving:
            moving = [i for i in moving if ranks[i] == min(ranks[j] for j in moving)]
        step = {i: state[i] + (1 if target[i] > state[i] else -1) for i in moving}
        if semantics == "synchronous" and moving:
            graph.add_edge(state, tuple(step.get(i, level) for i, level in enumerate(state)))
        elif semantics != "synchronous":
            graph.add_edges_from((state, state[:i] + (step[i],) + state[i + 1:]) for i in moving)
    found = {frozenset(c) for c in nx.attracting_components(graph)}
    if starts is not None:
        reached = set()
        for state in product(*starts):
            reached |= nx.descendants(graph, state) | {state}
        found = {a for a in found if a & reached}
    return found


UP, DOWN = "up", "down"
SETTLE = {UP: 1, DOWN: 0}


def reference_most_permissive(network: Network, starts: Subspace | None) -> set[Subspace]:
    """Minimal trap spaces of the booleanization, by enumerating subspaces, and
    those reached by most permissive configurations in {0, up, down, 1} under
    the definition of Paulevé et al. (2020), decoded to the network's levels."""
    booleanized = booleanize(network)
    bits = booleanized.network.names
    rules = [node.update_rule() for node in booleanized.network.nodes.values()]
    table = {w: tuple(rule.evaluate(dict(zip(bits, w))) for rule in rules)
             for w in product((0, 1), repeat=len(bits))}
    traps = [s for s in product(((0,), (1,), (0, 1)), repeat=len(bits))
             if all(table[w][i] == s[i][0] for w in product(*s) for i in range(len(bits)) if len(s[i]) == 1)]
    minimal = [s for s in traps if not any(t != s and all(set(a) <= set(b) for a, b in zip(t, s)) for t in traps)]
    if starts is not None:
        configurations = {tuple(booleanized.encode_state(dict(zip(network.names, x)))[b] for b in bits)
                          for x in product(*starts)}
        queue = deque(configurations)
        while queue:
            z = queue.popleft()
            readings = [table[w] for w in product(*((v,) if v in (0, 1) else (0, 1) for v in z))]
            for i, v in enumerate(z):
                nexts = [SETTLE[v]] if v in SETTLE else []
                if v in (0, DOWN) and any(f[i] == 1 for f in readings):
                    nexts.append(UP)
                if v in (1, UP) and any(f[i] == 0 for f in readings):
                    nexts.append(DOWN)
                for n in nexts:
                    y = z[:i] + (n,) + z[i + 1:]
                    if y not in configurations:
                        configurations.add(y)
                        queue.append(y)
        boolean = [z for z in configurations if all(v in (0, 1) for v in z)]
        minimal = [s for s in minimal if any(all(z[i] in s[i] for i in range(len(bits))) for z in boolean)]
    return {tuple(booleanized.decode_space(dict(zip(bits, s)))[n] for n in network.names) for s in minimal}


RANDOM = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(st.data(), networks(), st.sampled_from(["synchronous", "asynchronous", "priority"]))
def test_dynamics_match_the_state_transition_graph(data: st.DataObject, network: Network,
                                                    semantics: str) -> None:
    starts = data.draw(st.none() | subspaces(network))
    found = solve(network, semantics=semantics, starts=None if starts is None else (starts,))
    assert state_sets(found) == reference_attractors(network, semantics, starts)


@RANDOM
@given(st.data(), networks(max_bits=5))
def test_most_permissive_matches_its_definition(data: st.DataObject, network: Network) -> None:
    starts = data.draw(st.none() | subspaces(network))
    found = solve(network, semantics="mostpermissive", starts=None if starts is None else (starts,))
    assert spaces(found) == reference_most_permissive(network, starts)
    assert all(a.kind == ("fixed_point" if a.size == 1 else "trap_space") for a in found)


@RANDOM
@given(networks())
def test_fixed_points_are_the_single_state_attractors_of_every_semantics(network: Network) -> None:
    points = {a.cover[0] for a in solve(network, "fixed_points")}
    for semantics in SEMANTICS:
        found = solve(network, semantics=semantics)
        assert {a.cover[0] for a in found if a.size == 1} == points
        assert all((a.kind == "fixed_point") == (a.size == 1) for a in found)


@RANDOM
@given(networks())
def test_minimal_trap_spaces_hold_the_asynchronous_attractors_that_meet_them(network: Network) -> None:
    traps = [set(product(*space)) for space in spaces(solve(network, semantics="mostpermissive"))]
    cycles = state_sets(solve(network, semantics="asynchronous"))
    for trap in traps:
        assert any(cycle <= trap for cycle in cycles)  # every minimal trap space holds one
        assert all(cycle <= trap for cycle in cycles if cycle & trap)  # nothing escapes it


@RANDOM
@given(st.data(), networks(), st.sampled_from(SEMANTICS))
def test_results_do_not_depend_on_node_order(data: st.DataObject, network: Network, semantics: str) -> None:
    order = data.draw(st.permutations(network.names))
    shuffled = network.with_nodes({n: network.nodes[n] for n in order})

    def by_name(found: list[Attractor]) -> set[frozenset[tuple[int, ...]]]:
        where = [found[0].nodes.index(n) for n in sorted(network.names)] if found else []
        return {frozenset(tuple(s[i] for i in where) for s in a.iter_states()) for a in found}

    assert by_name(solve(shuffled, semantics=semantics)) == by_name(solve(network, semantics=semantics))


def test_tables_shared_by_two_node_orders_read_their_own_rows() -> None:
    """Reordered copies share rule objects (and their cached lookup tables): the
    same rows must not hand one order's table to the other."""
    a = Node("a", Rule((Case(0, Atom("a", 1)),), 0), levels=2)
    b = Node("b", Rule((Case(0, Atom("b", 1)), Case(1, Atom("a", 1))), 0), levels=2)
    network = Network("orders", {"a": a, "b": b, "c": Node("c", None)})
    for order in (["a", "b", "c"], ["b", "a", "c"]):
        shuffled = network.with_nodes({n: network.nodes[n] for n in order})
        found = solve(shuffled, semantics="synchronous")
        assert sorted(s for x in found for s in x.iter_states()) == [(0, 0, 0), (0, 0, 1)]
