"""Every network under networks/ is valid and passes its scenarios; the
published behaviours of the converted models hold exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.dynamics import attractors, fixed_points
from logicnet.io import read_network
from logicnet.model import Perturbation

from tests.conftest import NETWORKS

SHIPPED = sorted(NETWORKS.glob("*.yaml"))


def test_at_least_three_networks_are_shipped() -> None:
    assert {p.name for p in SHIPPED} >= {"tnbc_pi3k.yaml", "mapk_grieco2013.yaml", "cell_cycle_faure2006.yaml"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_network_is_valid_without_warnings(path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", [p for p in SHIPPED if p.stem != "tnbc_pi3k"], ids=lambda p: p.stem)
def test_shipped_network_passes_its_scenarios(path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output


def test_faure_cell_cycle_one_cyclic_attractor_and_one_quiescent_fixed_point() -> None:
    net = read_network(NETWORKS / "cell_cycle_faure2006.yaml")
    cycling = attractors(net, semantics="asynchronous",
                         perturbation=Perturbation.build(net, context="growth_factors"))
    assert [(a.kind, a.size) for a in cycling.attractors] == [("cyclic", 112)]
    sync = attractors(net, semantics="synchronous", perturbation=Perturbation.build(net, context="growth_factors"))
    assert [(a.kind, a.size) for a in sync.attractors] == [("cyclic", 7)]
    resting = fixed_points(net, perturbation=Perturbation.build(net, context="quiescent"))
    assert [a.space for a in resting.attractors] == [{
        "Cdc20": 0, "Cdh1": 1, "CycA": 0, "CycB": 0, "CycE": 0, "E2F": 0, "Rb": 1, "UbcH10": 0, "p27": 1, "CycD": 0,
    }]
    assert fixed_points(net, perturbation=Perturbation.build(net, context="growth_factors")).attractors == ()


def test_grieco_mapk_cell_fates_per_input() -> None:
    net = read_network(NETWORKS / "mapk_grieco2013.yaml")
    outcomes = {}
    for context in net.contexts:
        result = attractors(net, perturbation=Perturbation.build(net, context=context))
        outcomes[context] = {p: tuple(sorted({v for a in result.attractors for v in a.levels(p)}))
                             for p in ("Proliferation", "Growth_Arrest", "Apoptosis")}
    assert outcomes == {
        "no_stimulus": {"Proliferation": (0,), "Growth_Arrest": (0,), "Apoptosis": (0,)},
        "EGF": {"Proliferation": (0, 1), "Growth_Arrest": (0, 1), "Apoptosis": (0, 1)},
        "FGF": {"Proliferation": (0, 1), "Growth_Arrest": (0, 1), "Apoptosis": (0, 1)},
        "TGFB": {"Proliferation": (0,), "Growth_Arrest": (1,), "Apoptosis": (1,)},
        "DNA_damage": {"Proliferation": (0,), "Growth_Arrest": (1,), "Apoptosis": (1,)},
        "EGF_DNA_damage": {"Proliferation": (0,), "Growth_Arrest": (1,), "Apoptosis": (1,)},
    }
