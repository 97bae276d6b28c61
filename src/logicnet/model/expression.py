"""Logical expressions: threshold atoms joined by ``!``, ``&`` and ``|``.

Rules are parsed with boolean.py, whose tokenizer is replaced so that a
threshold (``X >= 2`` or the GINsim form ``X:2``) is one atom. The parsed tree
is converted into the small immutable tree defined here (``Const``, ``Atom``,
``Not``, ``And``, ``Or``), which every other part of logicnet works on: it is
hashable, picklable (for worker processes) and cheap to evaluate.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Union

import boolean
from boolean.boolean import (
    PARSE_INVALID_NESTING,
    PARSE_INVALID_OPERATOR_SEQUENCE,
    PARSE_INVALID_SYMBOL_SEQUENCE,
    PARSE_UNBALANCED_CLOSING_PARENS,
    TOKEN_AND,
    TOKEN_FALSE,
    TOKEN_LPAR,
    TOKEN_NOT,
    TOKEN_OR,
    TOKEN_RPAR,
    TOKEN_TRUE,
    ParseError,
)

from logicnet.errors import ModelError
from logicnet.limits import MAX_NUMBER_DIGITS, shown_name

__all__ = [
    "Expr",
    "Const",
    "Atom",
    "Not",
    "And",
    "Or",
    "TRUE",
    "FALSE",
    "conj",
    "disj",
    "neg",
    "ExpressionSyntaxError",
    "parse_expression",
    "parse_expression_with_offsets",
    "format_expression",
    "atoms",
    "regulators",
    "evaluate",
    "substitute",
    "map_atoms",
    "NAME_PATTERN",
    "RESERVED_WORDS",
]

NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
RESERVED_WORDS = frozenset({"and", "or", "not", "true", "false"})


@dataclass(frozen=True)
class Const:
    """The constant true or false."""

    value: bool


@dataclass(frozen=True)
class Atom:
    """``node`` is at ``threshold`` or above (plain ``X`` means ``X >= 1``)."""

    node: str
    threshold: int = 1


@dataclass(frozen=True)
class Not:
    arg: "Expr"


@dataclass(frozen=True)
class And:
    args: tuple["Expr", ...]


@dataclass(frozen=True)
class Or:
    args: tuple["Expr", ...]


Expr = Union[Const, Atom, Not, And, Or]

TRUE = Const(True)
FALSE = Const(False)


def conj(*args: Expr) -> Expr:
    """``a & b & ...``, with nested conjunctions flattened (no simplification)."""
    flat: list[Expr] = []
    for a in args:
        flat.extend(a.args if isinstance(a, And) else (a,))
    if not flat:
        return TRUE
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disj(*args: Expr) -> Expr:
    """``a | b | ...``, with nested disjunctions flattened (no simplification)."""
    flat: list[Expr] = []
    for a in args:
        flat.extend(a.args if isinstance(a, Or) else (a,))
    if not flat:
        return FALSE
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def neg(a: Expr) -> Expr:
    """``!a``."""
    return Not(a)


# --------------------------------------------------------------------------- parsing


class ExpressionSyntaxError(ModelError):
    """A rule is not a valid expression; ``offset`` is the 0-based character."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


_OPERATOR_HINTS = {
    "*": "'*' is not an operator here: write AND as '&'",
    "+": "'+' is not an operator here: write OR as '|'",
    "^": "XOR is not supported: write (A & !B) | (!A & B)",
    "-": "'-' cannot appear in a node name or rule: use '_' in the id and put "
    "the display name in 'label'",
    "=": "'=' is not an operator: write a threshold as 'X >= 2' or 'X:2'",
    "[": "use round parentheses '(' and ')'",
    "]": "use round parentheses '(' and ')'",
    ",": "',' is not an operator: use '&' (and) or '|' (or)",
}

_KEYWORDS = {
    "and": TOKEN_AND,
    "or": TOKEN_OR,
    "not": TOKEN_NOT,
    "true": TOKEN_TRUE,
    "false": TOKEN_FALSE,
}


