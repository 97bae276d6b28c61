"""dd's BDD module (CUDD when built with it), imported without networkx.

dd imports networkx as it loads (about 0.3 s, more than most questions take)
only to export a BDD as a graph (``to_nx``), which logicnet never asks for.
While dd loads, networkx is hidden; dd then gets a stand-in that imports
networkx on first use, so its export still works.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["bdd_module", "CUDD"]


class _NetworkxOnUse:
    """Stands for the networkx module in dd until dd uses it."""

    def __getattr__(self, name: str) -> Any:
        import networkx

        return getattr(networkx, name)


def _load() -> tuple[Any, bool]:
    hide = "networkx" not in sys.modules
    if hide:
        sys.modules["networkx"] = None  # type: ignore[assignment]  # ``import networkx`` fails while dd loads
    try:
        try:
            from dd import cudd as module
            cudd = True
        except ImportError:  # pragma: no cover - dd built without CUDD: its pure-Python BDDs
            from dd import autoref as module  # type: ignore[no-redef]
            cudd = False
    finally:
        if hide and sys.modules.get("networkx", 0) is None:
            del sys.modules["networkx"]
    utils = sys.modules.get("dd._utils")
    if hide and utils is not None and getattr(utils, "_nx", 0) is None:
        utils._nx = _NetworkxOnUse()  # type: ignore[attr-defined]
    return module, cudd


#: ``dd.cudd`` if available, else ``dd.autoref``
bdd_module, CUDD = _load()
