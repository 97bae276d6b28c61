"""Round trips: YAML -> YAML and BNet -> network -> BNet on every shipped model,
and random networks through the YAML writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.io import generate_bnet, generate_yaml, parse_bnet, parse_yaml
from logicnet.model import (
    Alteration,
    Case,
    Context,
    Drug,
    Effect,
    Expectation,
    FrozenMap,
    Goal,
    Network,
    Node,
    Rule,
    Scenario,
)

from tests.conftest import load_quietly, shipped_bnet_models
from tests.model.test_expression import EXPRESSIONS

MODELS = shipped_bnet_models()


def test_enough_shipped_models() -> None:
    sizes = sorted(len(load_quietly(p).nodes) for p in MODELS)
    assert len(MODELS) >= 20 and sizes[0] <= 5 and sizes[-1] >= 300


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_bnet_and_yaml_round_trips(path: Path) -> None:
    network = load_quietly(path)
    assert parse_yaml(generate_yaml(network)) == network
    assert parse_bnet(generate_bnet(network), name=network.name, fold_levels=False) == network


# ----------------------------------------------------------------- random networks

NAMES = ["A", "B", "C", "NO", "on", "IL8"]


@st.composite
def networks(draw: st.DrawFn) -> Network:
    levels = {n: draw(st.integers(1, 3)) for n in NAMES}

    def fit(expr):  # type: ignore[no-untyped-def]
        from logicnet.model.expression import Atom, map_atoms

        def known(atom: Atom) -> Atom:
            node = atom.node if atom.node in levels else NAMES[sum(map(ord, atom.node)) % len(NAMES)]
            return Atom(node, min(atom.threshold, levels[node]))

        return map_atoms(expr, known)

    nodes = {}
    for name in NAMES:
        top = levels[name]
        if draw(st.booleans()) and name != "IL8":
            nodes[name] = Node(name, None, levels=top, value=draw(st.one_of(st.none(), st.integers(0, top))))
            continue
        count = draw(st.integers(0, 3))
        cases = tuple(Case(draw(st.integers(0, top)), fit(draw(EXPRESSIONS))) for _ in range(count))
        rule = Rule(cases, draw(st.integers(0, top)))
        phenotype = draw(st.booleans())
        goal = None
        if phenotype and draw(st.booleans()):
            goal = Goal(name, draw(st.sampled_from(["==", "<=", ">="])), draw(st.integers(0, top)))
        nodes[name] = Node(
            name, rule, levels=top, speed=draw(st.integers(0, 2)), phenotype=phenotype, goal=goal,
            label=draw(st.one_of(st.none(), st.sampled_from(["IL-8", "yes", "PI3K/AKT", "1"]))),
            description=draw(st.one_of(st.none(), st.just("two\nlines\n"))),
        )
    multivalued = [n for n in NAMES if levels[n] > 1]
    drugs = {}
    if multivalued:
        drugs["no"] = Drug("no", FrozenMap({multivalued[0]: Effect(1, cap=True), NAMES[0]: Effect(0)}),
                           drug_class="inhibitor")
    return Network(
        name=draw(st.sampled_from(["net", "yes", "A: b"])),
        nodes=FrozenMap(nodes),
        drugs=FrozenMap(drugs),
        alterations=FrozenMap({"off": Alteration("off", FrozenMap({"A": 0}))}),
        contexts=FrozenMap({"on": Context("on", FrozenMap({"B": 1}))}),
        scenarios=(Scenario("s", FrozenMap({"C": Expectation("some", 1)}), context="on",
                            sequence=(("no",), ()) if drugs else None),),
        references=("x: y",),
    )


@settings(max_examples=150, deadline=None)
@given(networks())
def test_random_networks_survive_yaml_round_trip(network: Network) -> None:
    assert parse_yaml(generate_yaml(network)) == network
