"""Drug combination screens: every combination of a panel up to size K, in
every context, scored (lower is better) and called for synergy.

The work is shared rather than repeated:

* each context's untreated attractors are computed once (per worker) and are
  the start states of every combination;
* each context's question is prepared once per worker and answered per
  combination (:class:`logicnet.dynamics.scan.PerturbationScan`: under most
  permissive semantics one ground clingo program answers them all; under
  the others the network is compiled once and a combination only adds node
  fixings, see :mod:`logicnet.dynamics.explore`);
* a combination that perturbs the network exactly like one already answered
  (two drugs with the same targets, a drug whose targets another member
  already fixes) reuses that answer;
* combinations are grouped by context into chunks, so a worker keeps its
  caches, and the chunks run in parallel on any :mod:`logicnet.execution`
  executor.

Scores and synergy are defined in :mod:`logicnet.analysis.scores` and
:mod:`logicnet.analysis.synergy`.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Callable, ClassVar, Iterable, Mapping, Sequence

from logicnet.analysis.goals import resolve_goals
from logicnet.analysis.response import Responder, resolve_start
from logicnet.analysis.scores import GoalDistance, Score
from logicnet.analysis.synergy import TOLERANCE, bliss_excess, bliss_expected, hsa_excess
from logicnet.dynamics.scan import PerturbationScan
from logicnet.errors import AnalysisError, LimitReached, did_you_mean
from logicnet.execution import Executor, InProcessExecutor
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.serialize import Result, json_field

#: the screen's name for scoring combinations on fixed points only
FIXED_POINTS = "fixedpoints"

__all__ = ["ScreenRow", "ScreenReport", "ScreenJob", "screen", "screen_combinations", "call_synergy", "SORT_KEYS",
           "sort_rows"]

Combo = tuple[str, ...]


@dataclass(frozen=True)
class ScreenRow:
    """One combination in one context. ``hsa``/``bliss`` are the synergy calls
    and ``hsa_excess``, ``bliss_expected``, ``bliss_excess`` their numbers (see
    :mod:`logicnet.analysis.synergy`); the calls are false and the numbers
    None for the untreated reference, single drugs, a method not asked for and
    a combination a score is missing for. ``complete`` is false when an
    engine limit cut the combination's attractors short; ``timed_out`` when it
    ran out of time (``--combo-timeout``; its score is then unknown)."""

    context: str | None
    drugs: Combo
    score: float
    attractors: int
    hsa: bool = False
    bliss: bool = False
    complete: bool = True
    timed_out: bool = False
    hsa_excess: float | None = None
    bliss_excess: float | None = None
    bliss_expected: float | None = None

    def key(self) -> tuple[str | None, Combo]:
        return (self.context, self.drugs)


@dataclass(frozen=True)
class ScreenReport(Result):
    """All rows in a stable order: contexts as given, then size, then names."""

    network: str = json_field(skip=True)
    semantics: str = json_field(skip=True)
    start: str = json_field(skip=True)
    score: str = json_field(skip=True)
    synergy: str = json_field(skip=True)
    contexts: tuple[str | None, ...] = json_field(skip=True)
    drugs: tuple[str, ...] = json_field(skip=True)
    max_size: int = json_field(skip=True)
    rows: tuple[ScreenRow, ...] = json_field()
    #: the lowest value the score can take: the 0 of the Bliss normalisation
    floor: float = json_field(0.0, key="bliss_floor")

    __json_extra__: ClassVar[dict[str, str]] = {"complete": "complete", "score": "score"}
    __records__: ClassVar[str | None] = "rows"

    @property
    def complete(self) -> bool:
        """Every combination answered in time, on complete attractor sets."""
        return all(r.complete and not r.timed_out for r in self.rows)

    def ranked(self, context: str | None) -> list[ScreenRow]:
        """The rows of one context, best score first."""
        return sort_rows([r for r in self.rows if r.context == context], "score")

    def untreated(self, context: str | None) -> float:
        """The untreated score of a context (the 1 of the Bliss normalisation)."""
        return next((r.score for r in self.rows if r.context == context and not r.drugs), math.nan)


#: what screen rows can be sorted by: scores best (lowest) first, excesses and
#: Bliss expectations largest first; unknown values last
SORT_KEYS = ("score", "hsa_excess", "bliss_excess", "bliss_expected", "drugs")


def sort_rows(rows: Iterable[ScreenRow], by: str = "score") -> list[ScreenRow]:
    """``rows`` ordered by one of :data:`SORT_KEYS` (ties: fewer drugs, then names)."""
    if by not in SORT_KEYS:
        raise AnalysisError(f"cannot sort a screen by '{by}': use one of {', '.join(SORT_KEYS)}")

    def key(row: ScreenRow) -> tuple[bool, float, int, Combo]:
        if by == "drugs":
            return (False, 0.0, len(row.drugs), row.drugs)
        value = row.score if by == "score" else getattr(row, by)
        missing = value is None or math.isnan(value)
        return (missing, 0.0 if missing else (value if by == "score" else -value), len(row.drugs), row.drugs)

    return sorted(rows, key=key)


@dataclass(frozen=True)
class ScreenJob:
    """What every worker needs to evaluate combinations (sent once per chunk)."""

    network: Network
    semantics: str
    start: str
    alterations: tuple[str, ...]
    score: Score
    engine: str = "auto"
    combo_timeout: float | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)


# ------------------------------------------------------------------- workers

_WORKER: dict[str, tuple[Responder, dict[str | None, tuple[Perturbation, PerturbationScan]]]] = {}


def _evaluate_chunk(task: tuple[ScreenJob, str | None, tuple[Combo, ...]]) -> list[ScreenRow]:
    """Score a chunk of combinations of one context (runs in a worker; the
    context's scan keeps its answers for the chunks that follow). A
    combination that runs past ``job.combo_timeout`` is recorded as timed out."""
    job, context, combos = task
    if job.key not in _WORKER:
        _WORKER.clear()  # one screen at a time per worker
        semantics = None if job.semantics == FIXED_POINTS else job.semantics
        _WORKER[job.key] = (Responder(job.network, semantics=semantics, engine=job.engine), {})
    responder, scans = _WORKER[job.key]
    if context not in scans:
        targets = sorted({node for drug in job.network.drugs.values() for node in drug.targets})
        background = Perturbation.build(job.network, context=context, alterations=job.alterations)
        if job.semantics == FIXED_POINTS:  # stable states of each treated network, as stable-state pipelines score
            scan = PerturbationScan(job.network, base=background, nodes=targets, engine=job.engine,
                                    question="fixed_points")
        else:
            scan = responder.scan(targets, background, start=job.start)
        scans[context] = (background, scan)
    background, scan = scans[context]
    out = []
    for combo in combos:
        treatment = background.treated(job.network, drugs=combo)
        if job.combo_timeout is not None:
            scan.deadline = time.monotonic() + job.combo_timeout
        try:
            result = scan.attractors(treatment)
        except LimitReached:
            out.append(ScreenRow(context, combo, math.nan, 0, timed_out=True))
            continue
        found = result.attractors
        out.append(ScreenRow(context, combo, job.score.of_response(job.network, treatment, found), len(found),
                             complete=result.complete))
    return out


# --------------------------------------------------------------------- screen


def screen_combinations(drugs: Sequence[str], max_size: int) -> list[Combo]:
    """The untreated reference, then every combination up to ``max_size`` (sorted names)."""
    ordered = sorted(drugs)
    out: list[Combo] = [()]
    for size in range(1, max_size + 1):
        out.extend(combinations(ordered, size))
    return out


def call_synergy(rows: Iterable[ScreenRow], score: Score, mode: str) -> list[ScreenRow]:
    """The rows with HSA and Bliss excesses and calls (``mode``: hsa, bliss or both)."""
    rows = list(rows)
    by_context: dict[str | None, dict[Combo, float]] = {}
    for row in rows:
        by_context.setdefault(row.context, {})[row.drugs] = row.score
    out = []
    for row in rows:
        scores = by_context[row.context]
        complete = len(row.drugs) >= 2 and all(
            sub in scores for k in range(1, len(row.drugs)) for sub in combinations(row.drugs, k)
        ) and () in scores
        hsa = bliss = expected = None
        if complete and not math.isnan(row.score) and not any(
                math.isnan(scores[sub]) for k in range(0, len(row.drugs)) for sub in combinations(row.drugs, k)):
            if mode in ("hsa", "both"):
                hsa = hsa_excess(row.drugs, scores)
            if mode in ("bliss", "both"):
                expected = bliss_expected(row.drugs, scores, scores[()], score.floor)
                bliss = bliss_excess(row.drugs, scores, scores[()], score.floor)
        out.append(replace(row, hsa=hsa is not None and hsa > TOLERANCE, bliss=bliss is not None and bliss > TOLERANCE,
                           hsa_excess=hsa, bliss_excess=bliss, bliss_expected=expected))
    return out


def _chunks(context: str | None, combos: list[Combo], size: int) -> list[tuple[str | None, tuple[Combo, ...]]]:
    return [(context, tuple(combos[i:i + size])) for i in range(0, len(combos), size)]


def screen(
    network: Network,
    *,
    drugs: Sequence[str] | None = None,
    max_size: int = 2,
    contexts: Sequence[str | None] | None = None,
    alterations: Sequence[str] = (),
    semantics: str | None = None,
    start: str = "untreated",
    score: Score | None = None,
    synergy: str = "both",
    engine: str = "auto",
    combo_timeout: float | None = None,
    timeout: float | None = None,
    executor: Executor | None = None,
    done: Mapping[tuple[str | None, Combo], ScreenRow] | None = None,
    on_rows: Callable[[list[ScreenRow]], None] | None = None,
    progress: Callable[[str, int | None, int | None], None] | None = None,
) -> ScreenReport:
    """Screen the panel (see module notes). ``done`` holds rows already computed
    (``--resume``); ``on_rows`` receives new rows as they complete. A
    combination that takes longer than ``combo_timeout`` seconds is recorded
    as timed out (its score unknown) and the screen goes on; past ``timeout``
    seconds in all the screen stops (:class:`LimitReached`), the rows so far
    given to ``on_rows``."""
    if combo_timeout is not None and combo_timeout <= 0:
        raise AnalysisError(f"--combo-timeout must be positive, got {combo_timeout:g} s")
    if timeout is not None and timeout <= 0:
        raise AnalysisError(f"a time limit must be positive, got {timeout:g} s (omit it for no limit)")
    deadline = None if timeout is None else time.monotonic() + timeout
    if synergy not in ("hsa", "bliss", "both"):
        raise AnalysisError(f"unknown synergy '{synergy}'; expected hsa, bliss or both")
    if max_size < 1:
        raise AnalysisError("--max-size must be at least 1")
    panel = list(network.drugs) if drugs is None else list(dict.fromkeys(drugs))
    if not panel:
        raise AnalysisError("no drugs to screen: declare a panel in the network or give --drug-targets")
    for name in panel:
        if name not in network.drugs:
            raise AnalysisError(f"unknown drug '{name}'{did_you_mean(name, network.drugs)}")
    if contexts is None:
        contexts = list(network.contexts) or [None]
    for context in contexts:
        if context is not None:
            network.context(context)
    score = score or GoalDistance.of_network(network, resolve_goals(network))
    if semantics == FIXED_POINTS:
        chosen_semantics = FIXED_POINTS
    else:
        responder = Responder(network, semantics=semantics)
        chosen_semantics = responder.semantics
        if start not in ("untreated", "any"):
            resolve_start(network, start)  # a clear error for an unknown state, before any work
    job = ScreenJob(network, chosen_semantics, start, tuple(alterations), score, engine, combo_timeout)
    combos = screen_combinations(panel, max_size)
    finished: dict[tuple[str | None, Combo], ScreenRow] = dict(done or {})
    executor = executor or InProcessExecutor()
    workers = getattr(executor, "jobs", 1)
    tasks = []
    for context in contexts:
        todo = [c for c in combos if (context, c) not in finished]
        size = max(1, math.ceil(len(todo) / max(1, 4 * workers)))
        tasks.extend((job,) + chunk for chunk in _chunks(context, todo, size))
    total = len(contexts) * len(combos)
    count = len([k for k in finished if k[1] in set(combos)])
    if progress is not None:
        progress("combinations", count, total)
    for _, new in executor.run(_evaluate_chunk, tasks):
        for row in new:
            finished[row.key()] = row
        count += len(new)
        if on_rows is not None:
            on_rows(new)
        if progress is not None:
            progress("combinations", count, total)
        if deadline is not None and time.monotonic() > deadline and count < total:
            raise LimitReached(f"the screen hit the time limit (--timeout) after {count} of {total} combinations;"
                               " the results so far are kept (use --resume)")
    order = {c: i for i, c in enumerate(contexts)}
    rank = {c: i for i, c in enumerate(combos)}
    rows = sorted((finished[(ctx, c)] for ctx in contexts for c in combos),
                  key=lambda r: (order[r.context], rank[r.drugs]))
    return ScreenReport(network.name, chosen_semantics, start if chosen_semantics != FIXED_POINTS else "any", score.text, synergy, tuple(contexts),
                        tuple(sorted(panel)), max_size, tuple(call_synergy(rows, score, synergy)), score.floor)
