"""``logicnet analyze``: the whole question of a network, context by context.

For each context: the untreated phenotypes; each single drug's response with
its escapes, routes and waves; the minimal combination intersection sets with
their genetic escapes; and the verdict built from them
(:mod:`logicnet.analysis.verdict`). Then the scenario checks.

Contexts are independent questions: given an executor (worker processes),
each context's minimal sets, its single drugs and the scenario checks run as
separate jobs, and the report lists them in the same order as when they run
one after the other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Sequence

from logicnet.analysis.combinations import CombinationReport, minimal_combinations, with_routes_closed
from logicnet.analysis.escape import EscapeReport, escape_routes
from logicnet.analysis.goals import goals_by_node, resolve_goals
from logicnet.analysis.response import Responder
from logicnet.analysis.scenarios import CheckReport, check_scenarios
from logicnet.analysis.verdict import Verdict, build_verdict
from logicnet.dynamics import Attractor
from logicnet.dynamics.engines import Progress
from logicnet.errors import AnalysisError, LimitReached, did_you_mean
from logicnet.execution import Executor
from logicnet.model.network import Goal, Network
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import Result, json_field

__all__ = ["ContextAnalysis", "AnalysisReport", "analyze"]


@dataclass(frozen=True)
class ContextAnalysis(Result):
    """Everything ``analyze`` found in one context."""

    __json_extra__: ClassVar[dict[str, str]] = {"complete": "complete"}
    __records__: ClassVar[str | None] = "single_drugs"

    context: str | None
    alterations: tuple[str, ...]
    untreated: tuple[Attractor, ...]
    goals_met_untreated: bool
    single_drugs: tuple[EscapeReport, ...]
    combinations: CombinationReport
    #: the answer read first: what works, what is escaped and how, what closes the routes
    verdict: Verdict

    @property
    def complete(self) -> bool:
        """Every attractor set this context's answers rest on is complete."""
        return all(r.complete for r in self.single_drugs) and self.combinations.complete

    def phenotype_levels(self, phenotypes: Sequence[str]) -> dict[str, tuple[int, ...]]:
        """Levels each phenotype takes in the untreated attractors."""
        return {p: tuple(sorted({v for a in self.untreated for v in a.levels(p)})) for p in phenotypes}


@dataclass(frozen=True)
class AnalysisReport(Result):
    """The result of ``logicnet analyze``."""

    __records__: ClassVar[str | None] = "contexts"
    __json_extra__: ClassVar[dict[str, str]] = {"summary": "summary"}

    network: str
    semantics: str
    start: str
    goals: tuple[Goal, ...] = json_field(value=goals_by_node)
    phenotypes: tuple[str, ...]
    contexts: tuple[ContextAnalysis, ...]
    scenarios: CheckReport | None

    @property
    def summary(self) -> str:
        """One line across contexts (see :attr:`Verdict.summary`)."""
        return " | ".join(c.verdict.summary for c in self.contexts)


@dataclass(frozen=True)
class _Job:
    """What a worker needs to analyse one context (or check the scenarios)."""

    network: Network
    alterations: tuple[str, ...]
    panel: tuple[str, ...]
    goals: tuple[Goal, ...]
    semantics: str
    start: str
    max_size: int
    genetic_depth: int
    engine: str
    #: the time limit as a ``time.monotonic()`` instant (one clock for every process here)
    deadline: float | None


def _singles(network: Network, responder: Responder, context: str | None, alterations: Sequence[str],
             panel: Sequence[str], goals: Sequence[Goal],
             start: str) -> tuple[tuple[Attractor, ...], bool, tuple[EscapeReport, ...]]:
    """One context's untreated attractors, whether they meet the goals, and
    each single drug's escapes."""
    background = Perturbation.build(network, context=context, alterations=alterations)
    untreated = responder.untreated(background)
    treatments = [background.treated(network, drugs=[d]) for d in panel]
    responder.prepare(treatments, start=start, phases=("early", "late") if network.has_slow_nodes else ("late",))
    singles = tuple(escape_routes(network, t, goals=goals, start=start, responder=responder) for t in treatments)
    return untreated.attractors, all(a.meets(g) for a in untreated.attractors for g in goals), singles


def _combinations(network: Network, responder: Responder, context: str | None, alterations: Sequence[str],
                  panel: Sequence[str], goals: Sequence[Goal], start: str, max_size: int,
                  genetic_depth: int) -> CombinationReport:
    """One context's minimal sets with their genetic escapes; the routes they
    close are read off the single drugs' escapes later (:func:`_context`)."""
    return minimal_combinations(network, goals=goals, context=context, alterations=alterations, start=start,
                                max_size=max_size, candidates=panel, genetic_depth=genetic_depth,
                                responder=responder, routes={})


