"""The exceptions logicnet raises.

Every error a user can cause is a :class:`LogicnetError`. Errors about a model
file carry a :class:`SourceLocation` so that messages read
``network.yaml:14:9: rule for 'ERK' uses unknown node 'MEKK' (did you mean 'MEK'?)``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "SourceLocation",
    "LogicnetError",
    "RulelessInputsWarning",
    "ModelError",
    "FormatError",
    "PerturbationError",
    "AnalysisError",
    "StateSpaceTooLarge",
    "EngineUnavailable",
    "LimitReached",
    "RenderError",
    "did_you_mean",
]


@dataclass(frozen=True)
class SourceLocation:
    """A place in a file: 1-based line and column (column may be unknown)."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<text>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class LogicnetError(Exception):
    """Base class of every error logicnet reports to a user."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class ModelError(LogicnetError):
    """The network file (or a model built in Python) is not valid."""


class FormatError(ModelError):
    """A file could not be read in the format its extension announces."""


class PerturbationError(LogicnetError):
    """A drug, alteration, context or node setting does not fit the network."""


class AnalysisError(LogicnetError):
    """An analysis cannot be carried out as asked."""


class StateSpaceTooLarge(AnalysisError):
    """The chosen engine refuses a network this large; the message gives advice."""


class EngineUnavailable(AnalysisError):
    """The chosen engine cannot answer this question (or is not installed)."""


class LimitReached(AnalysisError):
    """A time or size limit set by the user stopped the computation."""


class RenderError(LogicnetError):
    """A picture could not be produced."""


class RulelessInputsWarning(UserWarning):
    """Nodes a file uses but gives no rule, read as free inputs: one warning
    per file, naming them (``nodes``: name → where it is first used)."""

    def __init__(self, source: str | None, nodes: "dict[str, SourceLocation]") -> None:
        self.source = source
        self.nodes = dict(nodes)
        super().__init__(self.describe(self.nodes))

    def describe(self, nodes: "dict[str, SourceLocation]") -> str:
        """The warning for ``nodes`` (all of them, or those a caller still warns about)."""
        if len(nodes) == 1:
            name, where = next(iter(nodes.items()))
            return f"{where}: '{name}' has no rule; it is read as a free input"
        shown = list(nodes.items())[:SHOWN_RULELESS]
        listed = ", ".join(f"'{n}' (line {w.line})" if w.line else f"'{n}'" for n, w in shown)
        more = f" and {len(nodes) - len(shown)} more" if len(nodes) > len(shown) else ""
        return (f"{SourceLocation(self.source)}: {len(nodes)} nodes have no rule; they are read as free inputs:"
                f" {listed}{more}")


#: rule-less nodes named in the one warning of a file
SHOWN_RULELESS = 8


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return `` (did you mean 'X'?)`` for the closest candidate, or ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""
