"""BNet (``targets, factors``), the rule table of BoolNet, PyBoolNet and bioLQM.

Reading: an optional ``targets, factors`` header, ``#`` comments, one
``target, expression`` line per node; ``X, X`` is a free input; ``X, 0`` and
``X, 1`` are constants. Regulators without a line become free inputs (with a
warning, as BoolNet does). Duplicate targets and BoolNet-only extensions
(probabilities, ``all()``/``maj()``/``sumgt()``, temporal ``X[-1]``) are refused.

Bits of a booleanized node (``X_b1 .. X_bm``, bioLQM's naming, which logicnet
writes too) are folded back into one multivalued ``X`` when the set is complete
and consistent (``fold_levels``: ``None`` = automatic, ``False`` = keep the bits;
see :mod:`logicnet.io._fold`).

Writing: a multivalued network is first booleanized (see
:mod:`logicnet.model.booleanize`): node ``X`` with levels 0..m becomes
``X_b1 .. X_bm`` where ``X_bk`` means "X >= k" (the generated bit rules
simplified); a header comment states it and lists what BNet cannot hold, which
logicnet keeps in ``#|`` comment lines (its extras, :mod:`logicnet.io._extras`).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, RulelessInputsWarning, SourceLocation
from logicnet.io._boolean import boolean_view, format_rule
from logicnet.io._extras import Native, apply_extras, comment_block, extras_text, loss_header, read_comment_block
from logicnet.io._fold import fold_levels as fold_bits
from logicnet.io.textfile import read_text, write_text
from logicnet.model.booleanize import target_at_least
from logicnet.model.expression import Atom, ExpressionSyntaxError, parse_expression_with_offsets
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["parse_bnet", "read_bnet", "generate_bnet", "write_bnet", "NATIVE"]

#: What BNet holds itself.
NATIVE = Native()

_HEADER = re.compile(r"\s*targets\s*,\s*(factors|functions)\s*(,\s*probabilities\s*)?\Z", re.IGNORECASE)
_MAYBE_EXTENSION = re.compile(r"[A-Za-z]\s*\(|\[")
_EXTENSIONS = re.compile(r"\b(all|any|maj|sumgt|sumlt|timeis|timegt|timelt)\s*\(|\[\s*-?\d+\s*\]", re.IGNORECASE)


def parse_bnet(text: str, *, source: str | None = None, name: str | None = None,
               fold_levels: bool | None = None) -> Network:
    """Read a network from BNet text (bits folded as ``fold_levels`` says)."""
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
        # a name before '(' or a '[' (cheap to look for) must come before any extension
        extension = _EXTENSIONS.search(expression) if _MAYBE_EXTENSION.search(expression) else None
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
    ruleless = {}
    for regulator, number in mentioned.items():
        if regulator not in nodes:
            ruleless[regulator] = SourceLocation(source, number)
            nodes[regulator] = Node(name=regulator, rule=None)
    if ruleless:  # one warning for the file, however many
        warnings.warn(RulelessInputsWarning(source, ruleless), stacklevel=2)
    if name is None:
        name = Path(source).stem if source else "network"
    body = Network(name=name, nodes=FrozenMap(nodes), source=source, locations=FrozenMap(locations))
    extras, line = read_comment_block(text)
    network = apply_extras(body, extras, source=source, line=line, column=3, fold=fold_levels is not False)
    if fold_levels is not False and network.is_boolean:
        network = fold_bits(network, explicit=fold_levels is True)
    return network


def read_bnet(path: str | Path, *, fold_levels: bool | None = None) -> Network:
    """Read a network from a ``.bnet`` file."""
    return parse_bnet(read_text(path), source=str(path), fold_levels=fold_levels)


def generate_bnet(network: Network) -> str:
    """BNet text for ``network``; multivalued networks are booleanized first."""
    boolean, bits = boolean_view(network)
    lines = ["# " + network.name]
    lines += ["# " + line for line in loss_header(network, NATIVE, keeps_extras=True, format_label="BNet")]
    if not network.is_boolean:
        lines.append("# booleanized: a node X with levels 0..m is written as X_b1 .. X_bm, X_bk meaning X >= k")
        for original, names in bits.items():
            if len(names) > 1:
                lines.append(f"#   {original}: {', '.join(names)}")
    width = max(len(n) for n in boolean.nodes)
    lines.append("targets, factors")
    for name, node in boolean.nodes.items():
        if node.rule is None:
            factor = name
        else:
            plain = node.rule.boolean_expression(1)
            if plain is None:  # a Boolean node written as cases: the condition for level 1
                plain = target_at_least(node.rule, 1)
            factor = format_rule(plain, "bnet")
        lines.append(f"{name + ',':<{width + 1}} {factor}")
    lines += comment_block(extras_text(network, NATIVE, bits))
    return "\n".join(lines) + "\n"


def write_bnet(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as BNet (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_bnet(network), force=force)
