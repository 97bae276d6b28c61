"""The code reads the way the data flows (docs/architecture.md): every module
imports only the layers before its own, and nothing outside an engine package
imports that engine's private modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "logicnet"
#: the layers in data-flow order: a module may import its own layer and earlier ones
LAYERS = ("errors", "limits", "serialize", "networks", "model", "io", "graph", "validation", "summary", "dynamics",
          "execution", "analysis", "render", "cli")
#: the package itself (the public API and ``python -m logicnet``) may import anything
TOP = ("__init__", "__main__")


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imports(path: Path) -> set[str]:
    """The logicnet modules ``path`` imports (dotted names)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("logicnet"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("logicnet")}
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for path in modules():
        layer = layer_of(path)
        assert layer in LAYERS or layer in TOP, f"{path.relative_to(ROOT)} is in no layer of {LAYERS}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_earlier_layers(path: Path) -> None:
    layer = layer_of(path)
    if layer in TOP:
        return
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    for name in imports(path):
        parts = name.split(".")
        if len(parts) < 2:
            continue  # ``import logicnet`` / ``from logicnet import __version__``
        target = parts[1]
        if target == "__version__":
            continue
        assert target in allowed, f"{path.relative_to(ROOT)} ({layer}) imports {name} (layer {target})"


ENGINES = sorted(p.name for p in (PACKAGE / "dynamics" / "engines").iterdir()
                 if p.is_dir() and (p / "__init__.py").exists())


def test_engines_are_packages() -> None:
    assert ENGINES == ["asp", "explicit", "reachable", "symbolic"]


def engine_violations(path: Path, inside: tuple[str, ...]) -> list[str]:
    """What ``path`` (at ``inside``, its parts under the package) imports from
    an engine package other than its own: anything but get_engine() is private."""
    own = inside[2] if inside[:2] == ("dynamics", "engines") and len(inside) > 3 else None
    found = []
    for name in sorted(imports(path)):
        parts = name.split(".")
        if parts[:3] == ["logicnet", "dynamics", "engines"] and len(parts) >= 4 and parts[3] in ENGINES \
                and parts[3] != own:
            found.append(name)
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_another_engines_internals(path: Path) -> None:
    bad = engine_violations(path, path.relative_to(PACKAGE).parts)
    assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}: reach engines through get_engine()"


def test_the_privacy_check_catches_outside_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from logicnet.dynamics.engines.asp._scan import ForcedTrapSpaces\n"
                     "import logicnet.dynamics.engines.symbolic._system\n"
                     "from logicnet.dynamics.engines import get_engine\n")
    assert engine_violations(probe, ("dynamics", "scan.py")) == [
        "logicnet.dynamics.engines.asp._scan", "logicnet.dynamics.engines.asp._scan.ForcedTrapSpaces",
        "logicnet.dynamics.engines.symbolic._system"]
    assert engine_violations(probe, ("dynamics", "engines", "asp", "x.py")) == [
        "logicnet.dynamics.engines.symbolic._system"]


def test_answering_with_the_symbolic_and_asp_engines_leaves_numpy_unloaded() -> None:
    """A fresh process asking the symbolic or asp engine pays for neither NumPy
    nor SciPy (the explicit computations' libraries): on small models they
    weigh more than the answer."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from logicnet.io.bnet import parse_bnet\n"
            "from logicnet.dynamics import attractors, fixed_points\n"
            "network = parse_bnet('A, !B\\nB, A\\nC, C\\n')\n"
            "assert len(attractors(network, semantics='asynchronous', engine='symbolic')) == 2\n"
            "assert len(fixed_points(network)) == 0\n"
            "assert len(attractors(network, semantics='mostpermissive')) == 2\n"
            "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n", done.stderr
