from __future__ import annotations

from pathlib import Path

import pytest

from logicnet.errors import ModelError
from logicnet.io import generate_yaml, parse_yaml, read_network, write_network
from logicnet.model import Atom, Case, Effect, Expectation, Goal, Rule
from logicnet.model.expression import And, Not, Or

from tests.conftest import DATA

HEAD = "logicnet: 1\nname: t\n"


def test_format_example_parses_exactly() -> None:
    net = read_network(DATA / "format_example.yaml")
    assert net.name == "PI3K escape, minimal"
    assert net.references == ("Britschgi et al. (2013) Cancer Cell 24(6):697-714",)
    assert list(net.nodes) == ["GF", "RTK", "PI3K", "PTEN", "AKT", "JAK2", "STAT5", "IL8",
                               "CXCR1", "MYC", "Proliferation"]
    assert net.inputs == ("GF", "PTEN")
    assert net.nodes["PTEN"].label == "PTEN"
    assert net.nodes["PI3K"].rule == Rule.boolean(And((Atom("RTK"), Not(Atom("PTEN")))))
    il8 = net.nodes["IL8"]
    assert (il8.levels, il8.speed) == (2, 1)
    assert il8.rule == Rule(
        (Case(2, And((Atom("STAT5"), Not(Atom("AKT"))))), Case(1, Atom("STAT5"))), default=0
    )
    assert net.nodes["CXCR1"].rule == Rule.boolean(Atom("IL8", 2))
    prolif = net.nodes["Proliferation"]
    assert prolif.phenotype and prolif.goal == Goal("Proliferation", "==", 0)
    assert net.drugs["BEZ235"].targets == {"PI3K": Effect(0)}
    assert net.drugs["BEZ235"].description == "dual PI3K/mTOR inhibitor"
    assert net.alterations["MYC_amp"].levels == {"MYC": 1}
    assert net.contexts["starved"].levels == {"GF": 0, "PTEN": 1}
    first, second = net.scenarios
    assert (first.name, first.context, first.drugs) == ("BEZ235 alone is escaped", "serum", ("BEZ235",))
    assert first.expect == {"Proliferation": Expectation("all", 1)}
    assert second.drugs == ("BEZ235", "ruxolitinib")


def test_yaml_11_words_are_names() -> None:
    net = parse_yaml(
        HEAD + "nodes:\n  NO: {input: true}\n  on: NO\n  yes: 'on'\n  off: yes & !NO\n"
        "drugs:\n  'no': {targets: [NO]}\ncontexts:\n  on: {NO: 1}\n  Off: {NO: 0}\n"
    )
    assert list(net.nodes) == ["NO", "on", "yes", "off"]
    assert net.nodes["off"].rule == Rule.boolean(And((Atom("yes"), Not(Atom("NO")))))
    assert list(net.drugs) == ["no"] and list(net.contexts) == ["on", "Off"]


def test_long_forms_caps_goals_speeds_and_sequences() -> None:
    net = parse_yaml(
        HEAD
        + "nodes:\n"
        "  S: {input: true, value: 1}\n"
        "  X: {levels: 3, rule: 'S', speed: 2, group: core, references: [ref1]}\n"
        "  P: {rule: 'X >= 2 | X:3', phenotype: true, goal: '<=1', levels: 2}\n"
        "drugs:\n"
        "  d: {targets: {X: '<=1', S: 0}, class: inhibitor}\n"
        "scenarios:\n"
        "  - name: seq\n"
        "    sequence: [[d], []]\n"
        "    start: any\n"
        "    phase: early\n"
        "    semantics: synchronous\n"
        "    expect: {P: {some: 2}, X: {none: 3}}\n"
    )
    assert net.nodes["S"].value == 1
    assert net.nodes["X"].rule == Rule.boolean(Atom("S"), 3)
    assert (net.nodes["X"].speed, net.nodes["X"].group, net.nodes["X"].references) == (2, "core", ("ref1",))
    assert net.nodes["P"].rule == Rule.boolean(Or((Atom("X", 2), Atom("X", 3))), 2)
    assert net.nodes["P"].goal == Goal("P", "<=", 1)
    assert net.drugs["d"].targets == {"X": Effect(1, cap=True), "S": Effect(0)}
    assert net.drugs["d"].drug_class == "inhibitor"
    scenario = net.scenarios[0]
    assert scenario.sequence == (("d",), ())
    assert (scenario.start, scenario.phase, scenario.semantics) == ("any", "early", "synchronous")
    assert scenario.expect == {"P": Expectation("some", 2), "X": Expectation("none", 3)}


