"""Escape routes, minimal combination sets and genetic escapes on a network
written for the purpose (tests/data/escape_toy.yaml):

    GF -> R -> A -> M -> F -| I <- R ;  I | L -> J -> S -> P <- M ;  S & !A -> L (slow)

A is a PI3K-like hub whose loss releases I from the feedback of F (wave 1) and
lets the slow loop J -> S -> L -> J lock (wave 2); P (goal 0) needs M or S.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from logicnet.analysis.combinations import _Checker, minimal_combinations
from logicnet.analysis.escape import escape_routes
from logicnet.model.perturbation import Perturbation
from logicnet.analysis.goals import parse_goal, resolve_goals
from logicnet.analysis.response import Responder
from logicnet.errors import AnalysisError, LogicnetError
from logicnet.io import read_network, parse_yaml

from tests.conftest import DATA

NET = read_network(DATA / "escape_toy.yaml")


def routes(report):  # type: ignore[no-untyped-def]
    return [(waves, str(route.literal), route.describe()) for route, waves in report.routes]


def test_escape_routes_and_waves_of_the_hub_inhibitor() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dA"]))
    assert report.escaped and not report.goals_met_untreated
    assert [w.phase for w in report.waves] == ["early", "late"]
    assert routes(report) == [
        (("early", "late"), "P≥1", "A → M → F → I → J → S → P"),
        (("late",), "P≥1", "A → L → J → S → P, sustained by J → S → L → J"),
    ]
    first, second = (route for route, _ in report.routes)
    assert first.nodes == ("A", "F", "GF", "I", "J", "M", "P", "R", "S")
    assert [(str(lit), src.kind, src.reason) for lit, src in first.sources] == [
        ("A=0", "fixed", "drug dA"),
        ("GF≥1", "fixed", "context on"),
    ]
    assert second.loops == (("J", "S", "L"),)
    assert ("L", "J") in second.edges and ("A", "L") in second.edges


def test_only_the_late_wave_when_asked() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dA"]), phase="late")
    assert [w.phase for w in report.waves] == ["late"]
    assert [r for _, _, r in routes(report)] == [  # fewer nodes first
        "A → L → J → S → P, sustained by J → S → L → J",
        "A → M → F → I → J → S → P",
    ]


def test_a_working_treatment_has_no_escape() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dA", "dJ"]))
    assert not report.escaped and report.routes == ()


def test_minimal_drug_sets_exact() -> None:
    report = minimal_combinations(NET, context="on")
    assert report.complete and not report.goals_met_untreated
    assert [m.drugs for m in report.minimal_sets] == [
        ("dAJ",),               # minimal only because one drug hits two targets
        ("dA", "dI"),           # the loop never forms: it needs I to start (priming)
        ("dA", "dJ"),
        ("dI", "dM"),
        ("dJ", "dM"),
    ]
    assert report.to_dict()["goals"] == {"P": 0}


def test_genetic_escapes_exact() -> None:
    report = minimal_combinations(NET, context="on")
    by_set = {m.drugs: m for m in report.minimal_sets}
    acquired = [g for g in by_set[("dA", "dJ")].genetic_escapes if g.timing == "acquired"]
    assert [(str(g), g.restores) for g in acquired] == [  # M=1 is said once, by its name
        ("M_on (M=1)", ("P",)), ("S=1", ("P",)),
    ]
    assert [str(g) for g in by_set[("dJ", "dM")].genetic_escapes if g.timing == "acquired"] == ["S=1"]
    assert not any(m.robust for m in report.minimal_sets)


def test_knockout_sets_and_robustness() -> None:
    report = minimal_combinations(NET, context="on", targets="nodes", max_size=2)
    assert [m.nodes for m in report.minimal_sets] == [
        ("GF",), ("R",), ("A", "I"), ("A", "J"), ("A", "S"), ("I", "M"), ("J", "M"), ("M", "S"),
    ]
    robust = [m.nodes for m in report.minimal_sets if m.robust]
    assert robust == [("M", "S")]
    assert all(m.drugs == () for m in report.minimal_sets)


def test_a_loop_only_some_combinations_break_once_it_has_formed() -> None:
    responder = Responder(NET)
    # given together from the start, dA + dI works (the loop never forms) ...
    fresh = responder.respond(Perturbation.build(NET, context="on", drugs=["dA", "dI"]))
    assert all(a.levels("P") == (0,) for a in fresh.treated.attractors)
    # ... but added after dA alone has locked the loop, dI no longer helps; dJ still does
    steps = {name: Perturbation.build(NET, context="on", drugs=drugs)
             for name, drugs in (("A", ["dA"]), ("AI", ["dA", "dI"]), ("AJ", ["dA", "dJ"]))}
    late_i = responder.respond(steps["AI"], sequence=[steps["A"], steps["AI"]])
    late_j = responder.respond(steps["AJ"], sequence=[steps["A"], steps["AJ"]])
    assert all(a.levels("P") == (1,) for a in late_i.treated.attractors)
    assert all(a.levels("P") == (0,) for a in late_j.treated.attractors)


@pytest.mark.parametrize("targets, pool", [("drugs", list(NET.drugs)), ("nodes", [n for n in NET.nodes if n != "P"])])
def test_search_is_complete_against_brute_force(targets: str, pool: list[str]) -> None:
    max_size = 3 if targets == "drugs" else 2
    responder = Responder(NET)
    goals = resolve_goals(NET)

    def works(members: tuple[str, ...]) -> bool:
        response = responder.respond(Perturbation.build(
            NET, context="on", drugs=members if targets == "drugs" else (),
            settings={n: 0 for n in members} if targets == "nodes" else None))
        return all(a.meets(g) for a in response.treated.attractors for g in goals)

    ok = {c for k in range(1, max_size + 1) for c in combinations(pool, k) if works(c)}
    expected = sorted((c for c in ok if not any(set(o) < set(c) for o in ok)), key=lambda c: (len(c), sorted(c)))
    found = minimal_combinations(NET, context="on", targets=targets, max_size=max_size, genetic_depth=0)
    assert [m.members for m in found.minimal_sets] == [tuple(sorted(c)) for c in expected]


@pytest.mark.parametrize("targets", ["drugs", "nodes"])
@pytest.mark.parametrize("start", ["untreated", "any"])
def test_most_permissive_search_through_a_scan_matches_separate_responses(
        targets: str, start: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def search() -> object:
        return minimal_combinations(NET, context="on", targets=targets, semantics="mostpermissive", start=start,
                                    max_size=2, genetic_depth=1)

    scanned = search()
    monkeypatch.setattr(_Checker, "scan_nodes", lambda self, nodes: None)
    assert scanned == search()


def test_goal_already_met_is_reported() -> None:
    report = minimal_combinations(NET, context="on", goals=[parse_goal(NET, "P>=1")])
    assert report.goals_met_untreated and report.minimal_sets == ()
    assert escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dA"]), goals=[parse_goal(NET, "P>=1")]).goals_met_untreated


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dX"])), "unknown drug 'dX'"),
        (lambda: escape_routes(NET, Perturbation.build(NET, context="off", drugs=["dA"])), "unknown context 'off'; contexts: on"),
        (lambda: parse_goal(NET, "Q=0"), "unknown node 'Q'"),
        (lambda: parse_goal(NET, "P=2"), "goal P=2: 'P' has levels 0..1"),
        (lambda: parse_goal(NET, "P"), "a goal is written NODE=LEVEL, NODE<=LEVEL or NODE>=LEVEL (e.g. Proliferation=0), got 'P'"),
        (lambda: minimal_combinations(NET, context="on", candidates=["dQ"]), "unknown drug 'dQ' in --candidates"),
    ],
)
def test_bad_requests_are_clear(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LogicnetError) as info:
        call()
    assert str(info.value).startswith(message)


def test_no_goal_anywhere_is_an_error() -> None:
    net = parse_yaml("logicnet: 1\nname: t\nnodes:\n  A: {input: true}\n  B: A\n")
    with pytest.raises(AnalysisError, match="no goal: give --goal NODE=LEVEL"):
        resolve_goals(net)