class _Algebra(boolean.BooleanAlgebra):
    """boolean.py with logicnet's tokens: threshold atoms, no ``*``/``+``/``none``."""

    def __init__(self, allow_thresholds: bool = True):
        super().__init__()
        self.allow_thresholds = allow_thresholds
        self._symbols: dict[tuple[str, int], boolean.Symbol] = {}

    def tokenize(self, expr: str) -> Iterator[tuple[object, str, int]]:
        symbols = self._symbols
        for match in _TOKEN.finditer(expr):
            kind = match.lastgroup
            start = match.start()
            if kind == "ws":
                continue
            if kind == "name" or kind == "threshold":
                name = match.group("name") or match.group("tname")
                keyword = _KEYWORDS.get(name.lower()) if kind == "name" else None
                if keyword is not None:
                    yield keyword, name, start
                    continue
                k = 1 if kind == "name" else self._threshold(match, name)
                symbol = symbols.get((name, k))
                if symbol is None:
                    symbol = symbols[(name, k)] = self.Symbol(Atom(name, k))
                yield symbol, match.group(0), start
            elif kind == "op":
                op = match.group(0)
                if len(op) == 2:
                    raise ExpressionSyntaxError(f"'{op}' is not an operator: write '{op[0]}'", start)
                yield _OPERATORS[op], op, start
            elif kind == "num":
                text = match.group(0)
                if text in ("0", "1"):
                    yield (TOKEN_TRUE if text == "1" else TOKEN_FALSE), text, start
                elif text.isdigit():
                    raise ExpressionSyntaxError(
                        f"the number {shown_name(text)} can only appear as a threshold, as in 'X >= 2'"
                        " or 'X:2'; constants are 0 and 1",
                        start,
                    )
                else:
                    raise ExpressionSyntaxError(
                        f"'{shown_name(text)}' is not a valid node id: ids start with a letter or '_'", start
                    )
            else:
                ch = match.group(0)
                if ch in "<>":
                    raise ExpressionSyntaxError(
                        "only '>=' thresholds are supported: write 'X >= k'"
                        " (and '!(X >= k)' for 'below k')",
                        start,
                    )
                hint = _OPERATOR_HINTS.get(ch, "expected a node id, '!', '&', '|', '(' or ')'")
                raise ExpressionSyntaxError(f"unexpected character '{ch}': {hint}", start)

    def _threshold(self, match: "re.Match[str]", name: str) -> int:
        """The level of a ``name >= k`` or ``name:k`` token."""
        digits = match.group("k")
        operator = match.group("op2").strip()
        if not digits:
            raise ExpressionSyntaxError(
                f"a threshold on '{name}' needs a level after '{operator}', as in '{name} >= 2'",
                match.end(),
            )
        if not self.allow_thresholds:
            raise ExpressionSyntaxError(
                f"threshold '{match.group(0).strip()}' is not allowed here: "
                "this format is Boolean (plain node names only)",
                match.start("op2") + len(match.group("op2")) - len(match.group("op2").lstrip()),
            )
        if len(digits.lstrip("0")) > MAX_NUMBER_DIGITS:
            raise ExpressionSyntaxError(
                f"the threshold on '{name}' has {len(digits)} digits: levels have at most {MAX_NUMBER_DIGITS}",
                match.start("k"),
            )
        k = int(digits)
        if k < 1:
            raise ExpressionSyntaxError(
                f"a threshold must be at least 1 ('{name} >= 0' always holds)", match.start("k")
            )
        return k


_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<threshold>(?P<tname>[A-Za-z_][A-Za-z0-9_]*)(?P<op2>[ \t]*>=[ \t]*|:)(?P<k>[0-9]*))"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>[0-9][A-Za-z0-9_]*)"
    r"|(?P<op>&&|\|\||[&|!~()])"
    r"|(?P<other>.)",
    re.DOTALL,
)
_OPERATORS = {"&": TOKEN_AND, "|": TOKEN_OR, "!": TOKEN_NOT, "~": TOKEN_NOT, "(": TOKEN_LPAR, ")": TOKEN_RPAR}


_ALGEBRAS = {True: _Algebra(True), False: _Algebra(False)}


def parse_expression(text: str, *, allow_thresholds: bool = True) -> Expr:
    """Parse a rule such as ``"RTK & !PTEN | IL8 >= 2"`` into an :data:`Expr`.

    Raises :class:`ExpressionSyntaxError` with the offending character offset.
    """
    return parse_expression_with_offsets(text, allow_thresholds=allow_thresholds)[0]


