"""Update semantics: their names, and the one definition of a transition.

``synchronous``
    every node takes one step toward its target level at the same time
    (Boolean nodes jump to their target; a multivalued node moves one level,
    as in GINsim).
``asynchronous``
    one node changes at a time (general asynchronous); a multivalued node
    moves one level toward its target.
``priority``
    asynchronous, but a node of a slower class (``speed``: fast = 0, slow = 1,
    or any integer rank, lower first) may change only when no node of a faster
    class can.
``mostpermissive``
    most permissive semantics (Paulevé et al. 2020): its attractors are the
    minimal trap spaces.

Fixed points are the same under every semantics.
"""

from __future__ import annotations

from typing import Literal

from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import SEMANTICS, Network

__all__ = ["SEMANTICS", "SemanticsName", "resolve_semantics", "ALIASES"]

SemanticsName = Literal["synchronous", "asynchronous", "priority", "mostpermissive"]

ALIASES = {
    "sync": "synchronous",
    "parallel": "synchronous",
    "async": "asynchronous",
    "general": "asynchronous",
    "fully-asynchronous": "asynchronous",
    "priority-classes": "priority",
    "most-permissive": "mostpermissive",
    "mp": "mostpermissive",
}


def resolve_semantics(name: str | None, network: Network) -> str:
    """The canonical semantics name (``None`` means the network's default:
    ``priority`` with slow nodes, else ``asynchronous``)."""
    if name is None:
        return network.default_semantics
    canonical = ALIASES.get(name.lower(), name.lower())
    if canonical not in SEMANTICS:
        raise AnalysisError(
            f"unknown semantics '{name}'{did_you_mean(name, SEMANTICS)}; expected one of"
            f" {', '.join(SEMANTICS)}"
        )
    return canonical
