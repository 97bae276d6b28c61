"""The BBM oracle: each sampled model's SBML-qual and BooleanNet files read into
the same Boolean functions as its BNet file, and logicnet's signed interaction
graph is the graph AEON infers, edge for edge (tests/models/bbm-formats/README.md).
The whole collection runs in benchmarks/bench_formats.py."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from logicnet.graph import interaction_graph
from logicnet.io import read_aeon, read_bnet, read_booleannet, read_sbml
from logicnet.io.aeon import generate_aeon, parse_aeon
from logicnet.io.bnet import generate_bnet, parse_bnet
from logicnet.io._logic import rule_differences
from logicnet.model.network import Network

from tests.conftest import MODELS

FOLDER = MODELS / "bbm-formats"
STEMS = sorted(p.name[: -len(".bnet")] for p in FOLDER.glob("*.bnet"))
SIGNS = {"->": "+", "-|": "-", "-?": "±"}


def quietly(read, path: Path, **options) -> Network:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read(path, **options)


def same_functions(reference: Network, other: Network) -> list[str]:
    """Differences, allowing the other file free inputs that no rule reads
    (regulators the BNet export dropped as non-functional)."""
    extra = [n for n in other.nodes if n not in reference.nodes]
    problems = [d for d in rule_differences(reference, other) if not d.startswith("only in the second")]
    problems += [f"{n} is not a free input" for n in extra if not other.nodes[n].is_free_input]
    return problems


def inferred_edges(path: Path) -> set[tuple[str, str, str, bool]]:
    edges = set()
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"\s*(\S+)\s+(-[>|?])(\??)\s+(\S+)\s*", line)
        if match:
            edges.add((match.group(1), match.group(4), SIGNS[match.group(2)], not match.group(3)))
    return edges


def test_the_sample_is_large_enough() -> None:
    assert len(STEMS) >= 40
    for stem in STEMS:
        for suffix in (".sbml", ".booleannet", ".inferred-graph.aeon"):
            assert (FOLDER / f"{stem}{suffix}").exists()


@pytest.mark.parametrize("stem", STEMS)
def test_sbml_and_booleannet_read_the_bnet_functions(stem: str) -> None:
    reference = quietly(read_bnet, FOLDER / f"{stem}.bnet", fold_levels=False)
    assert same_functions(reference, quietly(read_sbml, FOLDER / f"{stem}.sbml")) == []
    assert same_functions(reference, quietly(read_booleannet, FOLDER / f"{stem}.booleannet")) == []


@pytest.mark.parametrize("stem", STEMS)
def test_interaction_graph_is_the_inferred_aeon_graph(stem: str) -> None:
    network = quietly(read_bnet, FOLDER / f"{stem}.bnet", fold_levels=False)
    graph = interaction_graph(network)
    ours = {(a, b, data["sign"], True) for a, b, data in graph.edges(data=True)}
    assert ours == inferred_edges(FOLDER / f"{stem}.inferred-graph.aeon")


@pytest.mark.parametrize("stem", STEMS)
def test_bnet_aeon_bnet_round_trip(stem: str) -> None:
    network = quietly(read_bnet, FOLDER / f"{stem}.bnet")
    through = parse_aeon(generate_aeon(network), name=network.name)
    assert through == network
    assert parse_bnet(generate_bnet(through), name=network.name) == network


def test_folded_bbm_models_keep_their_dynamics() -> None:
    """Models whose BNet holds bits X_b1 .. X_bm fold into multivalued nodes that
    booleanize back to the same functions on admissible states."""
    folded = 0
    for stem in STEMS:
        bits = quietly(read_bnet, FOLDER / f"{stem}.bnet", fold_levels=False)
        network = quietly(read_bnet, FOLDER / f"{stem}.bnet")
        if network.is_boolean:
            continue
        folded += 1
        again = parse_bnet(generate_bnet(network).split("#|", 1)[0], name=network.name, fold_levels=False)
        from logicnet.io._logic import Functions
        from logicnet.io._fold import bit_groups

        functions = Functions()
        functions.ladders(bit_groups(bits).values())
        for name, node in bits.nodes.items():
            mine = again.nodes[name].update_rule().boolean_expression(1)
            theirs = node.update_rule().boolean_expression(1)
            assert functions.equal(functions.compile(mine), functions.compile(theirs)), (stem, name)
    assert folded >= 4


def test_aeon_reads_the_inferred_graph_files_as_regulations_only() -> None:
    path = FOLDER / f"{STEMS[0]}.inferred-graph.aeon"
    text = path.read_text()
    assert "$" in text  # these files carry functions too
    network = quietly(read_aeon, path)
    reference = quietly(read_bnet, FOLDER / f"{STEMS[0]}.bnet", fold_levels=False)
    assert same_functions(reference, network) == []