BAD = [
    ("syntax", HEAD + "nodes:\n  A: B & (C\n  B: {input: true}\n  C: {input: true}\n",
     "net.yaml:4:10: rule for 'A': '(' is never closed: B & (C"),
    ("unknown key", HEAD + "nodes:\n  A: {input: true, levles: 2}\n",
     "net.yaml:4:20: unknown key 'levles' in node 'A' (did you mean 'levels'?); accepted keys: rule,"
     " input, value, levels, speed, phenotype, goal, label, description, group, references, rate,"
     " rate_up, rate_down"),
    ("unknown top-level key", HEAD + "node:\n  A: {input: true}\n",
     "net.yaml:3:1: unknown key 'node' in the network file (did you mean 'nodes'?); accepted keys:"
     " logicnet, name, description, references, nodes, drugs, alterations, contexts, scenarios,"
     " rates, time_unit, states, start"),
    ("undefined node", HEAD + "nodes:\n  MEK: {input: true}\n  ERK: MEKK & !DUSP\n  DUSP: ERK\n",
     "net.yaml:5:8: rule for 'ERK' uses unknown node 'MEKK' (did you mean 'MEK'?) in: MEKK & !DUSP"),
    ("threshold above levels", HEAD + "nodes:\n  A: {input: true}\n  B: C & A >= 2\n  C: {input: true}\n",
     "net.yaml:5:10: rule for 'B' uses threshold 'A >= 2', but 'A' has levels 0..1 (it is Boolean)"),
    ("cases without default", HEAD + "nodes:\n  A: {input: true}\n  B:\n    levels: 2\n    rule:\n"
     "      - {level: 2, when: A}\n      - {level: 1, when: '!A'}\n",
     "net.yaml:8:7: rule for 'B' has no default case: end the list with a case without 'when', such as"
     " {level: 0}"),
    ("default not last", HEAD + "nodes:\n  A: {input: true}\n  B:\n    levels: 2\n    rule:\n"
     "      - {level: 0}\n      - {level: 1, when: A}\n",
     "net.yaml:9:9: rule for 'B': the case without 'when' (the default) must come last"),
    ("drug on unknown node", HEAD + "nodes:\n  A: {input: true}\ndrugs:\n  d: {targets: [A, B]}\n",
     "net.yaml:6:20: drug 'd' targets unknown node 'B' (nodes are declared under 'nodes')"),
    ("cap on Boolean node", HEAD + "nodes:\n  A: {input: true}\ndrugs:\n  d: {targets: {A: '<=1'}}\n",
     "net.yaml:6:17: drug 'd' caps 'A' at '<=1', but 'A' is Boolean: a cap needs a multivalued node"
     " (use 0 to inhibit fully)"),
    ("duplicate key", HEAD + "nodes:\n  A: {input: true}\n  A: B\n",
     "net.yaml:5:3: duplicate key 'A' in 'nodes' (first written on line 4)"),
    ("unquoted bang", HEAD + "nodes:\n  A: {input: true}\n  B: !A & C\n",
     "net.yaml:5:10: not valid YAML: expected alphabetic or numeric character, but found ' '; a rule"
     " that starts with '!', '&', '*', '|' or '>' must be quoted, as in A: \"!B & C\""),
    ("tag-like rule", HEAD + "nodes:\n  A: {input: true}\n  B: !A\n",
     "net.yaml:5:6: YAML read '!A' as a tag in rule for 'B': quote values that start with '!', as in"
     " \"!A ...\""),
    ("format version", "logicnet: 2\nname: t\nnodes:\n  A: {input: true}\n",
     "net.yaml:1:11: format version 2 is not supported: this logicnet reads version 1"),
    ("missing version", "name: t\nnodes:\n  A: {input: true}\n",
     "net.yaml:1:1: missing 'logicnet: 1' (the format version) at the top of the file"),
    ("yes is not a Boolean", HEAD + "nodes:\n  A: {input: yes}\n",
     "net.yaml:4:14: 'input' of node 'A' must be true or false, not 'yes'"),
    ("neither rule nor input", HEAD + "nodes:\n  A: {label: x}\n",
     "net.yaml:4:3: node 'A' has neither 'rule' nor 'input: true'"),
    ("level out of range", HEAD + "nodes:\n  A: {input: true}\ncontexts:\n  on: {A: 2}\n",
     "net.yaml:6:8: context 'on' sets 'A' to 2, but 'A' has levels 0..1"),
    ("octal-looking level", HEAD + "nodes:\n  A: {input: true, levels: 0x2}\n",
     "net.yaml:4:28: 'levels' of node 'A' must be a whole number 0, 1, 2 ..., not '0x2'"),
    ("unknown context in scenario", HEAD + "nodes:\n  A: {input: true}\ncontexts:\n  serum: {A: 1}\n"
     "scenarios:\n  - name: s\n    context: serun\n    expect: {A: 1}\n",
     "net.yaml:9:14: scenario 's' uses unknown context 'serun' (did you mean 'serum'?); contexts: serum"),
    ("invalid node id", HEAD + "nodes:\n  IL-8: {input: true}\n",
     "net.yaml:4:3: 'IL-8' is not a valid node id: ids are letters, digits and '_', start with a letter"
     " or '_', and are not and/or/not/true/false (put display names in 'label')"),
    ("goal on a non-phenotype", HEAD + "nodes:\n  A: {input: true, goal: 0}\n",
     "net.yaml:4:3: node 'A' has a goal but is not a phenotype: add 'phenotype: true'"),
    ("input with a rule", HEAD + "nodes:\n  A: {input: true, rule: A}\n",
     "net.yaml:4:20: node 'A' is an input and has a rule: an input takes its level from a context or"
     " 'value'; remove one of them"),
]


