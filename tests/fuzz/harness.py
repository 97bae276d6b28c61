"""Generators of network files (valid, then mutated) and the check every
generated input must pass: reading, validation and a small attractor
computation either succeed or raise a logicnet error (one line, located in
the file when the reader raised it), never anything else.

The generators draw their choices from a :class:`Chooser`, so the same code
runs under hypothesis (tests/fuzz/test_fuzz.py: shrinking, a few thousand
examples in CI) and under a seeded ``random.Random`` (benchmarks/fuzz.py:
10^5 inputs).
"""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

from logicnet.dynamics import attractors, fixed_points
from logicnet.errors import LogicnetError
from logicnet.io import generate_bnet, generate_yaml, parse_bnet, parse_yaml
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from logicnet.validation import diagnose

__all__ = ["Chooser", "RandomChooser", "network_yaml", "network_bnet", "mutate", "exercise", "Outcome",
           "SOURCE", "MAX_EXPLICIT_BITS"]

SOURCE = "fuzz"
#: attractors are computed for networks with at most this many bits of state space
MAX_EXPLICIT_BITS = 10
NAMES = ["A", "B", "C", "D", "E", "F", "Erk", "MEK1_2", "p53", "_x", "NO", "on", "yes", "null", "Y"]


class Chooser(Protocol):
    def integer(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[Any]) -> Any: ...


