"""Drugs and a context given on the command line (``--drug-targets``,
``--set``) for files without a panel or contexts, such as BNet: the same in
every command that asks about treatments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli

TOY = "S, 1\nX, S\nY, S\nP, X | Y\n"  # P stays on while X or Y is on
DRUGS = ["--drug-targets", "dx=X", "--drug-targets", "dy=Y", "--drug-targets", "dxy=X, Y"]


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    path = tmp_path / "toy.bnet"
    path.write_text(TOY)
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_analyze_a_bnet_with_drugs_from_the_command_line(toy: Path) -> None:
    code, out = _run("analyze", str(toy), "--goal", "P=0", *DRUGS, "--format", "json")
    assert code == 0, out
    context = json.loads(out)["contexts"][0]
    assert [s["drugs"] for s in context["combinations"]["minimal_sets"]] == [["dxy"], ["dx", "dy"]]
    assert json.loads(out)["summary"] == ("no context: 1 of 3 drugs meet the goals, 2 ineffective; 2 minimal sets,"
                                          " 2 robust to genetic escapes")


def test_analyze_without_any_drug_says_how_to_give_them(toy: Path) -> None:
    code, out = _run("analyze", str(toy), "--goal", "P=0")
    assert code == 2
    assert out.splitlines()[-1] == ("error: the network declares no drugs: the analysis compares drugs; add a"
                                    " 'drugs' panel or give --drug-targets NAME=NODE[,NODE...] (e.g. PI3Ki=PI3K)")


def test_combos_and_escape_take_drugs_from_the_command_line(toy: Path) -> None:
    code, out = _run("combos", str(toy), "--goal", "P=0", *DRUGS[:4], "--format", "json")
    assert code == 0, out
    assert [s["drugs"] for s in json.loads(out)["minimal_sets"]] == [["dx", "dy"]]
    code, out = _run("escape", str(toy), "--goal", "P=0", "--drug-targets", "dx=X", "--drug", "dx")
    assert code == 0, out
    assert "[1] wave 1 · goal P=0 · Y=1 → P=1" in out
    code, out = _run("combos", str(toy), "--goal", "P=0")
    assert code == 2
    assert out.splitlines()[-1] == ("error: the network declares no drugs: add a 'drugs' panel, give --drug-targets"
                                    " NAME=NODE[,NODE...], or search node interventions with --targets nodes")
    code, out = _run("combos", str(toy), "--goal", "P=0", "--targets", "nodes", "--drug-targets", "dx=X")
    assert code == 2
    assert out.splitlines()[-1] == "error: --drug-targets adds drugs: use it with --targets drugs (the default)"


@pytest.mark.parametrize(("given", "message"), [
    ("dx", "--drug-targets expects NAME=NODE[,NODE...] (e.g. MEKi=MEK1_2), got 'dx'"),
    ("dx=", "--drug-targets expects NAME=NODE[,NODE...] (e.g. MEKi=MEK1_2), got 'dx='"),
    ("dx=Q", "--drug-targets dx: unknown node 'Q'"),
    ("dx=XX", "--drug-targets dx: unknown node 'XX' (did you mean 'X'?)"),
])
def test_a_wrong_drug_target_is_one_clear_error(toy: Path, given: str, message: str) -> None:
    for command in (["analyze", "--goal", "P=0"], ["combos", "--goal", "P=0"], ["screen"], ["report", "-o", "r.html"],
                    ["escape", "--drug", "dx"]):
        code, out = _run(command[0], str(toy), *command[1:], "--drug-targets", given)
        assert code == 2
        assert out.splitlines()[-1] == f"error: {message}"


def test_a_drug_of_the_panel_is_not_replaced(write) -> None:  # type: ignore[no-untyped-def]
    net = write("logicnet: 1\nname: n\nnodes:\n  A: A\ndrugs:\n  Ai: {targets: {A: 0}}\n")
    code, out = _run("analyze", str(net), "--drug-targets", "Ai=A")
    assert code == 2
    assert out.splitlines()[-1] == ("error: --drug-targets Ai: the network already has a drug of that name;"
                                    " choose another name")


def test_set_fixes_free_inputs_in_a_context_of_its_own(tmp_path: Path) -> None:
    bnet = tmp_path / "free.bnet"
    bnet.write_text("X, S\nY, S\nP, X | Y\n")  # S has no rule: a free input
    code, out = _run("analyze", str(bnet), "--goal", "P=0", *DRUGS, "--set", "S=1", "--format", "json")
    assert code == 0, out
    assert json.loads(out)["summary"] == ("custom: 1 of 3 drugs meet the goals, 2 ineffective; 2 minimal sets,"
                                          " 2 robust to genetic escapes")
    code, out = _run("escape", str(bnet), "--goal", "P=0", *DRUGS[:2], "--drug", "dx", "--set", "S=1")
    assert code == 0, out
    assert "[1] wave 1 · goal P=0 · Y=1 (S=1 in custom) → P=1" in out
    code, out = _run("combos", str(bnet), "--goal", "P=0", *DRUGS[:4], "--set", "S=1", "--format", "json")
    assert [s["drugs"] for s in json.loads(out)["minimal_sets"]] == [["dx", "dy"]]


@pytest.mark.parametrize(("given", "message"), [
    (["--set", "Q=1"], "--set: unknown node 'Q'"),
    (["--set", "SS=1"], "--set: unknown node 'SS' (did you mean 'S'?)"),
    (["--set", "S=2"], "--set S=2: 'S' has levels 0..1"),
    (["--set", "S"], "--set expects NODE=LEVEL (e.g. MYC=2), got 'S'"),
])
def test_a_wrong_setting_is_one_clear_error(toy: Path, given: list[str], message: str) -> None:
    for command in (["analyze", "--goal", "P=0"], ["combos", "--goal", "P=0"], ["screen"], ["report", "-o", "r.html"],
                    ["escape", "--drug", "dx"]):
        code, out = _run(command[0], str(toy), *command[1:], *DRUGS, *given)
        assert code == 2
        assert out.splitlines()[-1] == f"error: {message}"


def test_set_is_a_context_of_its_own(write) -> None:  # type: ignore[no-untyped-def]
    net = write("logicnet: 1\nname: n\nnodes:\n  A: A\ncontexts:\n  on: {A: 1}\n")
    code, out = _run("analyze", str(net), "--context", "on", "--set", "A=0")
    assert code == 2
    assert out.splitlines()[-1] == "error: --set defines its own context: do not combine it with --context"
    net = write("logicnet: 1\nname: n\nnodes:\n  A: A\ncontexts:\n  custom: {A: 1}\n")
    code, out = _run("analyze", str(net), "--set", "A=0")
    assert code == 2
    assert out.splitlines()[-1] == ("error: --set defines a context named 'custom', which the network already"
                                    " declares: use --context custom, or rename the network's context")
