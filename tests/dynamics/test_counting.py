"""Exact fixed-point counts without listing (the symbolic engine's BDD over a
feedback vertex set) against brute force, on small random networks, and the
routing of counts to it."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.dynamics import attractors, fixed_points
from logicnet.dynamics.engines.symbolic._fixed import feedback_bits
from logicnet.io.bnet import parse_bnet
from logicnet.model import Case, FrozenMap, Network, Node, Perturbation, Rule
from logicnet.model.expression import Atom

from tests.bnet_text import renamed_depth_first
from tests.conftest import load_quietly
from tests.dynamics.test_engines_agree import networks
from tests.dynamics.test_symbolic import with_identity_inputs


def brute_force(network: Network) -> set[tuple[int, ...]]:
    names = network.names
    out = set()
    for levels in product(*(range(network.nodes[n].levels + 1) for n in names)):
        state = dict(zip(names, levels))
        if all(network.nodes[n].update_rule().evaluate(state) == state[n] for n in names):
            out.add(levels)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_counts_and_lists_agree_with_brute_force(case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    network = perturbation.apply(network)
    expected = brute_force(network)
    result = fixed_points(network, engine="symbolic", count=True)
    assert result.count == len(expected)
    assert {a.states[0] for a in result.attractors} == expected
    limited = fixed_points(network, engine="symbolic", count=True, limit=1)
    assert limited.count == len(expected) and len(limited.attractors) == min(1, len(expected))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), st.sets(st.sampled_from("abcdefg"), max_size=3),
                       min_size=1))
def test_feedback_bits_meet_every_cycle(graph: dict[str, set[str]]) -> None:
    order = sorted(set(graph) | {v for ps in graph.values() for v in ps})
    depends = {v: graph.get(v, set()) for v in order}
    kept = feedback_bits(depends, order)
    assert {v for v in order if v in depends[v]} <= kept
    left = {v: depends[v] - kept for v in order if v not in kept}  # must be acyclic
    while left:
        sources = [v for v, ps in left.items() if not ps & set(left)]
        assert sources, f"cycle left among {sorted(left)}"
        for v in sources:
            del left[v]


def test_counting_routes_to_the_symbolic_engine_and_never_lists() -> None:
    # 40 free inputs each copied by a node: 2^40 fixed points, counted at once
    text = "".join(f"i{k}, i{k}\nx{k}, i{k} & !y{k}\ny{k}, !x{k} & i{k}\n" for k in range(40))
    result = fixed_points(parse_bnet(text), count=True, limit=3)
    assert result.engine == "symbolic"
    assert result.count == 3**40 and len(result.attractors) == 3 and not result.complete


def test_cli_count_lists_a_bounded_number_and_prints_the_exact_count(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    path = tmp_path / "copies.bnet"
    path.write_text("".join(f"i{k}, i{k}\nx{k}, i{k}\n" for k in range(12)))  # 2^12 fixed points
    done = CliRunner().invoke(cli, ["fixed-points", str(path), "--count", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"count": 4096, "complete": True, "semantics": "fixed_points",
                                       "engine": "symbolic", "perturbation": "no perturbation", "nodes": 24}
    done = CliRunner().invoke(cli, ["fixed-points", str(path), "--count"])
    assert done.exit_code == 0 and done.stdout == "4096\n"
    done = CliRunner().invoke(cli, ["fixed-points", str(path), "--count", "--limit", "3"])
    assert "3 fixed point(s) listed, 4096 in all" in done.output


# --------------------------------------------------------------------------- attractor counts

ATTRACTOR_ENGINES = {"asynchronous": ("explicit", "symbolic"), "synchronous": ("explicit", "symbolic"),
                     "mostpermissive": ("explicit", "asp")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from(sorted(ATTRACTOR_ENGINES)))
def test_attractor_counts_agree_between_engines_and_past_the_limit(case, semantics: str) -> None:  # type: ignore[no-untyped-def]
    from logicnet.dynamics import attractors

    network, perturbation = case
    counts = set()
    for engine in ATTRACTOR_ENGINES[semantics]:
        whole = attractors(network, semantics=semantics, perturbation=perturbation, engine=engine, count=True)
        assert whole.count == len(whole.attractors) and whole.complete
        limited = attractors(network, semantics=semantics, perturbation=perturbation, engine=engine, count=True,
                             limit=1)
        assert limited.count == whole.count and len(limited.attractors) == 1
        assert limited.complete == (whole.count == 1)
        counts.add(whole.count)
    assert len(counts) == 1
    assert attractors(network, semantics=semantics, perturbation=perturbation).count is None  # only when asked


def test_cli_counts_minimal_trap_spaces_and_asynchronous_attractors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    path = tmp_path / "switches.bnet"
    # 6 independent toggle switches: 2^6 minimal trap spaces, 2^6 asynchronous attractors
    path.write_text("".join(f"x{k}, !y{k}\ny{k}, !x{k}\n" for k in range(6)))
    for semantics in ("mostpermissive", "asynchronous"):
        done = CliRunner().invoke(cli, ["attractors", str(path), "--semantics", semantics, "--count", "--limit", "5"])
        assert done.exit_code == 0, done.output
        assert "5 attractor(s) listed, 64 in all" in done.output
        done = CliRunner().invoke(cli, ["attractors", str(path), "--semantics", semantics, "--count"])
        assert done.exit_code == 0 and done.stdout == "64\n", done.output


def test_cli_lists_at_most_fifty_with_a_hint_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    path = tmp_path / "copies.bnet"
    path.write_text("".join(f"i{k}, i{k}\nx{k}, i{k}\n" for k in range(6)))  # 64 fixed points
    for command in (["attractors"], ["fixed-points"]):
        done = CliRunner().invoke(cli, [command[0], str(path), *command[1:]])
        assert done.exit_code == 0, done.output
        lines = done.stdout.splitlines()
        what = "attractors" if command[0] == "attractors" else "fixed points"
        assert lines[1] == (f"64 {what}: the first 50 are shown; --limit N finds at most N (faster), --format csv or"
                            " json lists all 64")
        assert "#50" in done.stdout and "#51" not in done.stdout
    done = CliRunner().invoke(cli, ["attractors", str(path), "--limit", "60"])
    assert "#60" in done.output and "the first" not in done.output


def test_without_a_limit_at_most_ten_thousand_are_listed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """2^14 fixed points: with no limit the first 10,000 are listed, the result
    is incomplete and says why (with the exact count when one was asked);
    an explicit limit lists more; the CLI says so in every format."""
    from click.testing import CliRunner

    from logicnet.cli.main import cli
    from logicnet.dynamics.attractor import MAX_LISTED_ATTRACTORS

    assert MAX_LISTED_ATTRACTORS == 10_000
    text = "".join(f"i{k}, i{k}\nx{k}, i{k}\n" for k in range(14))
    network = parse_bnet(text)
    tail = ": the first 10,000 are listed; a limit (--limit N) lists up to N, a count (--count) counts them all"
    for question in (fixed_points, attractors):
        what = "fixed points" if question is fixed_points else "attractors"
        result = question(network)
        assert len(result) == 10_000 and not result.complete
        assert result.notes[-1] == f"more than 10,000 {what}{tail}"
        assert len({a.states for a in result.attractors}) == 10_000
        counted = question(network, count=True)
        assert len(counted) == 10_000 and counted.count == 2**14 and counted.notes[-1] == f"16,384 {what}{tail}"
        more = question(network, limit=12_000)
        assert len(more) == 12_000 and not more.complete and not any("10,000" in n for n in more.notes)
    assert len(fixed_points(network, limit=2**14)) == 2**14 and fixed_points(network, limit=2**14).complete
    path = tmp_path / "many.bnet"
    path.write_text(text)
    done = CliRunner().invoke(cli, ["fixed-points", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert len(json.loads(done.stdout)["attractors"]) == 10_000 and json.loads(done.stdout)["complete"] is False
    assert f"more than 10,000 fixed points{tail}" in done.stderr


# ------------------------------------------------------------ minimal trap spaces


def is_trap_space(network: Network, space: tuple[tuple[int, ...], ...]) -> bool:
    """Every state of ``space`` has every node's target inside ``space``."""
    names = network.names
    for levels in product(*space):
        state = dict(zip(names, levels))
        if any(network.nodes[n].update_rule().evaluate(state) not in allowed for n, allowed in zip(names, space)):
            return False
    return True


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_minimal_trap_spaces_counted_on_a_bdd_agree_with_the_explicit_engine(
        case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    expected = attractors(network, semantics="mostpermissive", perturbation=perturbation, engine="explicit")
    result = attractors(network, semantics="mostpermissive", perturbation=perturbation, engine="symbolic", count=True)
    assert result.count == len(expected.attractors)
    assert {a.cover for a in result.attractors} == {a.cover for a in expected.attractors}
    limited = attractors(network, semantics="mostpermissive", perturbation=perturbation, engine="symbolic",
                         count=True, limit=1)
    assert limited.count == result.count and len(limited.attractors) == 1
    assert limited.complete == (result.count == 1)


def switches_and_oscillators(switches: int, oscillators: int = 3) -> Network:
    """``switches`` positive two-node loops (two minimal trap spaces each: both
    off, both on) beside negative self-loops (one, the node free): 2^switches
    minimal trap spaces."""
    text = "".join(f"a{k}, b{k}\nb{k}, a{k}\n" for k in range(switches))
    text += "".join(f"o{k}, !o{k} | a0 & !a0\n" for k in range(oscillators))
    return parse_bnet(text)


def test_many_minimal_trap_spaces_are_counted_on_a_bdd_after_clingo_gives_up() -> None:
    network = switches_and_oscillators(40)
    result = attractors(network, semantics="mostpermissive", count=True, limit=4)
    assert result.engine == "symbolic" and result.count == 2**40
    assert len(result.attractors) == 4 and not result.complete
    assert result.notes[-1] == ("engine: asp gave up (more than 5000 minimal trap spaces to count one by one);"
                                " symbolic counts them on a BDD, without listing")
    for attractor in result.attractors:
        (space,) = attractor.cover
        levels = dict(zip(network.names, space))
        assert all(levels[f"a{k}"] == levels[f"b{k}"] != (0, 1) for k in range(40))
        assert all(levels[f"o{k}"] == (0, 1) for k in range(3))
    few = attractors(switches_and_oscillators(3), semantics="mostpermissive", count=True)
    assert few.engine == "asp" and few.count == 8 and len(few.attractors) == 8  # few: clingo lists and counts


def test_minimal_trap_spaces_of_a_multivalued_network_are_counted_on_its_bits() -> None:
    text = "".join(f"a{k}, b{k}\nb{k}, a{k}\n" for k in range(13))  # 8192: past what clingo lists
    network = parse_bnet(text)
    three = Network("three", FrozenMap({**network.nodes, "m": Node("m", Rule((Case(2, Atom("a0")),), 1), levels=2)}))
    result = attractors(three, semantics="mostpermissive", count=True, limit=2)
    asp = attractors(three, semantics="mostpermissive", count=True, limit=2, engine="asp")
    assert result.engine == "symbolic" and result.count == asp.count == 2**13
    for attractor in result.attractors:
        (space,) = attractor.cover
        assert is_trap_space(three, space)
        levels = dict(zip(three.names, space))
        assert levels["m"] == ((2,) if levels["a0"] == (1,) else (1,))


def test_cli_counts_minimal_trap_spaces(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    path = tmp_path / "switches.bnet"
    path.write_text("".join(f"a{k}, b{k}\nb{k}, a{k}\n" for k in range(30)))
    done = CliRunner().invoke(cli, ["attractors", str(path), "--semantics", "mostpermissive", "--count"])
    assert done.exit_code == 0 and done.stdout == f"{2**30}\n"


@st.composite
def larger_bnets(draw: st.DrawFn) -> str:
    """A Boolean network of 8 to 16 nodes in BNet, each rule a random sum of
    products of one to three literals, at most two nodes free inputs: large
    enough for the feedback vertex set to leave nodes out of the projection,
    few enough minimal trap spaces for clingo to count them one by one."""
    n = draw(st.integers(8, 16))
    names = [f"n{k}" for k in range(n)]
    lines: list[str] = []
    inputs = 0
    for name in names:
        if inputs < 2 and draw(st.integers(0, 6)) == 0:
            inputs += 1
            lines.append(f"{name}, {name}")
            continue
        terms = []
        for _ in range(draw(st.integers(1, 3))):
            regulators = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
            terms.append(" & ".join(("!" if draw(st.booleans()) else "") + r for r in regulators))
        lines.append(f"{name}, " + " | ".join(f"({t})" for t in terms))
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(larger_bnets())
def test_minimal_trap_spaces_on_a_bdd_agree_with_clingo_on_larger_networks(text: str) -> None:
    network = parse_bnet(text)
    asp = attractors(network, semantics="mostpermissive", engine="asp", count=True, limit=500)
    symbolic = attractors(network, semantics="mostpermissive", engine="symbolic", count=True, limit=500)
    assert symbolic.count == asp.count
    if asp.complete:  # (past the limit, each engine lists other ones first)
        assert {a.cover for a in symbolic.attractors} == {a.cover for a in asp.attractors}
    else:
        assert len(symbolic.attractors) == 500 and not symbolic.complete


# ------------------------------------------------------------- large published models against AEON

BBM = Path(__file__).resolve().parents[2] / "benchmarks" / "models" / "bbm"
#: BBM models with many fixed points: SNF1-AMPK (202 nodes, 56 free inputs), and three with millions
LARGE_COUNTS = {"id-144": 10_096_027_719_780_900_754_667_077_632, "id-018": None, "id-157": None, "id-225": None}


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(LARGE_COUNTS))
def test_exact_counts_of_large_models_equal_biodivine_aeon(model: str) -> None:
    aeon = pytest.importorskip("biodivine_aeon")
    path = next(BBM.glob(f"[[]{model}]*.bnet"))
    ours = fixed_points(load_quietly(path), count=True, limit=1)
    assert ours.engine == "symbolic" and len(ours.attractors) == 1
    text = renamed_depth_first(with_identity_inputs(path.read_text()))
    graph = aeon.AsynchronousGraph(aeon.BooleanNetwork.from_bnet(text, repair_graph=True))
    assert ours.count == aeon.FixedPoints.symbolic(graph).cardinality()
    assert LARGE_COUNTS[model] in (None, ours.count)
    assert ours.count > 10**6
