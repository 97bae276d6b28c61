from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.model.expression import (
    FALSE,
    TRUE,
    And,
    Atom,
    Const,
    ExpressionSyntaxError,
    Not,
    Or,
    evaluate,
    format_expression,
    parse_expression,
    regulators,
    substitute,
)


def test_precedence_not_over_and_over_or() -> None:
    assert parse_expression("A | B & !C") == Or((Atom("A"), And((Atom("B"), Not(Atom("C"))))))


def test_word_operators_and_tilde() -> None:
    assert parse_expression("not A and B or ~C") == Or(
        (And((Not(Atom("A")), Atom("B"))), Not(Atom("C")))
    )


def test_thresholds_both_spellings() -> None:
    assert parse_expression("IL8 >= 2") == Atom("IL8", 2)
    assert parse_expression("IL8:2") == Atom("IL8", 2)
    assert parse_expression("IL8>=2 & !X:3") == And((Atom("IL8", 2), Not(Atom("X", 3))))


def test_constants() -> None:
    assert parse_expression("1") == TRUE
    assert parse_expression("false") == FALSE
    assert parse_expression("TRUE | A") == Or((TRUE, Atom("A")))


def test_none_is_a_name_not_false() -> None:
    assert parse_expression("None & A") == And((Atom("None"), Atom("A")))


def test_nested_same_operators_flatten() -> None:
    assert parse_expression("((A & B) & C)") == And((Atom("A"), Atom("B"), Atom("C")))


def test_deep_nesting_does_not_overflow() -> None:
    text = "(" * 3000 + "A" + " | B)" * 3000
    assert parse_expression(text) == Or((Atom("A"),) + (Atom("B"),) * 3000)


@pytest.mark.parametrize(
    "text, message, offset",
    [
        ("", "the rule is empty: write an expression, or 0 or 1", 0),
        ("A B", "missing operator before 'B': join terms with '&' or '|'", 2),
        ("A &", "the rule ends with '&': an operand is missing", 2),
        ("(A | B", "'(' is never closed", 0),
        ("A)", "')' has no matching '('", 1),
        ("A && B", "'&&' is not an operator: write '&'", 2),
        ("A * B", "unexpected character '*': '*' is not an operator here: write AND as '&'", 2),
        ("IL-8", "unexpected character '-': '-' cannot appear in a node name or rule: use '_' in the id"
                 " and put the display name in 'label'", 2),
        ("X > 2", "only '>=' thresholds are supported: write 'X >= k' (and '!(X >= k)' for 'below k')", 2),
        ("X >=", "a threshold on 'X' needs a level after '>=', as in 'X >= 2'", 4),
        ("X:0", "a threshold must be at least 1 ('X >= 0' always holds)", 2),
        ("A | 2", "the number 2 can only appear as a threshold, as in 'X >= 2' or 'X:2'; constants are 0 and 1", 4),
        ("A ^ B", "unexpected character '^': XOR is not supported: write (A & !B) | (!A & B)", 2),
        ("()", "empty parentheses '()'", 0),
        ("& A", "'&' needs an operand before it", 0),
    ],
)
def test_syntax_errors_are_exact(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExpressionSyntaxError) as info:
        parse_expression(text)
    assert info.value.message == message
    assert info.value.offset == offset


def test_thresholds_refused_in_boolean_formats() -> None:
    with pytest.raises(ExpressionSyntaxError, match="threshold 'X >= 2' is not allowed here"):
        parse_expression("X >= 2", allow_thresholds=False)


def test_evaluate_and_substitute() -> None:
    expr = parse_expression("A & !B | C >= 2")
    assert evaluate(expr, {"A": 1, "B": 0, "C": 0})
    assert not evaluate(expr, {"A": 1, "B": 1, "C": 1})
    assert evaluate(expr, {"A": 0, "B": 1, "C": 2})
    assert substitute(expr, {"A": 0}) == Atom("C", 2)
    assert substitute(expr, {"C": 2}) == TRUE
    assert regulators(expr) == {"A", "B", "C"}


# ------------------------------------------------------------------ property tests

NAMES = st.sampled_from(["A", "B", "C", "IL8", "x_1", "None", "NO"])


def _nary(kind: type, children: st.SearchStrategy) -> st.SearchStrategy:
    def build(args: list) -> object:
        flat: list = []
        for a in args:  # the parser flattens same-operator chains; so do we
            flat.extend(a.args if isinstance(a, kind) else (a,))
        return kind(tuple(flat))

    return st.lists(children, min_size=2, max_size=4).map(build)


EXPRESSIONS = st.recursive(
    st.one_of(
        st.builds(Atom, NAMES, st.integers(1, 3)),
        st.sampled_from([TRUE, FALSE]),
    ),
    lambda children: st.one_of(
        children.map(Not), _nary(And, children), _nary(Or, children)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(EXPRESSIONS)
def test_print_then_parse_gives_the_same_expression(expr: object) -> None:
    assert parse_expression(format_expression(expr)) == expr  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(EXPRESSIONS, st.dictionaries(NAMES, st.integers(0, 3)))
def test_substitute_agrees_with_evaluate(expr: object, known: dict) -> None:
    state = {n: known.get(n, 1) for n in ["A", "B", "C", "IL8", "x_1", "None", "NO"]}
    reduced = substitute(expr, known)  # type: ignore[arg-type]
    assert evaluate(reduced, state) == evaluate(expr, state)  # type: ignore[arg-type]
    assert isinstance(reduced, Const) or not (set(known) & regulators(reduced))


_PIECES = ["A", "B", "C_1", "X:2", "X >= 3", "Y>=1", "!", "~", "&", "|", "(", ")", "0", "1",
           "true", "False", "and", "or", "not", "&&", "2", "X:0", "-", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14), st.booleans())
def test_fast_parser_agrees_with_the_full_parser(pieces: list[str], thresholds: bool) -> None:
    """The linear parser and the boolean.py route give the same tree and
    offsets, or the same error (the fast one hands errors over)."""
    from logicnet.model.expression import _parse_fast, _parse_full

    text = " ".join(pieces)
    if not text.strip():
        return
    try:
        expected = _parse_full(text, thresholds)
    except ExpressionSyntaxError as error:
        assert _parse_fast(text, thresholds) is None, str(error)
        return
    fast = _parse_fast(text, thresholds)
    if fast is not None:  # None: word operators, left to the full parser
        assert fast[0] == expected[0]
        assert list(fast[1].items()) == list(expected[1].items())


def test_deep_right_nesting_is_linear_and_flat() -> None:
    text = "".join(f"(A{i} & (B{i} | " for i in range(2000)) + "C" + "))" * 2000
    expr = parse_expression(text)
    node, depth = expr, 0
    while isinstance(node, And):
        node, depth = node.args[-1].args[-1], depth + 1
    assert depth == 2000 and node == Atom("C")
