"""Responses to treatment: the attractors a treated cell reaches.

The *response attractors* of a treatment are the attractors reached from the
untreated attractors of the same cells (their context, alterations and
genetic changes: the treatment's ``untreated`` perturbation) once the drugs
act — cells that were growing before the drug arrived. The untreated
attractors are those reached from the start state the context declares
(``states:`` in the network file), else all of them. With ``start="any"``
every attractor of the treated network counts instead; with a start state
(a declared name, or ``NODE=LEVEL,...``), the treated dynamics start from
its states, the treatment in force from the first step. A *sequence* of
treatments starts each step from the attractors the previous step reached.
``phase="early"`` keeps slow nodes at the levels they had when the (last)
treatment started.

Treatments travel as values (:class:`~logicnet.model.Perturbation`): the
caller builds one and passes it down, and a :class:`Responder` keeps the
untreated attractors of each background so that many treatments (scenarios,
escape analysis, combination searches) share them. A responder also carries
the time limit of the whole question.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Sequence

from logicnet.dynamics import (Attractor, AttractorResult, Variant, attractors, attractors_of_variants,
                               normalize_starts, resolve_semantics)
from logicnet.dynamics.attractor import MAX_LISTED_ATTRACTORS, Subspace
from logicnet.dynamics.semantics import STATE_SEMANTICS
from logicnet.dynamics.engines import Progress
from logicnet.dynamics.scan import PerturbationScan
from logicnet.errors import AnalysisError, LimitReached, LogicnetError
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.model.states import ANY, UNTREATED, Start, StartState

__all__ = ["Response", "Responder", "STARTS", "PHASES", "resolve_start"]

STARTS = ("untreated", "any")
PHASES = ("early", "late")


@dataclass(frozen=True)
class Response:
    """Untreated and treated attractors of one treatment (or of the last step
    of a sequence of treatments)."""

    treatment: Perturbation
    steps: tuple[Perturbation, ...]
    semantics: str
    start: Start
    phase: str
    untreated: AttractorResult
    treated: AttractorResult
    complete: bool = True

    @property
    def context(self) -> str | None:
        return self.treatment.context

    @property
    def alterations(self) -> tuple[str, ...]:
        return self.treatment.alterations

    @property
    def drugs(self) -> tuple[str, ...]:
        """The drugs of the last step (the treatment the response is about)."""
        return self.treatment.drugs


class Responder:
    """Computes responses of ``network``, caching untreated attractors per
    background. ``timeout`` bounds the whole life of the responder (every
    question asked through it), in seconds."""

    def __init__(
        self,
        network: Network,
        *,
        semantics: str | None = None,
        engine: str = "auto",
        timeout: float | None = None,
        progress: Progress | None = None,
    ):
        if timeout is not None and timeout <= 0:
            raise AnalysisError(f"a time limit must be positive, got {timeout:g} s (omit it for no limit)")
        self.network = network
        self.semantics = resolve_semantics(semantics, network)
        self.engine = engine
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.progress = progress
        self._untreated: dict[Perturbation, AttractorResult] = {}
        #: treated attractors found ahead of time (:meth:`prepare`), by treatment, start and phase
        self._treated: dict[tuple[Perturbation, Start, str], AttractorResult] = {}
        #: what analyses derive from this responder's dynamics and keep for
        #: later questions (keyed by their own values)
        self.memo: dict[object, object] = {}

    def remaining(self) -> float | None:
        """Seconds left before the time limit (``None``: no limit); raises
        :class:`LimitReached` once it has passed."""
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise LimitReached("the analysis hit the time limit (--timeout)")
        return left

    def attractors(self, perturbation: Perturbation, *, starts: Sequence[Attractor] | None = None,
                   phase: str = "late") -> AttractorResult:
        """:func:`logicnet.dynamics.attractors` with this responder's semantics,
        engine, progress and time limit."""
        return attractors(self.network, semantics=self.semantics, perturbation=perturbation, starts=starts,
                          phase=phase, engine=self.engine, timeout=self.remaining(), progress=self.progress)

    def untreated(self, treatment: Perturbation | None = None) -> AttractorResult:
        """The attractors of the cells the treatment finds (its context,
        alterations and genetic changes, no drug): those reached from the
        context's declared start state, else all of them."""
        background = (treatment or Perturbation()).untreated
        if background not in self._untreated:
            state = self.network.untreated_state(background.context)
            starts = None if state is None else [self.space(state)]
            if starts is not None and self.engine == "auto" and self.semantics in STATE_SEMANTICS:
                # from one state, often through many interleavings: the joint search's
                # share, past which the symbolic engine answers (cheaper there)
                found = attractors_of_variants(self.network, [_variant(background, tuple(starts))],
                                               semantics=self.semantics, timeout=self.remaining(),
                                               progress=self.progress)[0]
                self._untreated[background] = replace(found, perturbation=background)
            else:
                self._untreated[background] = self.attractors(background, starts=starts)
            self._refuse_too_many(background, self._untreated[background])
        return self._untreated[background]

    def _refuse_too_many(self, background: Perturbation, found: AttractorResult) -> None:
        """Stop with advice when the untreated attractors are more than a list
        holds: following each of them under every treatment is no answer."""
        if found.complete or len(found.attractors) < MAX_LISTED_ATTRACTORS:
            return
        free = [n for n in self.network.inputs if n not in background.fixed]
        cells = f"in context {background.context}" if background.context else "without a context"
        shown = ", ".join(free[:5]) + (f" and {len(free) - 5} more" if len(free) > 5 else "")
        inputs = f"fix the free inputs ({len(free)}: {shown}) with --set NODE=LEVEL or a context, or " if free else ""
        raise AnalysisError(f"the untreated cells {cells} have more than {MAX_LISTED_ATTRACTORS:,} attractors under"
                            f" {self.semantics} semantics, too many to follow under each treatment: {inputs}"
                            "count them with `logicnet attractors --count`")

    def space(self, state: StartState) -> tuple[tuple[int, ...], ...]:
        """The subspace of a start state over the network's nodes."""
        return state.space(self.network.names, {n: node.levels for n, node in self.network.nodes.items()})

    def starts(self, treatment: Perturbation, start: Start) -> tuple[object, ...] | None:
        """The states the treatment finds (``None``: every state)."""
        if start.kind == "untreated":
            return self.untreated(treatment).attractors
        if start.kind == "state":
            assert start.state is not None
            return (self.space(start.state),)
        return None

    def scan(self, nodes: Sequence[str], background: Perturbation, *,
             start: str | Start = "untreated") -> PerturbationScan:
        """A scan for many treatments of ``background`` cells acting on
        ``nodes``: its answers are the treated attractors :meth:`respond`
        gives (late phase)."""
        start = resolve_start(self.network, start)
        untreated = self.untreated(background) if start.kind == "untreated" else None
        return PerturbationScan(self.network, base=background.untreated, nodes=nodes, semantics=self.semantics,
                                starts=self.starts(background, start), engine=self.engine,
                                deadline=self.deadline, starts_complete=untreated is None or untreated.complete)

    def prepare(self, treatments: Sequence[Perturbation], *, start: str | Start = "untreated",
                phases: Sequence[str] = ("late",)) -> None:
        """Find the treated attractors of many treatments in one search
        (:func:`~logicnet.dynamics.attractors_of_variants`), so that
        :meth:`respond` answers each of them at once. Nothing is done where
        the engine or the start does not allow it (the answers are the same
        either way: this only saves the cost of one search per treatment). An
        engine the user chose is left to answer each treatment itself (a joint
        search may pass variants too large for it to the symbolic engine)."""
        start = resolve_start(self.network, start)
        if start.kind == "any" or self.semantics not in STATE_SEMANTICS or self.engine != "auto":
            return
        slow = frozenset(self.network.slow_nodes)
        # treatments that act alike on the same cells share one variant
        jobs: dict[tuple[object, ...], tuple[Variant, list[tuple[Perturbation, Start, str]]]] = {}
        for treatment in dict.fromkeys(treatments):
            if treatment == treatment.untreated:
                continue  # no treatment: respond() answers with the untreated attractors
            found = self.starts(treatment, start)
            assert found is not None
            spaces = normalize_starts(self.network, found)
            for phase in phases:
                key = (treatment, start, phase)
                if key not in self._treated:
                    frozen = slow if phase == "early" else frozenset()
                    alike = jobs.setdefault((treatment.fixings, spaces, phase),
                                            (_variant(treatment, spaces, frozen), []))
                    alike[1].append(key)
        if not jobs:
            return
        variants = [variant for variant, _ in jobs.values()]
        results = attractors_of_variants(self.network, variants, semantics=self.semantics,
                                         timeout=self.remaining(), progress=self.progress)
        for (_, keys), result in zip(jobs.values(), results):
            for key in keys:
                self._treated[key] = replace(result, perturbation=key[0])

    def respond(
        self,
        treatment: Perturbation,
        *,
        start: str | Start = "untreated",
        phase: str = "late",
        sequence: Sequence[Perturbation] | None = None,
        starts: Sequence[Attractor] | None = None,
    ) -> Response:
        """The response attractors of ``treatment`` (or of a ``sequence`` of
        treatments of the same cells, ``treatment`` being the last), from
        ``start`` (see module notes).

        ``starts`` replaces the untreated attractors as the cells the
        treatment finds.
        """
        start = resolve_start(self.network, start)
        if phase not in PHASES:
            raise AnalysisError(f"unknown phase '{phase}'; expected early or late")
        steps = tuple(sequence) if sequence else (treatment,)
        untreated = self.untreated(steps[0])
        current = self.starts(steps[0], start)
        if starts is not None:
            current = tuple(starts)
        result = untreated
        complete = untreated.complete
        for i, step in enumerate(steps):
            step_phase = phase if i == len(steps) - 1 else "late"
            untouched = current is None or current is untreated.attractors
            if step == step.untreated and step_phase == "late" and untouched:
                result = self.untreated(step)  # no treatment: the untreated attractors themselves
            elif len(steps) == 1 and starts is None and (step, start, step_phase) in self._treated:
                result = self._treated[(step, start, step_phase)]  # found by prepare()
            else:
                result = self.attractors(step, starts=current, phase=step_phase)
            complete = complete and result.complete
            current = result.attractors
        return Response(steps[-1], steps, self.semantics, start, phase, untreated, result, complete)


def _variant(perturbation: Perturbation, starts: tuple[Subspace, ...],
             frozen: frozenset[str] = frozenset()) -> Variant:
    """A perturbation of the responder's network as a variant of a joint search."""
    caps = {n: c for n, c in perturbation.caps.items() if n not in perturbation.fixed}
    return Variant(starts, dict(perturbation.fixed), caps, frozen)


def resolve_start(network: Network, start: str | Start) -> Start:
    """``untreated``, ``any``, a declared start state or ``NODE=LEVEL,...`` as a :class:`Start`."""
    if isinstance(start, Start):
        return start
    if start == "untreated":
        return UNTREATED
    if start == "any":
        return ANY
    try:
        return Start("state", network.start_state(start))
    except LogicnetError as exc:
        raise AnalysisError(exc.message) from None
