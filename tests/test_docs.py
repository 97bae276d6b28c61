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
