"""The documented limits of what logicnet reads (docs/format.md, "Limits").

They are far above any published model (the largest of the Boolean model
repositories is about 1.5 MB, nests rules 8 deep, uses levels up to 3 and
names up to 107 characters) and low enough that a mistaken or hostile file
is refused with a clear message instead of exhausting memory or the stack.
"""

from __future__ import annotations

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_RULE_DEPTH",
    "MAX_LEVEL",
    "MAX_NAME_LENGTH",
    "MAX_NUMBER_DIGITS",
    "shown_name",
]

#: the largest network file read, in bytes (16 MiB)
MAX_FILE_BYTES = 16 * 1024 * 1024

#: the deepest nesting of YAML lists and mappings in a network file
MAX_NESTING = 32

#: the deepest nesting of operators (``!``, ``&``, ``|`` alternating) in one rule
MAX_RULE_DEPTH = 100

#: the highest level a node may have (``levels: 15`` means levels 0..15)
MAX_LEVEL = 15

#: the longest id of a node, drug, alteration, context or scenario
MAX_NAME_LENGTH = 255

#: the most digits read in a number (levels, thresholds, speeds)
MAX_NUMBER_DIGITS = 9


def shown_name(name: str, width: int = 40) -> str:
    """``name`` as messages show it: on one line, cut to ``width`` characters
    with its length when longer, so that a runaway name cannot flood the
    terminal."""
    shown = " ".join(name.split()) if any(c.isspace() and c != " " for c in name) else name  # one line
    if len(shown) <= width:
        return shown
    return f"{shown[:width]}… ({len(name)} characters)"
