from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.io import read_network

from tests.conftest import DATA, MODELS

EXAMPLE = str(DATA / "format_example.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_help_on_every_command() -> None:
    for command in ["validate", "info", "convert"]:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage: cli " in result.output


def test_validate_ok_and_warnings(write) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0
    assert result.output == f"{EXAMPLE}: valid, 11 nodes, 0 warning(s)\n"
    path = write(
        "logicnet: 1\nname: t\nnodes:\n  A: {input: true}\n  B: A & !A | C\n  C: {input: true}\n"
        "  D: B\n  P: {rule: '0', phenotype: true, goal: 1}\n"
    )
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{path}:5:6: warning: rule for 'B' mentions 'A', but 'A' has no effect on it (non-functional regulator)",
        f"{path}:7:3: warning: node 'D' is read by no rule and is not a phenotype",
        f"{path}:8:3: warning: phenotype 'P' is influenced by no input, drug target, alteration or feedback"
        " loop: its level never changes",
        f"{path}:8:41: warning: goal P=1 can never be met: the rule for 'P' never targets 1",
        f"{path}: valid, 5 nodes, 4 warning(s)",
    ]
    assert run("validate", "--strict", str(path)).exit_code == 1
    data = json.loads(run("validate", "--format", "json", str(path)).output)
    assert data["valid"] and data["diagnostics"][0] == {
        "level": "warning",
        "message": "rule for 'B' mentions 'A', but 'A' has no effect on it (non-functional regulator)",
        "file": str(path), "line": 5, "column": 6,
    }


def test_errors_exit_2_without_traceback(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write("logicnet: 1\nname: t\nnodes:\n  A: B\n")
    for args, message in [
        (("validate", str(bad)), f"error: {bad}:4:6: rule for 'A' uses unknown node 'B' in: B\n"),
        (("info", str(tmp_path / "none.yaml")), f"error: {tmp_path / 'none.yaml'}: network file not found\n"),
        (("convert", str(bad), str(tmp_path / "x.bnet")), f"error: {bad}:4:6: rule for 'A' uses unknown node 'B' in: B\n"),
    ]:
        result = run(*args)
        assert result.exit_code == 2
        assert result.output == message
        assert "Traceback" not in result.output


def test_info_table_and_json() -> None:
    result = run("info", EXAMPLE)
    assert result.exit_code == 0
    for text in ["PI3K escape, minimal", "11 (multivalued: IL8 0..2)", "GF, PTEN", "Proliferation (goal 0)",
                 "13: 11 +, 2 -, 0 ±", "CXCR1 → JAK2 → STAT5 → IL8 → CXCR1", "BEZ235", "PI3K=0"]:
        assert text in result.output
    data = json.loads(run("info", "--format", "json", EXAMPLE).output)
    assert data["nodes"] == 11 and data["edges"] == {"+": 11, "-": 2, "±": 0}
    assert data["phenotypes"] == {"Proliferation": "Proliferation=0"}
    assert data["feedback_loops"] == {
        "complete": True, "positive": 1, "negative": 0, "dual": 0,
        "loops": [{"nodes": ["CXCR1", "JAK2", "STAT5", "IL8"], "sign": "+"}],
    }


def test_convert_both_ways_and_never_overwrites(tmp_path: Path) -> None:
    source = MODELS / "bbm" / "bbm-023-mammalian-cell-cycle-2006.bnet"
    yaml_path, bnet_path = tmp_path / "m.yaml", tmp_path / "m.bnet"
    assert run("convert", str(source), str(yaml_path)).exit_code == 0
    assert run("convert", str(yaml_path), str(bnet_path)).exit_code == 0
    assert read_network(bnet_path).nodes == read_network(source).nodes
    result = run("convert", str(source), str(yaml_path))
    assert result.exit_code == 2
    # every run warns once about the file's rule-less inputs, then refuses
    assert result.output == ("warning: " + str(source) + ":8: 'v_CycD' has no rule; it is read as a free input\n"
                             f"error: {yaml_path} already exists; use --force to overwrite it\n")
    assert run("convert", "--force", str(source), str(yaml_path)).exit_code == 0


def test_model_commands_load_neither_engines_nor_plotting() -> None:
    # `info` on a large model must answer fast: only the invoked command's module is loaded
    import subprocess
    import sys

    code = (
        "import sys; from logicnet.cli.main import cli; "
        f"cli.main(['info', {EXAMPLE!r}], standalone_mode=False); "
        "print(sorted(m for m in ('matplotlib', 'clingo', 'logicnet.dynamics', 'logicnet.render') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_every_command_is_listed_and_loads() -> None:
    from logicnet.cli.main import COMMAND_MODULES

    for command in COMMAND_MODULES:
        result = run(command, "--help")
        assert result.exit_code == 0, command
