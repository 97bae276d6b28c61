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


# ---------------------------------------------------------------- loops without networkx, against networkx

import subprocess  # noqa: E402
import sys  # noqa: E402

import networkx as nx  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from logicnet.graph import loops_of, simple_cycles, strongly_connected_components  # noqa: E402
from logicnet.summary import summarize  # noqa: E402


@st.composite
def digraphs(draw):  # type: ignore[no-untyped-def]
    """A random directed graph (self-loops allowed) as ordered successor lists."""
    n = draw(st.integers(1, 9))
    names = [f"n{k}" for k in draw(st.permutations(range(n)))]
    edges = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3 * n, unique=True))
    successors: dict[str, list[str]] = {name: [] for name in names}
    for a, b in edges:
        successors[a].append(b)
    return successors


def as_networkx(successors):  # type: ignore[no-untyped-def]
    graph = nx.DiGraph()
    graph.add_nodes_from(successors)
    graph.add_edges_from((a, b) for a, targets in successors.items() for b in targets)
    return graph


@settings(max_examples=300, deadline=None)
@given(digraphs())
def test_components_and_cycles_agree_with_networkx(successors) -> None:  # type: ignore[no-untyped-def]
    graph = as_networkx(successors)
    # the same components in the same order (the listing of many loops depends on it)
    assert list(strongly_connected_components(successors)) == list(nx.strongly_connected_components(graph))
    ours = sorted(tuple(c) for c in simple_cycles(successors))
    assert len(ours) == len(set(ours))
    rotate = lambda c: tuple(c[c.index(min(c)):] + c[:c.index(min(c))])  # noqa: E731
    assert sorted(rotate(list(c)) for c in ours) == sorted(rotate(c) for c in nx.simple_cycles(graph))


@settings(max_examples=150, deadline=None)
@given(digraphs(), st.integers(1, 12))
def test_loop_listing_with_a_limit_matches_the_networkx_graph_route(successors, limit) -> None:  # type: ignore[no-untyped-def]
    graph = as_networkx(successors)
    for a, b in graph.edges:
        graph.edges[a, b]["sign"] = "+-±"[(len(a) + 2 * len(b) + int(a[1:]) + int(b[1:])) % 3]
    signs = {(a, b): s for a, b, s in graph.edges(data="sign")}
    ours = loops_of(successors, signs, limit=limit)
    assert ours == feedback_loops(graph, limit=limit)
    everything = sorted(rotate for rotate in (tuple(c) for c in nx.simple_cycles(graph)))
    assert ours.complete == (len(everything) <= limit)
    if ours.complete:
        assert len(ours.loops) == len(everything)
    bounded = loops_of(successors, signs, limit=limit, max_length=2)
    assert all(len(loop.nodes) <= 2 for loop in bounded.loops)


@pytest.mark.parametrize("path", sorted((MODELS / "bbm").glob("*.bnet"))[:6], ids=lambda p: p.stem)
def test_summary_without_a_graph_equals_the_one_from_the_graph(path: Path) -> None:
    network = load_quietly(path)
    assert summarize(network, loop_limit=40) == summarize(network, interaction_graph(network), loop_limit=40)


def test_reading_and_summarising_do_not_import_networkx() -> None:
    """``logicnet info`` starts fast: networkx (~0.2 s to import) is loaded
    only by the commands that search a networkx graph."""
    code = ("import sys, warnings; warnings.simplefilter('ignore')\n"
            "from logicnet.io import read_network\nfrom logicnet.summary import summarize\n"
            f"summarize(read_network({str(DATA / 'format_example.yaml')!r}))\n"
            f"summarize(read_network({str(sorted((MODELS / 'bbm').glob('*.bnet'))[0])!r}))\n"
            "import dd.cudd\nprint(sorted(m for m in ('networkx', 'yaml', 'libsbml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['yaml']"]
