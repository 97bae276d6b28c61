"""Every format logicnet speaks: round trips of the shipped networks, what each
reader accepts and the one clear message for what it refuses."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.errors import FormatError
from logicnet.io import (
    FORMAT_NAMES,
    generate_aeon,
    generate_bnet,
    generate_booleannet,
    generate_sbml,
    generate_sif,
    parse_aeon,
    parse_bnet,
    parse_booleannet,
    parse_sbml,
    parse_sif,
    read_ginsim,
    read_network,
)
from logicnet.io.ginsim import read_ginsim_positions
from logicnet.model import Atom, Rule
from logicnet.io._logic import Functions
from logicnet.model.expression import And, Not, Or, parse_expression
from logicnet.networks import shipped_names, shipped_path

from tests.io.test_round_trip import networks

SHIPPED = shipped_names()


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("fmt", ["sbml", "booleannet", "aeon", "bnet"])
def test_shipped_networks_round_trip_exactly(name: str, fmt: str) -> None:
    network = read_network(shipped_path(name))
    generate = {"sbml": generate_sbml, "booleannet": generate_booleannet, "aeon": generate_aeon,
                "bnet": generate_bnet}[fmt]
    parse = {"sbml": parse_sbml, "booleannet": parse_booleannet, "aeon": parse_aeon, "bnet": parse_bnet}[fmt]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse(generate(network)) == network


def test_tnbc_export_has_no_tautologies() -> None:
    text = generate_bnet(read_network(shipped_path("tnbc_pi3k")))
    rules = dict(line.split(",", 1) for line in text.splitlines() if line and not line.startswith(("#", "targets")))
    assert rules["CXCR1_b1"].strip() == "1"
    assert rules["CXCR1_b2"].strip() == "CXCR1_b1 & STAT5_b1"
    functions = Functions()
    for target, rule in rules.items():
        stack = [parse_expression(rule)]
        while stack:  # no sub-term of an exported rule is constant (A | !A, B & !B)
            term = stack.pop()
            if isinstance(term, (And, Or)):
                u = functions.compile(term)
                assert u not in (functions.bdd.true, functions.bdd.false), (target, rule)
                stack.extend(term.args)
            elif isinstance(term, Not):
                stack.append(term.arg)


def test_every_format_is_registered() -> None:
    assert set(FORMAT_NAMES) == {"yaml", "bnet", "sbml", "booleannet", "aeon", "ginsim", "sif", "maboss"}


# ---------------------------------------------------------------------- SBML-qual

QUAL = 'xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true"'


def sbml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core"'
            f' level="3" version="1" {QUAL}>\n<model id="m">\n{body}\n</model>\n</sbml>\n')


SPECIES = """<qual:listOfQualitativeSpecies>
<qual:qualitativeSpecies qual:id="A" qual:compartment="c" qual:constant="true"/>
<qual:qualitativeSpecies qual:id="B" qual:name="B protein" qual:compartment="c" qual:constant="false" qual:maxLevel="2"/>
<qual:qualitativeSpecies qual:id="C" qual:compartment="c" qual:constant="true" qual:initialLevel="1"/>
</qual:listOfQualitativeSpecies>"""


def transition(inputs: str, terms: str, output: str = "B") -> str:
    return f"""<qual:listOfTransitions><qual:transition qual:id="t">
