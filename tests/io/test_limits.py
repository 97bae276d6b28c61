"""The documented limits (docs/format.md, "Limits"): the largest value of
each is read and runs; one more is refused with file, line and the limit."""

from __future__ import annotations

import pytest

from logicnet.dynamics import attractors, fixed_points
from logicnet.errors import ModelError
from logicnet.io import parse_bnet, parse_yaml
from logicnet.limits import MAX_LEVEL, MAX_NAME_LENGTH, MAX_NESTING, MAX_RULE_DEPTH
from logicnet.model import Drug, Effect, FrozenMap, Network, Node, Rule
from logicnet.model.expression import Atom, Not

HEAD = "logicnet: 1\nname: limits\nnodes:\n"


def refused(text: str, message: str, *, bnet: bool = False) -> None:
    with pytest.raises(ModelError) as info:
        (parse_bnet if bnet else parse_yaml)(text, source="net")
    assert str(info.value) == message


def test_the_limits_are_what_the_documentation_says() -> None:
    assert (MAX_LEVEL, MAX_NAME_LENGTH, MAX_NESTING, MAX_RULE_DEPTH) == (15, 255, 32, 100)


def test_levels() -> None:
    network = parse_yaml(HEAD + f"  A: {{levels: {MAX_LEVEL}, rule: [{{level: {MAX_LEVEL}, when: \"A >= 3\"}},"
                         " {level: 0}]}\n")
    assert network.nodes["A"].levels == MAX_LEVEL
    assert len(attractors(network, engine="explicit").attractors) == 2
    refused(HEAD + f"  A: {{levels: {MAX_LEVEL + 1}, rule: A}}\n",
            f"net:4:15: 'levels' of node 'A' is {MAX_LEVEL + 1}: logicnet handles levels up to 15 (levels 0..15);"
            " see 'Limits' in the format documentation")
    refused(HEAD + "  A: {levels: 1000000000, rule: A}\n",
            "net:4:15: 'levels' of node 'A' is a number of 10 digits: numbers here have at most 9 digits")
    assert parse_yaml(HEAD + "  A: {levels: 000000000002, rule: A}\n").nodes["A"].levels == 2
    with pytest.raises(ModelError, match=r"^node 'A' has levels 16: logicnet handles levels up to 15 \(levels 0..15\)$"):
        Network("built in Python", FrozenMap({"A": Node("A", None, levels=16)}))


def test_names() -> None:
    longest = "N" * MAX_NAME_LENGTH
    network = parse_yaml(HEAD + f"  {longest}: {longest}\ndrugs:\n  d: {{targets: [{longest}]}}\n")
    assert list(network.nodes) == [longest]
    assert parse_bnet(f"{longest}, !{longest}\n").names == (longest,)
    over = longest + "N"
    shown = "N" * 40 + f"… ({MAX_NAME_LENGTH + 1} characters)"
    refused(HEAD + f"  {over}: A\n", f"net:4:3: the name '{shown}' is too long: names have at most 255"
                                     " characters (put long display names in 'label' or 'description')")
    refused(HEAD + "  A: A\ndrugs:\n  d: {targets: [A, " + over + "]}\n",
            f"net:6:20: the name '{shown}' is too long: names have at most 255 characters (put long display"
            " names in 'label' or 'description')")
    with pytest.warns(UserWarning, match="has no rule; it is read as a free input"):
        refused(f"A, {over}\n", f"net:1:4: the node name '{shown}' is too long: names have at most 255 characters"
                                " (put long display names in 'label' or 'description')", bnet=True)
    with pytest.raises(ModelError, match=r"^the drug name 'N{40}… \(256 characters\)' is too long"):
        Network("built in Python", FrozenMap({"A": Node("A", None)}),
                drugs=FrozenMap({over: Drug(over, FrozenMap({"A": Effect(0)}))}))


def test_yaml_nesting() -> None:
    def nested(depth: int) -> str:  # the document itself is one level, 'nodes' a second
        return HEAD + "  A: A\nreferences: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"

    refused(nested(MAX_NESTING), "net:5:14: 'references' must be a single value, not a list")
    refused(nested(MAX_NESTING + 1), "net:5:44: lists and mappings are nested more than 32 deep (a network file"
                                     " needs 5): check the brackets and indentation here; see 'Limits' in the"
                                     " format documentation")


def test_rule_depth() -> None:
    deepest = "!" * MAX_RULE_DEPTH + "B"  # an even number: A = B
    alternating = "C, " + "(A & (B | " * (MAX_RULE_DEPTH // 2) + "C" + "))" * (MAX_RULE_DEPTH // 2) + "\n"
    network = parse_bnet(f"A, {deepest}\nB, A\n{alternating}")
    both = {(0, 0, 0), (1, 1, 1)}
    for engine in ("explicit", "asp", "symbolic"):
        assert {s for a in fixed_points(network, engine=engine).attractors for s in a.iter_states()} == both
    for semantics, engine in (("synchronous", "symbolic"), ("asynchronous", "symbolic"), ("mostpermissive", "asp")):
        found = [{frozenset(a.iter_states()) for a in attractors(network, semantics=semantics, engine=e).attractors}
                 for e in ("explicit", engine)]
        assert found[0] == found[1], semantics
    refused(f"A, !{deepest}\nB, A\n", "net:1:3: rule for 'A' nests operators 101 deep: logicnet reads rules nested"
                                      " at most 100 deep (a run of '!' or alternating '&' and '|' in parentheses);"
                                      " simplify it", bnet=True)
    expr = Atom("A")
    for _ in range(MAX_RULE_DEPTH + 1):
        expr = Not(expr)
    with pytest.raises(ModelError, match="^rule for 'A' nests operators 101 deep"):
        Network("built in Python", FrozenMap({"A": Node("A", Rule.boolean(expr))}))


def test_the_documentation_states_the_limits() -> None:
    from logicnet.limits import MAX_FILE_BYTES, MAX_NUMBER_DIGITS
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "format.md").read_text()
    section = text[text.index("## Limits"):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| limit")}
    assert rows["file size"] == f"{MAX_FILE_BYTES // 2**20} MiB ({MAX_FILE_BYTES:,} bytes)"
    assert rows["nesting of YAML lists and mappings"] == f"{MAX_NESTING} deep"
    assert rows["nesting of operators in one rule"] == f"{MAX_RULE_DEPTH} deep"
    assert rows["highest level of a node"] == f"{MAX_LEVEL} (`levels: {MAX_LEVEL}`: levels 0..{MAX_LEVEL})"
    assert rows["digits in a number"] == str(MAX_NUMBER_DIGITS)
    assert rows["length of an id"] == f"{MAX_NAME_LENGTH} characters"
