"""BooleanNet rule files (``A* = B and not C``), as read by booleannet,
PyBoolNet, pystablemotifs, bioLQM and AEON.

Reading: ``A* = expression`` (also ``A *= ...``) with ``and``, ``or``, ``not``
(any case), parentheses, ``True`` and ``False``; an optional rank label
(``1: A* = ...``) is ignored; ``#`` starts a comment. Initial-value lines
``A = B = True`` give an input its value (``Random`` leaves it free; initial
values of other nodes are not kept, with a warning, since a logicnet network has
no initial state). ``A* = A`` is a free input; a node used without a rule is
a free input too (with a warning). Names may contain ``-`` and ``+``
(``C-Myc``): they become ids with ``_`` (``C_Myc``), the original kept as the
label. Bits of a booleanized node (``X_b1``, ``X_2`` ...) are ordinary Boolean
nodes unless logicnet's extras say otherwise.

Writing: multivalued nodes are booleanized (``X_b1 .. X_bm``); inputs with a
value get an initial-value line; what the format cannot hold goes to the
``#|`` extras (see :mod:`logicnet.io._extras`).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, RulelessInputsWarning, SourceLocation
from logicnet.io._boolean import boolean_view, format_rule
from logicnet.io._extras import Native, apply_extras, comment_block, extras_text, loss_header, read_comment_block
from logicnet.io.textfile import read_text, write_text
from logicnet.model.expression import (
    RESERVED_WORDS,
    Atom,
    ExpressionSyntaxError,
    parse_expression_with_offsets,
)
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["parse_booleannet", "read_booleannet", "generate_booleannet", "write_booleannet", "NATIVE"]

#: What BooleanNet holds itself.
NATIVE = Native(input_values=True)

_NAME = r"[A-Za-z_+\-][A-Za-z0-9_+\-.]*"
_RULE = re.compile(rf"\s*(?:\d+\s*:\s*)?(?P<target>{_NAME})\s*\*\s*=(?P<expr>.*)\Z")
_INIT = re.compile(rf"\s*(?P<names>{_NAME}(?:\s*=\s*{_NAME})*)\s*=\s*(?P<value>\S+)\s*\Z")
_TOKEN = re.compile(rf"\s+|[()]|{_NAME}|[0-9]+|.")
_OPERATORS = {"and": "&", "or": "|", "not": "!", "true": "1", "false": "0"}
_KEYWORDS = ("true", "false", "random", "and", "or", "not")


class _Names:
    """BooleanNet names → logicnet ids (``C-Myc`` → ``C_Myc``, label ``C-Myc``)."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.taken: set[str] = set()

    def id(self, name: str) -> str:
        known = self.ids.get(name)
        if known is not None:
            return known
        ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not re.match(r"[A-Za-z_]", ident):
            ident = "_" + ident
        if ident.lower() in RESERVED_WORDS:
            ident += "_"
        base, n = ident, 2
        while ident in self.taken:
            ident, n = f"{base}_{n}", n + 1
        self.taken.add(ident)
        self.ids[name] = ident
        return ident

    def label(self, ident: str) -> str | None:
        for name, i in self.ids.items():
            if i == ident and name != ident:
                return name
        return None


def _translate(text: str, names: _Names) -> tuple[str, list[int]]:
    """BooleanNet expression → logicnet syntax, with the source column of each output character."""
    out: list[str] = []
    columns: list[int] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token.isspace():
            continue
        lowered = token.lower()
        if lowered == "random":
            raise ExpressionSyntaxError("'Random' rules are not supported: logicnet rules are deterministic",
                                        match.start())
        if lowered in _OPERATORS:
            piece = _OPERATORS[lowered]
        elif re.fullmatch(_NAME, token):
            piece = names.id(token)
        else:
            piece = token
        if out:
            out.append(" ")
            columns.append(match.start())
        out.append(piece)
        columns.extend([match.start()] * len(piece))
    return "".join(out), columns


