"""Time courses: the semantics step by step, seeds, the two waves under BEZ235."""

from __future__ import annotations

import csv
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
            (["-o", str(tmp_path / "x.txt")], "use a .csv file"),
        ]:
            result = self.run(network, *args)
            assert result.exit_code == 2, (args, result.output)
            assert message in result.output and "Traceback" not in result.output
