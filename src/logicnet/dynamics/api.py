"""``attractors()`` and ``fixed_points()``: the one entry point to the engines.

The pipeline: apply the perturbation, put start states through it (a drug
acts at once), freeze slow nodes for the early phase, percolate constants,
let the chosen engine solve the reduced network, put the constants back and
sort the attractors into a stable order.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Iterable, Mapping, Sequence, Union

from logicnet.dynamics.attractor import (
    MAX_LISTED_ATTRACTORS,
    MAX_LISTED_STATES,
    Attractor,
    AttractorResult,
    Subspace,
    clamped,
)
from logicnet.dynamics.engines import Answer, Declined, Engine, Progress, Task, Variant, get_engine
from logicnet.dynamics.percolation import freeze, percolate
from logicnet.dynamics.semantics import STATE_SEMANTICS, resolve_semantics
from logicnet.errors import AnalysisError, EngineUnavailable, did_you_mean
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

__all__ = [
    "attractors",
    "attractors_of_variants",
    "fixed_points",
    "choose_engine",
    "StartSpec",
    "normalize_starts",
    "start_spaces",
    "restrict_spaces",
    "EXPLICIT_AUTO_BITS",
    "state_space_bits",
]

StartSpec = Union[Mapping[str, int], Attractor, Sequence[Sequence[int]]]

#: ``auto`` uses the explicit engine up to this many bits of state space
#: (log2 of the number of states of the reduced network).
EXPLICIT_AUTO_BITS = 14
#: asked to count minimal trap spaces, ``auto`` lets clingo list up to this
#: many (about 0.1 s), then counts them on a BDD (see the symbolic engine)
COUNT_BY_LISTING = 5000


def state_space_bits(network: Network) -> float:
    return sum(math.log2(node.levels + 1) for node in network.nodes.values())


def choose_engine(task: Task, exclude: Sequence[str] = ()) -> tuple[str, str]:
    """The engine ``auto`` picks for ``task`` (none of ``exclude``), and why
    (shown to the user)."""
    bits = state_space_bits(task.network)
    if (task.question == "attractors" and task.starts is not None and task.semantics in STATE_SEMANTICS
            and "reachable" not in exclude):
        return "reachable", "only the states reachable from the start states are visited"
    if task.question == "fixed_points":
        if task.count:
            return "symbolic", "counting fixed points: BDD over a feedback vertex set, never listing them"
        return "asp", "fixed points: answer-set programming (clingo)"
    if task.semantics == "mostpermissive":
        if task.starts is None:
            return "asp", "most permissive attractors are minimal trap spaces: clingo"
        boolean_bits = sum(node.levels for node in task.network.nodes.values())  # after booleanization
        if boolean_bits <= EXPLICIT_AUTO_BITS:
            return "explicit", f"most permissive reachability on a small network ({boolean_bits} Boolean variables)"
        return "asp", "most permissive reachability: clingo"
    if bits <= EXPLICIT_AUTO_BITS:
        return "explicit", f"small state space (2^{bits:.0f} states after percolation)"
    return "symbolic", f"{task.semantics} attractors on 2^{bits:.0f} states: BDDs"


def normalize_starts(network: Network, starts: Iterable[StartSpec]) -> tuple[Subspace, ...]:
    """Start states as subspaces over ``network.names``.

    A mapping names some nodes' levels (the others start at 0); an
    :class:`Attractor` stands for all of its states; a sequence gives a level
    (or a tuple of levels) for every node in order.
    """
    names = network.names
    out: list[Subspace] = []
    for spec in starts:
        if isinstance(spec, Attractor):
            where = {n: i for i, n in enumerate(spec.nodes)}
            missing = [n for n in names if n not in where]
            if missing:
                raise AnalysisError(f"start attractor has no level for {', '.join(missing)}")
            if tuple(spec.nodes) == tuple(names):
                out.extend(spec.cover)
            else:
                out.extend(tuple(space[where[n]] for n in names) for space in spec.cover)
        elif isinstance(spec, Mapping):
            for node, level in spec.items():
                if node not in network.nodes:
                    raise AnalysisError(f"start state names unknown node '{node}'{did_you_mean(node, network.nodes)}")
                top = network.nodes[node].levels
                if not 0 <= int(level) <= top:
                    raise AnalysisError(f"start state sets '{node}' to {level}, outside 0..{top}")
            out.append(tuple((int(spec.get(n, 0)),) for n in names))
        else:
            values = tuple(spec)
            if len(values) != len(names):
                raise AnalysisError(f"a start state needs {len(names)} levels, got {len(values)}")
            out.append(tuple((v,) if isinstance(v, int) else tuple(v) for v in values))
    if not out:
        raise AnalysisError("no start states given")
    return tuple(dict.fromkeys(out))


def start_through(perturbation: Perturbation, names: tuple[str, ...], space: Subspace) -> Subspace:
    """A start subspace as the perturbation finds it (fixed levels at once, caps lowered)."""
    return clamped(space, *_by_position(perturbation, names))


def _by_position(perturbation: Perturbation, names: Sequence[str]) -> tuple[dict[int, int], dict[int, int]]:
    """The perturbation's fixings and caps by the position of their nodes in ``names``."""
    where = {n: i for i, n in enumerate(names)}
    return ({where[n]: v for n, v in perturbation.fixed.items() if n in where},
            {where[n]: c for n, c in perturbation.caps.items() if n in where})


