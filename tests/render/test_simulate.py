"""Time courses: the semantics step by step, seeds, the two waves under BEZ235."""

from __future__ import annotations

import csv
import json
import io

import numpy as np
import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.dynamics.simulate import simulate
from logicnet.errors import AnalysisError
from logicnet.io import read_network
from logicnet.model.perturbation import Perturbation

from tests.conftest import NETWORKS
from tests.render.conftest import BYPASS

TNBC = NETWORKS / "tnbc_pi3k.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def trajectory(course) -> list[dict[str, int]]:
    """The states of a single run, step by step (counts are one-hot then)."""
    assert course.runs == 1
    levels = np.argmax(course.counts, axis=2)
    return [dict(zip(course.nodes, map(int, row))) for row in levels]


def targets(network, perturbation, state):
    out = {}
    for name, node in network.nodes.items():
        if name in perturbation.fixed:
            out[name] = perturbation.fixed[name]
        else:
            out[name] = min(node.update_rule().evaluate(state), perturbation.caps.get(name, node.levels))
    return out


def moves(network, perturbation, state):
    """Nodes that can move in ``state`` and the direction of their step."""
    goal = targets(network, perturbation, state)
    return {n: (1 if goal[n] > state[n] else -1) for n in state if goal[n] != state[n]}


class TestSemantics:
    def test_synchronous_is_every_node_one_step_at_once(self, bypass):
        perturbation = Perturbation.build(bypass, context="on", drugs=["dA"])
        start = {"GF": 1, "R": 1, "A": 1, "M": 1, "F": 1, "P": 1}
        course = simulate(bypass, [start], semantics="synchronous", perturbation=perturbation, steps=12)
        states = trajectory(course)
        assert states[0] == perturbation.project({n: start.get(n, 0) for n in bypass.nodes})
        for before, after in zip(states, states[1:]):
            step = moves(bypass, perturbation, before)
            assert after == {n: v + step.get(n, 0) for n, v in before.items()}
        assert states[-1]["S"] == 1 and states[-1]["L"] == 1 and states[-1]["M"] == 0

    @pytest.mark.parametrize("semantics", ["asynchronous", "priority"])
    def test_one_allowed_update_per_step(self, semantics):
        network = read_network(TNBC)
        perturbation = Perturbation.build(network, context="serum", drugs=["BEZ235"])
        speed = {n: node.speed for n, node in network.nodes.items()}
        for seed in range(3):
            states = trajectory(simulate(network, semantics=semantics, perturbation=perturbation, steps=80,
                                         seed=seed))
            for before, after in zip(states, states[1:]):
                allowed = moves(network, perturbation, before)
                if semantics == "priority" and allowed:
                    fastest = min(speed[n] for n in allowed)
                    allowed = {n: d for n, d in allowed.items() if speed[n] == fastest}
                changed = {n: after[n] - before[n] for n in before if after[n] != before[n]}
                if allowed:
                    assert len(changed) == 1
                    ((node, delta),) = changed.items()
                    assert allowed.get(node) == delta
                else:
                    assert not changed

    def test_untreated_starts_are_states_of_the_untreated_attractors(self, bypass):
        course = simulate(bypass, "untreated", perturbation=Perturbation.build(bypass, context="on"), steps=5,
                          runs=20)
        # the untreated attractor of 'on' is a fixed point: nothing moves
        assert (course.counts == course.counts[0]).all()
        assert course.fraction("M", 1).tolist() == [1.0] * 6
        assert course.changing() == ()

    def test_drug_acts_at_step_zero(self, bypass):
        course = simulate(bypass, perturbation=Perturbation.build(bypass, context="on", drugs=["dA"]), steps=3,
                          runs=5)
        assert course.fraction("A", 0)[0] == 1.0 and course.fraction("M", 1)[0] == 1.0

    def test_rules_evaluated_on_demand_agree_with_tables(self, monkeypatch):
        network = read_network(TNBC)
        perturbation = Perturbation.build(network, context="serum", drugs=["everolimus"])
        tabulated = simulate(network, perturbation=perturbation, steps=40, runs=50, seed=5)
        monkeypatch.setattr("logicnet.dynamics.tables.MAX_TABLE", 1)  # every rule on demand
        on_demand = simulate(network, perturbation=perturbation, steps=40, runs=50, seed=5)
        assert (tabulated.counts == on_demand.counts).all()
        assert tabulated.changing()  # everolimus (a cap) moves the network

    def test_errors(self, bypass):
        with pytest.raises(AnalysisError, match="cannot simulate the mostpermissive"):
            simulate(bypass, semantics="mostpermissive")
        with pytest.raises(AnalysisError, match="unknown start 'treated'"):
            simulate(bypass, "treated")
        with pytest.raises(AnalysisError, match="unknown node 'Q'"):
            simulate(bypass, [{"GF": 1}], steps=1).mean("Q")


