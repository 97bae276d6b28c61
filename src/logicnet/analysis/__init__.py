"""The modeller's questions, asked on top of attractors: responses to
treatment, scenario checks, escape routes and their waves, minimal
combination intersection sets with their genetic escapes, drug screens with
synergy, and the main job that runs them all (:func:`analyze`) with the
verdict it prints first.

Every analysis takes a network and values (treatments as
:class:`~logicnet.model.Perturbation`), returns a dataclass that serialises to
JSON (:func:`logicnet.serialize.to_jsonable`), and says whether its answer is
complete.
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

# Each name is loaded from its module when first used, so that a command
# asking one analysis does not import them all (and what they import).
_HOMES = {
    "analyze": ("analyze", "AnalysisReport", "ContextAnalysis"),
    "combinations": ("minimal_combinations", "CombinationReport", "MinimalSet", "GeneticEscape"),
    "escape": ("escape_routes", "EscapeReport"),
    "goals": ("parse_goal", "resolve_goals"),
    "response": ("Responder", "Response"),
    "scenarios": ("check_scenarios", "CheckReport"),
    "scores": ("Score", "GoalDistance", "LinearScore", "parse_score"),
    "screen": ("screen", "ScreenReport", "ScreenRow"),
    "verdict": ("build_verdict", "Verdict", "RouteReading"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

if TYPE_CHECKING:
    from logicnet.analysis.analyze import AnalysisReport, ContextAnalysis, analyze
    from logicnet.analysis.combinations import CombinationReport, GeneticEscape, MinimalSet, minimal_combinations
    from logicnet.analysis.escape import EscapeReport, escape_routes
    from logicnet.analysis.goals import parse_goal, resolve_goals
    from logicnet.analysis.response import Responder, Response
    from logicnet.analysis.scenarios import CheckReport, check_scenarios
    from logicnet.analysis.scores import GoalDistance, LinearScore, Score, parse_score
    from logicnet.analysis.screen import ScreenReport, ScreenRow, screen
    from logicnet.analysis.verdict import RouteReading, Verdict, build_verdict

__all__ = [
    "analyze",
    "AnalysisReport",
    "ContextAnalysis",
    "minimal_combinations",
    "CombinationReport",
    "MinimalSet",
    "GeneticEscape",
    "escape_routes",
    "EscapeReport",
    "parse_goal",
    "resolve_goals",
    "Responder",
    "Response",
    "check_scenarios",
    "CheckReport",
    "Score",
    "GoalDistance",
    "LinearScore",
    "parse_score",
    "screen",
    "ScreenReport",
    "ScreenRow",
    "Verdict",
    "RouteReading",
    "build_verdict",
]



def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        value = getattr(import_module(f"logicnet.analysis.{_MODULE_OF[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'logicnet.analysis' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


class _Package(ModuleType):
    """The import system sets each submodule as an attribute of its package
    once loaded; ``analyze`` and ``screen`` name both a submodule and the
    function it defines, and the function keeps the name (as an eager
    ``from .analyze import analyze`` in this file would leave it)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _MODULE_OF:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