def start_spaces(network: Network, perturbation: Perturbation, starts: Iterable[StartSpec]) -> tuple[Subspace, ...]:
    """Start states as the perturbation finds them, as distinct subspaces over ``network.names``."""
    spaces = normalize_starts(network, starts)
    fixed, caps = _by_position(perturbation, network.names)
    if not fixed and not caps:
        return spaces  # already distinct
    return tuple(dict.fromkeys(clamped(s, fixed, caps) for s in spaces))


def restrict_spaces(spaces: Iterable[Subspace], names: Sequence[str], kept: Sequence[str]) -> tuple[Subspace, ...]:
    """Subspaces over ``names`` cut down to the ``kept`` nodes (distinct, in order)."""
    position = {n: i for i, n in enumerate(names)}
    return tuple(dict.fromkeys(tuple(space[position[n]] for n in kept) for space in spaces))


def _solve(network: Network, question: str, semantics: str, perturbation: Perturbation | None,
           starts: Iterable[StartSpec] | None, phase: str, engine: str, limit: int | None, count: bool,
           timeout: float | None, max_states: int, progress: Progress | None) -> AttractorResult:
    """The answer, at most ``limit`` attractors; with no limit at most
    ``MAX_LISTED_ATTRACTORS`` (a note says so when more exist)."""
    result = _answer(network, question, semantics, perturbation, starts, phase, engine,
                     MAX_LISTED_ATTRACTORS if limit is None else limit, count, timeout, max_states, progress)
    if limit is None and not result.complete:
        what = "fixed points" if question == "fixed_points" else "attractors"
        many = f"{result.count:,} {what}" if result.count is not None else f"more than {len(result):,} {what}"
        note = (f"{many}: the first {len(result):,} are listed; a limit (--limit N) lists up to N,"
                f" a count (--count) counts them all")
        result = replace(result, notes=result.notes + (note,))
    return result