@pytest.mark.parametrize("text, message", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_gets_one_exact_message(text: str, message: str) -> None:
    with pytest.raises(ModelError) as info:
        parse_yaml(text, source="net.yaml")
    assert str(info.value) == message


def test_empty_binary_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("  \n")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02logicnet")
    cases = {
        "empty.yaml": "the network file is empty",
        "binary.yaml:1:1": "this is a binary file, not a network file (a NUL byte here; text expected)",
        "missing.yaml": "network file not found",
    }
    for where, message in cases.items():
        with pytest.raises(ModelError) as info:
            read_network(tmp_path / where.split(":")[0])
        assert str(info.value) == f"{tmp_path / where}: {message}"


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"unknown file type '\.txt': use \.yaml or \.yml"):
        read_network(tmp_path / "model.txt")


def test_round_trip_of_the_format_example(tmp_path: Path) -> None:
    net = read_network(DATA / "format_example.yaml")
    assert parse_yaml(generate_yaml(net)) == net
    out = write_network(net, tmp_path / "copy.yaml")
    assert read_network(out) == net


def test_writing_never_overwrites_without_force(tmp_path: Path) -> None:
    net = read_network(DATA / "format_example.yaml")
    target = tmp_path / "mine.yaml"
    target.write_text("my own work\n")
    with pytest.raises(Exception, match="already exists; use --force to overwrite it"):
        write_network(net, target)
    assert target.read_text() == "my own work\n"
    write_network(net, target, force=True)
    assert read_network(target) == net