def parse_expression_with_offsets(
    text: str, *, allow_thresholds: bool = True
) -> tuple[Expr, dict[Atom, int]]:
    """Like :func:`parse_expression`, also giving where each atom first occurs
    (0-based offset), so that readers can point at an unknown name."""
    if not text.strip():
        raise ExpressionSyntaxError("the rule is empty: write an expression, or 0 or 1", 0)
    fast = _parse_fast(text, allow_thresholds)
    if fast is not None:
        return fast
    return _parse_full(text, allow_thresholds)


def _parse_full(text: str, allow_thresholds: bool) -> tuple[Expr, dict[Atom, int]]:
    """The boolean.py route: slower, and the one that explains every syntax error."""
    algebra = _ALGEBRAS[allow_thresholds]
    tokens = list(algebra.tokenize(text))
    _check_structure(text, tokens)
    try:
        parsed = algebra.parse(iter(tokens), simplify=False)
    except ParseError as exc:  # pragma: no cover - _check_structure catches known cases
        raise ExpressionSyntaxError(_parse_error_message(exc), _offset(exc)) from None
    offsets: dict[Atom, int] = {}
    for token, _, at in tokens:
        if isinstance(token, boolean.Symbol):
            offsets.setdefault(token.obj, at)
    return _convert(parsed, algebra), offsets


# One linear pass for well-formed rules (published BNet files reach megabytes
# of rules nested thousands deep). Anything it does not accept (a syntax error,
# a threshold where none is allowed, word operators) is parsed again by the
# boolean.py path above, which gives the exact error message.

# Tokens: a product of literals nested to the right, '(A & (!B & (C & D)))'
# (the bulk of large files: the closing parentheses that follow it are part
# of the token), a name (maybe with a threshold), '!' and a name as one token,
# '&' and an opening parenthesis as one, a run of closing parentheses as one,
# constants, operators, anything else.
_LITERAL = r"!?[A-Za-z_][A-Za-z0-9_]*"
_PRODUCT_LITERAL = re.compile(_LITERAL)
_FAST_TOKEN = re.compile(
    rf"\(\s*(?:{_LITERAL}\s*&\s*\(\s*)*{_LITERAL}\s*&\s*{_LITERAL}\s*\)(?:\s*\))*"
    r"|!?[A-Za-z_][A-Za-z0-9_]*(?:[ \t]*>=[ \t]*[0-9]+|:[0-9]+)?|[01](?![A-Za-z0-9_])|&[ \t]*\(|\)+|[(&|!~]|\S"
)
_FAST_THRESHOLD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:[ \t]*>=[ \t]*|:)([0-9]+)\Z")
_AND, _OR, _NOT, _OPEN, _AND_OPEN = range(5)  # operators; a run of n closing parentheses is -n
_FAST_SYMBOLS: dict[str, object] = {
    "&": _AND, "|": _OR, "!": _NOT, "~": _NOT, "(": _OPEN, ")": -1, "0": FALSE, "1": TRUE,
}
_FAST_CONSTANTS = {"true": TRUE, "false": FALSE}
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _fast_symbol(token: str, allow_thresholds: bool) -> object:
    """What a token that is not an operator stands for: an atom or a
    constant, or ``None`` when only the full parser can deal with it."""
    if token[0] not in _NAME_START:
        return None
    lowered = token.lower()
    if lowered in _FAST_CONSTANTS:
        return _FAST_CONSTANTS[lowered]
    if lowered in ("and", "or", "not"):
        return None
    match = _FAST_THRESHOLD.match(token)
    if match is None:
        return Atom(token)
    digits = match.group(2)
    if len(digits) > MAX_NUMBER_DIGITS:  # the full parser says why it is refused
        return None
    k = int(digits)
    if not allow_thresholds or k < 1:
        return None
    return Atom(match.group(1), k)


class _AndRun(deque):
    """A conjunction still open to splicing into an enclosing one."""


class _OrRun(deque):
    """A disjunction still open to splicing into an enclosing one."""


def _splice(parts: list, run_type: type) -> object:
    """``parts`` joined by one operator, runs of it spliced in: the larger run
    absorbs the smaller, so a chain nested n deep costs O(n log n)."""
    if len(parts) == 1:
        return parts[0]
    out = None
    for part in parts:
        if type(part) is run_type:
            if out is None:
                out = part
            elif len(out) >= len(part):
                out.extend(part)
            else:
                part.extendleft(reversed(out))
                out = part
        else:
            if isinstance(part, deque):  # a run of the other operator
                part = _materialize(part)
            if out is None:
                out = run_type((part,))
            else:
                out.append(part)
    return out


