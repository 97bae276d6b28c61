"""Nodes a file uses without a rule: one warning line per run, none for what the command fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.errors import RulelessInputsWarning
from logicnet.io import parse_bnet

ROOT = Path(__file__).resolve().parents[2]
BBM_248 = ROOT / "benchmarks" / "models" / "bbm" / "[id-248]__[var-132]__[in-42]__[DIABETES-METABOLIC-DISTURBANCE].bnet"
TEXT = "X, A & B\nY, X | C\n"


def warnings_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def test_the_library_warns_once_per_file_naming_every_node() -> None:
    with pytest.warns(RulelessInputsWarning) as caught:
        parse_bnet(TEXT, source="m.bnet")
    assert [str(w.message) for w in caught] == [
        "m.bnet: 3 nodes have no rule; they are read as free inputs: 'A' (line 1), 'B' (line 1), 'C' (line 2)"]
    assert list(caught[0].message.nodes) == ["A", "B", "C"]


@pytest.mark.parametrize("options, expected", [
    ([], ["warning: m.bnet: 3 nodes have no rule; they are read as free inputs: 'A' (line 1), 'B' (line 1),"
          " 'C' (line 2)"]),
    (["--set", "A=1", "--ko", "C"], ["warning: m.bnet:1: 'B' has no rule; it is read as a free input"]),
    (["--set", "A=1", "--set", "B=0", "--oe", "C"], []),
], ids=["all", "some fixed", "all fixed"])
def test_cli_leaves_out_what_the_command_fixes(tmp_path, monkeypatch, options, expected) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    Path("m.bnet").write_text(TEXT)
    result = CliRunner().invoke(cli, ["fixed-points", "m.bnet", *options])
    assert result.exit_code == 0, result.output
    assert warnings_of(result) == expected


def test_a_context_fixing_the_input_silences_it(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    Path("m.bnet").write_text(TEXT + "#| logicnet: 1\n#| contexts: {on: {A: 1, B: 1, C: 0}}\n")
    quiet = CliRunner().invoke(cli, ["attractors", "m.bnet", "--context", "on"])
    assert quiet.exit_code == 0, quiet.output
    assert warnings_of(quiet) == []
    assert len(warnings_of(CliRunner().invoke(cli, ["attractors", "m.bnet"]))) == 1


@pytest.mark.skipif(not BBM_248.exists(), reason="the BBM benchmark models are not in this checkout")
def test_bbm_248_gives_one_line_for_its_42_inputs() -> None:
    result = CliRunner().invoke(cli, ["validate", "--no-fold-levels", str(BBM_248)])  # reading only, fast
    assert result.exit_code == 0, result.output
    lines = [line for line in warnings_of(result) if "no rule" in line]
    assert len(lines) == 1 and ": 42 nodes have no rule; they are read as free inputs: 'v_v11_b2' (line 4)," in lines[0]
    assert lines[0].endswith(" and 34 more")
