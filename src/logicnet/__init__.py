"""logicnet: rule-based logical network models of signalling pathways.

Read a network, perturb it, find its attractors, explain how treated cells
escape, find the smallest drug combinations that close every escape route,
screen a drug panel for synergy, and draw it all::

    >>> import logicnet
    >>> net = logicnet.read_network("tnbc_pi3k")            # a shipped network, or a path
    >>> treated = logicnet.Perturbation.build(net, context="serum", drugs=["BEZ235"])
    >>> report = logicnet.escape_routes(net, treated)

The entry points below are loaded on first use, so ``import logicnet`` stays
light; see docs/api.md for a tour.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_ENTRY_POINTS = {
    "read_network": "logicnet.io",
    "write_network": "logicnet.io",
    "Network": "logicnet.model",
    "Perturbation": "logicnet.model",
    "attractors": "logicnet.dynamics",
    "fixed_points": "logicnet.dynamics",
    "simulate": "logicnet.dynamics.simulate",
    "escape_routes": "logicnet.analysis",
    "minimal_combinations": "logicnet.analysis",
    "screen": "logicnet.analysis",
    "analyze": "logicnet.analysis",
    "check_scenarios": "logicnet.analysis",
    "pathway_diagram": "logicnet.render",
    "write_report": "logicnet.render",
}

__all__ = ["__version__", *_ENTRY_POINTS]


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'logicnet' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