def parse_booleannet(text: str, *, source: str | None = None, name: str | None = None,
                     fold_levels: bool | None = None) -> Network:
    """Read a Boolean network from BooleanNet text."""
    names = _Names()
    rules: dict[str, tuple[int, str, str]] = {}  # id -> (line, translated expression, raw)
    initial: dict[str, tuple[int, str]] = {}
    order: list[str] = []
    mentioned: dict[str, int] = {}
    locations: dict[str, SourceLocation] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        where = SourceLocation(source, number)
        rule = _RULE.match(line)
        if rule:
            target_name = rule.group("target")
            if target_name.lower() in _KEYWORDS:
                raise FormatError(f"'{target_name}' is a keyword, not a node name", where)
            target = names.id(target_name)
            if target in rules:
                raise FormatError(f"'{target_name}' has two rules, on lines {rules[target][0]} and {number}:"
                                  " give each node one rule", where)
            expression = rule.group("expr")
            start = rule.start("expr")
            try:
                translated, columns = _translate(expression, names)
            except ExpressionSyntaxError as exc:
                raise FormatError(f"rule for '{target_name}': {exc.message}",
                                  SourceLocation(source, number, start + (exc.offset or 0) + 1)) from None
            try:
                expr, offsets = parse_expression_with_offsets(translated, allow_thresholds=False)
            except ExpressionSyntaxError as exc:
                offset = columns[min(exc.offset or 0, len(columns) - 1)] if columns else 0
                raise FormatError(f"rule for '{target_name}': {exc.message}",
                                  SourceLocation(source, number, start + offset + 1)) from None
            rules[target] = (number, translated, expression)
            order.append(target)
            locations[f"node:{target}"] = SourceLocation(source, number, 1)
            locations[f"rule:{target}"] = SourceLocation(source, number, start + 1)
            for atom, offset in offsets.items():
                locations.setdefault(f"atom:{target}:{atom.node}",
                                     SourceLocation(source, number, start + columns[offset] + 1))
                mentioned.setdefault(atom.node, number)
            continue
        init = _INIT.match(line)
        if init:
            value = init.group("value")
            if value.lower() not in ("true", "false", "random", "1", "0"):
                raise FormatError(f"initial value '{value}': expected True, False or Random", where)
            for item in re.split(r"\s*=\s*", init.group("names").strip()):
                initial[names.id(item)] = (number, value.lower())
            continue
        raise FormatError(f"expected a rule 'A* = expression' or initial values 'A = True', found"
                          f" '{line.strip()}'", where)
    if not rules:
        raise FormatError("no rules found: expected lines 'A* = expression'", SourceLocation(source))
    nodes: dict[str, Node] = {}
    for target in order:
        number, translated, _ = rules[target]
        expr = parse_expression_with_offsets(translated, allow_thresholds=False)[0]
        label = names.label(target)
        if expr == Atom(target):
            nodes[target] = Node(name=target, rule=None, label=label)
        else:
            nodes[target] = Node(name=target, rule=Rule.boolean(expr), label=label)
    ruleless = {}
    for regulator, number in mentioned.items():
        if regulator not in nodes:
            ruleless[names.label(regulator) or regulator] = SourceLocation(source, number)
            nodes[regulator] = Node(name=regulator, rule=None, label=names.label(regulator))
    if ruleless:  # one warning for the file, however many
        warnings.warn(RulelessInputsWarning(source, ruleless), stacklevel=2)
    dropped = []
    for ident, (number, value) in initial.items():
        node = nodes.get(ident)
        if node is None:
            raise FormatError(f"initial value for '{names.label(ident) or ident}', which has no rule and is not"
                              " used by any rule", SourceLocation(source, number))
        if value == "random":
            continue
        if node.is_input:
            nodes[ident] = Node(name=ident, rule=None, value=int(value in ("true", "1")), label=node.label)
        else:
            dropped.append(names.label(ident) or ident)
    if dropped:
        warnings.warn(f"{SourceLocation(source)}: initial values of {len(dropped)} non-input node(s) are not kept"
                      f" ({', '.join(dropped[:5])}{', ...' if len(dropped) > 5 else ''}): a logicnet network"
                      " has no initial state (give start states with --from)", stacklevel=2)
    if name is None:
        name = Path(source).stem if source else "network"
    body = Network(name=name, nodes=FrozenMap(nodes), source=source, locations=FrozenMap(locations))
    extras, line = read_comment_block(text)
    return apply_extras(body, extras, source=source, line=line, column=3, fold=fold_levels is not False)


def read_booleannet(path: str | Path, *, fold_levels: bool | None = None) -> Network:
    """Read a Boolean network from a BooleanNet file (``.booleannet``)."""
    return parse_booleannet(read_text(path), source=str(path), fold_levels=fold_levels)


def generate_booleannet(network: Network) -> str:
    """BooleanNet text for ``network`` (multivalued nodes booleanized; extras in ``#|`` lines)."""
    for name in network.nodes:
        if name.lower() in _KEYWORDS:
            raise FormatError(f"node '{name}' cannot be written in BooleanNet, where '{name}' is a keyword")
    boolean, bits = boolean_view(network)
    lines = [f"# {network.name}"]
    lines += ["# " + line for line in loss_header(network, NATIVE, keeps_extras=True, format_label="BooleanNet")]
    if not network.is_boolean:
        lines.append("# booleanized: a node X with levels 0..m is written as X_b1 .. X_bm, X_bk meaning X >= k")
    for name, node in boolean.nodes.items():
        if node.rule is None:
            factor = name
        else:
            plain = node.rule.boolean_expression(1)
            assert plain is not None
            factor = format_rule(plain, "booleannet")
        lines.append(f"{name}* = {factor}")
    values = [(n, node.value) for n, node in boolean.nodes.items() if node.is_input and node.value is not None]
    if values:
        lines.append("")
        lines += [f"{n} = {'True' if v else 'False'}" for n, v in values]
    block = comment_block(extras_text(network, NATIVE, bits))
    if block:
        lines.append("")
        lines += block
    return "\n".join(lines) + "\n"


def write_booleannet(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as BooleanNet (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_booleannet(network), force=force)

