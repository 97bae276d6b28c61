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

