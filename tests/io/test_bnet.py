from __future__ import annotations

import warnings

import pytest

from logicnet.errors import FormatError
from logicnet.io import generate_bnet, parse_bnet, parse_yaml, read_network
from logicnet.model import Atom, Rule
from logicnet.model.expression import And, Not, Or

from tests.conftest import DATA


def test_header_comments_constants_and_inputs() -> None:
    net = parse_bnet(
        "# a toy\ntargets, factors\nEGF,   EGF   # input\nRAS,   EGF & !NF1\n"
        "ERK,   RAS | ERK & !DUSP\nDUSP,  ERK\nNF1,   0\n",
        source="toy.bnet",
    )
    assert net.name == "toy"
    assert list(net.nodes) == ["EGF", "RAS", "ERK", "DUSP", "NF1"]
    assert net.inputs == ("EGF",)
    assert net.nodes["NF1"].rule == Rule.constant(0)
    assert net.nodes["ERK"].rule == Rule.boolean(
        Or((Atom("RAS"), And((Atom("ERK"), Not(Atom("DUSP"))))))
    )


def test_header_is_optional_and_functions_is_accepted() -> None:
    assert parse_bnet("A, A\nB, A\n") == parse_bnet("targets, functions\nA, A\nB, A\n")


def test_regulator_without_rule_becomes_a_free_input_with_a_warning() -> None:
    with pytest.warns(UserWarning, match=r"m\.bnet:2: 'X' has no rule; it is read as a free input"):
        net = parse_bnet("A, 1\nB, A & X\n", source="m.bnet")
    assert net.nodes["X"].is_free_input


@pytest.mark.parametrize(
    "text, message",
    [
        ("A, B\nB, A\nA, !B\n",
         "m.bnet:3:1: 'A' has two rules, on lines 1 and 3: give each target one rule (BoolNet would"
         " read this as a probabilistic network)"),
        ("targets, factors, probabilities\nA, B, 0.5\n",
         "m.bnet:1: probabilistic BoolNet networks ('targets, factors, probabilities') are not"
         " supported: give one rule per target"),
        ("A, maj(B, C, D)\n",
         "m.bnet:1:4: unsupported BoolNet extension 'maj(' in the rule for 'A': logicnet reads plain"
         " Boolean rules (! & | and parentheses)"),
        ("A, B[-1] & C\n",
         "m.bnet:1:5: unsupported BoolNet extension '[-1]' in the rule for 'A': logicnet reads plain"
         " Boolean rules (! & | and parentheses)"),
        ("A, B & (C\n", "m.bnet:1:8: rule for 'A': '(' is never closed"),
        ("A B\n", "m.bnet:1: expected 'target, expression', found 'A B'"),
        ("IL-8, B\n", "m.bnet:1:1: 'IL-8' is not a valid node id (letters, digits and '_', starting"
                      " with a letter or '_')"),
        ("A, B >= 2\n", "m.bnet:1:6: rule for 'A': threshold 'B >= 2' is not allowed here: this format"
                        " is Boolean (plain node names only)"),
        ("# only a comment\n", "m.bnet: no rules found: expected lines 'target, expression'"),
    ],
)
def test_bad_bnet_gets_one_exact_message(text: str, message: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(FormatError) as info:
            parse_bnet(text, source="m.bnet")
    assert str(info.value) == message


def test_multivalued_export_is_booleanized_and_documented() -> None:
    net = read_network(DATA / "format_example.yaml")
    text = generate_bnet(net)
    assert "# booleanized: a node X with levels 0..m is written as X_b1 .. X_bm, X_bk meaning X >= k" in text
    assert "#   IL8: IL8_b1, IL8_b2" in text
    assert parse_bnet(text) == net  # the extras and the folded bits give the network back
    boolean = parse_bnet(text, fold_levels=False)
    assert set(boolean.nodes) == set(net.nodes) - {"IL8"} | {"IL8_b1", "IL8_b2"}
    assert boolean.nodes["CXCR1"].rule == Rule.boolean(And((Atom("IL8_b1"), Atom("IL8_b2"))))


def test_boolean_yaml_survives_bnet_round_trip_of_its_rules() -> None:
    net = parse_yaml("logicnet: 1\nname: t\nnodes:\n  A: {input: true}\n  B: A & !C\n  C: B | 1\n")
    again = parse_bnet(generate_bnet(net), name="t")
    assert {n: node.rule for n, node in again.nodes.items()} == {n: node.rule for n, node in net.nodes.items()}
