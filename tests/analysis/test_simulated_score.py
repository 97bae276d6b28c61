"""Scores with values per level (ladders) and scores from simulated runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from logicnet.analysis.scores import GoalDistance, SimulatedScore, parse_score
from logicnet.cli.main import cli
from logicnet.dynamics import Attractor
from logicnet.dynamics.simulate import simulate
from logicnet.errors import AnalysisError
from logicnet.io import read_network
from logicnet.model.perturbation import Perturbation

from tests.conftest import DATA

NET = read_network(DATA / "synergy_toy.yaml")


def test_ladders_give_each_level_a_value():
    score = parse_score(NET, "P[0.25/1] - 0.5 Q")
    assert score.ladders == ((0.25, 1.0), ())
    assert (score.floor, score.ceiling) == (-0.5, 1.0)
    levels = {"P": np.array([0, 1, 2, 2]), "Q": np.array([0, 0, 1, 0])}
    assert score.of_states(levels).tolist() == [0.0, 0.25, 0.5, 1.0]
    # on attractors: the exact mean of the values over the states (P takes 0, 1 and 2 in a cycle)
    cyclic = Attractor.from_states(NET.names, [(1, 1, 1, 1, p, 0) for p in (0, 1, 2)] + [(1, 1, 1, 1, 2, 1)])
    assert score.attractor(cyclic) == pytest.approx((0 + 0.25 + 1 + 1) / 4 - 0.5 * 0.25)
    plain = parse_score(NET, "P - 0.5 Q")
    assert plain.attractor(cyclic) == pytest.approx((0 + 1 + 2 + 2) / 4 - 0.5 * 0.25)


@pytest.mark.parametrize("text, message", [
    ("P[0.25]", "'P[0.25]' needs 2 number(s) separated by '/', the values of levels 1..2 of 'P'"),
    ("P[a/b]", "'P[a/b]' needs 2 number(s)"),
    ("P[0.5/1] + P[0.2/1]", "--score gives 'P' two different values per level"),
    ("P + P[0.2/1]", "--score gives 'P' two different values per level"),
])
def test_bad_ladders(text, message):
    with pytest.raises(AnalysisError) as info:
        parse_score(NET, text)
    assert message in str(info.value)


def test_simulated_score_is_the_expression_on_the_probabilities():
    base = parse_score(NET, "P[0.25/1] + 2 Q")
    score = SimulatedScore.of_base(base, runs=2000, time=1.5, seed=4)
    perturbation = Perturbation.build(NET, context="on", drugs=["dx"])
    value = score.of_response(NET, perturbation, [])
    course = simulate(NET, "untreated", semantics="stochastic", perturbation=perturbation, runs=2000, time=1.5,
                      seed=4)
    expected = (0.25 * course.fraction("P", 1)[-1] + 1.0 * course.fraction("P", 2)[-1]
                + 2 * course.fraction("Q", 1)[-1])
    assert value == pytest.approx(expected)
    assert 0 < value < 3
    assert score.margin == pytest.approx(1.959963984540054 * 3 / (2 * np.sqrt(2000)))
    assert "from 2000 stochastic runs to t = 1.5 (95 % margin at most ±0.0657)" in score.text
    with pytest.raises(AnalysisError, match="computed from runs, not from attractors"):
        score.of([Attractor.from_states(NET.names, [(1, 1, 1, 1, 2, 1)])])
    with pytest.raises(AnalysisError, match="cannot score from 'asynchronous' runs"):
        SimulatedScore.of_base(base, semantics="asynchronous")


def test_goal_distance_per_state():
    score = GoalDistance.of_network(NET, NET.goals)
    levels = {"P": np.array([0, 1, 2]), "Q": np.array([0, 1, 1])}
    assert score.of_states(levels).tolist() == [0.0, 0.75, 1.0]


def test_screen_scores_from_runs():
    args = ["screen", str(DATA / "synergy_toy.yaml"), "--context", "on", "--max-size", "2", "--drugs", "dx,dy,dz",
            "--score-from", "stochastic", "--score-runs", "400", "--score-time", "20", "--jobs", "1"]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "from 400 stochastic runs to t = 20 (95 % margin at most ±0.049)" in " ".join(table.output.split())
    result = CliRunner().invoke(cli, args + ["--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = {tuple(r["drugs"]): r for r in report["rows"]}
    # by t = 20 every run has settled: the scores are those of the attractors
    assert rows[()]["score"] == pytest.approx(1.0) and rows[("dx", "dy")]["score"] == pytest.approx(0.5)
    assert rows[("dx",)]["score"] == pytest.approx(0.75) and rows[("dx", "dy")]["hsa"] is True