class RandomChooser:
    """Choices from a seeded :class:`random.Random`."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.rng.randrange(len(options))]


# --------------------------------------------------------------------------- valid files


def _expression(c: Chooser, names: list[str], levels: dict[str, int], depth: int, bnet: bool) -> str:
    if depth == 0 or c.integer(0, 2) == 0:
        if c.integer(0, 10) == 0:
            return c.choice(["0", "1"] if bnet else ["0", "1", "true", "false"])
        name = c.choice(names)
        if not bnet and levels[name] > 1 and c.integer(0, 1):
            return c.choice([f"{name} >= {c.integer(1, levels[name])}", f"{name}:{c.integer(1, levels[name])}"])
        return name
    kind = c.integer(0, 3)
    if kind == 0:
        return c.choice(["!", "!", "~"] if not bnet else ["!"]) + _expression(c, names, levels, depth - 1, bnet)
    parts = [_expression(c, names, levels, depth - 1, bnet) for _ in range(c.integer(2, 3))]
    joiner = c.choice([" & ", " | ", " and ", " or "] if not bnet else [" & ", " | "])
    text = joiner.join(parts)
    return f"({text})" if c.integer(0, 1) else text


def network_yaml(c: Chooser) -> str:
    """The text of a valid logicnet network file (1-6 nodes, levels up to 3,
    drugs, alterations, contexts and scenarios)."""
    names = sorted({c.choice(NAMES) for _ in range(c.integer(1, 6))})
    levels = {n: (1 if c.integer(0, 2) else c.integer(2, 3)) for n in names}
    title = c.choice(["fuzz", "a network", "NO", '"quoted: name"'])
    lines = ["logicnet: 1", f"name: {title}", "nodes:"]
    inputs = []
    for n in names:
        top = levels[n]
        form = c.integer(0, 5)
        if form == 0:
            inputs.append(n)
            value = f", value: {c.integer(0, top)}" if c.integer(0, 1) else ""
            lines.append(f"  {n}: {{input: true{value}" + (f", levels: {top}" if top > 1 else "") + "}")
        elif top == 1 and form < 4:
            rule = _expression(c, names, levels, 2, False)
            lines.append(f"  {n}: \"{rule}\"" if c.integer(0, 1) else f"  {n}: '{rule}'")
        elif top == 1:
            speed = c.choice(["fast", "slow", "2"])
            extra = f", phenotype: true, goal: {c.integer(0, 1)}" if c.integer(0, 2) == 0 else ""
            lines.append(f"  {n}: {{rule: \"{_expression(c, names, levels, 2, False)}\", speed: {speed}{extra}}}")
        else:
            lines.append(f"  {n}:")
            lines.append(f"    levels: {top}")
            lines.append("    rule:")
            for level in range(top, 0, -1):
                if c.integer(0, 3):
                    lines.append(f"      - {{level: {level}, when: \"{_expression(c, names, levels, 2, False)}\"}}")
            lines.append(f"      - {{level: {c.integer(0, top)}}}")
            if c.integer(0, 2) == 0:
                lines.append("    phenotype: true")
                lines.append(f"    goal: \"{c.choice(['<=', '>=', ''])}{c.integer(0, top)}\"")
    drugs = []
    if c.integer(0, 1):
        lines.append("drugs:")
        for i in range(c.integer(1, 3)):
            targets = sorted({c.choice(names) for _ in range(c.integer(1, 2))})
            drugs.append(f"d{i}")
            if all(levels[t] == 1 for t in targets) or c.integer(0, 1):
                lines.append(f"  d{i}: {{targets: [{', '.join(targets)}]}}")
            else:
                effects = ", ".join(f"{t}: \"<={c.integer(0, levels[t] - 1)}\"" if levels[t] > 1 else f"{t}: 0"
                                    for t in targets)
                lines.append(f"  d{i}: {{targets: {{{effects}}}, class: kinase inhibitor}}")
    alterations = []
    if c.integer(0, 1):
        lines.append("alterations:")
        for i in range(c.integer(1, 2)):
            node = c.choice(names)
            alterations.append(f"a{i}")
            lines.append(f"  a{i}: {{{node}: {c.integer(0, levels[node])}}}")
    contexts = []
    if inputs and c.integer(0, 1):
        lines.append("contexts:")
        for i in range(c.integer(1, 2)):
            contexts.append(f"c{i}")
            lines.append(f"  c{i}: {{" + ", ".join(f"{n}: {c.integer(0, levels[n])}" for n in inputs) + "}")
    if c.integer(0, 2) == 0:
        lines.append("scenarios:")
        for i in range(c.integer(1, 2)):
            node = c.choice(names)
            lines.append(f"  - name: s{i}")
            if contexts and c.integer(0, 1):
                lines.append(f"    context: {c.choice(contexts)}")
            if alterations and c.integer(0, 1):
                lines.append(f"    alterations: [{c.choice(alterations)}]")
            if drugs and c.integer(0, 1):
                lines.append(f"    drugs: [{c.choice(drugs)}]")
            lines.append(f"    semantics: {c.choice(['asynchronous', 'synchronous', 'mostpermissive', 'priority'])}")
            expectation = c.choice([str(c.integer(0, levels[node])), f"{{some: {c.integer(0, levels[node])}}}"])
            lines.append(f"    expect: {{{node}: {expectation}}}")
    return "\n".join(lines) + "\n"


def network_bnet(c: Chooser) -> str:
    """The text of a valid BNet file (1-7 targets; other regulators are free inputs)."""
    names = sorted({c.choice(["A", "B", "C", "D", "E", "F", "G", "x_1", "Erk"]) for _ in range(c.integer(1, 7))})
    levels = {n: 1 for n in names}
    lines = ["# fuzz"] if c.integer(0, 1) else []
    if c.integer(0, 1):
        lines.append(c.choice(["targets, factors", "targets,factors", "Targets, Functions"]))
    for n in names:
        rule = n if c.integer(0, 8) == 0 else _expression(c, names, levels, 2, True)
        lines.append(f"{n}, {rule}" + (" # note" if c.integer(0, 6) == 0 else ""))
    return c.choice(["\n", "\r\n"]).join(lines) + "\n"


# --------------------------------------------------------------------------- mutations

#: what mutations insert: YAML and rule syntax, numbers, odd characters
FRAGMENTS = [
    ":", ": ", "- ", "[", "]", "{", "}", ",", "!", "&", "|", "(", ")", "*", "&a ", "*a", "#", "'", '"', "\\",
    "\t", "\n", "\r", " ", "  ", "---\n", "...\n", "%YAML 1.1\n", "!!str ", "!!python/object:os.system ",
    "<<: ", "? ", "|\n", ">\n", ">=", ":2", " >= 99", "0", "1", "2", "-1", "1.5", "1e9", "0x10", "99999999999",
    "9" * 5000, "N" * 300, "N" * 2000, "true", "false", "null", "~", "yes", "NO", "levels: ", "levels: 16",
    "rule: ", "input: true", "value: ", "targets: ", "goal: ", "speed: ", "when: ", "level: ",
    "\x00", "\x01", "\x1b", "\x7f", "\u0085", "\u2028", "\ufeff", "\ud800", "é", "→", "🧬", "\u200b",
    "[" * 40, "{a: " * 40, "!" * 150, "(" * 60, ")" * 60, "maj(", "A[-1]", "targets, factors, probabilities\n",
]


def mutate(c: Chooser, text: str) -> str:
    """``text`` after 1-4 random edits: characters inserted, deleted or
    replaced, lines deleted, duplicated, swapped or re-indented."""
    for _ in range(c.integer(1, 4)):
        kind = c.integer(0, 7)
        lines = text.split("\n")
        if kind <= 1:
            at = c.integer(0, len(text))
            text = text[:at] + c.choice(FRAGMENTS) + text[at:]
        elif kind == 2 and text:
            at = c.integer(0, len(text) - 1)
            text = text[:at] + text[at + c.integer(1, 8):]
        elif kind == 3 and text:
            at = c.integer(0, len(text) - 1)
            text = text[:at] + c.choice(FRAGMENTS) + text[at + 1:]
        elif kind == 4 and len(lines) > 1:
            del lines[c.integer(0, len(lines) - 1)]
            text = "\n".join(lines)
        elif kind == 5:
            i = c.integer(0, len(lines) - 1)
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == 6 and len(lines) > 1:
            i, j = c.integer(0, len(lines) - 1), c.integer(0, len(lines) - 1)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            i = c.integer(0, len(lines) - 1)
            lines[i] = c.choice(["", " ", "  ", "    ", "\t"]) + lines[i].lstrip(" ") if c.integer(0, 1) \
                else lines[i][c.integer(0, 4):]
            text = "\n".join(lines)
    return text


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ``read`` (and how many attractors were
    computed) or ``refused`` (with the error's class)."""

    kind: str
    detail: str


