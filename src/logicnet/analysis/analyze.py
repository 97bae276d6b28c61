"""``logicnet analyze``: the whole question of a network, context by context.

For each context: the untreated phenotypes; each single drug's response with
its escapes, routes and waves; the minimal combination intersection sets with
their genetic escapes; and the verdict built from them
(:mod:`logicnet.analysis.verdict`). Then the scenario checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Sequence

from logicnet.analysis.combinations import CombinationReport, minimal_combinations
from logicnet.analysis.escape import EscapeReport, escape_routes
from logicnet.analysis.goals import goals_by_node, resolve_goals
from logicnet.analysis.response import Responder
from logicnet.analysis.scenarios import CheckReport, check_scenarios
from logicnet.analysis.verdict import Verdict, build_verdict
from logicnet.dynamics import Attractor
from logicnet.dynamics.engines import Progress
from logicnet.errors import AnalysisError, did_you_mean
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
) -> AnalysisReport:
    """Run the main analysis (see module notes). ``contexts`` defaults to every
    declared context (or none when the network declares none); ``drugs`` limits
    the panel. ``timeout`` bounds the whole analysis (seconds)."""
    resolved = tuple(goals) if goals else resolve_goals(network)
    if contexts is None:
        contexts = list(network.contexts) or [None]
    for name in contexts:
        if name is not None:
            network.context(name)  # a clear error for an unknown name
    panel = list(drugs) if drugs is not None else list(network.drugs)
    for name in panel:
        if name not in network.drugs:
            raise AnalysisError(f"unknown drug '{name}'{did_you_mean(name, network.drugs)}")
    responder = Responder(network, semantics=semantics, engine=engine, timeout=timeout, progress=progress)
    results = []
    for i, context in enumerate(contexts):
        if progress is not None:
            progress(f"context {context or '(none)'}", i, len(contexts))
        background = Perturbation.build(network, context=context, alterations=alterations)
        untreated = responder.untreated(background)
        singles = tuple(
            escape_routes(network, background.treated(network, drugs=[d]), goals=resolved, start=start,
                          responder=responder)
            for d in panel
        )
        combos = minimal_combinations(network, goals=resolved, context=context, alterations=alterations,
                                      start=start, max_size=max_size, candidates=panel,
                                      genetic_depth=genetic_depth, responder=responder)
        results.append(ContextAnalysis(
            context, tuple(alterations), untreated.attractors,
            all(a.meets(g) for a in untreated.attractors for g in resolved), singles, combos,
            build_verdict(network, context, untreated.attractors, singles, combos, resolved),
        ))
    checks = check_scenarios(network, engine=engine, timeout=responder.remaining(), progress=progress) \
        if scenarios and network.scenarios else None
    return AnalysisReport(network.name, responder.semantics, start, resolved, network.phenotypes,
                          tuple(results), checks)
