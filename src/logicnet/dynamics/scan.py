"""Attractors of many perturbations of one network: the engine of a screen.

A screen asks for the attractors of hundreds of combinations that share a
context and alterations (the *base*) and differ only on the nodes the panel's
drugs target. A :class:`PerturbationScan` answers them one by one and returns
exactly what :func:`~logicnet.dynamics.attractors` would for each, with the
shared work done once:

* when the engine can answer many perturbations of one network at once (its
  ``scanner``: the asp engine under ``mostpermissive`` semantics), the base is
  applied and percolated once (the drug targets are kept), and one prepared
  program answers every combination;
* under the other semantics each combination is solved on its own;
* in both, perturbations that hold the network alike (equal
  :attr:`~logicnet.model.Perturbation.fixings`) share one answer.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, Iterable

from logicnet.dynamics.api import StartSpec, attractors, fixed_points, restrict_spaces, start_spaces
from logicnet.dynamics.attractor import MAX_LISTED_STATES, Attractor, AttractorResult
from logicnet.dynamics.engines import ENGINE_NAMES, Task, get_engine
from logicnet.dynamics.percolation import percolate
from logicnet.dynamics.semantics import resolve_semantics
from logicnet.errors import LimitReached
from logicnet.model.network import Network
from logicnet.model.perturbation import Fixings, Perturbation

__all__ = ["PerturbationScan"]


class PerturbationScan:
    """Attractors of ``network`` under perturbations that agree with ``base``
    everywhere but on ``nodes``; from ``starts`` (``None``: every state).
    ``deadline`` (a :func:`time.monotonic` time) bounds every answer;
    ``starts_complete=False`` (the start states are an incomplete set of
    attractors) makes every answer incomplete."""

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
        deadline: float | None = None,
        starts_complete: bool = True,
        question: str = "attractors",
    ):
        self.network = network
        self.question = question
        self.semantics = "fixed_points" if question == "fixed_points" else resolve_semantics(semantics, network)
        self.base = base
        self.nodes = tuple(sorted(set(nodes) & set(network.nodes)))
        self.starts = None if starts is None else tuple(starts)
        self.engine = engine
        self.max_states = max_states
        self.deadline = deadline
        self.starts_complete = starts_complete
        self._answers: dict[Fixings, tuple[Attractor, ...]] = {}
        self._scanner: Any = None
        self._engine_name = "scan"
        if question == "attractors":
            self._prepare()

    def _prepare(self) -> None:
        """Apply and percolate the base once, keeping the scanned nodes, and
        let the engine prepare its scanner (when it has one)."""
        names = self.network.names
        keep = frozenset(self.nodes)
        held = Perturbation(
            fixed={n: v for n, v in self.base.fixed.items() if n not in keep},
            caps={n: v for n, v in self.base.caps.items() if n not in keep},
        )
        spaces = None if self.starts is None else start_spaces(self.network, held, self.starts)
        probe = Task(held.apply(self.network), "attractors", self.semantics, spaces)
        chosen = None
        for name in ENGINE_NAMES if self.engine == "auto" else (self.engine,):
            engine = get_engine(name)
            if hasattr(engine, "scanner") and engine.can_scan(probe):
                chosen = engine
                break
        if chosen is None:
            return
        reduction = percolate(probe.network, semantics=self.semantics, starts=spaces, keep=keep)
        if not reduction.network.nodes:
            return  # everything constant: the plain route answers at once
        task_starts = None if spaces is None else restrict_spaces(spaces, names, reduction.network.names)
        self._scanner = chosen.scanner(reduction.network, self.nodes, task_starts, names, reduction.constants)
        self._engine_name = chosen.name

    def _scanned(self, perturbation: Perturbation) -> bool:
        """Whether ``perturbation`` departs from the base only on the scan's nodes."""
        keep = set(self.nodes)
        for mapping, reference in ((perturbation.fixed, self.base.fixed), (perturbation.caps, self.base.caps)):
            if {n: v for n, v in mapping.items() if n not in keep} != \
                    {n: v for n, v in reference.items() if n not in keep}:
                return False
        return True

    def attractors(self, perturbation: Perturbation) -> AttractorResult:
        """The attractors under ``perturbation`` (as :func:`attractors` gives them)."""
        if not self._scanned(perturbation):
            return self._plain(perturbation)
        key = perturbation.fixings
        if key not in self._answers:
            if self._scanner is None:
                result = self._plain(perturbation)
                if not result.complete:
                    return result  # never keep an incomplete answer for others
                self._answers[key] = result.attractors
            else:
                self._answers[key] = self._solve_scanned(perturbation)
        return AttractorResult(
            network=self.network.name,
            semantics=self.semantics,
            perturbation=perturbation,
            engine=self._engine_name,
            complete=self.starts_complete,
            attractors=self._answers[key],
            nodes=self.network.names,
            notes=(f"engine: {self._engine_name} (one program answers every perturbation of the scan)",)
            if self._scanner is not None else (),
        )

    def _solve_scanned(self, perturbation: Perturbation) -> tuple[Attractor, ...]:
        fixed = {n: v for n, v in perturbation.fixed.items() if n in self.nodes}
        caps = {n: v for n, v in perturbation.caps.items()
                if n in self.nodes and n not in fixed and v < self.network.nodes[n].levels}
        found = self._scanner.solve(fixed, caps, deadline=self.deadline)
        names = self.network.names
        return tuple(sorted(
            (Attractor.of_trap_space(names, space, self.max_states) for space in found), key=Attractor.sort_key
        ))

    def _plain(self, perturbation: Perturbation) -> AttractorResult:
        timeout = None
        if self.deadline is not None:
            timeout = self.deadline - time.monotonic()
            if timeout <= 0:
                raise LimitReached("the analysis hit the time limit (--timeout)")
        if self.question == "fixed_points":
            result = fixed_points(self.network, perturbation=perturbation, engine=self.engine,
                                  max_states=self.max_states, timeout=timeout)
        else:
            result = attractors(self.network, semantics=self.semantics, perturbation=perturbation,
                                starts=self.starts, engine=self.engine, max_states=self.max_states, timeout=timeout)
        if not self.starts_complete and result.complete:
            result = replace(result, complete=False)
        return result
