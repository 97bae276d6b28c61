"""Dynamics: update semantics, percolation and the attractor engines.

Use :func:`attractors` and :func:`fixed_points`; both return an
:class:`AttractorResult` whatever engine answers. :func:`attractors_of_variants`
asks for many perturbations of one network at once.
"""

from logicnet.dynamics.api import attractors, attractors_of_variants, choose_engine, fixed_points, normalize_starts
from logicnet.dynamics.attractor import Attractor, AttractorResult
from logicnet.dynamics.engines.base import Variant
from logicnet.dynamics.semantics import SEMANTICS, resolve_semantics

__all__ = [
    "attractors",
    "attractors_of_variants",
    "Variant",
    "fixed_points",
    "choose_engine",
    "normalize_starts",
    "Attractor",
    "AttractorResult",
    "SEMANTICS",
    "resolve_semantics",
]
