"""Responses to treatment: the attractors a treated cell reaches.

The *response attractors* of a treatment in a context are the attractors
reached from the untreated attractors of that context (and alterations) once
the drugs act — cells that were growing before the drug arrived. With
``start="any"`` every attractor of the treated network counts instead. A
*sequence* of treatments starts each step from the attractors the previous
step reached. ``phase="early"`` keeps slow nodes at the levels they had when
the (last) treatment started.

A :class:`Responder` keeps the untreated attractors of each context so that
many treatments (scenarios, escape analysis, combination searches) share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from logicnet.dynamics import Attractor, AttractorResult, attractors, resolve_semantics
from logicnet.dynamics.engines import Progress
from logicnet.dynamics.scan import PerturbationScan
from logicnet.errors import AnalysisError
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

__all__ = ["Response", "Responder", "STARTS", "PHASES"]

STARTS = ("untreated", "any")
PHASES = ("early", "late")


@dataclass(frozen=True)
class Response:
    """Untreated and treated attractors of one treatment in one context."""

    context: str | None
    alterations: tuple[str, ...]
    steps: tuple[tuple[str, ...], ...]
    semantics: str
    start: str
    phase: str
    untreated: AttractorResult
    treated: AttractorResult

    @property
    def drugs(self) -> tuple[str, ...]:
        """The drugs of the last step (the treatment the response is about)."""
        return self.steps[-1]


class Responder:
    """Computes responses of ``network``, caching untreated attractors per context."""

    def __init__(
        self,
        network: Network,
        *,
        semantics: str | None = None,
        engine: str = "auto",
        timeout: float | None = None,
        progress: Progress | None = None,
    ):
        self.network = network
        self.semantics = resolve_semantics(semantics, network)
        self.engine = engine
        self.timeout = timeout
        self.progress = progress
        self._untreated: dict[tuple[str | None, tuple[str, ...]], AttractorResult] = {}

    def untreated(self, context: str | None = None, alterations: Sequence[str] = ()) -> AttractorResult:
        """All attractors of the untreated network in ``context`` with ``alterations``."""
        key = (context, tuple(alterations))
        if key not in self._untreated:
            self._untreated[key] = attractors(
                self.network,
                semantics=self.semantics,
                perturbation=Perturbation.build(self.network, context=context, alterations=alterations),
                engine=self.engine,
                timeout=self.timeout,
                progress=self.progress,
            )
        return self._untreated[key]

    def scan(
        self,
        nodes: Sequence[str],
        *,
        context: str | None = None,
        alterations: Sequence[str] = (),
        start: str = "untreated",
    ) -> PerturbationScan:
        """A scan for many treatments acting on ``nodes`` in one context: its
        answers are the treated attractors :meth:`respond` gives (late phase)."""
        if start not in STARTS:
            raise AnalysisError(f"unknown start '{start}'; expected untreated or any")
        starts = self.untreated(context, alterations).attractors if start == "untreated" else None
        base = Perturbation.build(self.network, context=context, alterations=alterations)
        return PerturbationScan(self.network, base=base, nodes=nodes, semantics=self.semantics,
                                starts=starts, engine=self.engine)

    def respond(
        self,
        drugs: Sequence[str] = (),
        *,
        context: str | None = None,
        alterations: Sequence[str] = (),
        start: str = "untreated",
        phase: str = "late",
        sequence: Sequence[Sequence[str]] | None = None,
        settings: dict[str, int] | None = None,
        genetic: dict[str, int] | None = None,
        starts: Sequence[Attractor] | None = None,
    ) -> Response:
        """The response attractors of ``drugs`` (or of a ``sequence`` of treatments).

        ``settings`` adds node fixings (knockouts) on top of the drugs;
        ``genetic`` adds fixings with the precedence of alterations; ``starts``
        replaces the untreated attractors as the cells the treatment finds.
        """
        if start not in STARTS:
            raise AnalysisError(f"unknown start '{start}'; expected untreated or any")
        if phase not in PHASES:
            raise AnalysisError(f"unknown phase '{phase}'; expected early or late")
        steps = tuple(tuple(step) for step in sequence) if sequence is not None else (tuple(drugs),)
        alterations = tuple(alterations)
        untreated = self.untreated(context, alterations)
        current = untreated.attractors if start == "untreated" else None
        if starts is not None:
            current = tuple(starts)
        result = untreated
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            step_phase = phase if last else "late"
            untouched = current is None or current is untreated.attractors
            if not step and not settings and not genetic and step_phase == "late" and untouched:
                result = untreated  # no treatment: the untreated attractors themselves
            else:
                perturbation = Perturbation.build(self.network, context=context, alterations=alterations,
                                                  drugs=step, settings=settings, genetic=genetic)
                result = attractors(
                    self.network,
                    semantics=self.semantics,
                    perturbation=perturbation,
                    starts=current,
                    phase=step_phase,
                    engine=self.engine,
                    timeout=self.timeout,
                    progress=self.progress,
                )
            current = result.attractors
        return Response(context, alterations, steps, self.semantics, start, phase, untreated, result)
