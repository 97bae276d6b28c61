"""A report folder: the HTML report, its diagrams and attractor heatmaps on
disk, and the time course a report shows (``analyze -o DIR``, ``report``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from logicnet.analysis.analyze import AnalysisReport
from logicnet.dynamics.simulate import TimeCourse, simulate
from logicnet.errors import LogicnetError
from logicnet.io.textfile import check_writable
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.render.report import Picture, html_report, report_pictures, response_heatmaps, slug

__all__ = ["COURSE_RUNS", "COURSE_STEPS", "WrittenReport", "report_time_course", "write_report", "write_report_folder"]

#: defaults of the time course shown in reports: runs of the continuous-time
#: (stochastic) semantics, with the rates of the network (its default horizon:
#: ten times the slowest node's mean time); ``steps`` is for step semantics
COURSE_RUNS = 500
COURSE_STEPS = 60


@dataclass(frozen=True)
class WrittenReport:
    """What was written, and whether diagrams fell back to DOT (no Graphviz)."""

    paths: tuple[Path, ...]
    without_graphviz: bool


def course_treatment(network: Network, analysis: AnalysisReport, drugs: Sequence[str] | None = None,
                     context: str | None = None) -> Perturbation | None:
    """The treatment a report's time course shows: ``drugs`` (default: the
    first single drug escaped in the first context, else the first drug) in
    ``context`` (default: the first context analysed)."""
    if not analysis.contexts:
        return None
    first = analysis.contexts[0]
    if context is None:
        context = first.context
    if not drugs:
        escaped = [r.drugs for r in first.single_drugs if r.routes]
        drugs = escaped[0] if escaped else (first.single_drugs[0].drugs if first.single_drugs else None)
    if not drugs:
        return None
    for name in drugs:
        network.drug(name)
    return Perturbation.build(network, context=context, alterations=first.alterations, drugs=drugs)


def report_time_course(network: Network, analysis: AnalysisReport, *, drugs: Sequence[str] | None = None,
                       context: str | None = None, runs: int = COURSE_RUNS, steps: int | None = None,
                       seed: int = 0) -> TimeCourse | None:
    """The time course a report shows (see :func:`course_treatment`): cells
    from the untreated attractors, in real time under the network's rates
    (``stochastic``); with ``steps``, in update steps of the analysis's
    semantics instead."""
    treatment = course_treatment(network, analysis, drugs, context)
    if treatment is None:
        return None
    if steps is not None:
        return simulate(network, "untreated", semantics=analysis.semantics, perturbation=treatment, steps=steps,
                        runs=runs, seed=seed)
    return simulate(network, "untreated", semantics="stochastic", perturbation=treatment, runs=runs, seed=seed)


def write_report(network: Network, analysis: AnalysisReport, path: Path, *, course: TimeCourse | None,
                 force: bool = False) -> WrittenReport:
    """The self-contained HTML report at ``path``."""
    check_writable(path, force=force)
    pictures: list[Picture] = report_pictures(network, analysis)
    path.write_text(html_report(network, analysis, time_course=course, pictures=pictures), encoding="utf-8")
    return WrittenReport((path,), any(p.svg is None for p in pictures))


def write_report_folder(network: Network, analysis: AnalysisReport, folder: Path, *,
                        course: TimeCourse | None, force: bool = False) -> WrittenReport:
    """Write report.html, the diagrams (SVG, or DOT without Graphviz) and the
    attractor heatmaps (untreated and single-drug responses) into ``folder``.
    Nothing is replaced without ``force``: every target is checked first."""
    if folder.exists() and not folder.is_dir():
        raise LogicnetError(f"{folder} is a file, not a folder for the report")
    folder.mkdir(parents=True, exist_ok=True)
    pictures = report_pictures(network, analysis)
    targets = [folder / "report.html"]
    targets += [folder / f"{p.name}.{'svg' if p.svg is not None else 'dot'}" for p in pictures]
    targets += [folder / f"attractors_{slug(c.context or 'none')}.png" for c in analysis.contexts]
    for path in targets:
        check_writable(path, force=force)
    written = []
    heatmaps = response_heatmaps(network, analysis)
    targets[0].write_text(html_report(network, analysis, time_course=course, pictures=pictures, heatmaps=heatmaps),
                          encoding="utf-8")
    written.append(targets[0])
    for picture in pictures:
        path = folder / f"{picture.name}.{'svg' if picture.svg is not None else 'dot'}"
        path.write_text(picture.svg if picture.svg is not None else picture.dot, encoding="utf-8")
        written.append(path)
    for ctx, heatmap in zip(analysis.contexts, heatmaps):
        if heatmap is not None:
            path = folder / f"attractors_{slug(ctx.context or 'none')}.png"
            path.write_bytes(heatmap)
            written.append(path)
    return WrittenReport(tuple(written), any(p.svg is None for p in pictures))
