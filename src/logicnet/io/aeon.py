"""AEON (``.aeon``), the format of AEON and biodivine-aeon (Boolean).

Reading: regulations ``A -> B`` (activation), ``A -| B`` (inhibition),
``A -? B`` (unknown or dual sign); a trailing ``?`` (``->?``, ``-|?``, ``-??``)
marks a regulation that need not be observable. Update functions
``$B: expression`` with ``!``, ``&``, ``|``, ``^`` (xor), ``=>``, ``<=>``,
``true``/``false`` (``1``/``0``). ``#!`` annotations, ``#position`` layout lines
and ``#`` comments are skipped. A variable without ``$X:`` and without
regulators is a free input; one with regulators but no function is a
partially specified (parametrised) network, which logicnet cannot read, as are
uninterpreted functions ``f(A, B)``. Declared regulations are checked against
the functions: a sign or an observable regulation the function contradicts is
reported as a warning (logicnet's signs come from the functions).

Writing: one regulation per functional regulator with the sign of its effect
(``-?`` when it acts both ways), observable; regulators a rule mentions
without effect as ``-??``; inputs as ``$X: X`` (AEON reads a missing function
as unknown, not as an input). Multivalued nodes are booleanized; what AEON
cannot hold goes to the ``#|`` extras (see :mod:`logicnet.io._extras`).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, SourceLocation
from logicnet.io._boolean import boolean_view, format_rule
from logicnet.io._extras import Native, apply_extras, comment_block, extras_text, loss_header, read_comment_block
from logicnet.io.textfile import read_text, write_text
from logicnet.model.expression import FALSE, NAME_PATTERN, RESERVED_WORDS, TRUE, Atom, Expr, conj, disj, neg
from logicnet.model.frozen import FrozenMap
from logicnet.model.functions import influences, new_bdd
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["parse_aeon", "read_aeon", "generate_aeon", "write_aeon", "NATIVE", "Regulation"]

#: What AEON holds itself.
NATIVE = Native()

_REGULATION = re.compile(r"\s*(?P<source>[^\s$#]+)\s+-(?P<sign>[>|?])(?P<hidden>\??)\s+(?P<target>[^\s#]+)\s*\Z")
_FUNCTION = re.compile(r"\s*\$\s*(?P<target>[^\s:]+)\s*:(?P<expr>.*)\Z")
_TOKEN = re.compile(r"\s+|<=>|=>|[!&|^(),]|[A-Za-z0-9_{}]+|.")
_PRECEDENCE = {"<=>": 1, "=>": 2, "|": 3, "^": 4, "&": 5}
_SIGNS = {">": "+", "|": "-", "?": "?"}


class Regulation:
    """A declared regulation: ``sign`` is ``+``, ``-`` or ``?``; ``observable`` as written."""

    def __init__(self, source: str, target: str, sign: str, observable: bool, line: int):
        self.source, self.target, self.sign, self.observable, self.line = source, target, sign, observable, line


def _parse_function(text: str, fail: "_Fail") -> tuple[Expr, dict[str, int]]:
    """An AEON expression (iterative precedence parse) and where each name first occurs."""
    operands: list[Expr] = []
    operators: list[tuple[str, int]] = []
    offsets: dict[str, int] = {}
    expect_operand = True

    def apply(op: str) -> None:
        if op == "!":
            if not operands:
                fail("'!' needs an operand", None)
            operands.append(neg(operands.pop()))
            return
        if len(operands) < 2:
            fail(f"'{op}' needs an operand on each side", None)
        b, a = operands.pop(), operands.pop()
        if op == "&":
            operands.append(conj(a, b))
        elif op == "|":
            operands.append(disj(a, b))
        elif op == "^":
            operands.append(disj(conj(a, neg(b)), conj(neg(a), b)))
        elif op == "=>":
            operands.append(disj(neg(a), b))
        else:
            operands.append(disj(conj(a, b), conj(neg(a), neg(b))))

    for match in _TOKEN.finditer(text):
        token, at = match.group(0), match.start()
        if token.isspace():
            continue
        if token == "(":
            if not expect_operand:
                fail("uninterpreted functions such as f(A, B) (partially specified networks) are not supported;"
                     " give the update function in full", at)
            operators.append(("(", at))
        elif token == ")":
            while operators and operators[-1][0] != "(":
                apply(operators.pop()[0])
            if not operators:
                fail("')' has no matching '('", at)
            operators.pop()
            expect_operand = False
        elif token == "!":
            operators.append(("!", at))
            expect_operand = True
        elif token in _PRECEDENCE:
            if expect_operand:
                fail(f"'{token}' needs an operand before it", at)
            while operators and operators[-1][0] != "(" and (
                    operators[-1][0] == "!" or _PRECEDENCE[operators[-1][0]] >= _PRECEDENCE[token]):
                apply(operators.pop()[0])
            operators.append((token, at))
            expect_operand = True
        elif re.fullmatch(r"[A-Za-z0-9_{}]+", token):
            if not expect_operand:
                fail(f"missing operator before '{token}'", at)
            lowered = token.lower()
            if lowered in ("true", "1"):
                operands.append(TRUE)
            elif lowered in ("false", "0"):
                operands.append(FALSE)
            else:
                if not NAME_PATTERN.match(token) or lowered in RESERVED_WORDS:
                    fail(f"'{token}' is not a valid node id for logicnet (letters, digits and '_')", at)
                operands.append(Atom(token))
                offsets.setdefault(token, at)
            expect_operand = False
        else:
            fail(f"unexpected character '{token}': AEON functions use ! & | ^ => <=> and parentheses", at)
    while operators:
        op, at = operators.pop()
        if op == "(":
            fail("'(' is never closed", at)
        apply(op)
    if len(operands) != 1:
        fail("the function is empty" if not operands else "missing operator", None)
    return operands[0], offsets


class _Fail:
    def __init__(self, source: str | None, line: int, column: int, target: str):
        self.source, self.line, self.column, self.target = source, line, column, target

    def __call__(self, message: str, at: int | None) -> None:
        column = self.column + at if at is not None else None
        raise FormatError(f"function of '{self.target}': {message}", SourceLocation(self.source, self.line, column))


def parse_aeon(text: str, *, source: str | None = None, name: str | None = None,
               fold_levels: bool | None = None) -> Network:
    """Read a Boolean network from AEON text."""
    regulations: list[Regulation] = []
    functions: dict[str, tuple[int, Expr]] = {}
    order: dict[str, None] = {}
    locations: dict[str, SourceLocation] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = SourceLocation(source, number)
        function = _FUNCTION.match(raw)
        if function:
            target = function.group("target")
            if not NAME_PATTERN.match(target) or target.lower() in RESERVED_WORDS:
                raise FormatError(f"'{target}' is not a valid node id for logicnet (letters, digits and '_')", where)
            if target in functions:
                raise FormatError(f"'{target}' has two functions, on lines {functions[target][0]} and {number}", where)
            column = function.start("expr") + 1
            expr, offsets = _parse_function(function.group("expr"), _Fail(source, number, column, target))
            functions[target] = (number, expr)
            order.setdefault(target)
            locations[f"node:{target}"] = SourceLocation(source, number, 1)
            locations[f"rule:{target}"] = SourceLocation(source, number, column)
            for regulator, at in offsets.items():
                locations.setdefault(f"atom:{target}:{regulator}", SourceLocation(source, number, column + at))
                order.setdefault(regulator)
            continue
        regulation = _REGULATION.match(raw)
        if regulation:
            for key in ("source", "target"):
                ident = regulation.group(key)
                if not NAME_PATTERN.match(ident) or ident.lower() in RESERVED_WORDS:
                    raise FormatError(f"'{ident}' is not a valid node id for logicnet (letters, digits and '_')", where)
            regulations.append(Regulation(regulation.group("source"), regulation.group("target"),
                                          _SIGNS[regulation.group("sign")], not regulation.group("hidden"), number))
            order.setdefault(regulation.group("source"))
            order.setdefault(regulation.group("target"))
            continue
        raise FormatError(f"expected a regulation 'A -> B' (or -|, -?) or a function '$B: ...', found '{line}'",
                          where)
    if not order:
        raise FormatError("no variables found: expected regulations 'A -> B' and functions '$B: ...'",
                          SourceLocation(source))
    regulated = {r.target: r.line for r in regulations}
    nodes: dict[str, Node] = {}
    for variable in order:
        if variable in functions:
            expr = functions[variable][1]
            nodes[variable] = Node(variable, None if expr == Atom(variable) else Rule.boolean(expr))
        elif variable in regulated:
            raise FormatError(f"'{variable}' has regulators but no update function '${variable}: ...': logicnet"
                              " reads fully specified networks only", SourceLocation(source, regulated[variable]))
        else:
            nodes[variable] = Node(variable, None)
    if name is None:
        name = Path(source).stem if source else "network"
    body = Network(name=name, nodes=FrozenMap(nodes), source=source, locations=FrozenMap(locations))
    _check_regulations(body, regulations, source)
    extras, line = read_comment_block(text)
    return apply_extras(body, extras, source=source, line=line, column=3, fold=fold_levels is not False)


def _check_regulations(network: Network, regulations: list[Regulation], source: str | None) -> None:
    """Warn where a declared sign or observability contradicts the function."""
    bdd = new_bdd()
    effects: dict[str, dict[str, str]] = {}
    for target in {r.target for r in regulations}:
        if network.nodes[target].rule is None:
            effects[target] = {target: "+"}
            continue
        found, _ = influences(network, target, bdd)
        effects[target] = {i.source: i.sign for i in found}
    for r in regulations:
        sign = effects.get(r.target, {}).get(r.source)
        where = SourceLocation(source, r.line)
        if sign is None and r.observable:
            warnings.warn(f"{where}: '{r.source}' is declared an observable regulator of '{r.target}', but the"
                          " function does not depend on it", stacklevel=3)
        elif sign is not None and r.sign != "?" and sign != r.sign:
            actual = {"+": "activating", "-": "inhibiting", "±": "both activating and inhibiting"}[sign]
            warnings.warn(f"{where}: '{r.source}' is declared {'an activator' if r.sign == '+' else 'an inhibitor'}"
                          f" of '{r.target}', but the function makes it {actual}", stacklevel=3)


def read_aeon(path: str | Path, *, fold_levels: bool | None = None) -> Network:
    """Read a Boolean network from an ``.aeon`` file."""
    return parse_aeon(read_text(path), source=str(path), fold_levels=fold_levels)


def generate_aeon(network: Network) -> str:
    """AEON text for ``network`` (regulations from the functions; extras in ``#|`` lines)."""
    boolean, bits = boolean_view(network)
    lines = [f"# {network.name}"]
    lines += ["# " + line for line in loss_header(network, NATIVE, keeps_extras=True, format_label="AEON")]
    if not network.is_boolean:
        lines.append("# booleanized: a node X with levels 0..m is written as X_b1 .. X_bm, X_bk meaning X >= k")
    bdd = new_bdd()
    arrows = {"+": "->", "-": "-|", "±": "-?"}
    for name, node in boolean.nodes.items():
        if node.rule is None:
            lines.append(f"{name} -> {name}")
            continue
        found, dead = influences(boolean, name, bdd)
        lines += [f"{i.source} {arrows[i.sign]} {name}" for i in found]
        lines += [f"{r} -?? {name}" for r in dead]
    for name, node in boolean.nodes.items():
        if node.rule is None:
            lines.append(f"${name}: {name}")
        else:
            plain = node.rule.boolean_expression(1)
            assert plain is not None
            lines.append(f"${name}: {format_rule(plain, 'aeon')}")
    lines += comment_block(extras_text(network, NATIVE, bits))
    return "\n".join(lines) + "\n"


def write_aeon(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as AEON (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_aeon(network), force=force)

