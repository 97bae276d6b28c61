"""A PerturbationScan gives, for every perturbation, exactly the attractors
attractors() gives: on random networks (Boolean and multivalued, fixings and
caps on the scanned nodes, from start states or not) and on the shipped
networks' panels."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet import read_network
from logicnet.analysis.response import Responder
from logicnet.dynamics import attractors
from logicnet.dynamics.scan import PerturbationScan
from logicnet.model import FrozenMap, Network, Perturbation

from .test_engines_agree import networks

NETWORKS = Path(__file__).resolve().parents[2] / "networks"


@st.composite
def scans(draw: st.DrawFn) -> tuple[Network, Perturbation, list[str], list[Perturbation]]:
    """A network, a base perturbation, the scanned nodes and perturbations of them."""
    network, base = draw(networks())
    names = list(network.nodes)
    scanned = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    variants = []
    for _ in range(draw(st.integers(1, 4))):
        fixed = dict(base.fixed)
        caps = dict(base.caps)
        for name in scanned:
            top = network.nodes[name].levels
            fixed.pop(name, None)
            caps.pop(name, None)
            how = draw(st.sampled_from(["free", "fix", "cap"]))
            if how == "fix":
                fixed[name] = draw(st.integers(0, top))
            elif how == "cap" and top > 1:
                caps[name] = draw(st.integers(0, top - 1))
        variants.append(Perturbation(fixed=FrozenMap(fixed), caps=FrozenMap(caps)))
    return network, base, scanned, variants


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scans(), st.booleans())
def test_scan_gives_the_attractors_of_each_perturbation(case, from_untreated: bool) -> None:  # type: ignore[no-untyped-def]
    network, base, scanned, variants = case
    starts = None
    if from_untreated:
        starts = attractors(network, semantics="mostpermissive", perturbation=base, engine="explicit").attractors
    scan = PerturbationScan(network, base=base, nodes=scanned, semantics="mostpermissive", starts=starts)
    for perturbation in [base, *variants]:
        expected = attractors(network, semantics="mostpermissive", perturbation=perturbation,
                              starts=starts, engine="explicit")
        assert scan.attractors(perturbation).attractors == expected.attractors


def test_a_perturbation_off_the_scanned_nodes_is_solved_on_its_own() -> None:
    network = read_network(NETWORKS / "mapk_grieco2013.yaml")
    base = Perturbation.build(network, context="EGF")
    scan = PerturbationScan(network, base=base, nodes=["MEK1_2"], semantics="mostpermissive")
    other = Perturbation.build(network, context="EGF", drugs=["PI3K_inhibitor"])
    result = scan.attractors(other)
    assert result.attractors == attractors(network, semantics="mostpermissive", perturbation=other).attractors
    assert not any("every perturbation of the scan" in note for note in result.notes)


@pytest.mark.parametrize(("file", "context"), [
    ("mapk_grieco2013.yaml", "EGF"),
    ("mapk_grieco2013.yaml", "DNA_damage"),
    ("tnbc_pi3k.yaml", "serum"),
])
@pytest.mark.parametrize("start", ["untreated", "any"])
def test_scan_of_a_shipped_panel_matches_the_responses(file: str, context: str, start: str) -> None:
    network = read_network(NETWORKS / file)
    responder = Responder(network, semantics="mostpermissive")
    starts = responder.untreated(Perturbation.build(network, context=context)).attractors \
        if start == "untreated" else None
    targets = {t for drug in network.drugs.values() for t in drug.targets}
    scan = PerturbationScan(network, base=Perturbation.build(network, context=context), nodes=targets,
                            semantics="mostpermissive", starts=starts)
    panel = sorted(network.drugs)
    for combo in [(), *((d,) for d in panel), *combinations(panel[:8], 2)]:
        expected = responder.respond(Perturbation.build(network, context=context, drugs=combo), start=start).treated
        got = scan.attractors(Perturbation.build(network, context=context, drugs=combo))
        assert got.attractors == expected.attractors, combo
