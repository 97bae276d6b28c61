"""The layers import only the layers before them (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "logicnet"
#: a module of each layer may not import these layers
FORBIDDEN = {
    "model": ("io", "graph", "dynamics", "analysis", "execution", "render", "cli"),
    "io": ("dynamics", "analysis", "execution", "render", "cli"),
    "dynamics": ("analysis", "execution", "render", "cli"),
    "analysis": ("render", "cli"),
    "execution": ("analysis", "render", "cli"),
    "render": ("cli",),
}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("logicnet."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("logicnet.")}
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_earlier_layers(layer: str) -> None:
    folder = PACKAGE / layer
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else []
    for path in files:
        bad = imported_layers(path) & set(FORBIDDEN[layer])
        assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}"