def _answer(
    network: Network,
    question: str,
    semantics: str,
    perturbation: Perturbation | None,
    starts: Iterable[StartSpec] | None,
    phase: str,
    engine: str,
    limit: int | None,
    count: bool,
    timeout: float | None,
    max_states: int,
    progress: Progress | None,
) -> AttractorResult:
    perturbation = perturbation or Perturbation()
    names = network.names
    if phase not in ("early", "late"):
        raise AnalysisError(f"unknown phase '{phase}'; expected early or late")
    if timeout is not None and timeout <= 0:
        raise AnalysisError(f"a time limit must be positive, got {timeout:g} s (omit it for no limit)")
    spaces = None if starts is None else start_spaces(network, perturbation, starts)
    perturbed = perturbation.apply(network) if not perturbation.is_empty else network
    notes: list[str] = []
    if phase == "early" and question == "attractors" and network.slow_nodes:
        perturbed = freeze(perturbed, frozenset(network.slow_nodes))
        notes.append(f"early phase: {len(network.slow_nodes)} slow node(s) frozen")
    deadline = time.monotonic() + timeout if timeout else None
    task = Task(perturbed, question, semantics, spaces, limit, count, max_states, deadline, progress)  # type: ignore[arg-type]
    tried: list[str] = []
    if engine == "auto":
        engine_name, reason = choose_engine(task)
        if engine_name == "reachable":
            try:
                return _result(network, question, semantics, perturbation, engine_name, get_engine(engine_name),
                               task, {}, notes + [f"engine: reachable ({reason})"], count)
            except Declined as exc:
                tried.append("reachable")
                notes.append(f"engine: reachable gave up ({exc.message}); another engine answers")
    else:
        engine_name, reason = engine, ""
    solver = get_engine(engine_name) if engine != "auto" else None
    if solver is not None and not getattr(solver, "percolates", True):
        return _result(network, question, semantics, perturbation, engine_name, solver, task, {}, notes, count)
    reduction = percolate(
        perturbed, semantics="fixed_points" if question == "fixed_points" else semantics, starts=spaces
    )
    reduced = reduction.network
    task = replace(task, network=reduced,
                   starts=None if spaces is None else restrict_spaces(spaces, names, reduced.names))
    if not reduced.nodes:  # everything is constant: one fixed point
        notes.append("all nodes are constant after percolation")
        return _lifted(network, question, semantics, perturbation, "percolation",
                       Answer([Attractor.from_states((), [()])], True, 1), reduction.constants, notes, count,
                       max_states)
    if engine == "auto":
        engine_name, reason = choose_engine(task, exclude=tried)
        notes.append(f"engine: {engine_name} ({reason})")
        solver = get_engine(engine_name)
        if engine_name == "asp" and question == "attractors" and count and task.starts is None \
                and _available("symbolic", task):
            # clingo counts by listing: fast while the answers are few; past
            # that, the symbolic engine counts them without listing
            try:
                return _result(network, question, semantics, perturbation, engine_name, solver,
                               replace(task, count_by_listing=COUNT_BY_LISTING), reduction.constants, notes, count)
            except Declined as exc:
                engine_name, solver = "symbolic", get_engine("symbolic")
                notes.append(f"engine: asp gave up ({exc.message}); symbolic counts them on a BDD, without listing")
    assert solver is not None
    return _result(network, question, semantics, perturbation, engine_name, solver, task, reduction.constants,
                   notes, count)


def _result(network: Network, question: str, semantics: str, perturbation: Perturbation, engine_name: str,
            solver: Engine, task: Task, constants: Mapping[str, int], notes: list[str],
            count: bool) -> AttractorResult:
    solver.check(task)
    answer = solver.solve(task)
    return _lifted(network, question, semantics, perturbation, engine_name, answer, constants,
                   notes + list(answer.notes), count, task.max_states)


def _lifted(network: Network, question: str, semantics: str, perturbation: Perturbation, engine_name: str,
            answer: Answer, constants: Mapping[str, int], notes: list[str], count: bool,
            max_states: int) -> AttractorResult:
    """The answer over every node of ``network`` (percolated constants put
    back), attractors in a stable order."""
    names = network.names
    found = answer.attractors
    if any(a.nodes != names for a in found):
        found = [a.project(names, constants, max_states) for a in found]
    return AttractorResult(
        network=network.name,
        semantics="fixed_points" if question == "fixed_points" else semantics,
        perturbation=perturbation,
        engine=engine_name,
        complete=answer.complete,
        attractors=tuple(sorted(found, key=Attractor.sort_key)),
        nodes=names,
        count=answer.count if count else None,
        notes=tuple(notes),
    )


def attractors(
    network: Network,
    *,
    semantics: str | None = None,
    perturbation: Perturbation | None = None,
    starts: Iterable[StartSpec] | None = None,
    phase: str = "late",
    engine: str = "auto",
    limit: int | None = None,
    timeout: float | None = None,
    max_states: int = MAX_LISTED_STATES,
    progress: Progress | None = None,
    count: bool = False,
) -> AttractorResult:
    """The attractors of ``network`` under ``semantics`` and ``perturbation``.

    With ``starts``, only the attractors reachable from those states (after
    the perturbation acts on them). ``phase="early"`` freezes slow nodes.
    ``engine`` is ``auto``, ``explicit``, ``asp`` or ``symbolic``.
    At most ``limit`` are listed (10,000 without one; a note says when more
    exist); ``count=True`` also counts them exactly (even past the limit).
    """
    semantics = resolve_semantics(semantics, network)
    return _solve(network, "attractors", semantics, perturbation, starts, phase, engine, limit,
                  count, timeout, max_states, progress)


#: variants asked together in one search of the reachable engine
VARIANT_BATCH = 32


