"""The modeller's questions, asked on top of attractors: responses to
treatment, scenario checks, escape routes and their waves, minimal
combination intersection sets with their genetic escapes, drug screens with
synergy, and the main job that runs them all (:func:`analyze`).

Every analysis takes a network and values (treatments as
:class:`~logicnet.model.Perturbation`), returns a dataclass that serialises to
JSON (:func:`logicnet.serialize.to_jsonable`), and says whether its answer is
complete.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> module that defines it (loaded on first use: ``logicnet info``
#: imports :mod:`logicnet.analysis.summary` alone, without the engines)
_NAMES = {
    "AnalysisReport": "logicnet.analysis.analyze",
    "ContextAnalysis": "logicnet.analysis.analyze",
    "analyze": "logicnet.analysis.analyze",
    "CombinationReport": "logicnet.analysis.combinations",
    "GeneticEscape": "logicnet.analysis.combinations",
    "MinimalSet": "logicnet.analysis.combinations",
    "minimal_combinations": "logicnet.analysis.combinations",
    "EscapeReport": "logicnet.analysis.escape",
    "escape_routes": "logicnet.analysis.escape",
    "parse_goal": "logicnet.analysis.goals",
    "resolve_goals": "logicnet.analysis.goals",
    "Responder": "logicnet.analysis.response",
    "Response": "logicnet.analysis.response",
    "CheckReport": "logicnet.analysis.scenarios",
    "check_scenarios": "logicnet.analysis.scenarios",
    "GoalDistance": "logicnet.analysis.scores",
    "LinearScore": "logicnet.analysis.scores",
    "Score": "logicnet.analysis.scores",
    "parse_score": "logicnet.analysis.scores",
    "ScreenReport": "logicnet.analysis.screen",
    "ScreenRow": "logicnet.analysis.screen",
    "screen": "logicnet.analysis.screen",
}

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
]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'logicnet.analysis' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
