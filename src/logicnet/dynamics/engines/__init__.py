"""Attractor engines behind one interface (:class:`~logicnet.dynamics.engines.base.Engine`).

========== ==========================================================================
explicit   the whole state space in NumPy arrays; every semantics; small networks
reachable  only the states reachable from start states, in NumPy; treated cells
asp        clingo: fixed points and minimal trap spaces (most permissive) at scale
symbolic   BDDs (dd/CUDD): exact asynchronous, priority and synchronous attractors
========== ==========================================================================

Each engine is a package whose ``__init__`` is the engine; its other modules
are private to it. Everything else reaches an engine through
:func:`get_engine` and the :class:`~logicnet.dynamics.engines.base.Engine`
protocol (and the optional ``scanner`` of an engine that can answer many
perturbations of one network at once, or ``solve_variants`` of the reachable
engine, which visits the states of several perturbations in one search, and
of the symbolic engine, which answers them on one BDD system).
"""

from __future__ import annotations

from importlib import import_module

from logicnet.dynamics.engines.base import Answer, Declined, Engine, Progress, Task, Variant
from logicnet.errors import EngineUnavailable, did_you_mean

__all__ = ["Answer", "Declined", "Engine", "Progress", "Task", "Variant", "get_engine", "ENGINE_NAMES"]

_MODULES = {
    "explicit": ("logicnet.dynamics.engines.explicit", "ExplicitEngine"),
    "reachable": ("logicnet.dynamics.engines.reachable", "ReachableEngine"),
    "asp": ("logicnet.dynamics.engines.asp", "AspEngine"),
    "symbolic": ("logicnet.dynamics.engines.symbolic", "SymbolicEngine"),
}
ENGINE_NAMES = tuple(_MODULES)


def get_engine(name: str) -> Engine:
    """The engine called ``name`` (imported on first use)."""
    try:
        module_name, class_name = _MODULES[name]
    except KeyError:
        raise EngineUnavailable(
            f"unknown engine '{name}'{did_you_mean(name, _MODULES)}; expected auto or one of"
            f" {', '.join(_MODULES)}"
        ) from None
    return getattr(import_module(module_name), class_name)()  # type: ignore[no-any-return]