def attractors_of_variants(
    network: Network,
    variants: Sequence[Variant],
    *,
    semantics: str | None = None,
    timeout: float | None = None,
    max_states: int = MAX_LISTED_STATES,
    progress: Progress | None = None,
) -> list[AttractorResult]:
    """The attractors reachable from each variant's starts, each variant a
    perturbation of ``network`` (its fixings, caps and frozen nodes), in the
    variants' order: what :func:`attractors` gives for each, asked together.

    The reachable engine visits the states of a batch of variants in one
    search, which is far cheaper than a search per variant when each reaches
    few states (alterations of a clone, treatments of one cell). The variants
    that reach too many states for a shared search are answered by the
    symbolic engine, on one BDD system for them all (without CUDD, each alone
    by :func:`attractors`)."""
    semantics = resolve_semantics(semantics, network)
    if semantics not in STATE_SEMANTICS:
        raise AnalysisError(f"the {semantics} semantics has no reachable states to visit; expected one of"
                            f" {', '.join(STATE_SEMANTICS)}")
    deadline = time.monotonic() + timeout if timeout else None
    task = Task(network, "attractors", semantics, None, None, False, max_states, deadline, progress)
    symbolic = _available("symbolic", task)
    engine = get_engine("reachable")
    out: list[AttractorResult | None] = [None] * len(variants)
    note = "engine: reachable (the variants' reachable states are visited in one search)"
    for first in range(0, len(variants), VARIANT_BATCH):
        batch = variants[first:first + VARIANT_BATCH]
        try:
            found = engine.solve_variants(task, batch)  # type: ignore[attr-defined]
        except Declined:
            continue  # (a start subspace too large to visit): answered below
        for k, (variant, attractors_) in enumerate(zip(batch, found)):
            if attractors_ is not None:
                out[first + k] = _variant_result(network, semantics, variant, "reachable", attractors_, note)
        if symbolic and first == 0 and 2 * sum(f is None for f in found) > len(batch):
            break  # most variants are too large to share a search: the symbolic engine takes the rest
    # the variants too large to share a search: symbolic reachability with one
    # BDD system for them all (a BDD holds many interleavings of independent
    # moves at once), else each alone by any engine
    left = [k for k, result in enumerate(out) if result is None]
    if left and symbolic:
        note = "engine: symbolic (the variants share one BDD system)"
        found = get_engine("symbolic").solve_variants(task, [variants[k] for k in left])  # type: ignore[attr-defined]
        for k, attractors_ in zip(left, found):
            out[k] = _variant_result(network, semantics, variants[k], "symbolic", attractors_, note)
    for k in left if not symbolic else ():
        variant = variants[k]
        alone = freeze(network, variant.frozen) if variant.frozen else network
        remaining = None if deadline is None else max(deadline - time.monotonic(), 1e-3)
        out[k] = attractors(alone, semantics=semantics, perturbation=Perturbation(variant.fixed, variant.caps),
                            starts=variant.starts, timeout=remaining, max_states=max_states, progress=progress)
    return out  # type: ignore[return-value]


def _available(engine: str, task: Task) -> bool:
    """Whether ``engine`` can answer ``task`` here (its optional libraries are installed)."""
    try:
        get_engine(engine).check(task)
    except EngineUnavailable:
        return False
    return True


def _variant_result(network: Network, semantics: str, variant: Variant, engine: str,
                    found: Sequence[Attractor], note: str) -> AttractorResult:
    """A variant's attractors (over ``network``'s nodes, sorted) as the result
    :func:`attractors` gives."""
    return AttractorResult(network=network.name, semantics=semantics,
                           perturbation=Perturbation(variant.fixed, variant.caps), engine=engine, complete=True,
                           attractors=tuple(sorted(found, key=Attractor.sort_key)), nodes=network.names,
                           notes=(note,))


def fixed_points(
    network: Network,
    *,
    perturbation: Perturbation | None = None,
    engine: str = "auto",
    limit: int | None = None,
    count: bool = False,
    timeout: float | None = None,
    max_states: int = MAX_LISTED_STATES,
    progress: Progress | None = None,
) -> AttractorResult:
    """The fixed points (steady states) of ``network`` under ``perturbation``:
    at most ``limit`` listed (10,000 without one; a note says when more
    exist); ``count=True`` also counts them exactly (even past the limit)."""
    return _solve(network, "fixed_points", "asynchronous", perturbation, None, "late", engine, limit,
                  count, timeout, max_states, progress)