def _check_error(exc: LogicnetError, stage: str) -> None:
    text = str(exc)
    assert text.strip() and "\n" not in text and "\r" not in text, f"not one line: {text!r}"
    assert "Traceback" not in text
    if stage == "read":
        assert exc.location is not None and exc.location.file == SOURCE, f"no location: {text}"


def _bits(network: Network) -> float:
    return sum(math.log2(node.levels + 1) for node in network.nodes.values())


def exercise(text: str, form: str) -> Outcome:
    """Read ``text`` (``form`` is ``yaml`` or ``bnet``), validate it, write it
    back and read it again, and when it is small compute its attractors
    (explicit engine, the network's semantics) and fixed points (asp), which
    must agree. Any exception other than a one-line :class:`LogicnetError`
    escapes."""
    parse: Callable[..., Network] = parse_yaml if form == "yaml" else parse_bnet
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            network = parse(text, source=SOURCE)
        except LogicnetError as exc:
            _check_error(exc, "read")
            return Outcome("refused", type(exc).__name__)
        diagnose(network)
        again = parse_yaml(generate_yaml(network), source="written")
        assert again == network, "a network written as YAML reads back different"
        if network.is_boolean:
            assert parse_bnet(generate_bnet(network), source="written").names == network.names
    if _bits(network) > MAX_EXPLICIT_BITS:
        return Outcome("read", "large")
    perturbation = Perturbation()
    try:
        perturbation = Perturbation.build(network, context=next(iter(network.contexts), None),
                                          alterations=list(network.alterations)[:1], drugs=list(network.drugs)[:1])
    except LogicnetError as exc:
        _check_error(exc, "perturb")
    found = attractors(network, perturbation=perturbation, engine="explicit")
    points = fixed_points(network, perturbation=perturbation, engine="asp", count=True)
    assert points.count == len(points.attractors)
    fixed = {a.cover[0] for a in found.attractors if a.kind == "fixed_point"}
    assert {a.cover[0] for a in points.attractors} == fixed, "the fixed points are not the one-state attractors"
    return Outcome("read", f"{len(found.attractors)} attractors")