def _materialize(value: object) -> Expr:
    """An :data:`Expr` for a parsed value (an open run becomes its node)."""
    kind = type(value)
    if kind is _AndRun:
        return And(tuple(value))  # type: ignore[arg-type]
    if kind is _OrRun:
        return Or(tuple(value))  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


def _negated(value: object, nots: int) -> Expr:
    """A parsed value under ``nots`` negations."""
    value = _materialize(value)
    for _ in range(nots):
        value = Not(value)  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


def _parse_fast(text: str, allow_thresholds: bool) -> tuple[Expr, dict[Atom, int]] | None:
    """The expression and the offset of each atom's first occurrence, or
    ``None`` when the text needs the full parser. (One loop over the tokens,
    operands tested first and the operators kept in locals: it runs once per
    token of files of megabytes.)"""
    symbols = dict(_FAST_SYMBOLS)
    get = symbols.get
    AND, OR, NOT, OPEN, AND_OPEN = _AND, _OR, _NOT, _OPEN, _AND_OPEN
    AndRun, OrRun = _AndRun, _OrRun
    stack: list[tuple[list, list, int]] = []  # enclosing groups: terms, factors, negations
    terms: list = []
    factors: list = []
    nots = 0  # negations waiting for the next operand
    operand = False  # the last token ended an operand
    atoms_found: list[Atom] = []
    negated: dict[int, Not] = {}  # id(operand) -> its one Not: '!X' written many times is one object

    def symbol(token: str) -> object:
        """What a token not seen before stands for (``None``: only the full
        parser can read it), remembered for the next time."""
        first = token[0]
        if first == ")":
            kind: object = -len(token)
        elif first == "&":  # '&' and '('
            kind = AND_OPEN
        elif first == "!":  # '!' and a name
            inner = get(token[1:]) or symbol(token[1:])
            if inner is None:
                return None
            kind = negated.get(id(inner))
            if kind is None:
                kind = negated[id(inner)] = Not(inner)  # type: ignore[arg-type]
        else:
            kind = _fast_symbol(token, allow_thresholds)
            if kind is None:
                return None
            if type(kind) is Atom:
                atoms_found.append(kind)
        symbols[token] = kind
        return kind

    product_literals = _PRODUCT_LITERAL.findall
    for token in _FAST_TOKEN.findall(text):
        kind = get(token)
        if kind is None:
            if token[0] == "(":  # a product of literals nested to the right, and closing parentheses
                if operand:
                    return None
                items = [get(literal) for literal in product_literals(token)]
                if not all(items):  # a name not seen before (every symbol is a true object)
                    items = [get(literal) or symbol(literal) for literal in product_literals(token)]
                    if not all(items):
                        return None
                opens = len(items) - 1
                closes = token.count(")")
                shut = min(opens, closes)  # the innermost groups closed by the token
                run = AndRun(items[opens - shut:])
                if shut == opens:  # all of it: one more factor where the token began
                    factors.append(_negated(run, nots) if nots else run)
                    nots = 0
                else:  # the outer groups stay open, as if read token by token
                    stack.append((terms, factors, nots))
                    stack.extend(([], [item], 0) for item in items[:opens - shut - 1])
                    terms, factors, nots = [], [items[opens - shut - 1], run], 0
                operand = True
                if closes <= opens:
                    continue
                kind = opens - closes  # the closing parentheses left: a run of them, below
            else:
                kind = symbol(token)
                if kind is None:
                    return None
        if type(kind) is not int:  # an atom, a negated atom or a constant
            if operand:
                return None
            if nots == 1:
                value = negated.get(id(kind))
                if value is None:
                    value = negated[id(kind)] = Not(kind)  # type: ignore[arg-type]
                factors.append(value)
                nots = 0
            elif nots:
                factors.append(_negated(kind, nots))
                nots = 0
            else:
                factors.append(kind)
            operand = True
            continue
        if kind is AND_OPEN:
            if not operand:
                return None
            operand = False
            stack.append((terms, factors, nots))
            terms, factors, nots = [], [], 0
            continue
        if kind is OPEN:
            if operand:
                return None
            stack.append((terms, factors, nots))
            terms, factors, nots = [], [], 0
            continue
        if kind is AND:
            if not operand:
                return None
            operand = False
            continue
        if kind is NOT:
            if operand:
                return None
            nots += 1
            continue
        if kind is OR:
            if not operand:
                return None
            terms.append(factors[0] if len(factors) == 1 else _splice(factors, AndRun))
            factors = []
            operand = False
            continue
        # a run of closing parentheses
        if not operand or len(stack) < -kind:  # type: ignore[operator]
            return None
        for _ in range(-kind):  # type: ignore[operator]
            if terms:
                terms.append(factors[0] if len(factors) == 1 else _splice(factors, AndRun))
                value = _splice(terms, OrRun)
            elif len(factors) == 1:  # no operator inside the parentheses
                value = factors[0]
            elif len(factors) == 2 and type(factors[1]) is AndRun and not isinstance(factors[0], deque):
                value = factors[1]  # a right-nested chain: one more factor on the left
                value.appendleft(factors[0])
            else:
                value = _splice(factors, AndRun)
            terms, factors, nots = stack.pop()
            if nots == 1 and type(value) is Atom:  # '!(X)'
                negation = negated.get(id(value))
                if negation is None:
                    negation = negated[id(value)] = Not(value)
                factors.append(negation)
                nots = 0
                continue
            factors.append(_negated(value, nots) if nots else value)
            nots = 0
    if stack or not operand:
        return None
    terms.append(factors[0] if len(factors) == 1 else _splice(factors, AndRun))
    return _materialize(_splice(terms, OrRun)), _first_offsets(text, atoms_found)


