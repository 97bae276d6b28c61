from __future__ import annotations

from pathlib import Path

import pytest

from logicnet.errors import ModelError
from logicnet.graph import feedback_loops, interaction_graph, signed_paths
from logicnet.io import parse_yaml, read_network

from tests.conftest import DATA, MODELS, load_quietly


def net(rules: str):  # type: ignore[no-untyped-def]
    return parse_yaml("logicnet: 1\nname: t\nnodes:\n" + rules)


def edges(graph) -> dict[tuple[str, str], tuple[str, tuple[int, ...]]]:  # type: ignore[no-untyped-def]
    return {(a, b): (d["sign"], d["thresholds"]) for a, b, d in graph.edges(data=True)}


def test_signs_come_from_the_function_not_the_syntax() -> None:
    graph = interaction_graph(net(
        "  A: {input: true}\n  B: {input: true}\n  C: {input: true}\n"
        "  X: A & !A | B\n"            # A mentioned twice, no effect
        "  Y: A & !B | !A & B\n"       # XOR: both signs
        "  Z: '!!C'\n"                 # double negation: positive
    ))
    assert edges(graph) == {
        ("B", "X"): ("+", (1,)),
        ("A", "Y"): ("±", (1,)),
        ("B", "Y"): ("±", (1,)),
        ("C", "Z"): ("+", (1,)),
    }
    assert graph.graph["non_functional"] == [("A", "X")]


def test_multivalued_thresholds_on_edges() -> None:
    graph = interaction_graph(net(
        "  S: {input: true, levels: 2}\n"
        "  T:\n    levels: 2\n    rule:\n      - {level: 2, when: 'S >= 2'}\n      - {level: 0, when: S}\n"
        "      - {level: 1}\n"
        "  U: S >= 2 | !(S >= 2)\n"
    ))
    # T: S=0 -> 1, S=1 -> 0, S=2 -> 2: inhibits at threshold 1, activates at threshold 2
    assert edges(graph) == {("S", "T"): ("±", (1, 2))}
    assert graph.graph["non_functional"] == [("S", "U")]
    assert graph.nodes["S"] == {"levels": 2, "kind": "input", "group": None, "label": "S", "speed": 0}


def test_node_attributes() -> None:
    graph = interaction_graph(read_network(DATA / "format_example.yaml"))
    assert graph.nodes["Proliferation"]["kind"] == "phenotype"
    assert graph.nodes["GF"]["kind"] == "input"
    assert graph.nodes["IL8"]["levels"] == 2 and graph.nodes["IL8"]["speed"] == 1
    assert edges(graph)[("IL8", "CXCR1")] == ("+", (2,))
    assert edges(graph)[("PTEN", "PI3K")] == ("-", (1,))


def test_feedback_loops_with_signs() -> None:
    graph = interaction_graph(net(
        "  A: '!C'\n  B: A\n  C: B\n"           # negative 3-loop
        "  D: E\n  E: D\n"                    # positive 2-loop
        "  F: F & A\n"                        # positive self-loop
    ))
    loops = feedback_loops(graph)
    assert loops.complete
    assert [(l.nodes, l.sign) for l in loops.loops] == [
        (("F",), "+"),
        (("D", "E"), "+"),
        (("A", "B", "C"), "-"),
    ]


def test_feedback_loop_listing_stops_at_the_limit_keeping_short_loops() -> None:
    graph = interaction_graph(load_quietly(MODELS / "bbm" / "bbm-261-sars-cov-2-host-interaction.bnet"))
    loops = feedback_loops(graph, limit=50)
    assert not loops.complete and len(loops.loops) == 50
    assert max(len(l.nodes) for l in loops.loops) <= min(
        len(l.nodes) for l in feedback_loops(graph, limit=200).loops[50:]
    )


