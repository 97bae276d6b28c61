"""Every complete network example in the documentation loads."""

from __future__ import annotations

import re
import pytest

from logicnet.io import parse_yaml

from tests.conftest import ROOT

DOCS = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]


def examples() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        if not path.exists():
            continue
        for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", path.read_text(), re.S)):
            if block.lstrip().startswith("logicnet:"):
                found.append((f"{path.relative_to(ROOT)}#{i + 1}", block))
    return found


def test_format_doc_has_examples() -> None:
    assert len([name for name, _ in examples() if name.startswith("docs/format.md")]) >= 5


@pytest.mark.parametrize("name, text", examples(), ids=[name for name, _ in examples()])
def test_documented_example_loads(name: str, text: str) -> None:
    parse_yaml(text, source=name)


def test_the_api_page_runs() -> None:
    import doctest

    results = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                               optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert results.attempted >= 15
    assert results.failed == 0


def test_the_public_api() -> None:
    import logicnet

    for name in ("read_network", "write_network", "Network", "Perturbation", "attractors", "fixed_points",
                 "escape_routes", "minimal_combinations", "screen", "analyze", "check_scenarios", "simulate",
                 "pathway_diagram", "write_report"):
        assert callable(getattr(logicnet, name)), name
    from logicnet.analysis import minimal_combinations  # noqa: F401 - every package has an __init__


def _example(path: str, name: str) -> str:
    """The YAML example of ``path`` whose ``name:`` is ``name``."""
    for block in re.findall(r"```yaml\n(.*?)```", (ROOT / path).read_text(), re.S):
        if f"\nname: {name}\n" in block:
            return block
    raise AssertionError(f"no example '{name}' in {path}")


def test_the_worked_examples_of_start_states_timings_and_knock_ins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    files = {}
    for name, path, doc in (("switch", "switch.yaml", "docs/analysis.md"), ("knock-in", "knock_in.yaml", "docs/analysis.md"),
                            ("a latch and its start", "latch.yaml", "docs/format.md")):
        files[path] = tmp_path / path
        files[path].write_text(_example(doc, name))

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [args[0], str(files[args[1]]), *args[2:]])
        assert result.exit_code == 0, result.output
        return result.output

    analysis = (ROOT / "docs" / "analysis.md").read_text()
    out = run("combos", "switch.yaml", "--context", "plain", "--from", "high_y", "--genetic-depth", "0")
    assert "│ dU " in out and "│ dY " in out and "  dU; dY" in analysis
    out = run("combos", "switch.yaml", "--context", "plain", "--from", "high_x")
    assert "the goals are already met without treatment: nothing to add" in out
    out = run("combos", "knock_in.yaml", "--context", "on", "--targets", "nodes", "--knock-in", "--max-size", "2",
              "--genetic-depth", "0")
    assert [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")] == \
        ["A=0", "G=0", "K=1", "S=0"]
    assert "  A=0; G=0; K=1; S=0" in analysis
    out = run("escape", "latch.yaml", "--drug", "dS", "--context", "growing_medium", "--genetic-depth", "1")
    shown = [line.strip() for line in out.splitlines() if line.strip().startswith(("pre-existing:", "acquired:"))]
    assert shown == [
        "pre-existing: D=0 (hypothetical loss of function) → P; T=0 (hypothetical loss of function) → P",
        "acquired: D=0 (hypothetical loss of function) → P",
    ]
    assert all(line in analysis for line in shown)
