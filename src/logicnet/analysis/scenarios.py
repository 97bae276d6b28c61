"""``logicnet check``: run a network's scenarios and compare with their expectations.

A scenario is an experiment (context, alterations, a treatment or a sequence of
treatments, semantics, start, phase) with expected levels. ``{X: k}`` holds
when X = k in every state of every resulting attractor; ``{some: k}`` when at
least one state of one attractor has X = k; ``{none: k}`` when no state does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from logicnet.analysis.response import Responder
from logicnet.dynamics import Attractor
from logicnet.dynamics.engines import Progress
from logicnet.errors import AnalysisError, did_you_mean
from logicnet.model.network import Expectation, Network, Scenario
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import Result, json_field

__all__ = ["ExpectationCheck", "ScenarioResult", "CheckReport", "check_scenarios", "expectation_holds"]


def expectation_holds(expectation: Expectation, attractor: Attractor, node: str) -> bool:
    """Whether one attractor agrees with an expectation on ``node`` (for ``some``,
    whether this attractor alone provides the level)."""
    levels = attractor.levels(node)
    if expectation.kind == "all":
        return levels == (expectation.level,)
    if expectation.kind == "none":
        return expectation.level not in levels
    return expectation.level in levels


@dataclass(frozen=True)
class ExpectationCheck:
    """One expected level and what the attractors showed."""

    node: str
    expected: Expectation = json_field(value=lambda e: e.value_text)
    observed: tuple[int, ...] = json_field()
    passed: bool = json_field()
    #: indexes (1-based) of the attractors that break it
    breaking: tuple[int, ...] = json_field(key="breaking_attractors")


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of one scenario."""

    scenario: Scenario = json_field(skip=True)
    semantics: str = json_field()
    engine: str = json_field()
    checks: tuple[ExpectationCheck, ...] = json_field()
    attractors: tuple[Attractor, ...] = json_field()
    complete: bool = json_field(True)

    __json_extra__: ClassVar[dict[str, str]] = {
        "name": "scenario.name", "passed": "passed", "context": "scenario.context",
        "alterations": "scenario.alterations", "steps": "scenario.steps", "start": "scenario.start",
        "phase": "scenario.phase",
    }

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[ExpectationCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)


@dataclass(frozen=True)
class CheckReport(Result):
    """Every scenario run, in the order of the file."""

    network: str
    results: tuple[ScenarioResult, ...] = json_field(key="scenarios")

    __json_extra__: ClassVar[dict[str, str]] = {"passed": "passed"}
    __records__: ClassVar[str | None] = "results"

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def _check(scenario: Scenario, attractors: tuple[Attractor, ...]) -> tuple[ExpectationCheck, ...]:
    checks = []
    for node, expected in scenario.expect.items():
        observed = tuple(sorted({v for a in attractors for v in a.levels(node)}))
        if expected.kind == "some":
            passed = expected.level in observed
            breaking = () if passed else tuple(range(1, len(attractors) + 1))
        else:
            breaking = tuple(i for i, a in enumerate(attractors, 1) if not expectation_holds(expected, a, node))
            passed = not breaking and bool(attractors)
        checks.append(ExpectationCheck(node, expected, observed, passed, breaking))
    return tuple(checks)


def check_scenarios(
    network: Network,
    names: Iterable[str] | None = None,
    *,
    engine: str = "auto",
    timeout: float | None = None,
    progress: Progress | None = None,
) -> CheckReport:
    """Run the scenarios of ``network`` (all, or those named) and check their expectations."""
    scenarios = list(network.scenarios)
    if names is not None:
        by_name = {s.name: s for s in scenarios}
        chosen = []
        for name in names:
            if name not in by_name:
                known = "; scenarios: " + ", ".join(by_name) if by_name else "; the network has no scenarios"
                raise AnalysisError(f"unknown scenario '{name}'{did_you_mean(name, by_name)}{known}")
            chosen.append(by_name[name])
        scenarios = chosen
    responders: dict[str | None, Responder] = {}
    results = []
    for i, scenario in enumerate(scenarios, 1):
        if progress is not None:
            progress(f"scenario {scenario.name}", i - 1, len(scenarios))
        if scenario.semantics not in responders:
            responders[scenario.semantics] = Responder(network, semantics=scenario.semantics, engine=engine,
                                                       timeout=timeout)
        steps = [Perturbation.build(network, context=scenario.context, alterations=scenario.alterations, drugs=step)
                 for step in scenario.steps]
        response = responders[scenario.semantics].respond(steps[-1], start=scenario.start, phase=scenario.phase,
                                                          sequence=steps)
        found = response.treated.attractors
        results.append(ScenarioResult(scenario, response.semantics, response.treated.engine, _check(scenario, found),
                                      found, response.complete))
    return CheckReport(network.name, tuple(results))
