"""``import logicnet.dynamics`` leaves out what only some questions need:
scipy (the explicit engine's rule tables), networkx (dd imports it only to
export BDDs as graphs) and clingo (the asp engine)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_dynamics_leaves_out_scipy_networkx_and_clingo() -> None:
    code = (
        "import sys, logicnet.dynamics, logicnet.model.functions\n"
        "print(sorted(m for m in ('scipy', 'networkx', 'clingo') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dd_still_finds_networkx_when_it_needs_it() -> None:
    code = (
        "import sys, logicnet.model.functions, dd._utils\n"
        "assert 'networkx' not in sys.modules\n"
        "graph = dd._utils.import_module('networkx').MultiDiGraph()\n"
        "print(type(graph).__name__, 'networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "MultiDiGraph True"
