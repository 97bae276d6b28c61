"""Treatments asked together (:meth:`Responder.prepare`) respond exactly as
each asked alone."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.analysis.response import Responder
from logicnet.io import read_network
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation
from tests.dynamics.test_explicit import networks

TNBC = Path(__file__).resolve().parents[2] / "networks" / "tnbc_pi3k.yaml"
JOINT = "engine: reachable (the variants' reachable states are visited in one search)"


def states(result) -> list[frozenset]:  # type: ignore[no-untyped-def]
    return [frozenset(a.iter_states()) for a in result.attractors]


def test_prepared_responses_of_the_tnbc_panel_equal_those_asked_alone() -> None:
    network = read_network(TNBC)
    cells = Perturbation.build(network, context="serum_IL8")
    drugs = list(network.drugs)
    treatments = [cells.treated(network, drugs=[d]) for d in drugs]
    treatments += [cells.treated(network, drugs=pair) for pair in zip(drugs, drugs[1:])]
    together, alone = Responder(network), Responder(network)
    together.prepare(treatments, phases=("early", "late"))
    for treatment in treatments:
        for phase in ("early", "late"):
            prepared = together.respond(treatment, phase=phase)
            assert prepared.treated.notes == (JOINT,)  # answered by the joint search
            assert states(prepared.treated) == states(alone.respond(treatment, phase=phase).treated)
            assert prepared.complete


@st.composite
def treatments(draw: st.DrawFn, network: Network) -> list[Perturbation]:
    """Random settings (node levels) as treatments of the untreated cells."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        chosen = draw(st.dictionaries(st.sampled_from(network.names), st.integers(0, 2), max_size=2))
        settings_ = {n: min(v, network.nodes[n].levels) for n, v in chosen.items()}
        out.append(Perturbation().treated(network, settings=settings_))
    return out


@settings(max_examples=60, deadline=None)
@given(data=st.data(), semantics=st.sampled_from(["asynchronous", "synchronous", "priority"]),
       phase=st.sampled_from(["early", "late"]))
def test_prepared_responses_equal_those_asked_alone(data: st.DataObject, semantics: str, phase: str) -> None:
    network = data.draw(networks(max_nodes=4, max_levels=2))
    asked = data.draw(treatments(network))
    together, alone = Responder(network, semantics=semantics), Responder(network, semantics=semantics)
    together.prepare(asked, phases=(phase,))
    for treatment in asked:
        assert states(together.respond(treatment, phase=phase).treated) == \
            states(alone.respond(treatment, phase=phase).treated)


def test_untreated_attractors_from_a_declared_state_equal_those_asked_alone() -> None:
    """The untreated cells of each TNBC context (from its declared start
    state, through the joint search) are what ``attractors`` finds alone."""
    network = read_network(TNBC)
    responder = Responder(network)
    for context in network.contexts:
        background = Perturbation.build(network, context=context)
        state = network.untreated_state(context)
        assert state is not None
        alone = responder.attractors(background, starts=[responder.space(state)])
        assert states(responder.untreated(background)) == states(alone)
        assert responder.untreated(background).perturbation == background
