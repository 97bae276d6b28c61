"""Rate keys in the network file: read, checked, written back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet.errors import ModelError
from logicnet.io import generate_yaml, parse_yaml

BASE = """logicnet: 1
name: rates
time_unit: hour
rates: {fast: 5, slow: 1}
nodes:
  A: {input: true}
  B: {rule: A, rate: 2}
  C: {rule: B, speed: slow, rate_up: 0.5}
  D: {rule: "C | A", levels: 2, rate_up: 3, rate_down: 0.25}
  E: {rule: D >= 2, speed: 2}
"""


def test_rates_of_nodes():
    network = parse_yaml(BASE)
    assert network.time_unit == "hour" and dict(network.rates) == {0: 5.0, 1: 1.0}
    assert [network.node_rates(n) for n in network.names] == [(5.0, 5.0), (2.0, 2.0), (0.5, 1.0), (3.0, 0.25),
                                                              (1.0, 1.0)]
    assert network.has_rates and not parse_yaml("logicnet: 1\nname: n\nnodes:\n  A: {input: true}\n").has_rates


rate = st.one_of(st.none(), st.sampled_from([0.0, 0.1, 0.25, 1.0, 2.0, 5.0, 1e-3, 12.5]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(rate, rate), min_size=5, max_size=5),
       st.dictionaries(st.integers(0, 3), st.sampled_from([0.0, 0.5, 1.0, 3.0, 7.25]), max_size=3),
       st.one_of(st.none(), st.sampled_from(["hour", "minute", "day"])))
def test_rates_round_trip(node_rates, classes, unit):
    network = parse_yaml(BASE)
    nodes = {name: replace(node, rate_up=up, rate_down=down)
             for (name, node), (up, down) in zip(network.nodes.items(), node_rates)}
    changed = replace(network.with_nodes(nodes), rates=classes, time_unit=unit)
    again = parse_yaml(generate_yaml(changed))
    assert again == changed
    assert [again.node_rates(n) for n in again.names] == [changed.node_rates(n) for n in changed.names]


@pytest.mark.parametrize("edit, message", [
    (("rates: {fast: 5, slow: 1}", "rates: {fast: -1}"),
     "net.yaml:4:15: rate of speed class 'fast' in 'rates' must be a number >= 0 (events per unit of time), such"
     " as 1 or 0.25, not '-1'"),
    (("rates: {fast: 5, slow: 1}", "rates: {fats: 5}"),
     "net.yaml:4:9: unknown speed class 'fats' in 'rates' (did you mean 'fast'?); use fast, slow or a whole-number"
     " rank, as in rates: {fast: 5, slow: 1}"),
    (("rate: 2}", "rate: 2, rate_up: 1}"),
     "net.yaml:7:25: node 'B' has both 'rate' and 'rate_up': give 'rate' (both directions) or 'rate_up' and"
     " 'rate_down'"),
    (("rate: 2}", "rate: fast}"),
     "net.yaml:7:22: 'rate' of node 'B' must be a number >= 0 (events per unit of time), such as 1 or 0.25, not"
     " 'fast'"),
    (("rate: 2}", "rate: .inf}"), "'rate' of node 'B' must be a number >= 0"),
])
def test_bad_rates(edit, message):
    with pytest.raises(ModelError) as info:
        parse_yaml(BASE.replace(*edit), source="net.yaml")
    assert message in str(info.value)


def test_rates_checked_on_networks_built_in_code():
    network = parse_yaml(BASE)
    with pytest.raises(ModelError, match="node 'B' has rate_up -1.0: a rate is a number >= 0"):
        network.with_nodes({**network.nodes, "B": replace(network.nodes["B"], rate_up=-1.0)})
    with pytest.raises(ModelError, match="'rates' gives speed class slow the rate nan"):
        replace(network, rates={1: float("nan")})
