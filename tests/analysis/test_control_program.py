"""The control program (minimal sets proposed by one clingo program, from any
start) finds exactly the minimal sets a brute-force enumeration finds: on
random networks (Boolean and multivalued), with knock-ins at chosen levels,
multi-target drugs with fixings and caps, several contexts, under most
permissive semantics, for fixed points and under asynchronous semantics; and
it proves that no set exists on a Moon22 model."""

from __future__ import annotations

import json
import warnings
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.analysis import minimal_combinations, parse_goal
from logicnet.dynamics import attractors, fixed_points
from logicnet.io import read_network
from logicnet.model import FrozenMap, Network, Perturbation
from logicnet.model.network import Context, Drug, Effect, Goal

from ..dynamics.test_engines_agree import networks

MOON22 = Path(__file__).resolve().parents[2] / "benchmarks" / "models" / "moon22"


@st.composite
def questions(draw: st.DrawFn) -> tuple[Network, Goal, list[str | None]]:
    """A network with a drug panel and up to two contexts, and a goal."""
    network, _ = draw(networks())
    names = list(network.nodes)
    goal_node = draw(st.sampled_from(names))
    top = network.nodes[goal_node].levels
    goal = Goal(goal_node, draw(st.sampled_from(["==", "<=", ">="])), draw(st.integers(0, top)))
    others = [n for n in names if n != goal_node] or names
    drugs = {}
    for k in range(draw(st.integers(0, 4))):
        targets = {}
        for target in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
            level = draw(st.integers(0, network.nodes[target].levels))
            multivalued = network.nodes[target].levels > 1
            targets[target] = Effect(level, cap=multivalued and draw(st.booleans()) and level < network.nodes[target].levels)
        drugs[f"d{k}"] = Drug(f"d{k}", FrozenMap(targets))
    contexts = {}
    for k in range(draw(st.integers(0, 2))):
        node = draw(st.sampled_from(others))
        contexts[f"c{k}"] = Context(f"c{k}", FrozenMap({node: draw(st.integers(0, network.nodes[node].levels))}))
    network = Network(network.name, network.nodes, drugs=FrozenMap(drugs), contexts=FrozenMap(contexts))
    chosen: list[str | None] = list(contexts) or [None]
    return network, goal, chosen


def brute_force(network: Network, goal: Goal, contexts: list[str | None], options: list[tuple[str, int | None]],
                max_size: int, question: str) -> set[frozenset[tuple[str, int | None]]]:
    """Every minimal working set of ``options`` (drug names with ``None``, or
    node levels), checking every set with the explicit engine."""

    def works(members: tuple[tuple[str, int | None], ...]) -> bool:
        for context in contexts:
            perturbation = Perturbation.build(
                network, context=context, drugs=[n for n, v in members if v is None],
                settings={n: v for n, v in members if v is not None})
            if question == "fixedpoints":
                found = fixed_points(network, perturbation=perturbation, engine="explicit").attractors
                if not found:
                    return False
            else:
                found = attractors(network, semantics=question, perturbation=perturbation, engine="explicit",
                                   starts=None).attractors
            if not all(a.meets(goal) for a in found):
                return False
        return True

    if works(()):
        return set()
    working: list[frozenset[tuple[str, int | None]]] = []
    for size in range(1, max_size + 1):
        for members in combinations(options, size):
            nodes = [n for n, v in members if v is not None]
            if len(set(nodes)) < len(nodes):
                continue
            if any(w <= set(members) for w in working):
                continue
            if works(members):
                working.append(frozenset(members))
    return set(working)


def found_sets(report) -> set[frozenset[tuple[str, int | None]]]:  # type: ignore[no-untyped-def]
    return {frozenset([*((d, None) for d in m.drugs), *m.interventions.items()]) for m in report.minimal_sets}


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(questions(), st.sampled_from(["mostpermissive", "fixedpoints", "asynchronous"]), st.integers(1, 3))
def test_drug_sets_equal_brute_force(case, question: str, max_size: int) -> None:  # type: ignore[no-untyped-def]
    network, goal, contexts = case
    if not network.drugs:
        return
    report = minimal_combinations(
        network, goals=[goal], contexts=contexts, semantics="mostpermissive" if question == "fixedpoints"
        else question, fixed_points=question == "fixedpoints", start="any", targets="drugs", max_size=max_size,
        genetic_depth=0)
    expected = brute_force(network, goal, contexts, [(d, None) for d in network.drugs], max_size, question)
    assert report.complete
    assert found_sets(report) == expected


