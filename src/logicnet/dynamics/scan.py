"""Attractors of many perturbations of one network: the engine of a screen.

A screen asks for the attractors of hundreds of combinations that share a
context and alterations (the *base*) and differ only on the nodes the panel's
drugs target. A :class:`PerturbationScan` answers them one by one and returns
exactly what :func:`~logicnet.dynamics.attractors` would for each, with the
shared work done once:

* under ``mostpermissive`` semantics, the base is applied and percolated
  once (the drug targets are kept), and one ground clingo program answers
  every combination (:mod:`logicnet.dynamics.engines.asp._scan`);
* under the other semantics each combination is solved on its own;
* in both, perturbations that hold the targets alike share one answer.
"""

from __future__ import annotations

from typing import Iterable

from logicnet.dynamics.api import StartSpec, attractors, restrict_spaces, start_spaces
from logicnet.dynamics.attractor import MAX_LISTED_STATES, Attractor, AttractorResult
from logicnet.dynamics.percolation import percolate
from logicnet.dynamics.semantics import resolve_semantics
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

__all__ = ["PerturbationScan"]

_NOTE = "engine: asp (one program answers every perturbation of the scan)"


class PerturbationScan:
    """Attractors of ``network`` under perturbations that agree with ``base``
    everywhere but on ``nodes``; from ``starts`` (``None``: every state)."""

    def __init__(
        self,
        network: Network,
        *,
        base: Perturbation,
        nodes: Iterable[str],
        semantics: str | None = None,
        starts: Iterable[StartSpec] | None = None,
        engine: str = "auto",
        max_states: int = MAX_LISTED_STATES,
    ):
        self.network = network
        self.semantics = resolve_semantics(semantics, network)
        self.base = base
        self.nodes = tuple(sorted(set(nodes) & set(network.nodes)))
        self.starts = None if starts is None else tuple(starts)
        self.engine = engine
        self.max_states = max_states
        self._answers: dict[tuple[object, ...], tuple[Attractor, ...]] = {}
        self._forced = None
        if self.semantics == "mostpermissive" and engine in ("auto", "asp"):
            self._prepare_forced()

    def _prepare_forced(self) -> None:
        from logicnet.dynamics.engines.asp._scan import ForcedTrapSpaces

        names = self.network.names
        keep = frozenset(self.nodes)
        held = Perturbation(
            fixed={n: v for n, v in self.base.fixed.items() if n not in keep},
            caps={n: v for n, v in self.base.caps.items() if n not in keep},
        )
        spaces = None if self.starts is None else start_spaces(self.network, held, self.starts)
        reduction = percolate(held.apply(self.network), semantics="mostpermissive", starts=spaces, keep=keep)
        reduced = reduction.network
        if not reduced.nodes:
            return  # everything constant: the plain route answers at once
        task_starts = None if spaces is None else restrict_spaces(spaces, names, reduced.names)
        self._forced = ForcedTrapSpaces(reduced, self.nodes, task_starts, names, reduction.constants)

    def _key(self, perturbation: Perturbation) -> tuple[object, ...] | None:
        """How ``perturbation`` holds the scan's nodes, or ``None`` when it also
        departs from the base elsewhere."""
        keep = set(self.nodes)
        for mapping, reference in ((perturbation.fixed, self.base.fixed), (perturbation.caps, self.base.caps)):
            if {n: v for n, v in mapping.items() if n not in keep} != \
                    {n: v for n, v in reference.items() if n not in keep}:
                return None
        held = []
        for name in self.nodes:
            if name in perturbation.fixed:
                held.append((name, "fix", perturbation.fixed[name]))
            elif name in perturbation.caps and perturbation.caps[name] < self.network.nodes[name].levels:
                held.append((name, "cap", perturbation.caps[name]))
        return tuple(held)

    def attractors(self, perturbation: Perturbation) -> AttractorResult:
        """The attractors under ``perturbation`` (as :func:`attractors` gives them)."""
        key = self._key(perturbation)
        if key is None:
            return self._plain(perturbation)
        if key not in self._answers:
            if self._forced is None:
                self._answers[key] = self._plain(perturbation).attractors
            else:
                self._answers[key] = self._solve_forced(key)
        return AttractorResult(
            network=self.network.name,
            semantics=self.semantics,
            perturbation=perturbation,
            engine="asp" if self._forced is not None else "scan",
            complete=True,
            attractors=self._answers[key],
            nodes=self.network.names,
            notes=(_NOTE,) if self._forced is not None else (),
        )

    def _solve_forced(self, key: tuple[object, ...]) -> tuple[Attractor, ...]:
        from logicnet.dynamics.engines.asp._scan import Mode

        assert self._forced is not None
        found = self._forced.solve({name: Mode(kind, level) for name, kind, level in key})  # type: ignore[arg-type]
        names = self.network.names
        return tuple(sorted(
            (Attractor.of_trap_space(names, space, self.max_states) for space in found), key=Attractor.sort_key
        ))

    def _plain(self, perturbation: Perturbation) -> AttractorResult:
        return attractors(self.network, semantics=self.semantics, perturbation=perturbation,
                          starts=self.starts, engine=self.engine, max_states=self.max_states)
