"""All engines agree with each other on random networks (<= 7 nodes, Boolean
and multivalued, with perturbations and speed classes), for every question
each supports; so does the exploration of reachable states. The last test
covers every semantics (and fixed points) under every kind of perturbation
(fixings, caps, contexts, alterations, drugs, all together) built from a
declared panel, from every state and from one start state."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.dynamics import attractors, fixed_points
from logicnet.model import Alteration, Case, Context, Drug, Effect, FrozenMap, Network, Node, Perturbation, Rule
from logicnet.model.expression import And, Atom, Const, Not, Or

NAMES = ["A", "B", "C", "D", "E", "F", "G"]


@st.composite
def expressions(draw: st.DrawFn, levels: dict[str, int], depth: int = 2):  # type: ignore[no-untyped-def]
    names = list(levels)
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        if draw(st.integers(0, 12)) == 0:
            return Const(draw(st.booleans()))
        node = draw(st.sampled_from(names))
        return Atom(node, draw(st.integers(1, levels[node])))
    kind = draw(st.sampled_from(["not", "and", "or"]))
    if kind == "not":
        return Not(draw(expressions(levels, depth - 1)))
    args = tuple(draw(expressions(levels, depth - 1)) for _ in range(draw(st.integers(2, 3))))
    return And(args) if kind == "and" else Or(args)


@st.composite
def networks(draw: st.DrawFn, multivalued: bool = True) -> tuple[Network, Perturbation]:
    n = draw(st.integers(2, 6))
    names = NAMES[:n]
    levels = {name: (draw(st.integers(1, 2)) if multivalued else 1) for name in names}
    nodes = {}
    for name in names:
        top = levels[name]
        if draw(st.integers(0, 7)) == 0:
            nodes[name] = Node(name, None, levels=top)  # a free input
            continue
        cases = tuple(Case(draw(st.integers(0, top)), draw(expressions(levels))) for _ in range(draw(st.integers(1, 2))))
        nodes[name] = Node(name, Rule(cases, draw(st.integers(0, top))), levels=top, speed=draw(st.integers(0, 1)))
    network = Network("random", FrozenMap(nodes))
    fixed = draw(st.dictionaries(st.sampled_from(names), st.integers(0, 2), max_size=2))
    fixed = {k: min(v, levels[k]) for k, v in fixed.items()}
    caps = {k: 1 for k in names if levels[k] == 2 and k not in fixed and draw(st.integers(0, 4)) == 0}
    return network, Perturbation(fixed=FrozenMap(fixed), caps=FrozenMap(caps))


def state_sets(result) -> set[frozenset]:  # type: ignore[no-untyped-def]
    return {frozenset(a.iter_states()) for a in result.attractors}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(networks())
def test_fixed_points_agree(case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    results = [fixed_points(network, perturbation=perturbation, engine=e, count=True)
               for e in ("explicit", "asp", "symbolic")]
    assert state_sets(results[0]) == state_sets(results[1]) == state_sets(results[2])
    assert results[0].count == results[1].count == results[2].count == len(results[0].attractors)


@SETTINGS
@given(networks())
def test_minimal_trap_spaces_agree(case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    explicit, asp, symbolic = (attractors(network, semantics="mostpermissive", perturbation=perturbation,
                                          engine=e, count=True) for e in ("explicit", "asp", "symbolic"))
    assert state_sets(explicit) == state_sets(asp) == state_sets(symbolic)
    assert asp.count == symbolic.count == len(explicit.attractors)


@SETTINGS
@given(networks(), st.sampled_from(["asynchronous", "priority", "synchronous"]))
def test_dynamic_attractors_agree(case: tuple[Network, Perturbation], semantics: str) -> None:
    network, perturbation = case
    explicit = attractors(network, semantics=semantics, perturbation=perturbation, engine="explicit")
    symbolic = attractors(network, semantics=semantics, perturbation=perturbation, engine="symbolic")
    assert state_sets(explicit) == state_sets(symbolic)


@SETTINGS
@given(networks(), st.sampled_from(["asynchronous", "priority", "synchronous", "mostpermissive"]),
       st.data())
def test_reachable_attractors_agree(case: tuple[Network, Perturbation], semantics: str, data: st.DataObject) -> None:
    network, perturbation = case
    start = {n: data.draw(st.integers(0, network.nodes[n].levels)) for n in network.names}
    explicit = attractors(network, semantics=semantics, perturbation=perturbation, starts=[start],
                          engine="explicit")
    others = ["asp"] if semantics == "mostpermissive" else ["symbolic"]
    for engine in others:
        other = attractors(network, semantics=semantics, perturbation=perturbation, starts=[start], engine=engine)
        assert state_sets(other) == state_sets(explicit), engine
    if semantics != "mostpermissive":
        explored = attractors(network, semantics=semantics, perturbation=perturbation, starts=[start],
                              engine="reachable")
        assert {frozenset(a.iter_states()) for a in explored} == state_sets(explicit)


@SETTINGS
@given(networks())
def test_early_phase_agrees(case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    start = {n: 0 for n in network.names}
    results = [attractors(network, semantics="priority", perturbation=perturbation, starts=[start], phase="early",
                          engine=e) for e in ("explicit", "symbolic")]
    assert state_sets(results[0]) == state_sets(results[1])


# ------------------------------------------------- every semantics × every kind of perturbation

PERTURBATION_KINDS = ("fixings", "caps", "contexts", "alterations", "drugs", "all")
QUESTIONS = ("fixed_points", "synchronous", "asynchronous", "priority", "mostpermissive")
#: the questions the reachable engine answers (from start states)
STATE_QUESTIONS = ("synchronous", "asynchronous", "priority")
#: the engines that answer each question
ENGINES = {"fixed_points": ("explicit", "asp", "symbolic"), "synchronous": ("explicit", "symbolic"),
           "asynchronous": ("explicit", "symbolic"), "priority": ("explicit", "symbolic"),
           "mostpermissive": ("explicit", "asp")}


@st.composite
def perturbed_networks(draw: st.DrawFn, kind: str) -> tuple[Network, Perturbation]:
    """A random network (<= 6 nodes, some multivalued, some slow) with a
    declared panel, and a perturbation of ``kind`` built from it as the CLI
    builds one (Perturbation.build)."""
    n = draw(st.integers(2, 6))
    names = NAMES[:n]
    levels = {name: draw(st.integers(1, 2)) for name in names}
    if kind in ("caps", "all"):
        levels[names[0]] = 2  # a cap needs a multivalued node
    inputs = {names[-1]} if kind in ("contexts", "all") else set()
    inputs |= {name for name in names[1:] if draw(st.integers(0, 7)) == 0}
    nodes = {}
    for name in names:
        top = levels[name]
        if name in inputs:
            nodes[name] = Node(name, None, levels=top)
            continue
        cases = tuple(Case(draw(st.integers(0, top)), draw(expressions(levels)))
                      for _ in range(draw(st.integers(1, 2))))
        nodes[name] = Node(name, Rule(cases, draw(st.integers(0, top))), levels=top, speed=draw(st.integers(0, 1)))

    def levels_of(chosen: list[str]) -> dict[str, int]:
        return {c: draw(st.integers(0, levels[c])) for c in chosen}

    some = st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)
    drugs = {"fix": Drug("fix", FrozenMap({t: Effect(draw(st.integers(0, levels[t]))) for t in draw(some)}))}
    capped = [t for t in names if levels[t] == 2]
    if capped:
        target = draw(st.sampled_from(capped))
        drugs["cap"] = Drug("cap", FrozenMap({target: Effect(draw(st.integers(0, 1)), cap=True)}))
    alterations = {"alt": Alteration("alt", FrozenMap(levels_of(draw(some))))}
    contexts = {"ctx": Context("ctx", FrozenMap(levels_of(sorted(inputs))))} if inputs else {}
    network = Network("random", FrozenMap(nodes), drugs=FrozenMap(drugs), alterations=FrozenMap(alterations),
                      contexts=FrozenMap(contexts))
    settings_ = levels_of(draw(some)) if kind in ("fixings", "all") else {}
    chosen_drugs: list[str] = []
    if kind == "caps":
        chosen_drugs = ["cap"]
    elif kind in ("drugs", "all"):
        chosen_drugs = draw(st.lists(st.sampled_from(sorted(drugs)), min_size=1, unique=True))
    perturbation = Perturbation.build(
        network,
        context="ctx" if kind in ("contexts", "all") else None,
        alterations=["alt"] if kind in ("alterations", "all") else [],
        drugs=chosen_drugs,
        settings=settings_,
    )
    if kind == "caps":
        assert perturbation.caps
    return network, perturbation


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("kind", PERTURBATION_KINDS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_engine_agrees_under_every_semantics_and_perturbation(question: str, kind: str,
                                                                   data: st.DataObject) -> None:
    network, perturbation = data.draw(perturbed_networks(kind))
    start = None
    if data.draw(st.booleans()):  # also from one start state (reachable attractors)
        start = [{n: data.draw(st.integers(0, network.nodes[n].levels)) for n in network.names}]
    results = {}
    engines = ENGINES[question] + (("reachable",) if start is not None and question in STATE_QUESTIONS else ())
    if question == "mostpermissive" and start is None:
        engines += ("symbolic",)  # (which finds no most permissive attractors from start states)
    for engine in engines:
        if question == "fixed_points":
            results[engine] = fixed_points(network, perturbation=perturbation, engine=engine, count=True)
            assert results[engine].count == len(results[engine].attractors)
        else:
            results[engine] = attractors(network, semantics=question, perturbation=perturbation, starts=start,
                                         engine=engine)
    expected = state_sets(results["explicit"])
    for engine, result in results.items():
        assert state_sets(result) == expected, engine