def _first_offsets(text: str, found: list[Atom]) -> dict[Atom, int]:
    """Where each atom first occurs in ``text`` (atoms of a valid rule)."""
    offsets: dict[Atom, int] = {}
    for atom in found:
        written = re.compile(rf"(?:[ \t]*>=[ \t]*|:)0*{atom.threshold}(?![0-9])")
        name, at = atom.node, -1
        while True:
            at = text.find(name, at + 1)
            if at < 0:
                break
            end = at + len(name)
            if at and _is_name_char(text[at - 1]) or end < len(text) and _is_name_char(text[end]):
                continue
            if written.match(text, end) or atom.threshold == 1 and not _THRESHOLD_AFTER.match(text, end):
                offsets.setdefault(atom, at)
                break
    return dict(sorted(offsets.items(), key=lambda item: item[1]))


_THRESHOLD_AFTER = re.compile(r"[ \t]*>=|:[0-9]")


def _is_name_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _check_structure(text: str, tokens: list[tuple[object, str, int]]) -> None:
    """Report the mistakes boolean.py describes poorly, with their position."""
    operand = (TOKEN_TRUE, TOKEN_FALSE)
    depth_stack: list[int] = []
    previous: object = None
    previous_at = 0
    for token, string, at in tokens:
        is_operand = isinstance(token, boolean.Symbol) or token in operand
        if token == TOKEN_LPAR:
            depth_stack.append(at)
        elif token == TOKEN_RPAR:
            if not depth_stack:
                raise ExpressionSyntaxError("')' has no matching '('", at)
            if previous in (TOKEN_LPAR,):
                raise ExpressionSyntaxError("empty parentheses '()'", previous_at)
            depth_stack.pop()
        if token in (TOKEN_AND, TOKEN_OR, TOKEN_RPAR) and previous in (
            None,
            TOKEN_AND,
            TOKEN_OR,
            TOKEN_NOT,
            TOKEN_LPAR,
        ):
            if token != TOKEN_RPAR:
                raise ExpressionSyntaxError(f"'{string}' needs an operand before it", at)
            raise ExpressionSyntaxError("an operand is missing before ')'", at)
        prev_is_operand = isinstance(previous, boolean.Symbol) or previous in operand
        if (is_operand or token in (TOKEN_NOT, TOKEN_LPAR)) and (
            prev_is_operand or previous == TOKEN_RPAR
        ):
            raise ExpressionSyntaxError(
                f"missing operator before '{string}': join terms with '&' or '|'", at
            )
        previous, previous_at = token, at
    if depth_stack:
        raise ExpressionSyntaxError("'(' is never closed", depth_stack[-1])
    if previous in (TOKEN_AND, TOKEN_OR, TOKEN_NOT):
        raise ExpressionSyntaxError(
            f"the rule ends with '{tokens[-1][1]}': an operand is missing", tokens[-1][2]
        )


