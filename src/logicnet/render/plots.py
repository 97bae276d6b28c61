"""matplotlib figures (Agg backend, no display needed): attractor heatmaps,
drug-by-drug heatmaps and time courses. Each function writes one file (PNG,
SVG or PDF, from the suffix) and returns its path; :func:`figure_bytes` gives
the same figure as bytes for the HTML report.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from logicnet.dynamics.attractor import Attractor  # noqa: E402
from logicnet.dynamics.simulate import TimeCourse  # noqa: E402
from logicnet.errors import RenderError  # noqa: E402
from logicnet.render import styles  # noqa: E402

__all__ = [
    "attractor_heatmap",
    "attractor_heatmap_figure",
    "drug_pair_heatmap",
    "drug_pair_heatmap_figure",
    "time_course_plot",
    "time_course_figure",
    "figure_bytes",
    "PLOT_FORMATS",
    "Figure",
]

PLOT_FORMATS = ("png", "svg", "pdf")
#: nodes drawn by default in a time course (those that change, earliest first)
MAX_ROWS = 24
#: a fraction of the maximum level -> colour, the scale of the diagrams
_LEVELS = LinearSegmentedColormap.from_list(
    "logicnet_levels", [(0.0, styles.OFF_FILL), (0.001, styles.level_colour(1, 2)), (1.0, styles.level_colour(2, 2))]
)


def _save(figure: Figure, path: str | Path) -> Path:
    path = Path(path)
    format = path.suffix.lstrip(".").lower()
    if format not in PLOT_FORMATS:
        plt.close(figure)
        raise RenderError(f"cannot write a plot as '{path.suffix or path.name}': use .png, .svg or .pdf")
    figure.savefig(path, format=format, dpi=150, bbox_inches="tight", metadata=_metadata(format))
    plt.close(figure)
    return path


def _metadata(format: str) -> dict[str, None] | None:
    """No dates in the files, so the same figure gives the same bytes."""
    if format == "svg":
        return {"Date": None}
    if format == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return None


def figure_bytes(figure: Figure, format: str = "png") -> bytes:
    """The figure as PNG (or SVG/PDF) bytes; the figure is closed."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=format, dpi=110, bbox_inches="tight", metadata=_metadata(format))
    plt.close(figure)
    return buffer.getvalue()


# ---------------------------------------------------------------- attractors


