"""BNet (``targets, factors``), the rule table of BoolNet, PyBoolNet and bioLQM.

Reading: an optional ``targets, factors`` header, ``#`` comments, one
``target, expression`` line per node; ``X, X`` is a free input; ``X, 0`` and
``X, 1`` are constants. Regulators without a line become free inputs (with a
warning, as BoolNet does). Duplicate targets and BoolNet-only extensions
(probabilities, ``all()``/``maj()``/``sumgt()``, temporal ``X[-1]``) are refused.

Writing: a multivalued network is first booleanized (see
:mod:`logicnet.model.booleanize`): node ``X`` with levels 0..m becomes
``X_b1 .. X_bm`` where ``X_bk`` means "X >= k"; a header comment states it.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, SourceLocation
from logicnet.io.textfile import read_text, write_text
from logicnet.model.expression import (
    Atom,
    ExpressionSyntaxError,
    format_expression,
    parse_expression_with_offsets,
)
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["parse_bnet", "read_bnet", "generate_bnet", "write_bnet"]

_HEADER = re.compile(r"\s*targets\s*,\s*(factors|functions)\s*(,\s*probabilities\s*)?\Z", re.IGNORECASE)
_EXTENSIONS = re.compile(r"\b(all|any|maj|sumgt|sumlt|timeis|timegt|timelt)\s*\(|\[\s*-?\d+\s*\]", re.IGNORECASE)


def parse_bnet(text: str, *, source: str | None = None, name: str | None = None) -> Network:
    """Read a Boolean network from BNet text."""
    rules: dict[str, tuple[int, str, int]] = {}  # target -> (line, expression text, column)
    seen_rule = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        where = SourceLocation(source, number)
        header = _HEADER.match(line)
        if header:
            if seen_rule:
                raise FormatError("the 'targets, factors' header must come before the rules", where)
            if header.group(2):
                raise FormatError(
                    "probabilistic BoolNet networks ('targets, factors, probabilities') are not"
                    " supported: give one rule per target",
                    where,
                )
            continue
        if "," not in line:
            raise FormatError(
                f"expected 'target, expression', found '{line.strip()}'", where
            )
        target, expression = line.split(",", 1)
        target = target.strip()
        column = len(line) - len(line.lstrip()) + 1
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", target):
            raise FormatError(
                f"'{target}' is not a valid node id (letters, digits and '_', starting with a letter or '_')",
                SourceLocation(source, number, column),
            )
        if target in rules:
            first = rules[target][0]
            raise FormatError(
                f"'{target}' has two rules, on lines {first} and {number}: give each target one rule"
                " (BoolNet would read this as a probabilistic network)",
                SourceLocation(source, number, column),
            )
        extension = _EXTENSIONS.search(expression)
        if extension:
            raise FormatError(
                f"unsupported BoolNet extension '{extension.group(0).strip()}' in the rule for"
                f" '{target}': logicnet reads plain Boolean rules (! & | and parentheses)",
                SourceLocation(source, number, len(target) + expression.index(extension.group(0)) + 2),
            )
        rules[target] = (number, expression, line.index(",") + 2)
        seen_rule = True
    if not rules:
        raise FormatError("no rules found: expected lines 'target, expression'", SourceLocation(source))
    nodes: dict[str, Node] = {}
    locations: dict[str, SourceLocation] = {}
    mentioned: dict[str, int] = {}
    for target, (number, expression, column) in rules.items():
        try:
            expr, offsets = parse_expression_with_offsets(expression, allow_thresholds=False)
        except ExpressionSyntaxError as exc:
            offset = (exc.offset or 0) + column
            raise FormatError(f"rule for '{target}': {exc.message}", SourceLocation(source, number, offset)) from None
        locations[f"node:{target}"] = SourceLocation(source, number, 1)
        locations[f"rule:{target}"] = SourceLocation(source, number, column)
        for atom, offset in offsets.items():
            locations.setdefault(f"atom:{target}:{atom.node}", SourceLocation(source, number, column + offset))
            mentioned.setdefault(atom.node, number)
        if expr == Atom(target):
            nodes[target] = Node(name=target, rule=None)
        else:
            nodes[target] = Node(name=target, rule=Rule.boolean(expr))
    for regulator, number in mentioned.items():
        if regulator not in nodes:
            warnings.warn(
                f"{SourceLocation(source, number)}: '{regulator}' has no rule; it is read as a free input",
                stacklevel=2,
            )
            nodes[regulator] = Node(name=regulator, rule=None)
    if name is None:
        name = Path(source).stem if source else "network"
    return Network(name=name, nodes=FrozenMap(nodes), source=source, locations=FrozenMap(locations))


def read_bnet(path: str | Path) -> Network:
    """Read a Boolean network from a ``.bnet`` file."""
    return parse_bnet(read_text(path), source=str(path))


def generate_bnet(network: Network) -> str:
    """BNet text for ``network``; multivalued networks are booleanized first."""
    from logicnet.model.booleanize import booleanize, target_at_least

    lines = ["# " + network.name]
    if not network.is_boolean:
        encoded = booleanize(network)
        lines.append("# booleanized: a node X with levels 0..m is written as X_b1 .. X_bm, X_bk meaning X >= k")
        for original, bits in encoded.bits.items():
            if len(bits) > 1:
                lines.append(f"#   {original}: {', '.join(bits)}")
        network = encoded.network
    valued = [n for n in network.nodes.values() if n.is_input and n.value is not None]
    if valued:
        lines.append(
            "# inputs with a default level in the source (BNet keeps them free): "
            + ", ".join(f"{n.name}={n.value}" for n in valued)
        )
    width = max(len(n) for n in network.nodes)
    lines.append("targets, factors")
    for name, node in network.nodes.items():
        if node.rule is None:
            factor = name
        else:
            plain = node.rule.boolean_expression(1)
            if plain is None:  # a Boolean node written as cases: the condition for level 1
                plain = target_at_least(node.rule, 1)
            factor = format_expression(plain, style="bnet")
        lines.append(f"{name + ',':<{width + 1}} {factor}")
    return "\n".join(lines) + "\n"


def write_bnet(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as BNet (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_bnet(network), force=force)
