"""The visual conventions of every logicnet picture, in one place.

Diagrams, heatmaps and the HTML report take their colours and shapes from
here, so a level, a sign or a drug looks the same wherever it appears
(docs/pictures.md describes them for readers).
"""

from __future__ import annotations

__all__ = [
    "FONT",
    "SIGN_STYLE",
    "SHAPE",
    "KIND_FILL",
    "DRUG",
    "FIXED_BORDER",
    "WAVE_COLOUR",
    "LOOP_COLOUR",
    "SHUT_OFF",
    "OFF_FILL",
    "level_colour",
    "level_colours",
    "mix",
]

FONT = "Helvetica"

#: sign of an interaction -> (arrowhead, colour, legend text)
SIGN_STYLE = {
    "+": ("normal", "#1b7837", "activates"),
    "-": ("tee", "#c2352b", "inhibits"),
    "±": ("teenormal", "#2f64b5", "dual (activates or inhibits)"),
}

#: kind of node -> Graphviz shape (with ``style=rounded`` for ordinary nodes)
SHAPE = {"input": "ellipse", "node": "box", "phenotype": "hexagon"}

#: kind of node -> fill colour in the plain diagram
KIND_FILL = {"input": "#e9f3e2", "node": "#ffffff", "phenotype": "#e4ecf7"}

#: drugs: (fill, border and edge colour, colour of a panel drug that is not given)
DRUG = ("#fbe1df", "#a50f15", "#d9a3a3")

#: border colour of nodes fixed by a perturbation, by what fixed them
FIXED_BORDER = {"drug": "#a50f15", "alteration": "#6a3d9a", "context": "#1b7837", "set": "#444444"}

#: escape routes: colour by the first wave in which a route appears
WAVE_COLOUR = {"early": "#e66101", "late": "#7b3294"}
#: edges of the positive loops that sustain an escape
LOOP_COLOUR = "#d01c8b"
#: nodes and edges a treatment shuts off
SHUT_OFF = ("#d9d9d9", "#8c8c8c")  # fill, line/text

#: fill of a node at level 0
OFF_FILL = "#f4f4f4"
#: fills from the lowest to the highest active level
_ON_LOW = "#fdd9b5"
_ON_HIGH = "#e6550d"


def mix(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b`` (hex ``#rrggbb``)."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def level_colour(level: float, top: int) -> str:
    """Fill for ``level`` of a node with levels 0..``top``: light grey when off,
    then light to strong orange up to the maximum (a fractional mean level is
    placed between its neighbours)."""
    if top <= 0 or level <= 0:
        return OFF_FILL
    if level < 1:
        return mix(OFF_FILL, _ON_LOW if top > 1 else _ON_HIGH, level)
    if top == 1:
        return _ON_HIGH
    return mix(_ON_LOW, _ON_HIGH, (min(level, top) - 1) / (top - 1))


def level_colours(top: int) -> list[str]:
    """The fills of levels 0..``top``."""
    return [level_colour(k, top) for k in range(top + 1)]
