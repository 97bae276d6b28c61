"""Questions too large to answer are refused with advice; large attractors
are explained without visiting their states one by one."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from logicnet.analysis.analyze import analyze
from logicnet.analysis.escape import escape_routes
from logicnet.analysis.genetic import genetic_escapes
from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.response import Responder, resolve_start
from logicnet.errors import AnalysisError, LimitReached, RulelessInputsWarning
from logicnet.io import parse_bnet
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Drug, Effect, Goal, Network
from logicnet.model.perturbation import Perturbation

# 2^14 fixed points from 14 free inputs (x_k copies i_k), and a drug on D
MANY = "\n".join([f"x_{k}, i_{k}" for k in range(14)] + ["P, x_0 | D", "D, D"]) + "\n"


@pytest.mark.parametrize("semantics", ["asynchronous", "mostpermissive"])
def test_more_untreated_attractors_than_a_list_holds_are_refused(semantics: str) -> None:
    with pytest.warns(RulelessInputsWarning):
        net = parse_bnet(MANY, source="many.bnet")
    net = replace(net, drugs=_panel())
    with pytest.raises(AnalysisError) as error:
        analyze(net, goals=[_goal(net)], semantics=semantics, scenarios=False)
    assert str(error.value) == (
        f"the untreated cells without a context have more than 10,000 attractors under {semantics} semantics, too"
        " many to follow under each treatment: fix the free inputs (15: D, i_0, i_1, i_2, i_3 and 10 more) with"
        " --set NODE=LEVEL or a context, or count them with `logicnet attractors --count`")


def test_a_trap_space_of_2_to_the_60_states_is_explained_at_once() -> None:
    # under most permissive semantics the 60 oscillators a_k = !a_k make one
    # minimal trap space of 2^61 states under the drug (D=0); P=0 fails where a_1 is on
    text = "\n".join(["P, a_1 | D"] + [f"a_{k}, !a_{k}" for k in range(1, 61)] + ["D, D"]) + "\n"
    net = parse_bnet(text, source="oscillators.bnet")
    net = replace(net, drugs=_panel())
    report = escape_routes(net, Perturbation.build(net, drugs=["Di"]), goals=[_goal(net)],
                           semantics="mostpermissive")
    late = report.waves[-1]
    assert len(late.escapes) == 1 and late.escapes[0].attractor.size == 2 ** 61
    assert report.route_rows == [{"phenotype": "P", "literal": "P≥1", "waves": "late", "route": "P"}]


def _panel() -> FrozenMap[str, Drug]:
    return FrozenMap({"Di": Drug("Di", FrozenMap({"D": Effect(0)}))})


def _goal(net: Network) -> Goal:
    return resolve_goals(net, ["P=0"])[0]


def test_a_time_limit_in_the_genetic_search_says_how_to_skip_it() -> None:
    # the genetic escapes are often most of a large model's analysis: a limit
    # reached there names the option that skips them
    net = replace(parse_bnet("S, S\nX, S\nP, X | D\nD, D\n", source="small.bnet"), drugs=_panel())
    responder = Responder(net, semantics="asynchronous")
    treatment = Perturbation.build(net, drugs=["Di"])
    responded = responder.attractors(treatment).attractors
    responder.deadline = time.monotonic() - 1  # the limit has passed
    with pytest.raises(LimitReached) as stop:
        genetic_escapes(responder, treatment, [_goal(net)], start=resolve_start(net, "any"), responded=responded)
    assert str(stop.value) == ("the analysis hit the time limit (--timeout) while searching genetic escapes"
                               " (--genetic-depth 0 skips them)")
