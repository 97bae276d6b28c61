from __future__ import annotations

import pytest

from logicnet.errors import PerturbationError
from logicnet.io import parse_yaml
from logicnet.model import Perturbation, Rule
from logicnet.serialize import to_jsonable
from logicnet.model.expression import Atom

NET = parse_yaml(
    """
logicnet: 1
name: t
nodes:
  GF: {input: true}
  PTEN: {input: true, value: 1}
  PI3K: GF & !PTEN
  MYC: {levels: 2, rule: PI3K}
  P: {rule: 'MYC >= 1', phenotype: true, goal: 0}
drugs:
  pi3ki: {targets: [PI3K]}
  bet: {targets: {MYC: '<=1'}}
  mycko: {targets: {MYC: 0}}
  activator: {targets: {PI3K: 1}}
alterations:
  MYC_amp: {MYC: 2}
  PTEN_loss: {PTEN: 0}
contexts:
  serum: {GF: 1}
  null: {GF: 1, PTEN: 0}
"""
)


def test_context_then_alterations_then_drugs_then_settings() -> None:
    p = Perturbation.build(NET, context="null", alterations=["MYC_amp"], drugs=["pi3ki"])
    assert p.fixed == {"GF": 1, "PTEN": 0, "MYC": 2, "PI3K": 0} and p.caps == {}
    p = Perturbation.build(NET, context="serum", alterations=["PTEN_loss"], settings={"PTEN": 1})
    assert p.fixed == {"GF": 1, "PTEN": 1}


def test_a_drug_wins_over_an_alteration_on_the_same_node() -> None:
    assert Perturbation.build(NET, alterations=["MYC_amp"], drugs=["mycko"]).fixed["MYC"] == 0
    capped = Perturbation.build(NET, alterations=["MYC_amp"], drugs=["bet"])
    assert capped.fixed["MYC"] == 1 and capped.caps == {}


def test_caps_on_free_nodes_and_drug_conflicts() -> None:
    assert Perturbation.build(NET, drugs=["bet"]).caps == {"MYC": 1}
    assert Perturbation.build(NET, drugs=["bet", "mycko"]).fixed == {"MYC": 0}
    assert Perturbation.build(NET, drugs=["activator", "pi3ki"]).fixed == {"PI3K": 0}
    assert Perturbation.build(NET, drugs=["bet"], settings={"MYC": 2}).caps == {}


def test_apply_returns_a_new_network_and_leaves_the_old_one() -> None:
    before = NET.nodes["PI3K"].rule
    p = Perturbation.build(NET, context="serum", drugs=["pi3ki", "bet"])
    perturbed = p.apply(NET)
    assert NET.nodes["PI3K"].rule == before
    assert perturbed.nodes["PI3K"].rule == Rule.constant(0)
    assert perturbed.nodes["GF"].rule == Rule.constant(1) and not perturbed.nodes["GF"].is_input
    assert perturbed.nodes["MYC"].rule == Rule.boolean(Atom("PI3K"), 2).capped(1)
    assert perturbed.nodes["MYC"].rule.evaluate({"PI3K": 1}) == 1
    assert perturbed != NET


def test_project_start_states() -> None:
    p = Perturbation.build(NET, drugs=["pi3ki", "bet"])
    assert p.project({"GF": 1, "PTEN": 0, "PI3K": 1, "MYC": 2, "P": 1}) == {
        "GF": 1, "PTEN": 0, "PI3K": 0, "MYC": 1, "P": 1,
    }


def test_describe_and_dict() -> None:
    p = Perturbation.build(NET, context="serum", alterations=["MYC_amp"], drugs=["pi3ki"], settings={"P": 0})
    assert p.describe() == "context serum; alterations MYC_amp; drugs pi3ki; set P=0"
    assert to_jsonable(p) == {"fixed": {"GF": 1, "MYC": 2, "P": 0, "PI3K": 0}, "caps": {}}
    assert Perturbation().describe() == "no perturbation"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"drugs": ["BEZ"]}, "unknown drug 'BEZ'; drugs: pi3ki, bet, mycko, activator"),
        ({"drugs": ["pi3k"]}, "unknown drug 'pi3k' (did you mean 'pi3ki'?); drugs: pi3ki, bet, mycko, activator"),
        ({"context": "serun"}, "unknown context 'serun' (did you mean 'serum'?); contexts: serum, null"),
        ({"alterations": ["MYC"]}, "unknown alteration 'MYC' (did you mean 'MYC_amp'?); alterations: MYC_amp, PTEN_loss"),
        ({"settings": {"MYK": 1}}, "cannot set unknown node 'MYK' (did you mean 'MYC'?)"),
        ({"settings": {"MYC": 3}}, "cannot set 'MYC' to 3: 'MYC' has levels 0..2"),
    ],
)
def test_unknown_names_are_clear_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(PerturbationError) as info:
        Perturbation.build(NET, **kwargs)
    assert str(info.value) == message


def test_default_input_value_applies_without_context() -> None:
    assert NET.nodes["PTEN"].update_rule() == Rule.constant(1)
    assert NET.nodes["GF"].update_rule() == Rule.identity("GF", 1)