def _parse_error_message(exc: ParseError) -> str:
    code = getattr(exc, "error_code", None)
    messages = {
        PARSE_UNBALANCED_CLOSING_PARENS: "unbalanced parentheses",
        PARSE_INVALID_NESTING: "invalid nesting of operators",
        PARSE_INVALID_SYMBOL_SEQUENCE: "missing operator between two terms",
        PARSE_INVALID_OPERATOR_SEQUENCE: "two operators follow each other",
    }
    return messages.get(code, "invalid expression")


def _offset(exc: ParseError) -> int | None:
    position = getattr(exc, "position", None)
    return position if isinstance(position, int) and position >= 0 else None


def _convert(root: object, algebra: _Algebra) -> Expr:
    """boolean.py's tree → logicnet's, without recursion (published rules nest
    parentheses thousands deep)."""
    done: dict[int, Expr] = {}
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, boolean.Symbol):
            done[id(node)] = node.obj
        elif node is algebra.TRUE:
            done[id(node)] = TRUE
        elif node is algebra.FALSE:
            done[id(node)] = FALSE
        elif not expanded:
            stack.append((node, True))
            stack.extend((child, False) for child in node.args)  # type: ignore[attr-defined]
        else:
            args = [done[id(child)] for child in node.args]  # type: ignore[attr-defined]
            if isinstance(node, algebra.NOT):
                done[id(node)] = Not(args[0])
            elif isinstance(node, algebra.AND):
                done[id(node)] = conj(*args)
            else:
                done[id(node)] = disj(*args)
    return done[id(root)]


# --------------------------------------------------------------------------- printing

_PRECEDENCE = {Or: 1, And: 2}


def format_expression(expr: Expr, *, style: str = "logicnet") -> str:
    """Write an expression back as text that :func:`parse_expression` reads unchanged.

    ``style="bnet"`` refuses thresholds above 1 (BNet is Boolean).
    """
    return _format(expr, style, 0)


def _format(expr: Expr, style: str, context: int) -> str:
    if isinstance(expr, Const):
        return "1" if expr.value else "0"
    if isinstance(expr, Atom):
        if expr.threshold == 1:
            return expr.node
        if style == "bnet":
            raise ModelError(
                f"'{expr.node} >= {expr.threshold}' cannot be written in BNet (Boolean only)"
            )
        text = f"{expr.node} >= {expr.threshold}"
        return f"({text})" if context == 3 else text
    if isinstance(expr, Not):
        return "!" + _format(expr.arg, style, 3)
    prec = _PRECEDENCE[type(expr)]
    joiner = " & " if isinstance(expr, And) else " | "
    text = joiner.join(_format(a, style, prec) for a in expr.args)
    return f"({text})" if context >= prec else text


# --------------------------------------------------------------------------- queries


def atoms(expr: Expr) -> set[Atom]:
    """Every threshold atom that occurs in ``expr``."""
    found: dict[int, Atom] = {}  # by identity first: parsed rules share their atoms
    stack = [expr]
    while stack:
        e = stack.pop()
        kind = type(e)
        if kind is Atom:
            found[id(e)] = e  # type: ignore[assignment]
        elif kind is Not:
            stack.append(e.arg)  # type: ignore[union-attr]
        elif kind is And or kind is Or:
            stack.extend(e.args)  # type: ignore[union-attr]
    return set(found.values())


def regulators(expr: Expr) -> set[str]:
    """The node ids an expression mentions (syntactically)."""
    return {a.node for a in atoms(expr)}


def evaluate(expr: Expr, state: Mapping[str, int]) -> bool:
    """The truth value of ``expr`` when nodes have the levels in ``state``."""
    if isinstance(expr, Atom):
        return state[expr.node] >= expr.threshold
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Not):
        return not evaluate(expr.arg, state)
    if isinstance(expr, And):
        return all(evaluate(a, state) for a in expr.args)
    return any(evaluate(a, state) for a in expr.args)


