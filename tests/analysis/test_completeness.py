"""``complete`` tells the truth at every level: an engine cap that cuts an
attractor set short makes combos, screens and escape reports say so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli

# two free inputs and a bistable switch: every context has several attractors
NETWORK = """
logicnet: 1
name: memory
nodes:
  S: {input: true}
  T: {input: true}
  M: "M | S & T"
  X: "S & !d"
  P: {rule: "X | M", phenotype: true, goal: 0}
  d: {input: true, value: 0}
drugs:
  dX: {targets: [X]}
  dM: {targets: [M]}
"""


@pytest.fixture
def net(write):  # type: ignore[no-untyped-def]
    return str(write(NETWORK))


def run(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.parametrize("capped", [False, True])
def test_an_engine_cap_makes_every_level_incomplete(net: str, capped: bool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if capped:
        monkeypatch.setattr("logicnet.dynamics.engines.explicit.MAX_ATTRACTORS", 1)
    options = ["--engine", "explicit", "--semantics", "asynchronous"]
    combos = run("combos", net, *options, "--max-size", "2")
    assert combos["complete"] is not capped
    escape = run("escape", net, "--drug", "dX", *options)
    assert escape["complete"] is not capped
    screen = run("screen", net, *options, "--executor", "in-process")
    assert screen["complete"] is not capped
    assert {row["complete"] for row in screen["rows"]} == {not capped}


def test_a_combination_that_cannot_finish_is_recorded_as_timed_out(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from logicnet.dynamics.engines.explicit import ExplicitEngine

    slow_solve = ExplicitEngine.solve

    def stalls_on_dM(self, task):  # type: ignore[no-untyped-def]
        if "M" not in task.network.nodes:  # dM fixes M: percolation has taken it out
            while True:  # a combination that never ends (the engine checks its deadline)
                task.check_time("the stalled engine")
        return slow_solve(self, task)

    monkeypatch.setattr(ExplicitEngine, "solve", stalls_on_dM)
    result = CliRunner().invoke(cli, ["screen", str(write(NETWORK)), "--engine", "explicit", "--semantics",
                                      "asynchronous", "--executor", "in-process", "--combo-timeout", "0.2",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {tuple(r["drugs"]): r for r in json.loads(result.output)["rows"]}
    assert rows[("dM",)]["timed_out"] and rows[("dM",)]["score"] is None
    assert rows[("dM", "dX")]["timed_out"]
    assert not rows[("dX",)]["timed_out"] and rows[("dX",)]["score"] is not None
    assert not rows[("dM", "dX")]["hsa"] and not rows[("dM", "dX")]["bliss"]