class TestTNBC:
    def test_stat5_rises_before_the_il8_loop_under_bez235(self):
        network = read_network(TNBC)
        course = simulate(network, "untreated", perturbation=Perturbation.build(network, context="serum",
                                                                                  drugs=["BEZ235"]),
                          steps=60, runs=200, seed=0)
        assert course.semantics == "priority"
        stat5, il8 = course.first_step("STAT5", 1), course.first_step("IL8", 2)
        assert stat5 is not None and il8 is not None and stat5 < il8
        assert course.first_step("JAK2", 1) < course.first_step("CXCR1", 2) < course.first_step("STAT5", 2)
        # by the end every run has locked the loop and proliferation is down to 1
        assert course.fraction("STAT5", 2)[-1] == 1.0 and course.fraction("Proliferation", 1)[-1] == 1.0

    def test_same_seed_same_csv_and_the_order_in_it(self, tmp_path):
        args = ["simulate", str(TNBC), "--context", "serum", "--drug", "BEZ235", "--from", "untreated",
                "--runs", "100", "--steps", "50"]
        first = CliRunner().invoke(cli, args + ["--seed", "7", "-o", str(tmp_path / "a.csv")])
        second = CliRunner().invoke(cli, args + ["--seed", "7", "-o", str(tmp_path / "b.csv")])
        other = CliRunner().invoke(cli, args + ["--seed", "8"])
        assert first.exit_code == second.exit_code == other.exit_code == 0, first.output
        text = (tmp_path / "a.csv").read_text()
        assert text == (tmp_path / "b.csv").read_text()
        assert other.output != text
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 51 and rows[0]["step"] == "0"

        def first_above(column: str) -> int:
            return next(int(r["step"]) for r in rows if float(r[column]) > 0.5)

        assert first_above("STAT5>=1") < first_above("IL8>=2")
        assert float(rows[0]["IL8>=1"]) == 1.0 and float(rows[0]["IL8>=2"]) == 0.0

    def test_plot(self, tmp_path):
        out = tmp_path / "course.png"
        result = CliRunner().invoke(cli, ["simulate", str(TNBC), "--context", "serum", "--drug", "BEZ235",
                                          "--runs", "30", "--nodes", "IRS1,JAK2,STAT5", "--nodes", "IL8",
                                          "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(PNG_SIGNATURE)


class TestCommand:
    def run(self, *args: str):
        return CliRunner().invoke(cli, ["simulate", *args])

    def test_csv_on_stdout_with_chosen_nodes(self, write):
        result = self.run(str(write(BYPASS)), "--context", "on", "--drug", "dA", "--semantics", "synchronous",
                          "--from", "GF=1,R=1,A=1,M=1,F=1", "--steps", "2", "--runs", "1", "--nodes", "M,S")
        assert result.exit_code == 0, result.output
        assert result.output == "step,M,S\n0,1,0\n1,0,0\n2,0,0\n"

    def test_bad_input_exits_2(self, write, tmp_path):
        network = str(write(BYPASS))
        for args, message in [
            (["--semantics", "mostpermissive"], "cannot simulate"),
            (["--nodes", "Q"], "unknown node 'Q'"),
            (["--from", "untreated", "--from", "GF=1"], "cannot be combined"),
            (["--from", "GF"], "--from expects NODE=LEVEL"),
            (["--drug", "dZ"], "unknown drug 'dZ'"),
            (["-o", str(tmp_path / "x.txt")], "use a .csv, .json or .parquet file"),
        ]:
            result = self.run(network, *args)
            assert result.exit_code == 2, (args, result.output)
            assert message in result.output and "Traceback" not in result.output


class TestRates:
    """stochastic and random-async through the command and on TNBC."""

    def test_tnbc_wave_one_within_hours_then_the_il8_loop(self):
        network = read_network(TNBC)
        assert network.time_unit == "hour" and network.node_rates("JAK2") == (2.0, 2.0)
        assert network.node_rates("IL8") == (0.1, 0.1)
        course = simulate(network, "untreated", semantics="stochastic",
                          perturbation=Perturbation.build(network, context="serum", drugs=["BEZ235"]),
                          runs=400, time=48, sample_every=1, seed=0)
        jak2, stat5 = course.first_time("JAK2", 1), course.first_time("STAT5", 1)
        il8, cxcr1 = course.first_time("IL8", 2), course.first_time("CXCR1", 2)
        assert jak2 is not None and stat5 is not None and il8 is not None and cxcr1 is not None
        assert jak2 <= 3 and stat5 <= 4  # wave 1: within the first hours
        assert max(jak2, stat5) < min(il8, cxcr1)  # the IL-8 loop later
        assert course.first_time("STAT5", 2) > stat5  # the sustained level needs the loop
        # the probabilities say so beyond doubt at 3 hours: STAT5 mostly on, IL-8 mostly basal
        k = list(course.time_points).index(3.0)
        low, _ = course.interval("STAT5", 1, at_least=True)
        _, high = course.interval("IL8", 2)
        assert low[k] > 0.5 and high[k] < 0.5

    def test_json_document(self, write):
        result = CliRunner().invoke(cli, ["simulate", str(TNBC), "--semantics", "stochastic", "--context", "serum",
                                          "--drug", "BEZ235", "--runs", "200", "--time", "24", "--sample-every", "6",
                                          "--nodes", "STAT5,Proliferation", "--format", "json"])
        assert result.exit_code == 0, result.output
        document = json.loads(result.output)
        assert document["semantics"] == "stochastic" and document["runs"] == 200
        assert document["times"] == [0.0, 6.0, 12.0, 18.0, 24.0] and document["time_unit"] == "hour"
        assert set(document["probabilities"]) == {"STAT5", "Proliferation"}
        assert set(document["probabilities"]["STAT5"]) == {"0", "1", "2"}
        for level, values in document["probabilities"]["STAT5"].items():
            assert len(values) == 5
            for p, (low, high) in zip(values, document["intervals"]["STAT5"][level]):
                assert low <= p <= high
        total = np.array([document["probabilities"]["STAT5"][k] for k in "012"]).sum(axis=0)
        assert np.allclose(total, 1.0)
        assert sum(a["runs"] for a in document["attractors"]) == 200
        assert all({"settled", "probability", "interval"} <= set(a) for a in document["attractors"])

    def test_same_seed_same_csv_with_any_number_of_workers(self, tmp_path):
        args = ["simulate", str(TNBC), "--semantics", "stochastic", "--context", "serum", "--drug", "BEZ235",
                "--runs", "3000", "--time", "12", "--sample-every", "3", "--seed", "4"]
        one = CliRunner().invoke(cli, args + ["-o", str(tmp_path / "one.csv")])
        two = CliRunner().invoke(cli, args + ["--jobs", "2", "-o", str(tmp_path / "two.csv")])
        assert one.exit_code == two.exit_code == 0, one.output + two.output
        text = (tmp_path / "one.csv").read_text()
        assert text == (tmp_path / "two.csv").read_text()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == ["time", "node", "level", "probability", "low", "high"]
        assert {r["time"] for r in rows} == {"0", "3", "6", "9", "12"}

    def test_random_async_with_start_probabilities(self, write):
        result = CliRunner().invoke(cli, ["simulate", str(write(BYPASS)), "--semantics", "random-async",
                                          "--context", "on", "--from", "R=0.5,A=1", "--steps", "40",
                                          "--sample-every", "20", "--runs", "500", "--nodes", "R"])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0] == "step,node,level,probability,low,high" and lines[1].startswith("0,R,0,")
        assert len(lines) == 1 + 3 * 2

    def test_parquet(self, tmp_path):
        pytest.importorskip("pyarrow")
        import pandas as pd

        out = tmp_path / "course.parquet"
        result = CliRunner().invoke(cli, ["simulate", str(TNBC), "--semantics", "stochastic", "--context", "serum",
                                          "--runs", "50", "--time", "2", "--sample-every", "1", "-o", str(out)])
        assert result.exit_code == 0, result.output
        table = pd.read_parquet(out)
        assert list(table.columns) == ["time", "node", "level", "probability", "low", "high"]
        assert sorted(set(table["time"])) == [0.0, 1.0, 2.0]

    def test_plot_has_a_time_axis(self, tmp_path):
        out = tmp_path / "course.png"
        result = CliRunner().invoke(cli, ["simulate", str(TNBC), "--semantics", "stochastic", "--context", "serum",
                                          "--drug", "BEZ235", "--runs", "100", "--time", "24",
                                          "--nodes", "STAT5,IL8", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(PNG_SIGNATURE)

    def test_bad_input_exits_2(self, write):
        network = str(write(BYPASS))
        for args, message in [
            (["--semantics", "stochastic", "--steps", "5"], "give a time (--time), not steps"),
            (["--semantics", "random-async", "--time", "5"], "give --steps, not --time"),
            (["--semantics", "asynchronous", "--time", "5"], "need a rate-based semantics"),
            (["--semantics", "stochastic", "--from", "R=x"], "--from expects NODE=LEVEL"),
            (["--semantics", "stochastic", "--from", "R=1.5"], "start probability of 'R' is 1.5, outside 0..1"),
            (["--semantics", "stochastic", "--format", "parquet"], "--format parquet writes a file"),
            (["--semantics", "random-async", "--steps", "10", "--sample-every", "2.5"],
             "--sample-every must be a whole number"),
        ]:
            result = CliRunner().invoke(cli, ["simulate", network, "--context", "on", *args])
            assert result.exit_code == 2, (args, result.output)
            assert message in result.output and "Traceback" not in result.output, (args, result.output)