def map_atoms(expr: Expr, fn: Callable[[Atom], Expr]) -> Expr:
    """Replace every atom by ``fn(atom)``, keeping the tree's shape (nested
    runs of one operator flattened, as :func:`conj` and :func:`disj` do).
    Iterative, ``fn`` called once per atom object (parsed rules share their
    atoms) and literals mapped where they stand, so rules of megabytes nested
    thousands deep are cheap."""
    mapped: dict[int, Expr] = {}  # id(atom or negated atom) -> mapped

    def leaf(e: Expr) -> Expr | None:
        """``e`` mapped if it is an atom, a constant or a negated atom, else ``None``."""
        kind = type(e)
        if kind is Atom:
            found = mapped.get(id(e))
            if found is None:
                found = mapped[id(e)] = fn(e)  # type: ignore[arg-type]
            return found
        if kind is Const:
            return e
        if kind is Not and type(e.arg) is Atom:  # type: ignore[union-attr]
            found = mapped.get(id(e))
            if found is None:  # parsed rules share their negated atoms too
                inner = leaf(e.arg)  # type: ignore[union-attr]
                found = mapped[id(e)] = e if inner is e.arg else Not(inner)  # type: ignore[union-attr,arg-type]
            return found
        return None

    top = leaf(expr)
    if top is not None:
        return top

    def combine(e: Expr, kind: type, children: tuple[Expr, ...], done: dict[int, Expr]) -> Expr:
        args = []
        same = True
        for c in children:
            value = mapped.get(id(c)) or done.get(id(c))
            if value is None:
                value = leaf(c)
            if value is not c or type(value) is kind:
                same = False
            args.append(value)
        if kind is Not:
            return e if args[0] is e.arg else Not(args[0])  # type: ignore[union-attr]
        if same and len(args) > 1:
            return e  # nothing changed and nothing to flatten: the same object
        return conj(*args) if kind is And else disj(*args)

    return _post_order(expr, combine, negated_atoms=True)


def _post_order(expr: Expr, combine: Callable[[Expr, type, tuple[Expr, ...], dict[int, Expr]], Expr], *,
                negated_atoms: bool) -> Expr:
    """``combine(e, kind, children, done)`` of every operator node of
    ``expr``, its operands' first (``done``: id of a node -> its value), each
    shared subtree once and without recursion (parsed rules nest thousands
    deep). Atoms and constants (and negated atoms, with ``negated_atoms``)
    are not visited: ``combine`` reads them itself."""
    done: dict[int, Expr] = {}
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        key = id(e)
        if key in done:
            continue
        kind = type(e)
        children = (e.arg,) if kind is Not else e.args  # type: ignore[union-attr]
        if expanded:
            done[key] = combine(e, kind, children, done)
            continue
        stack.append((e, True))
        for c in children:
            ck = type(c)
            if ck is Atom or ck is Const or id(c) in done \
                    or negated_atoms and ck is Not and type(c.arg) is Atom:  # type: ignore[union-attr]
                continue
            stack.append((c, False))
    return done[id(expr)]


def substitute(expr: Expr, levels: Mapping[str, int]) -> Expr:
    """Replace the nodes in ``levels`` by their truth values and fold constants.

    The result is a :class:`Const` when the known levels decide the expression
    syntactically (``A & B`` with ``A = 0``); it is used to percolate fixed nodes.
    Subtrees left unchanged are returned as the same objects. Iterative, and
    each shared subtree (a parsed rule's negated atoms) is done once.
    """
    def leaf(e: Atom) -> Expr:
        if e.node in levels:
            return TRUE if levels[e.node] >= e.threshold else FALSE
        return e

    kind = type(expr)
    if kind is Atom:
        return leaf(expr)  # type: ignore[arg-type]
    if kind is Const:
        return expr

    def combine(e: Expr, kind: type, children: tuple[Expr, ...], done: dict[int, Expr]) -> Expr:
        values = []
        for c in children:
            ck = type(c)
            values.append(leaf(c) if ck is Atom else c if ck is Const else done[id(c)])  # type: ignore[arg-type]
        if kind is Not:
            inner = values[0]
            if type(inner) is Const:
                return Const(not inner.value)  # type: ignore[union-attr]
            return e if inner is e.arg else Not(inner)  # type: ignore[union-attr]
        is_and = kind is And
        kept: list[Expr] = []
        changed = False
        for a, value in zip(children, values):
            if type(value) is Const:
                if value.value != is_and:  # type: ignore[union-attr]  # False in a conjunction, True in a disjunction
                    return value
                changed = True
                continue
            if value is not a:
                changed = True
            kept.append(value)
        if not changed:  # nothing to fold: the same object (cheap for large rules)
            return e
        if not kept:
            return TRUE if is_and else FALSE
        return conj(*kept) if is_and else disj(*kept)

    return _post_order(expr, combine, negated_atoms=False)