def attractor_heatmap_figure(attractors: Sequence[Attractor], *, nodes: Sequence[str] | None = None,
                             levels: Mapping[str, int] | None = None, labels: Mapping[str, str] | None = None,
                             title: str = "", columns: Sequence[str] | None = None) -> Figure:
    """Nodes (rows) × attractors (columns), coloured by the node's mean level as a
    fraction of its maximum and labelled with its level(s) (``0/1`` where it varies).

    ``levels`` gives each node's maximum (default: the highest level seen, at
    least 1); ``labels`` display names; ``columns`` the column headings.
    """
    if not attractors:
        raise RenderError("no attractor to draw")
    nodes = list(nodes if nodes is not None else attractors[0].nodes)
    tops = [max(1, (levels or {}).get(n, max(max(a.levels(n)) for a in attractors))) for n in nodes]
    data = np.array([[a.mean_level(n) / top for a in attractors] for n, top in zip(nodes, tops)])
    width = min(2.2 + 0.75 * len(attractors), 18)
    figure, axes = plt.subplots(figsize=(width, 0.9 + 0.24 * len(nodes)))
    axes.imshow(data, cmap=_LEVELS, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    for i, node in enumerate(nodes):
        for j, attractor in enumerate(attractors):
            text = "/".join(map(str, attractor.levels(node)))
            axes.text(j, i, text, ha="center", va="center", fontsize=7,
                      color="white" if data[i, j] > 0.75 else "#333333")
    axes.set_yticks(range(len(nodes)), [(labels or {}).get(n, n) for n in nodes], fontsize=8)
    heads = list(columns) if columns is not None else [
        f"#{j + 1}" + ("" if a.size == 1 else f"\n{a.size} states") for j, a in enumerate(attractors)]
    axes.xaxis.tick_top()
    if len(attractors) > 6:
        axes.set_xticks(range(len(attractors)), heads, fontsize=8, rotation=40, ha="left", rotation_mode="anchor")
    else:
        axes.set_xticks(range(len(attractors)), heads, fontsize=8)
    axes.set_xticks(np.arange(-0.5, len(attractors)), minor=True)
    axes.set_yticks(np.arange(-0.5, len(nodes)), minor=True)
    axes.grid(which="minor", color="white", linewidth=1)
    axes.tick_params(which="both", length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    if title:
        axes.set_title(title, fontsize=10, loc="left", pad=24)
    return figure


def attractor_heatmap(attractors: Sequence[Attractor], path: str | Path, **options: object) -> Path:
    """Write :func:`attractor_heatmap_figure` to ``path`` (.png, .svg or .pdf)."""
    return _save(attractor_heatmap_figure(attractors, **options), path)  # type: ignore[arg-type]


# ---------------------------------------------------------------- drug pairs


def drug_pair_heatmap(drugs: Sequence[str], values: Mapping[tuple[str, str], float], path: str | Path,
                      **options: object) -> Path:
    """Write :func:`drug_pair_heatmap_figure` to ``path`` (.png, .svg or .pdf)."""
    return _save(drug_pair_heatmap_figure(drugs, values, **options), path)  # type: ignore[arg-type]


def drug_pair_heatmap_figure(
    drugs: Sequence[str],
    values: Mapping[tuple[str, str], float],
    *,
    marks: Mapping[tuple[str, str], str] | None = None,
    diagonal: Mapping[str, str] | None = None,
    centre: float | None = None,
    title: str = "",
    value_label: str = "score",
) -> Path:
    """A symmetric drug × drug heatmap of a value per pair.

    ``values[(a, b)]`` is the value of the pair (either order; ``(a, a)`` is
    drug ``a`` alone, drawn on the diagonal); pairs without a value are left
    blank. ``marks[(a, b)]`` is a short text written in the pair's cells (e.g.
    ``"H"`` for a synergy call) and ``diagonal[a]`` a text on ``a``'s diagonal
    cell (its score alone, when the colours are an excess). ``centre`` draws a
    diverging scale around that value (signed values are centred on 0 anyway).
    The figure grows with the number of drugs and the length of their names, so
    that labels neither overlap nor get cut.
    """
    drugs = list(drugs)
    if not drugs:
        raise RenderError("no drug to draw")
    index = {d: i for i, d in enumerate(drugs)}
    n = len(drugs)
    matrix = np.full((n, n), np.nan)
    for (a, b), value in values.items():
        for name in (a, b):
            if name not in index:
                raise RenderError(f"value for unknown drug '{name}' (drugs: {', '.join(drugs)})")
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = float(value)
    for a, b in marks or {}:
        for name in (a, b):
            if name not in index:
                raise RenderError(f"mark for unknown drug '{name}' (drugs: {', '.join(drugs)})")
    for name in diagonal or {}:
        if name not in index:
            raise RenderError(f"diagonal text for unknown drug '{name}' (drugs: {', '.join(drugs)})")
    cell = 0.5  # inches per drug: room for a mark or a two-decimal score at 8 pt
    label = max(len(d) for d in drugs) * 0.075  # inches taken by the longest name at 8 pt
    side = max(3.0, n * cell)
    figure, axes = plt.subplots(figsize=(side + label + 1.8, side + label + 0.9))
    finite = matrix[np.isfinite(matrix)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    middle = centre if centre is not None else (0.0 if low < 0 < high else None)
    if middle is not None:  # a signed value: a diverging scale, red above the centre
        bound = max(abs(low - middle), abs(high - middle)) or 1.0
        cmap, low, high = "RdBu_r", middle - bound, middle + bound
    else:
        cmap = "viridis"
        if low == high:
            low, high = low - 1, high + 1
    colormap = matplotlib.colormaps[cmap].with_extremes(bad="#f0f0f0")
    image = axes.imshow(np.ma.masked_invalid(matrix), cmap=colormap, vmin=low, vmax=high, interpolation="nearest")
    for (a, b), text in (marks or {}).items():
        cells = {(index[a], index[b]), (index[b], index[a])}
        for i, j in cells:
            value = matrix[i, j]
            dark = math.isfinite(value) and _is_dark(image.cmap(image.norm(value)))
            axes.text(j, i, text, ha="center", va="center", fontsize=9, fontweight="bold",
                      color="white" if dark else "black")
    for name, text in (diagonal or {}).items():
        i = index[name]
        value = matrix[i, i]
        dark = math.isfinite(value) and _is_dark(image.cmap(image.norm(value)))
        axes.text(i, i, text, ha="center", va="center", fontsize=7, color="white" if dark else "#333333")
    axes.set_xticks(range(n), drugs, rotation=60, ha="right", rotation_mode="anchor", fontsize=8)
    axes.set_yticks(range(n), drugs, fontsize=8)
    axes.set_xticks(np.arange(-0.5, n), minor=True)
    axes.set_yticks(np.arange(-0.5, n), minor=True)
    axes.grid(which="minor", color="white", linewidth=1.2)
    axes.tick_params(which="both", length=0)
    for i in range(n):  # the diagonal: single drugs
        axes.add_patch(plt.Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#333333", linewidth=1.4))
    bar = figure.colorbar(image, ax=axes, fraction=0.046, pad=0.03)
    bar.set_label(value_label, fontsize=9)
    if title:
        axes.set_title(textwrap.fill(title, max(40, int((side + label) * 14))), fontsize=9, loc="left")
    axes.set_xlabel("diagonal (framed): the drug alone", fontsize=8, color="#555555")
    for spine in axes.spines.values():
        spine.set_visible(False)
    return figure


def _is_dark(rgba: tuple[float, float, float, float]) -> bool:
    r, g, b = rgba[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5


# ---------------------------------------------------------------- time course


def time_course_figure(course: TimeCourse, *, nodes: Sequence[str] | None = None,
                       labels: Mapping[str, str] | None = None, title: str = "") -> Figure:
    """One row per node, orange for fast nodes and purple for slow ones (the
    colours of the two waves in the diagrams). Step semantics: the node's mean
    level over the runs after each step, on its own scale (0..its maximum).
    Rate-based semantics: the probability that the node is on (at level k or
    above, one line per level) against time, with its 95 % interval as a band.
    Default nodes: those that change, in the order their change starts, so that
    successive waves read from top to bottom."""
    chosen = list(nodes if nodes is not None else course.changing()[:MAX_ROWS])
    if not chosen:
        chosen = list(course.nodes[:8])
    figure, rows = plt.subplots(len(chosen), 1, sharex=True, squeeze=False,
                                figsize=(7.5, 0.5 * len(chosen) + 1.1) if not course.rate_based
                                else (7.5, 0.62 * len(chosen) + 1.2))
    fastest = min(course.speeds)
    times = course.time_points
    for axes, node in zip(rows[:, 0], chosen):
        top = course.levels[course.index(node)]
        colour = styles.WAVE_COLOUR["early" if course.speeds[course.index(node)] == fastest else "late"]
        if course.rate_based:
            for k in range(1, top + 1):
                shade = styles.mix(colour, "#ffffff", 0.35 * (top - k) / max(top - 1, 1)) if top > 1 else colour
                p = course.fraction_at_least(node, k)
                low, high = course.interval(node, k, at_least=True)
                axes.fill_between(times, low, high, color=styles.mix(shade, "#ffffff", 0.7), linewidth=0)
                axes.plot(times, p, color=shade, linewidth=1.5, label=f">= {k}" if top > 1 else None)
            axes.set_ylim(-0.05, 1.08)
            axes.set_yticks([0, 0.5, 1])
            if top > 1:
                axes.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=6, frameon=False)
        else:
            mean = course.mean(node)
            axes.fill_between(times, mean, step="post", color=styles.mix(colour, "#ffffff", 0.75), linewidth=0)
            axes.step(times, mean, where="post", color=colour, linewidth=1.6)
            axes.set_ylim(-0.05 * top, top * 1.08)
            axes.set_yticks(range(top + 1))
        axes.tick_params(axis="y", labelsize=7)
        axes.set_ylabel((labels or {}).get(node, node), rotation=0, ha="right", va="center", fontsize=9)
        axes.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    if course.semantics == "stochastic":
        xlabel = f"time ({course.time_unit}s)" if course.time_unit else "time"
    elif course.semantics == "random-async":
        xlabel = "step (one node update per step, chosen in proportion to its rate)"
    else:
        xlabel = "step" + (" (one node update per step)" if course.semantics != "synchronous"
                           else " (all nodes update each step)")
    rows[-1, 0].set_xlabel(xlabel, fontsize=9)
    rows[-1, 0].set_xlim(0, max(float(times[-1]), 1e-9))
    if course.rate_based:
        what = "window means" if course.averaged else "probability of each level"
        runs = f"{what} over {course.runs} runs, 95 % intervals"
    else:
        runs = f"mean level over {course.runs} runs" if course.runs > 1 else "one run"
    heading = title or course.perturbation.describe()
    speeds = "; orange: fast nodes, purple: slow nodes" if len(set(course.speeds)) > 1 else ""
    rows[0, 0].set_title(f"{heading}\n{course.semantics} semantics, {runs}, seed {course.seed}{speeds}",
                         fontsize=10, loc="left")
    figure.align_ylabels(rows[:, 0])
    return figure


def time_course_plot(course: TimeCourse, path: str | Path, **options: object) -> Path:
    """Write :func:`time_course_figure` to ``path`` (.png, .svg or .pdf)."""
    return _save(time_course_figure(course, **options), path)  # type: ignore[arg-type]