<qual:listOfInputs>{inputs}</qual:listOfInputs>
<qual:listOfOutputs><qual:output qual:qualitativeSpecies="{output}" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
<qual:listOfFunctionTerms>{terms}</qual:listOfFunctionTerms>
</qual:transition></qual:listOfTransitions>"""


MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML">{}</math>'


def test_sbml_multivalued_thresholds_by_value_and_by_input_id() -> None:
    text = sbml(SPECIES + transition(
        '<qual:input qual:id="inA" qual:qualitativeSpecies="A" qual:transitionEffect="none" qual:thresholdLevel="1"/>'
        '<qual:input qual:id="inB" qual:qualitativeSpecies="B" qual:transitionEffect="none" qual:thresholdLevel="2"/>',
        '<qual:defaultTerm qual:resultLevel="0"/>'
        '<qual:functionTerm qual:resultLevel="2">' + MATH.format(
            '<apply><and/><apply><geq/><ci>B</ci><ci>inB</ci></apply><ci>A</ci></apply>') + '</qual:functionTerm>'
        '<qual:functionTerm qual:resultLevel="1">' + MATH.format(
            '<apply><eq/><cn type="integer">1</cn><ci>B</ci></apply>') + '</qual:functionTerm>'))
    network = parse_sbml(text)
    assert network.nodes["A"].is_free_input and network.nodes["C"].rule == Rule.constant(1)
    b = network.nodes["B"]
    assert (b.levels, b.label) == (2, "B protein")
    assert b.rule == Rule((
        __import__("logicnet.model.rules", fromlist=["Case"]).Case(2, parse_expression("B >= 2 & A")),
        __import__("logicnet.model.rules", fromlist=["Case"]).Case(1, parse_expression("B & !(B >= 2)")),
    ), 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<?xml version="1.0"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3"'
         ' version="1">\n<model id="a">\n<listOfSpecies>\n</model></sbml>',
         "m.sbml:5: not valid XML: Element tag mismatch or missing tag."),
        ('<?xml version="1.0"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3"'
         ' version="1">\n<model id="a">\n</model></sbml>',
         "m.sbml:3: this SBML file does not use the qual package: logicnet reads logical models in SBML-qual"
         " (qualitativeSpecies and transitions), not reaction networks"),
        (sbml(SPECIES + transition('<qual:input qual:qualitativeSpecies="Z" qual:transitionEffect="none"/>',
                                   '<qual:defaultTerm qual:resultLevel="0"/>')),
         "m.sbml:9:20: transition 't' has input 'Z', which is not a species of the model"),
        (sbml(SPECIES + transition("", '<qual:defaultTerm qual:resultLevel="0"/>', output="Q")),
         "m.sbml:10:21: transition 't' has output 'Q', which is not a species of the model"),
    ],
)
def test_bad_sbml_gets_one_message_with_the_line(text: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_sbml(text, source="m.sbml")
    assert str(info.value) == message


# ---------------------------------------------------------------------- BooleanNet


def test_booleannet_reads_its_dialect() -> None:
    text = ("# a model\n1: C-Myc* = EGF and not (p53 or Mdm2)\nEGF *= EGF\np53* = not(C-Myc)\n"
            "Mdm2* = p53 AND True\nEGF = p53 = True\nMdm2 = Random\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        network = parse_booleannet(text, source="m.booleannet")
    assert network.nodes["C_Myc"].label == "C-Myc"
    assert network.nodes["C_Myc"].rule == Rule.boolean(parse_expression("EGF & !(p53 | Mdm2)"))
    assert network.nodes["EGF"].is_input and network.nodes["EGF"].value == 1
    assert network.nodes["p53"].rule == Rule.boolean(parse_expression("!C_Myc"))
    assert [str(w.message) for w in caught] == [
        "m.booleannet: initial values of 1 non-input node(s) are not kept (p53): a logicnet network has no"
        " initial state (give start states with --from)"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A* = B and\n", "m.booleannet:1:8: rule for 'A': the rule ends with '&': an operand is missing"),
        ("A* = B\nA* = C\n", "m.booleannet:2: 'A' has two rules, on lines 1 and 2: give each node one rule"),
        ("A* = Random\n", "m.booleannet:1:6: rule for 'A': 'Random' rules are not supported: logicnet rules are"
                          " deterministic"),
        ("A := B\n", "m.booleannet:1: expected a rule 'A* = expression' or initial values 'A = True', found"
                     " 'A := B'"),
    ],
)
def test_bad_booleannet_gets_one_message(text: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_booleannet(text, source="m.booleannet")
    assert str(info.value) == message


def test_edited_extras_do_not_override_the_rules() -> None:
    network = read_network(shipped_path("tnbc_pi3k"))
    text = generate_booleannet(network)
    assert parse_booleannet(text.replace("HER3* = FOXO", "HER3* = not FOXO")).nodes["HER3"].rule == Rule.boolean(
        parse_expression("!FOXO"))  # a Boolean rule is the file's own: no extras involved
    edited = text.replace("EGFR_b2* = False", "EGFR_b2* = EGF and EGFR_b1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        back = parse_booleannet(edited, source="t.booleannet")
    assert back.nodes["EGFR_b2"].rule == Rule.boolean(parse_expression("EGF & EGFR_b1"))
    assert any("the rule of 'EGFR' in the file differs from the one in the logicnet extras (edited in another"
               " tool?): the file's rules are kept" in str(w.message) for w in caught)


# ---------------------------------------------------------------------- AEON


def test_aeon_operators_and_declared_signs() -> None:
    text = "#! name: t\nA -> B\nC -| B\nB -? A\n$B: A & !C\n$A: B ^ A => C\nA -? A\nC -> A\n"
    network = parse_aeon(text, source="t.aeon")
    assert network.nodes["C"].is_free_input
    a = network.nodes["A"].rule
    for state in ({"A": x, "B": y, "C": z} for x in (0, 1) for y in (0, 1) for z in (0, 1)):
        assert a.evaluate(state) == int((not (state["B"] != state["A"])) or state["C"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_aeon("A -| B\n$B: A\n$A: A\n", source="w.aeon")
    assert [str(w.message) for w in caught] == [
        "w.aeon:1: 'A' is declared an inhibitor of 'B', but the function makes it activating"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A -> B\n$B: f(A)\n", "a.aeon:2:6: function of 'B': uninterpreted functions such as f(A, B) (partially"
                               " specified networks) are not supported; give the update function in full"),
        ("A -> B\n", "a.aeon:1: 'B' has regulators but no update function '$B: ...': logicnet reads fully"
                     " specified networks only"),
    ],
)
def test_bad_aeon_gets_one_message(text: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_aeon(text, source="a.aeon")
    assert str(info.value) == message


def test_aeon_writes_inputs_and_non_observable_regulators() -> None:
    text = generate_aeon(parse_bnet("A, A\nB, C | A & !A\nC, !B\n"))
    assert "A -> A" in text and "$A: A" in text
    assert "A -?? B" in text and "C -> B" in text and "B -| C" in text


# ---------------------------------------------------------------------- SIF


def test_sif_rule_schemes() -> None:
    text = "A\t->\tT\nB\t->\tT\nI\t-|\tT\nJ\t-1\tT\nMEK1/2 -> A\n"
    default = parse_sif(text)
    assert default.nodes["T"].rule == Rule.boolean(parse_expression("(A | B) & !(I | J)"))
    assert default.nodes["MEK1_2"].label == "MEK1/2" and default.nodes["MEK1_2"].is_free_input
    assert parse_sif(text, scheme="or-not").nodes["T"].rule == Rule.boolean(parse_expression("A | B | !(I | J)"))
    written = generate_sif(default)
    assert "I\t-|\tT" in written and "# SIF cannot hold these" in written
    assert parse_sif(written).nodes["T"].rule == default.nodes["T"].rule


def test_bad_sif_line() -> None:
    with pytest.raises(FormatError) as info:
        parse_sif("A -> B\nA => B\n", source="n.sif")
    assert str(info.value) == "n.sif:2: expected 'SOURCE -> TARGET' or 'SOURCE -| TARGET' (or 1 / -1), found 'A => B'"


# ---------------------------------------------------------------------- BNet fold


def test_bnet_bits_fold_into_a_multivalued_node() -> None:
    text = "A, A\nX_b1, A | X_b2\nX_b2, A & B & X_b1\nB, X_b1 & X_b2\n"
    folded = parse_bnet(text)
    x = folded.nodes["X"]
    assert x.levels == 2
    assert x.rule == Rule((__import__("logicnet.model.rules", fromlist=["Case"]).Case(2, parse_expression("A & B")),
                           __import__("logicnet.model.rules", fromlist=["Case"]).Case(1, parse_expression("A"))), 0)
    assert folded.nodes["B"].rule == Rule.boolean(parse_expression("X & X >= 2"))
    assert parse_bnet(text, fold_levels=False).is_boolean


def test_inconsistent_bits_stay_boolean_with_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        network = parse_bnet("A, A\nX_b1, A\nX_b2, !X_b1\n", source="x.bnet")
    assert network.is_boolean
    assert [str(w.message) for w in caught] == [
        "x.bnet: kept as Boolean nodes: the bits of X (its bits do not follow the ladder"
        " X_bk = (X reaches k) & X_b(k-1) | X_b(k+1))"]


# ---------------------------------------------------------------------- GINsim

GINML = """<?xml version="1.0" encoding="UTF-8"?>
<gxl xmlns:xlink="http://www.w3.org/1999/xlink">
  <graph class="regulatory" id="toy" nodeorder="A B C">
    <node id="A" maxvalue="1" input="true"><nodevisualsetting x="10" y="20"/></node>
    <node id="B" maxvalue="2" name="B kinase">
      <parameter idActiveInteractions="A:B" val="1"/>
      <parameter idActiveInteractions="A:B C:B" val="2"/>
      <nodevisualsetting><ellipse x="30" y="40" width="45" height="25"/></nodevisualsetting>
    </node>
    <node id="C" maxvalue="1">
      <value val="1"><exp str="B:2 &amp; !A"/></value>
    </node>
    <edge id="A:B" from="A" to="B" minvalue="1" sign="positive"/>
    <edge id="C:B" from="C" to="B" minvalue="1" sign="positive"/>
    <edge id="B:C" from="B" to="C" minvalue="2" sign="positive"/>
  </graph>