def test_the_il8_loop_of_the_format_example() -> None:
    graph = interaction_graph(read_network(DATA / "format_example.yaml"))
    loops = feedback_loops(graph)
    assert [(l.nodes, l.sign) for l in loops.loops] == [(("CXCR1", "JAK2", "STAT5", "IL8"), "+")]
    paths = signed_paths(graph, "PTEN", "Proliferation")
    assert [(p.nodes, p.sign) for p in paths] == [
        (("PTEN", "PI3K", "AKT", "MYC", "Proliferation"), "-"),
        (("PTEN", "PI3K", "AKT", "IL8", "CXCR1", "JAK2", "STAT5", "MYC", "Proliferation"), "+"),
    ]


def test_signed_paths_reject_unknown_nodes() -> None:
    graph = interaction_graph(read_network(DATA / "format_example.yaml"))
    with pytest.raises(ModelError, match=r"unknown node 'PTN' \(did you mean 'PTEN'\?\)"):
        signed_paths(graph, "PTN", "Proliferation")


@pytest.mark.parametrize("path", sorted((MODELS / "bbm").glob("*.bnet"))[:8], ids=lambda p: p.stem)
def test_every_rule_regulator_is_an_edge_or_non_functional(path: Path) -> None:
    network = load_quietly(path)
    graph = interaction_graph(network)
    dead = set(graph.graph["non_functional"])
    for name, node in network.nodes.items():
        if node.rule is None:
            continue
        for regulator in node.rule.regulators:
            assert graph.has_edge(regulator, name) != ((regulator, name) in dead)


# ---------------------------------------------------------------- against brute force

from itertools import product  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.dynamics.test_engines_agree import networks  # noqa: E402


def brute_force_edges(network) -> tuple[dict, list]:  # type: ignore[no-untyped-def]
    """R acts on T at threshold k when raising R from k-1 to k raises or
    lowers T's target level in some state of the other nodes."""
    names = network.names
    found, dead = {}, []
    for target, node in network.nodes.items():
        rule = node.update_rule()
        for r in sorted(rule.regulators - {None}) if node.rule is not None else []:
            up = down = False
            thresholds = []
            for k in range(1, network.nodes[r].levels + 1):
                acts = False
                for levels in product(*(range(network.nodes[n].levels + 1) for n in names)):
                    state = dict(zip(names, levels))
                    state[r] = k
                    high = rule.evaluate(state)
                    state[r] = k - 1
                    low = rule.evaluate(state)
                    up, down, acts = up or high > low, down or high < low, acts or high != low
                if acts:
                    thresholds.append(k)
            if thresholds:
                found[(r, target)] = ("±" if up and down else "+" if up else "-", tuple(thresholds))
            else:
                dead.append((r, target))
    return found, dead


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_interaction_graph_agrees_with_brute_force(case) -> None:  # type: ignore[no-untyped-def]
    network, _ = case
    graph = interaction_graph(network)
    expected, dead = brute_force_edges(network)
    assert edges(graph) == expected
    assert sorted(graph.graph["non_functional"]) == sorted(dead)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(multivalued=False))
def test_boolean_interaction_graph_agrees_with_brute_force(case) -> None:  # type: ignore[no-untyped-def]
    network, _ = case
    graph = interaction_graph(network)
    expected, dead = brute_force_edges(network)
    assert edges(graph) == expected
    assert sorted(graph.graph["non_functional"]) == sorted(dead)


def test_a_rule_reading_thousands_of_inputs() -> None:
    """One node ORing 3000 inputs (and one written with both polarities):
    signs from the function, in time linear in the rule."""
    inputs = [f"I{k}" for k in range(3000)]
    text = "".join(f"{x}, {x}\n" for x in inputs)
    text += "hub, " + " | ".join(inputs) + "\n"
    text += "mixed, (I0 & !I1) | (!I0 & I1) | (I2 & !I2)\n"
    from logicnet.io.bnet import parse_bnet

    graph = interaction_graph(parse_bnet(text))
    assert all(graph.edges[x, "hub"]["sign"] == "+" for x in inputs)
    assert graph.edges["I0", "mixed"]["sign"] == graph.edges["I1", "mixed"]["sign"] == "±"
    assert graph.graph["non_functional"] == [("I2", "mixed")]