def _context(network: Network, context: str | None, alterations: Sequence[str], untreated: tuple[Attractor, ...],
             met: bool, singles: tuple[EscapeReport, ...], combos: CombinationReport,
             goals: Sequence[Goal]) -> ContextAnalysis:
    """One context's findings, with the verdict read off them."""
    combos = with_routes_closed(combos, network, {s.drugs[0]: [r for r, _ in s.routes] for s in singles})
    return ContextAnalysis(context, tuple(alterations), untreated, met, singles, combos,
                           build_verdict(network, context, untreated, singles, combos, goals))


def _run_job(job: _Job, item: tuple[str, str | None]) -> object:
    """One job in a worker: ``("combinations", context)``, ``("singles",
    context)`` or ``("scenarios", None)``."""
    timeout = None
    if job.deadline is not None:
        timeout = job.deadline - time.monotonic()
        if timeout <= 0:
            raise LimitReached("the analysis hit the time limit (--timeout)")
    if item[0] == "scenarios":
        return check_scenarios(job.network, engine=job.engine, timeout=timeout)
    responder = Responder(job.network, semantics=job.semantics, engine=job.engine, timeout=timeout)
    if item[0] == "singles":
        return _singles(job.network, responder, item[1], job.alterations, job.panel, job.goals, job.start)
    return _combinations(job.network, responder, item[1], job.alterations, job.panel, job.goals, job.start,
                         job.max_size, job.genetic_depth)


def analyze(
    network: Network,
    *,
    contexts: Sequence[str | None] | None = None,
    alterations: Sequence[str] = (),
    drugs: Sequence[str] | None = None,
    goals: Sequence[Goal] | None = None,
    semantics: str | None = None,
    start: str = "untreated",
    max_size: int = 3,
    genetic_depth: int = 1,
    scenarios: bool = True,
    engine: str = "auto",
    timeout: float | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> AnalysisReport:
    """Run the main analysis (see module notes). ``contexts`` defaults to every
    declared context (or none when the network declares none); ``drugs`` limits
    the panel. ``timeout`` bounds the whole analysis (seconds); ``executor``
    runs the contexts as parallel jobs."""
    resolved = tuple(goals) if goals else resolve_goals(network)
    if contexts is None:
        contexts = list(network.contexts) or [None]
    for name in contexts:
        if name is not None:
            network.context(name)  # a clear error for an unknown name
    panel = list(drugs) if drugs is not None else list(network.drugs)
    if not network.drugs:
        raise AnalysisError("the network declares no drugs: the analysis compares drugs; add a 'drugs' panel"
                            " or give --drug-targets NAME=NODE[,NODE...] (e.g. PI3Ki=PI3K)")
    for name in panel:
        if name not in network.drugs:
            raise AnalysisError(f"unknown drug '{name}'{did_you_mean(name, network.drugs)}")
    responder = Responder(network, semantics=semantics, engine=engine, timeout=timeout, progress=progress)
    contexts = list(contexts)
    run_scenarios = scenarios and bool(network.scenarios)
    if executor is not None and len(contexts) + run_scenarios > 1:
        job = _Job(network, tuple(alterations), tuple(panel), resolved, responder.semantics, start, max_size,
                   genetic_depth, engine, responder.deadline)
        # the larger jobs first, so that the small ones fill the gaps at the end
        items: list[tuple[str, str | None]] = [("combinations", c) for c in contexts]
        items += [("singles", c) for c in contexts] + ([("scenarios", None)] if run_scenarios else [])
        found: dict[tuple[str, str | None], Any] = {}
        done: dict[str | None, ContextAnalysis] = {}
        for item, answer in executor.run(partial(_run_job, job), items):
            found[item] = answer
            context = item[1]
            if item[0] != "scenarios" and ("singles", context) in found and ("combinations", context) in found:
                # read the context's findings while the workers go on
                done[context] = _context(network, context, alterations, *found[("singles", context)],
                                         found[("combinations", context)], resolved)
            if progress is not None:
                progress("contexts", len(found), len(items))
        results = [done[c] for c in contexts]
        checks = found.get(("scenarios", None))
    else:
        results = []
        for i, context in enumerate(contexts):
            if progress is not None:
                progress(f"context {context or '(none)'}", i, len(contexts))
            untreated, met, singles = _singles(network, responder, context, alterations, panel, resolved, start)
            combos = _combinations(network, responder, context, alterations, panel, resolved, start, max_size,
                                   genetic_depth)
            results.append(_context(network, context, alterations, untreated, met, singles, combos, resolved))
        checks = check_scenarios(network, engine=engine, timeout=responder.remaining(), progress=progress) \
            if run_scenarios else None
    return AnalysisReport(network.name, responder.semantics, start, resolved, network.phenotypes,
                          tuple(results), checks)  # type: ignore[arg-type]