</gxl>
"""


def test_ginsim_parameters_functions_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "toy.zginml"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("GINsim-data/regulatoryGraph.ginml", GINML)
    network = read_ginsim(path)
    assert network.name == "toy" and network.nodes["A"].is_free_input
    b = network.nodes["B"]
    assert (b.levels, b.label) == (2, "B kinase")
    for a in (0, 1):
        for c in (0, 1):
            assert b.rule.evaluate({"A": a, "C": c, "B": 0}) == (2 if a and c else 1 if a else 0)
    assert network.nodes["C"].rule == Rule.boolean(parse_expression("B >= 2 & !A"))
    assert read_ginsim_positions(path) == {"A": (10.0, 20.0), "B": (30.0, 40.0)}
    assert read_network(path) == network


def test_bad_ginsim_files(tmp_path: Path) -> None:
    fake = tmp_path / "m.zginml"
    fake.write_text("<gxl/>")
    with pytest.raises(FormatError) as info:
        read_ginsim(fake)
    assert str(info.value) == f"{fake}: a .zginml file must be a zip archive (GINsim's format); this one is not"
    broken = tmp_path / "m.ginml"
    broken.write_text("<gxl>\n<graph class='regulatory'>\n<node id='A'>\n</gxl>\n")
    with pytest.raises(FormatError) as info:
        read_ginsim(broken)
    assert str(info.value) == f"{broken}:4:3: not valid XML: mismatched tag"


def test_reading_into_atoms_of_bits() -> None:
    assert Atom("X", 2) in __import__("logicnet.model.expression", fromlist=["atoms"]).atoms(parse_expression("X >= 2"))


# ---------------------------------------------------------------------- CLI


def test_convert_lists_what_the_target_cannot_hold(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from logicnet.cli.main import cli

    runner = CliRunner()
    target = tmp_path / "tnbc.txt"
    result = runner.invoke(cli, ["convert", "tnbc_pi3k", str(target), "--output-format", "booleannet"])
    assert result.exit_code == 0, result.output
    assert "note: BooleanNet cannot hold levels of 17 multivalued nodes" in result.output
    scenarios = len(read_network(shipped_path("tnbc_pi3k")).scenarios)
    assert f"{scenarios} scenarios (kept in logicnet's extras in the file)" in result.output
    back = tmp_path / "tnbc.yaml"
    result = runner.invoke(cli, ["convert", str(target), str(back), "--input-format", "booleannet"])
    assert result.exit_code == 0, result.output
    assert read_network(back) == read_network(shipped_path("tnbc_pi3k"))
    result = runner.invoke(cli, ["info", str(target)])
    assert result.exit_code == 2 and "unknown file type '.txt'" in result.output
    result = runner.invoke(cli, ["info", str(target), "--input-format", "booleannet", "--no-fold-levels"])
    assert result.exit_code == 0 and "nodes" in result.output
    sif = tmp_path / "t.sif"
    result = runner.invoke(cli, ["convert", "tnbc_pi3k", str(sif)])
    assert "note: SIF cannot hold the rules; levels of 17 multivalued nodes" in result.output


# ---------------------------------------------------------------------- property


@settings(max_examples=60, deadline=None)
@given(networks(), st.sampled_from(["sbml", "booleannet", "aeon", "bnet"]))
def test_random_networks_survive_every_writable_format(network, fmt: str) -> None:  # type: ignore[no-untyped-def]
    generate = {"sbml": generate_sbml, "booleannet": generate_booleannet, "aeon": generate_aeon,
                "bnet": generate_bnet}[fmt]
    parse = {"sbml": parse_sbml, "booleannet": parse_booleannet, "aeon": parse_aeon, "bnet": parse_bnet}[fmt]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse(generate(network)) == network