@SETTINGS
@given(questions(), st.sampled_from(["mostpermissive", "fixedpoints", "asynchronous"]), st.integers(1, 3),
       st.sampled_from([None, [1], [2], [1, 2]]))
def test_node_sets_equal_brute_force(case, question: str, max_size: int, levels) -> None:  # type: ignore[no-untyped-def]
    network, goal, contexts = case
    report = minimal_combinations(
        network, goals=[goal], contexts=contexts, semantics="mostpermissive" if question == "fixedpoints"
        else question, fixed_points=question == "fixedpoints", start="any", targets="nodes", knock_in=True,
        levels=levels, max_size=max_size, genetic_depth=0)
    options: list[tuple[str, int | None]] = []
    for name, node in network.nodes.items():
        if name == goal.node:
            continue
        options.append((name, 0))
        chosen = [node.levels] if levels is None or node.levels == 1 else [v for v in levels if v <= node.levels]
        options.extend((name, v) for v in sorted(set(chosen)))
    expected = brute_force(network, goal, contexts, options, max_size, question)
    assert report.complete
    assert found_sets(report) == expected


def moon22(name: str) -> tuple[Network, list[str]]:
    (folder,) = MOON22.glob(f"{name}_*")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(folder / "transition_formula.bnet")
    return network, json.loads((folder / "inputs.json").read_text())["controllable_vars"]


@pytest.mark.parametrize("fixed", [False, True])
def test_no_set_exists_on_moon22_s3_and_the_program_proves_it(fixed: bool) -> None:
    # Kasemeier-Kulesa et al. (2018): no three knockouts or knock-ins of the
    # controllable nodes put p at 1 in every attractor (BoNesis agrees; sets of
    # four exist). Most permissive: the program is unsatisfiable after checking
    # only the untreated network (no set lets a trap space have p = 1).
    network, controllable = moon22("S3")
    report = minimal_combinations(network, goals=[parse_goal(network, "p=1")], semantics="mostpermissive",
                                  fixed_points=fixed, start="any", targets="nodes", knock_in=True,
                                  candidates=controllable, max_size=3, genetic_depth=0)
    assert report.complete
    assert report.minimal_sets == ()
    assert report.goals_met_untreated is False
    if not fixed:
        assert report.checked == 1


def test_moon22_s4_sets_are_biane_and_delaplaces() -> None:
    # the nine minimal sets BoNesis gives for p = 1 in every minimal trap space (and every fixed point)
    network, controllable = moon22("S4")
    expected = {("AKT=1",), ("BCL_2=1",), ("BRCA1=0",), ("EGFR=1", "GSK3B=0"), ("EGFR=1", "PTEN=0"),
                ("ERK1_2=1", "GSK3B=0"), ("MDM2=1",), ("PI3K=1",), ("TP53=0",)}
    for fixed in (False, True):
        report = minimal_combinations(network, goals=[parse_goal(network, "p=1")], semantics="mostpermissive",
                                      fixed_points=fixed, start="any", targets="nodes", knock_in=True,
                                      candidates=controllable, max_size=4, genetic_depth=0)
        assert {m.labels for m in report.minimal_sets} == expected
        assert report.complete


def test_combos_cli_asks_the_fixed_point_question() -> None:
    # `--semantics fixedpoints`: the same nine sets, the report says which question it answered,
    # and genetic escapes (an attractor question) are refused with one clear error
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    folder = next(MOON22.glob("S4_*"))
    controllable = json.loads((folder / "inputs.json").read_text())["controllable_vars"]
    args = ["combos", str(folder / "transition_formula.bnet"), "--goal", "p=1", "--targets", "nodes",
            "--knock-in", "--candidates", ",".join(controllable), "--max-size", "4", "--semantics", "fixedpoints"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["fixed_points"] is True and data["start"] == "any" and data["complete"] is True
    assert sorted(sorted(f"{n}={v}" for n, v in m["interventions"].items()) for m in data["minimal_sets"]) == [
        ["AKT=1"], ["BCL_2=1"], ["BRCA1=0"], ["EGFR=1", "GSK3B=0"], ["EGFR=1", "PTEN=0"], ["ERK1_2=1", "GSK3B=0"],
        ["MDM2=1"], ["PI3K=1"], ["TP53=0"]]
    refused = CliRunner().invoke(cli, [*args, "--genetic-depth", "1"])
    assert refused.exit_code == 2
    assert refused.output.strip().endswith("error: --semantics fixedpoints searches no genetic escapes: drop"
                                           " --genetic-depth and --robust-to, or choose an update semantics")
